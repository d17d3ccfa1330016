-- title: Board members of each protected characteristic's focus group against the organisation's workforce, by board group
-- grain: one row per region x organisation in the board extract (org_code null = region total) x characteristic ('ethnicity', 'disability') x board_group ('Voting', 'Executive', 'Non-executive', 'All executive')
-- source: NHS England, WRES technical guidance indicator 9 and WDES technical guidance metric 10 (board membership against the overall workforce, by voting and executive membership); issue 13 points 1, 7 and 14
-- publish: false
-- The shared computation of WRES indicator 9 and WDES metric 10.
-- Board: each organisation's board snapshot in use (staging/board_organisation_snapshots: its
-- latest on or before the reporting date, when current; board_snapshot_date, and
-- board_snapshot_note when it is not current: its board counts are then null, not computed).
-- Members only (staging/board_latest_snapshot: a vacant seat is excluded), by distinct Member ID.
-- board_group 'Voting' = the voting members; 'Executive' / 'Non-executive' split the voting
-- members; 'All executive' = every executive member, voting or not (the national WRES
-- template's executive count). board_focus = members of the focus group (BME; Disabled:
-- intermediate/protected_characteristics).
-- Workforce: the organisation's whole workforce (intermediate/workforce_representation,
-- staff_scope and pay_band 'All'): workforce_headcount, workforce_focus, staff_snapshot_date =
-- the ESR snapshot they come from; null with staff_snapshot_note when that snapshot is not
-- current (not computed, not 0); 0 when the organisation is not in ESR.
-- Shares have every member / person as denominator, Unknown included (the WRES indicator 9
-- definition, as in indicator 1), 4 dp; difference_pp = 100 x (board share - workforce share),
-- 2 dp, negative when the board is less diverse than the workforce; null with difference_note
-- otherwise. Region rows are built only from the organisations whose difference is computed
-- (included_in_region); an organisation is left out (left_out_reason, in this order of checks)
-- for 'no current board snapshot', 'no members in this group', 'no current ESR snapshot' or 'no
-- staff in post'. Region rows: organisations_counted, organisations_not_computed (either
-- snapshot not current), organisations_without_members, organisations_without_staff.
-- region_code: the organisation's region in ESR (staging/esr_organisation_region), else the
-- run's configured region.
WITH board_groups AS (
    SELECT board_group, group_order, no_members_note
    FROM (
        VALUES ('Voting', 1, 'no voting members in this group on the latest board snapshot'),
               ('Executive', 2, 'no voting members in this group on the latest board snapshot'),
               ('Non-executive', 3, 'no voting members in this group on the latest board snapshot'),
               ('All executive', 4, 'no executive members on the latest board snapshot')
    ) AS g (board_group, group_order, no_members_note)
),
members AS (
    SELECT org_code, member_id, is_voting, is_executive, 'ethnicity' AS characteristic, ethnic_group AS recorded_value
    FROM board_latest_snapshot
    WHERE seat_state <> 'vacant'
    UNION ALL
    SELECT org_code, member_id, is_voting, is_executive, 'disability', disability
    FROM board_latest_snapshot
    WHERE seat_state <> 'vacant'
),
members_by_group AS (
    SELECT org_code, member_id, characteristic, recorded_value, CAST('Voting' AS VARCHAR) AS board_group
    FROM members
    WHERE is_voting
    UNION ALL
    SELECT org_code, member_id, characteristic, recorded_value,
           CASE WHEN is_executive THEN 'Executive' ELSE 'Non-executive' END
    FROM members
    WHERE is_voting
    UNION ALL
    SELECT org_code, member_id, characteristic, recorded_value, CAST('All executive' AS VARCHAR)
    FROM members
    WHERE is_executive
),
board_counts AS (
    SELECT o.org_code, o.snapshot_date AS board_snapshot_date, o.is_current AS board_is_current,
           o.snapshot_note AS board_snapshot_note, c.characteristic, g.board_group, g.group_order,
           g.no_members_note,
           COUNT(DISTINCT m.member_id) AS board_members,
           COUNT(DISTINCT CASE WHEN m.recorded_value = c.focus_value THEN m.member_id END) AS board_focus
    FROM board_organisation_snapshots AS o
    CROSS JOIN board_groups AS g
    CROSS JOIN protected_characteristics AS c
    LEFT JOIN members_by_group AS m
      ON m.org_code = o.org_code
     AND m.board_group = g.board_group
     AND m.characteristic = c.characteristic
    WHERE c.characteristic IN ('ethnicity', 'disability') -- the characteristics of the members branches
    GROUP BY o.org_code, o.snapshot_date, o.is_current, o.snapshot_note, c.characteristic, g.board_group,
             g.group_order, g.no_members_note
),
workforce AS (
    SELECT org_code, characteristic, snapshot_date, snapshot_note, headcount, headcount_focus
    FROM workforce_representation
    WHERE org_code IS NOT NULL AND staff_scope = 'All' AND pay_band = 'All'
),
assessed_organisations AS (
    SELECT COALESCE(r.region_code, p.region) AS region_code,
           b.org_code,
           b.characteristic,
           b.board_group,
           b.group_order,
           b.board_snapshot_date,
           b.board_snapshot_note,
           w.snapshot_date AS staff_snapshot_date,
           w.snapshot_note AS staff_snapshot_note,
           CASE WHEN b.board_is_current THEN b.board_members END AS board_members,
           CASE WHEN b.board_is_current THEN b.board_focus END AS board_focus,
           CASE WHEN w.org_code IS NULL THEN 0 ELSE w.headcount END AS workforce_headcount,
           CASE WHEN w.org_code IS NULL THEN 0 ELSE w.headcount_focus END AS workforce_focus,
           CASE WHEN NOT b.board_is_current THEN 'no current board snapshot'
                WHEN b.board_members = 0 THEN 'no members in this group'
                WHEN w.snapshot_note IS NOT NULL THEN 'no current ESR snapshot'
                WHEN w.org_code IS NULL THEN 'no staff in post'
           END AS left_out_reason,
           CASE WHEN NOT b.board_is_current THEN b.board_snapshot_note
                WHEN b.board_members = 0 THEN b.no_members_note
                WHEN w.snapshot_note IS NOT NULL THEN w.snapshot_note
                WHEN w.org_code IS NULL THEN 'no staff in post for this organisation'
           END AS difference_note
    FROM board_counts AS b
    CROSS JOIN run_parameters AS p
    LEFT JOIN esr_organisation_region AS r ON r.org_code = b.org_code
    LEFT JOIN workforce AS w ON w.org_code = b.org_code AND w.characteristic = b.characteristic
),
region_rows AS (
    SELECT region_code, CAST(NULL AS VARCHAR) AS org_code, characteristic, board_group, group_order,
           MAX(CASE WHEN left_out_reason IS NULL THEN board_snapshot_date END) AS board_snapshot_date,
           CAST(NULL AS VARCHAR) AS board_snapshot_note,
           CAST(NULL AS DATE) AS staff_snapshot_date,
           CAST(NULL AS VARCHAR) AS staff_snapshot_note,
           SUM(CASE WHEN left_out_reason IS NULL THEN board_members ELSE 0 END) AS board_members,
           SUM(CASE WHEN left_out_reason IS NULL THEN board_focus ELSE 0 END) AS board_focus,
           SUM(CASE WHEN left_out_reason IS NULL THEN workforce_headcount ELSE 0 END) AS workforce_headcount,
           SUM(CASE WHEN left_out_reason IS NULL THEN workforce_focus ELSE 0 END) AS workforce_focus,
           CAST(NULL AS BOOLEAN) AS included_in_region,
           SUM(CASE WHEN left_out_reason IS NULL THEN 1 ELSE 0 END) AS organisations_counted,
           SUM(CASE WHEN left_out_reason IN ('no current board snapshot', 'no current ESR snapshot') THEN 1 ELSE 0 END)
               AS organisations_not_computed,
           SUM(CASE WHEN left_out_reason = 'no members in this group' THEN 1 ELSE 0 END) AS organisations_without_members,
           SUM(CASE WHEN left_out_reason = 'no staff in post' THEN 1 ELSE 0 END) AS organisations_without_staff
    FROM assessed_organisations
    GROUP BY region_code, characteristic, board_group, group_order
),
all_rows AS (
    SELECT region_code, org_code, characteristic, board_group, group_order, board_snapshot_date,
           board_snapshot_note, staff_snapshot_date, staff_snapshot_note, board_members, board_focus,
           workforce_headcount, workforce_focus, difference_note,
           left_out_reason IS NULL AS included_in_region,
           CAST(NULL AS BIGINT) AS organisations_counted,
           CAST(NULL AS BIGINT) AS organisations_not_computed,
           CAST(NULL AS BIGINT) AS organisations_without_members,
           CAST(NULL AS BIGINT) AS organisations_without_staff,
           left_out_reason
    FROM assessed_organisations
    UNION ALL
    SELECT region_code, org_code, characteristic, board_group, group_order, board_snapshot_date,
           board_snapshot_note, staff_snapshot_date, staff_snapshot_note, board_members, board_focus,
           workforce_headcount, workforce_focus,
           CASE WHEN organisations_counted = 0
                THEN 'no organisation of the region has both members in this group and staff in post on current snapshots'
           END,
           included_in_region, organisations_counted, organisations_not_computed,
           organisations_without_members, organisations_without_staff,
           CASE WHEN organisations_not_computed + organisations_without_members + organisations_without_staff > 0
                THEN 'left out: ' || CAST(organisations_not_computed AS VARCHAR) || ' with no current board or ESR snapshot, '
                     || CAST(organisations_without_members AS VARCHAR) || ' with no members in this group, '
                     || CAST(organisations_without_staff AS VARCHAR) || ' with no staff in post'
           END
    FROM region_rows
)
SELECT
    region_code,
    org_code,
    characteristic,
    board_group,
    group_order,
    board_snapshot_date,
    board_snapshot_note,
    staff_snapshot_date,
    staff_snapshot_note,
    board_members,
    board_focus,
    workforce_headcount,
    workforce_focus,
    ROUND(CAST(board_focus AS DOUBLE) / NULLIF(board_members, 0), 4) AS board_share_focus,
    ROUND(CAST(workforce_focus AS DOUBLE) / NULLIF(workforce_headcount, 0), 4) AS workforce_share_focus,
    ROUND(100.0 * board_focus / NULLIF(board_members, 0) - 100.0 * workforce_focus / NULLIF(workforce_headcount, 0), 2) AS difference_pp,
    difference_note,
    included_in_region,
    left_out_reason,
    organisations_counted,
    organisations_not_computed,
    organisations_without_members,
    organisations_without_staff
FROM all_rows
