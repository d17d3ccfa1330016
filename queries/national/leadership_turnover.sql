-- title: Critical-role turnover, national: leavers over average monthly headcount, annualised
-- grain: England, the sum of the regions supplied (region total rows)
-- source: the regional table of the same name; every rate recomputed from summed numerators and denominators (never an average of regional rates)
-- counts: leavers
-- derived: observed_turnover_rate <- leavers
SELECT critical_role, SUM(leavers) AS leavers, SUM(headcount_months) AS headcount_months,
       ROUND(LEAST(1.0, 12.0 * SUM(leavers) / NULLIF(SUM(headcount_months), 0)), 4) AS observed_turnover_rate
FROM regional_leadership_turnover
WHERE org_code IS NULL
GROUP BY critical_role
