-- title: Critical-role turnover, national: leavers over role-years of holding, blended with the configured rate
-- grain: England, the sum of the regions supplied (region total rows), per critical role
-- source: the regional table of the same name; every rate recomputed from summed numerators and denominators (never an average of regional rates); issue 13 point 4 (credibility blend)
-- counts: leavers
-- derived: observed_turnover_rate <- leavers; blended_turnover_rate <- leavers
-- observed_turnover_rate = 12 x leavers / headcount_months over the summed regions (capped at
-- 1; null when nobody held the role);
-- blended_turnover_rate = (leavers + k x r0) / (headcount_months / 12 + k) with the k
-- (turnover_credibility_years) and r0 (assumed_turnover_rate) the regions published, when they
-- all agree; null with a note when regions were run with different ones.
WITH national AS (
    SELECT critical_role, SUM(leavers) AS leavers, SUM(headcount_months) AS headcount_months,
           MIN(turnover_credibility_years) AS k, MAX(turnover_credibility_years) AS k_max,
           MIN(assumed_turnover_rate) AS r0, MAX(assumed_turnover_rate) AS r0_max,
           COUNT(assumed_turnover_rate) AS regions_with_r0, COUNT(*) AS regions
    FROM regional_leadership_turnover
    WHERE org_code IS NULL
    GROUP BY critical_role
)
SELECT critical_role, leavers, headcount_months,
       -- capped at 1 as before; null (not 1) when nobody held the role
       ROUND(CASE WHEN 12.0 * leavers / NULLIF(headcount_months, 0) > 1 THEN 1.0
                  ELSE 12.0 * leavers / NULLIF(headcount_months, 0) END, 4) AS observed_turnover_rate,
       ROUND(CAST(headcount_months AS DOUBLE) / 12.0, 4) AS holder_years,
       CASE WHEN k = k_max THEN k END AS turnover_credibility_years,
       CASE WHEN r0 = r0_max AND regions_with_r0 = regions THEN r0 END AS assumed_turnover_rate,
       CASE WHEN k = k_max AND r0 = r0_max AND regions_with_r0 = regions
            THEN ROUND(CASE WHEN (leavers + k * r0) / NULLIF(CAST(headcount_months AS DOUBLE) / 12.0 + k, 0) > 1 THEN 1.0
                            ELSE (leavers + k * r0) / NULLIF(CAST(headcount_months AS DOUBLE) / 12.0 + k, 0) END, 4)
       END AS blended_turnover_rate,
       CASE WHEN NOT (k = k_max AND r0 = r0_max AND regions_with_r0 = regions)
            THEN 'regions were run with different (or missing) assumed rates or credibility weights: no national blend'
       END AS blended_turnover_note
FROM national
