-- title: Diversity of the leadership pipeline beside workforce, feeder bands and board, national
-- grain: England, the sum of the regions supplied (region total rows)
-- source: the regional table of the same name; every rate recomputed from summed numerators and denominators (never an average of regional rates); issue 13 point 12 (BME shares named by denominator)
-- counts: headcount, bme, white, ethnicity_known, female, disabled
-- derived: bme_share <- bme, ethnicity_known; bme_share_of_known <- bme, ethnicity_known; bme_share_of_all <- bme, headcount; female_share <- female, headcount; disabled_share <- disabled, headcount
-- bme_share_of_known = bme / (bme + white) (bme_share: the same, its earlier name);
-- bme_share_of_all = bme / headcount.
SELECT comparison_group, critical_role, SUM(headcount) AS headcount, SUM(bme) AS bme, SUM(white) AS white,
       SUM(ethnicity_known) AS ethnicity_known,
       ROUND(CAST(SUM(bme) AS DOUBLE) / NULLIF(SUM(ethnicity_known), 0), 4) AS bme_share,
       SUM(female) AS female, ROUND(CAST(SUM(female) AS DOUBLE) / NULLIF(SUM(headcount), 0), 4) AS female_share,
       SUM(disabled) AS disabled, ROUND(CAST(SUM(disabled) AS DOUBLE) / NULLIF(SUM(headcount), 0), 4) AS disabled_share,
       ROUND(CAST(SUM(bme) AS DOUBLE) / NULLIF(SUM(ethnicity_known), 0), 4) AS bme_share_of_known,
       ROUND(CAST(SUM(bme) AS DOUBLE) / NULLIF(SUM(headcount), 0), 4) AS bme_share_of_all
FROM regional_leadership_pipeline_diversity
WHERE org_code IS NULL
GROUP BY comparison_group, critical_role
