-- title: Appraisal rating distribution, national: appraised staff by the rating of their latest rated appraisal, overall and by group
-- grain: one row per dimension x dimension_value x rating, England = the sum of the region rows supplied
-- source: the regional table of the same name (issue 17 part 1; docs/metrics-appraisal.md); shares recomputed from summed counts (never an average of regional shares)
-- counts: rated_staff, appraised
-- derived: rating_share <- rated_staff, appraised
-- The region rows (org_code null) summed; rating_share = rated_staff / appraised, so the five
-- shares of a group add up to 1.
SELECT
    dimension,
    dimension_value,
    rating,
    rating_order,
    COUNT(*) AS regions,
    SUM(rated_staff) AS rated_staff,
    SUM(appraised) AS appraised,
    ROUND(CAST(SUM(rated_staff) AS DOUBLE) / NULLIF(SUM(appraised), 0), 4) AS rating_share
FROM regional_appraisal_rating_distribution
WHERE org_code IS NULL
GROUP BY dimension, dimension_value, rating, rating_order
