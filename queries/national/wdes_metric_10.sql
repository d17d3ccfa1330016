-- title: WDES metric 10, national: Disabled share of board voting membership minus Disabled share of the workforce
-- grain: England, the sum of the regions supplied (region total rows)
-- source: the regional table of the same name; every rate recomputed from summed numerators and denominators (never an average of regional rates)
-- counts: board_members, board_disabled, workforce_headcount, workforce_disabled
-- derived: difference_pp <- board_members, board_disabled, workforce_headcount, workforce_disabled
WITH national AS (
    SELECT board_group, SUM(board_members) AS board_members, SUM(board_disabled) AS board_disabled,
           SUM(workforce_headcount) AS workforce_headcount, SUM(workforce_disabled) AS workforce_disabled
    FROM regional_wdes_metric_10
    WHERE org_code IS NULL
    GROUP BY board_group
)
SELECT board_group, board_members, board_disabled, workforce_headcount, workforce_disabled,
       ROUND(100.0 * board_disabled / NULLIF(board_members, 0) - 100.0 * workforce_disabled / NULLIF(workforce_headcount, 0), 2) AS difference_pp
FROM national
