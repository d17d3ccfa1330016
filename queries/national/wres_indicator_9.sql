-- title: WRES indicator 9, national: BME share of board voting membership minus BME share of the workforce
-- grain: one row per board_group, England (the sum of the regions supplied)
-- source: NHS England WRES technical guidance, indicator 9; recomputed from the summed regional counts
-- counts: board_members, board_bme, workforce_headcount, workforce_bme
-- derived: board_share_bme <- board_members, board_bme; workforce_share_bme <- workforce_headcount, workforce_bme; difference_pp <- board_members, board_bme, workforce_headcount, workforce_bme
-- organisations_*: the organisations of the regions' totals (counted) and those left out by
-- reason (a board or ESR snapshot not current; no members in the group; no staff in post).
WITH national AS (
    SELECT board_group, COUNT(*) AS regions, SUM(board_members) AS board_members, SUM(board_bme) AS board_bme,
           SUM(workforce_headcount) AS workforce_headcount, SUM(workforce_bme) AS workforce_bme,
           SUM(organisations_counted) AS organisations_counted,
           SUM(organisations_without_members) AS organisations_without_members,
           SUM(organisations_not_computed) AS organisations_not_computed,
           SUM(organisations_without_staff) AS organisations_without_staff
    FROM regional_wres_indicator_9
    WHERE org_code IS NULL
    GROUP BY board_group
)
SELECT board_group, regions, board_members, board_bme, workforce_headcount, workforce_bme,
       ROUND(CAST(board_bme AS DOUBLE) / NULLIF(board_members, 0), 4) AS board_share_bme,
       ROUND(CAST(workforce_bme AS DOUBLE) / NULLIF(workforce_headcount, 0), 4) AS workforce_share_bme,
       ROUND(100.0 * board_bme / NULLIF(board_members, 0) - 100.0 * workforce_bme / NULLIF(workforce_headcount, 0), 2) AS difference_pp,
       organisations_counted, organisations_not_computed, organisations_without_members,
       organisations_without_staff
FROM national
