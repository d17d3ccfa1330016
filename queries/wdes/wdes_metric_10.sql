-- title: WDES metric 10: Disabled share of board voting membership minus Disabled share of the overall workforce, also executive and non-executive separately
-- grain: one row per region x organisation with a board extract (org_code null = region total) x board_group ('Voting', 'Executive', 'Non-executive')
-- source: NHS England, Workforce Disability Equality Standard technical guidance, metric 10 (percentage difference between the board's voting membership and the overall workforce, disaggregated by executive and non-executive membership)
-- counts: board_members, board_disabled, workforce_headcount, workforce_disabled
-- derived: board_share_disabled <- board_members, board_disabled; workforce_share_disabled <- workforce_headcount, workforce_disabled; difference_pp <- board_members, board_disabled, workforce_headcount, workforce_disabled
-- As WRES indicator 9 with disability: latest board snapshot per organisation, voting members only
-- (vacant seats excluded), by distinct Member ID; 'Executive' and 'Non-executive' split the
-- voting members. Disabled = 'Yes', non-disabled = 'No', Unknown otherwise (in the
-- denominators). difference_pp = 100 x (board_share_disabled - workforce_share_disabled), 2 dp.
-- region_code: the organisation's region in ESR, else the run's configured region.
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
    SELECT org_code, member_id, is_executive,
           CASE WHEN disability = 'Yes' THEN 'Disabled'
                WHEN disability = 'No' THEN 'Non-disabled'
                ELSE 'Unknown'
           END AS disability_group
    FROM board_latest_snapshot
    WHERE seat_state <> 'vacant' AND is_voting
),
members_by_group AS (
    SELECT org_code, member_id, CAST('Voting' AS VARCHAR) AS board_group, disability_group FROM voting_members
    UNION ALL
    SELECT org_code, member_id, CASE WHEN is_executive THEN 'Executive' ELSE 'Non-executive' END, disability_group
    FROM voting_members
),
board_counts AS (
    SELECT o.org_code, o.board_snapshot_date, g.board_group,
           COUNT(DISTINCT m.member_id) AS board_members,
           COUNT(DISTINCT CASE WHEN m.disability_group = 'Disabled' THEN m.member_id END) AS board_disabled
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
           b.board_disabled,
           COALESCE(w.headcount, 0) AS workforce_headcount,
           COALESCE(w.headcount_disabled, 0) AS workforce_disabled
    FROM board_counts AS b
    CROSS JOIN run_parameters AS p
    LEFT JOIN wres_workforce_headcount AS w ON w.org_code = b.org_code
    LEFT JOIN esr_organisation_region AS r ON r.org_code = b.org_code
),
region_counts AS (
    SELECT region_code, CAST(NULL AS VARCHAR) AS org_code, MAX(board_snapshot_date) AS board_snapshot_date,
           board_group,
           SUM(board_members) AS board_members, SUM(board_disabled) AS board_disabled,
           SUM(workforce_headcount) AS workforce_headcount, SUM(workforce_disabled) AS workforce_disabled
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
    board_disabled,
    workforce_headcount,
    workforce_disabled,
    ROUND(CAST(board_disabled AS DOUBLE) / NULLIF(board_members, 0), 4) AS board_share_disabled,
    ROUND(CAST(workforce_disabled AS DOUBLE) / NULLIF(workforce_headcount, 0), 4) AS workforce_share_disabled,
    ROUND(100.0 * board_disabled / NULLIF(board_members, 0) - 100.0 * workforce_disabled / NULLIF(workforce_headcount, 0), 2) AS difference_pp,
    CASE WHEN board_members = 0 THEN 'no voting members in this group on the latest board snapshot'
         WHEN workforce_headcount = 0 THEN 'no staff in post for this organisation'
    END AS difference_note
FROM all_counts
