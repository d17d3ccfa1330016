-- title: WRES indicator 9: BME share of board voting membership minus BME share of the overall workforce
-- grain: one row per region x organisation (org_code null = region total) x board_group ('Voting', 'Executive', 'Non-executive')
-- source: NHS England, Workforce Race Equality Standard technical guidance, indicator 9
-- counts: board_members, board_bme, workforce_headcount, workforce_bme
-- derived: board_share_bme <- board_members, board_bme; workforce_share_bme <- workforce_headcount, workforce_bme; difference_pp <- board_members, board_bme, workforce_headcount, workforce_bme
-- Latest board snapshot per organisation (pipeline/board_latest_snapshot), members only: vacant
-- seats are excluded. 'Voting' = all voting members; 'Executive' and 'Non-executive' split the
-- voting members. Shares use all members / all staff as denominators, as indicator 1 does (Unknown
-- ethnicity counts in the denominator). difference_pp = 100 x (board share - workforce share).
WITH members AS (
    SELECT org_code, is_executive, ethnic_group
    FROM board_latest_snapshot
    WHERE seat_state <> 'vacant' AND is_voting
),
grouped AS (
    SELECT org_code, CAST('Voting' AS VARCHAR) AS board_group, ethnic_group FROM members
    UNION ALL
    SELECT org_code, CASE WHEN is_executive THEN 'Executive' ELSE 'Non-executive' END, ethnic_group FROM members
),
board_counts AS (
    SELECT org_code, board_group, COUNT(*) AS board_members,
           SUM(CASE WHEN ethnic_group = 'BME' THEN 1 ELSE 0 END) AS board_bme
    FROM grouped
    GROUP BY org_code, board_group
),
workforce AS (
    SELECT region_code, org_code, SUM(headcount) AS workforce_headcount,
           SUM(CASE WHEN ethnic_group = 'BME' THEN headcount ELSE 0 END) AS workforce_bme
    FROM wres_staff_by_group
    GROUP BY region_code, org_code
),
organisation_counts AS (
    SELECT COALESCE(w.region_code, m.region_code, p.region) AS region_code, b.org_code, b.board_group,
           b.board_members, b.board_bme,
           COALESCE(w.workforce_headcount, 0) AS workforce_headcount, COALESCE(w.workforce_bme, 0) AS workforce_bme
    FROM board_counts AS b
    CROSS JOIN run_parameters AS p
    LEFT JOIN workforce AS w ON w.org_code = b.org_code
    LEFT JOIN esr_organisation_region AS m ON m.org_code = b.org_code
),
all_counts AS (
    SELECT * FROM organisation_counts
    UNION ALL
    SELECT region_code, CAST(NULL AS VARCHAR), board_group, SUM(board_members), SUM(board_bme),
           SUM(workforce_headcount), SUM(workforce_bme)
    FROM organisation_counts
    GROUP BY region_code, board_group
)
SELECT region_code, org_code, board_group, board_members, board_bme, workforce_headcount, workforce_bme,
       ROUND(CAST(board_bme AS DOUBLE) / NULLIF(board_members, 0), 4) AS board_share_bme,
       ROUND(CAST(workforce_bme AS DOUBLE) / NULLIF(workforce_headcount, 0), 4) AS workforce_share_bme,
       ROUND(100.0 * board_bme / NULLIF(board_members, 0) - 100.0 * workforce_bme / NULLIF(workforce_headcount, 0), 2) AS difference_pp,
       CASE WHEN workforce_headcount = 0 THEN 'no staff in post for this organisation' END AS difference_note
FROM all_counts
