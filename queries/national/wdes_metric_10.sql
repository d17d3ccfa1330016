-- title: WDES metric 10, national: Disabled share of board voting membership minus Disabled share of the workforce
-- grain: England, the sum of the regions supplied (region total rows)
-- source: the regional table of the same name; every rate recomputed from summed numerators and denominators (never an average of regional rates)
-- counts: board_members, board_disabled, workforce_headcount, workforce_disabled
-- derived: difference_pp <- board_members, board_disabled, workforce_headcount, workforce_disabled
-- organisations_*: the organisations of the regions' totals (counted) and those left out by
-- reason (a board or ESR snapshot not current; no members in the group; no staff in post).
WITH national AS (
    SELECT board_group, SUM(board_members) AS board_members, SUM(board_disabled) AS board_disabled,
           SUM(workforce_headcount) AS workforce_headcount, SUM(workforce_disabled) AS workforce_disabled,
           SUM(organisations_counted) AS organisations_counted,
           SUM(organisations_without_members) AS organisations_without_members,
           SUM(organisations_not_computed) AS organisations_not_computed,
           SUM(organisations_without_staff) AS organisations_without_staff
    FROM regional_wdes_metric_10
    WHERE org_code IS NULL
    GROUP BY board_group
)
SELECT board_group, board_members, board_disabled, workforce_headcount, workforce_disabled,
       ROUND(100.0 * board_disabled / NULLIF(board_members, 0) - 100.0 * workforce_disabled / NULLIF(workforce_headcount, 0), 2) AS difference_pp,
       organisations_counted, organisations_not_computed, organisations_without_members,
       organisations_without_staff
FROM national
