-- title: WDES metric 10: Disabled share of board voting membership minus Disabled share of the overall workforce, also executive and non-executive separately, and all executive members
-- grain: one row per region x organisation with a board extract (org_code null = region total) x board_group ('Voting', 'Executive', 'Non-executive', 'All executive')
-- source: NHS England, Workforce Disability Equality Standard technical guidance, metric 10 (percentage difference between the board's voting membership and the overall workforce, disaggregated by voting and executive membership)
-- counts: board_members, board_disabled, workforce_headcount, workforce_disabled
-- derived: board_share_disabled <- board_members, board_disabled; workforce_share_disabled <- workforce_headcount, workforce_disabled; difference_pp <- board_members, board_disabled, workforce_headcount, workforce_disabled
-- The disability rows of intermediate/board_workforce_representation (the rules of WRES indicator
-- 9 with disability): members of the latest board snapshot, vacant seats excluded, by distinct
-- Member ID; 'Executive' and 'Non-executive' split the voting members, 'All executive' counts
-- every executive member. Disabled = 'Yes'; not declared and other values are Unknown and stay in
-- the denominators. difference_pp = 100 x (board_share_disabled - workforce_share_disabled), 2 dp.
-- board_snapshot_date / staff_snapshot_date: the snapshots used (a stale one gives null counts
-- and a 'not computed' note). Region totals sum only the organisations whose difference is
-- computed (included_in_region, left_out_reason, organisations_* on region rows).
SELECT region_code, org_code, board_snapshot_date, board_group, board_members, board_focus AS board_disabled,
       workforce_headcount, workforce_focus AS workforce_disabled, board_share_focus AS board_share_disabled,
       workforce_share_focus AS workforce_share_disabled, difference_pp, difference_note, group_order,
       board_snapshot_note, staff_snapshot_date, staff_snapshot_note, included_in_region, left_out_reason,
       organisations_counted, organisations_not_computed, organisations_without_members, organisations_without_staff
FROM board_workforce_representation
WHERE characteristic = 'disability'
