-- title: WRES indicator 9: BME share of board voting membership minus BME share of the overall workforce, also executive and non-executive separately, and all executive members
-- grain: one row per region x organisation with a board extract (org_code null = region total) x board_group ('Voting', 'Executive', 'Non-executive', 'All executive')
-- source: NHS England, Workforce Race Equality Standard technical guidance, indicator 9 (percentage difference between the board's voting membership and the overall workforce, disaggregated by executive and non-executive membership; the national template also collects all executive members, voting or not)
-- counts: board_members, board_bme, workforce_headcount, workforce_bme
-- derived: board_share_bme <- board_members, board_bme; workforce_share_bme <- workforce_headcount, workforce_bme; difference_pp <- board_members, board_bme, workforce_headcount, workforce_bme
-- The ethnicity rows of intermediate/board_workforce_representation. Board: each organisation's
-- latest board snapshot (board_snapshot_date), members only (vacant seats excluded), by distinct
-- Member ID. 'Voting' = all voting members; 'Executive' and 'Non-executive' split the voting
-- members by executive status; 'All executive' = every executive member, voting or not.
-- Board and workforce each come from the organisation's latest snapshot on or before the
-- reporting date, when current (board_snapshot_date, staff_snapshot_date; otherwise null counts
-- and board_snapshot_note / staff_snapshot_note 'not computed: ...', never 0). Workforce:
-- substantive staff in post, by distinct person. Shares have every member / every
-- person as denominator, as in indicator 1 (Unknown ethnicity stays in the denominator).
-- difference_pp = 100 x (board_share_bme - workforce_share_bme), 2 dp: negative means the board is
-- less ethnically diverse than the workforce. Null with difference_note when the group has no
-- members, a snapshot is not current or the organisation has no staff in post. Region totals sum
-- only the organisations whose difference is computed (included_in_region; left_out_reason says
-- why not): organisations_counted, organisations_not_computed, organisations_without_members,
-- organisations_without_staff.
-- region_code: the organisation's region in ESR, else the run's configured region.
SELECT region_code, org_code, board_snapshot_date, board_group, board_members,
       board_focus AS board_bme, workforce_headcount, workforce_focus AS workforce_bme,
       board_share_focus AS board_share_bme, workforce_share_focus AS workforce_share_bme,
       difference_pp, difference_note, group_order, board_snapshot_note, staff_snapshot_date,
       staff_snapshot_note, included_in_region, left_out_reason, organisations_counted,
       organisations_not_computed, organisations_without_members, organisations_without_staff
FROM board_workforce_representation
WHERE characteristic = 'ethnicity'
