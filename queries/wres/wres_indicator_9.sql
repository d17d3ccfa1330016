-- title: WRES indicator 9: BME share of board voting membership minus BME share of the overall workforce, also executive and non-executive separately
-- grain: one row per region x organisation with a board extract (org_code null = region total) x board_group ('Voting', 'Executive', 'Non-executive')
-- source: NHS England, Workforce Race Equality Standard technical guidance, indicator 9 (percentage difference between the board's voting membership and the overall workforce, disaggregated by executive and non-executive membership)
-- counts: board_members, board_bme, workforce_headcount, workforce_bme
-- derived: board_share_bme <- board_members, board_bme; workforce_share_bme <- workforce_headcount, workforce_bme; difference_pp <- board_members, board_bme, workforce_headcount, workforce_bme
-- Board: each organisation's latest board snapshot (pipeline/board_latest_snapshot), members only:
-- a vacant seat (no Member ID, or a member whose end date is before the snapshot) is excluded;
-- members counted by distinct Member ID. 'Voting' = all voting members; 'Executive' and
-- 'Non-executive' split the voting members by executive status. Workforce: substantive staff in
-- post on the reporting date by distinct person (wres_workforce_headcount). Shares have every
-- member / every person as denominator, as in indicator 1 (Unknown ethnicity stays in the
-- denominator). difference_pp = 100 x (board_share_bme - workforce_share_bme), 2 dp: negative
-- means the board is less ethnically diverse than the workforce. Null with difference_note when
-- a group has no members or the organisation has no staff in post. Region totals sum the counts
-- of the organisations with a board extract (boards compared with those organisations'
-- workforces). region_code: the organisation's region in ESR, else the run's configured region.
WITH board_organisations AS (
    SELECT org_code, MAX(snapshot_date) AS board_snapshot_date
    FROM board_latest_snapshot
    GROUP BY org_code
),
board_groups AS (
    SELECT CAST('Voting' AS VARCHAR) AS board_group
    UNION ALL SELECT CAST('Executive' AS VARCHAR)
    UNION ALL SELECT CAST('Non-executive' AS VARCHAR)
),
voting_members AS (
    SELECT org_code, member_id, is_executive, ethnic_group
    FROM board_latest_snapshot
    WHERE seat_state <> 'vacant' AND is_voting
),
members_by_group AS (
    SELECT org_code, member_id, CAST('Voting' AS VARCHAR) AS board_group, ethnic_group FROM voting_members
    UNION ALL
    SELECT org_code, member_id, CASE WHEN is_executive THEN 'Executive' ELSE 'Non-executive' END, ethnic_group
    FROM voting_members
),
board_counts AS (
    SELECT o.org_code, o.board_snapshot_date, g.board_group,
           COUNT(DISTINCT m.member_id) AS board_members,
           COUNT(DISTINCT CASE WHEN m.ethnic_group = 'BME' THEN m.member_id END) AS board_bme
    FROM board_organisations AS o
    CROSS JOIN board_groups AS g
    LEFT JOIN members_by_group AS m ON m.org_code = o.org_code AND m.board_group = g.board_group
    GROUP BY o.org_code, o.board_snapshot_date, g.board_group
),
organisation_counts AS (
    SELECT COALESCE(r.region_code, p.region) AS region_code,
           b.org_code,
           b.board_snapshot_date,
           b.board_group,
           b.board_members,
           b.board_bme,
           COALESCE(w.headcount, 0) AS workforce_headcount,
           COALESCE(w.headcount_bme, 0) AS workforce_bme
    FROM board_counts AS b
    CROSS JOIN run_parameters AS p
    LEFT JOIN wres_workforce_headcount AS w ON w.org_code = b.org_code
    LEFT JOIN esr_organisation_region AS r ON r.org_code = b.org_code
),
region_counts AS (
    SELECT region_code, CAST(NULL AS VARCHAR) AS org_code, MAX(board_snapshot_date) AS board_snapshot_date,
           board_group,
           SUM(board_members) AS board_members, SUM(board_bme) AS board_bme,
           SUM(workforce_headcount) AS workforce_headcount, SUM(workforce_bme) AS workforce_bme
    FROM organisation_counts
    GROUP BY region_code, board_group
),
all_counts AS (
    SELECT * FROM organisation_counts
    UNION ALL
    SELECT * FROM region_counts
)
SELECT
    region_code,
    org_code,
    board_snapshot_date,
    board_group,
    board_members,
    board_bme,
    workforce_headcount,
    workforce_bme,
    ROUND(CAST(board_bme AS DOUBLE) / NULLIF(board_members, 0), 4) AS board_share_bme,
    ROUND(CAST(workforce_bme AS DOUBLE) / NULLIF(workforce_headcount, 0), 4) AS workforce_share_bme,
    ROUND(100.0 * board_bme / NULLIF(board_members, 0) - 100.0 * workforce_bme / NULLIF(workforce_headcount, 0), 2) AS difference_pp,
    CASE WHEN board_members = 0 THEN 'no voting members in this group on the latest board snapshot'
         WHEN workforce_headcount = 0 THEN 'no staff in post for this organisation'
    END AS difference_note
FROM all_counts
