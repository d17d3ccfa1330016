-- title: Workforce diversity by band over snapshot months, national trend
-- grain: one row per snapshot month x pay band x staff category x measure, England
-- source: the regional table of the same name; region totals summed and shares recomputed
-- counts: headcount, numerator, denominator
-- derived: share <- numerator, denominator
SELECT snapshot_date, pay_band, staff_category, measure, SUM(headcount) AS headcount, SUM(numerator) AS numerator,
       SUM(denominator) AS denominator, ROUND(CAST(SUM(numerator) AS DOUBLE) / NULLIF(SUM(denominator), 0), 4) AS share
FROM regional_workforce_diversity_trend
WHERE org_code IS NULL
GROUP BY snapshot_date, pay_band, staff_category, measure
