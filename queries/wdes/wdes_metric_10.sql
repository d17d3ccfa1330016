-- title: WDES metric 10: Disabled share of board voting membership minus Disabled share of the overall workforce
-- grain: one row per region x organisation (org_code null = region total) x board_group ('Voting', 'Executive', 'Non-executive')
-- source: NHS England, Workforce Disability Equality Standard technical guidance, metric 10
-- counts: board_members, board_disabled, workforce_headcount, workforce_disabled
-- derived: board_share_disabled <- board_members, board_disabled; workforce_share_disabled <- workforce_headcount, workforce_disabled; difference_pp <- board_members, board_disabled, workforce_headcount, workforce_disabled
-- As WRES indicator 9 with disability: latest board snapshot, voting members only (vacant seats
-- excluded), all members and all staff as denominators.
WITH members AS (
    SELECT org_code, is_executive, disability
    FROM board_latest_snapshot
    WHERE seat_state <> 'vacant' AND is_voting
),
grouped AS (
    SELECT org_code, CAST('Voting' AS VARCHAR) AS board_group, disability FROM members
    UNION ALL
    SELECT org_code, CASE WHEN is_executive THEN 'Executive' ELSE 'Non-executive' END, disability FROM members
),
board_counts AS (
    SELECT org_code, board_group, COUNT(*) AS board_members,
           SUM(CASE WHEN disability = 'Yes' THEN 1 ELSE 0 END) AS board_disabled
    FROM grouped
    GROUP BY org_code, board_group
),
workforce AS (
    SELECT region_code, org_code, COUNT(DISTINCT person_id) AS workforce_headcount,
           COUNT(DISTINCT CASE WHEN disability = 'Yes' THEN person_id END) AS workforce_disabled
    FROM staff_in_post
    GROUP BY region_code, org_code
),
organisation_counts AS (
    SELECT COALESCE(w.region_code, m.region_code, p.region) AS region_code, b.org_code, b.board_group,
           b.board_members, b.board_disabled,
           COALESCE(w.workforce_headcount, 0) AS workforce_headcount,
           COALESCE(w.workforce_disabled, 0) AS workforce_disabled
    FROM board_counts AS b
    CROSS JOIN run_parameters AS p
    LEFT JOIN workforce AS w ON w.org_code = b.org_code
    LEFT JOIN esr_organisation_region AS m ON m.org_code = b.org_code
),
all_counts AS (
    SELECT * FROM organisation_counts
    UNION ALL
    SELECT region_code, CAST(NULL AS VARCHAR), board_group, SUM(board_members), SUM(board_disabled),
           SUM(workforce_headcount), SUM(workforce_disabled)
    FROM organisation_counts
    GROUP BY region_code, board_group
)
SELECT region_code, org_code, board_group, board_members, board_disabled, workforce_headcount, workforce_disabled,
       ROUND(CAST(board_disabled AS DOUBLE) / NULLIF(board_members, 0), 4) AS board_share_disabled,
       ROUND(CAST(workforce_disabled AS DOUBLE) / NULLIF(workforce_headcount, 0), 4) AS workforce_share_disabled,
       ROUND(100.0 * board_disabled / NULLIF(board_members, 0) - 100.0 * workforce_disabled / NULLIF(workforce_headcount, 0), 2) AS difference_pp
FROM all_counts
