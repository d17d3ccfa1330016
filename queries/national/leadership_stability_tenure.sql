-- title: Tenure in post of the current substantive holders of each critical role, national: counts per tenure band, the share under 2 years, the median band, median and quartiles
-- grain: one row per critical role (null = every critical role together), England (the sum of the regions supplied: region total rows)
-- source: the regional table of the same name (band counts summed, the share and the median band recomputed from the sums); median and quartiles recomputed exactly from the summed day counts (leadership_stability_distribution, measure 'tenure_in_post'), never a median of medians
-- counts: holders, holders_under_1y, holders_1_to_2y, holders_2_to_5y, holders_5_to_10y, holders_10y_plus, holders_under_2y
-- derived: share_under_2y <- holders_under_2y, holders; median_tenure_years <- holders; lower_quartile_tenure_years <- holders; upper_quartile_tenure_years <- holders; median_tenure_band <- holders
-- median_tenure_band: the first band whose running count reaches half the holders (the
-- regional rule), from the summed band counts.
WITH national AS (
    SELECT
        critical_role,
        COUNT(*) AS regions,
        SUM(organisations) AS organisations,
        SUM(organisations_without_recent_esr) AS organisations_without_recent_esr,
        SUM(holders) AS holders,
        SUM(holders_under_1y) AS under_1y,
        SUM(holders_1_to_2y) AS from_1_to_2y,
        SUM(holders_2_to_5y) AS from_2_to_5y,
        SUM(holders_5_to_10y) AS from_5_to_10y,
        SUM(holders_10y_plus) AS over_10y
    FROM regional_leadership_stability_tenure
    WHERE org_code IS NULL
    GROUP BY critical_role
)
SELECT
    n.critical_role,
    n.regions,
    n.holders,
    n.under_1y AS holders_under_1y,
    n.from_1_to_2y AS holders_1_to_2y,
    n.from_2_to_5y AS holders_2_to_5y,
    n.from_5_to_10y AS holders_5_to_10y,
    n.over_10y AS holders_10y_plus,
    n.under_1y + n.from_1_to_2y AS holders_under_2y,
    ROUND(CAST(n.under_1y + n.from_1_to_2y AS DOUBLE) / NULLIF(n.holders, 0), 4) AS share_under_2y,
    CASE
        WHEN n.holders = 0 THEN NULL
        WHEN n.under_1y * 2 >= n.holders THEN '<1y'
        WHEN (n.under_1y + n.from_1_to_2y) * 2 >= n.holders THEN '1-2y'
        WHEN (n.under_1y + n.from_1_to_2y + n.from_2_to_5y) * 2 >= n.holders THEN '2-5y'
        WHEN (n.holders - n.over_10y) * 2 >= n.holders THEN '5-10y'
        ELSE '10y+'
    END AS median_tenure_band,
    ROUND(p.p50_days / 365.25, 4) AS median_tenure_years,
    ROUND(p.p25_days / 365.25, 4) AS lower_quartile_tenure_years,
    ROUND(p.p75_days / 365.25, 4) AS upper_quartile_tenure_years,
    n.organisations,
    n.organisations_without_recent_esr
FROM national AS n
LEFT JOIN leadership_stability_percentiles AS p
  ON p.measure = 'tenure_in_post' AND COALESCE(p.breakdown, '') = COALESCE(n.critical_role, '')
