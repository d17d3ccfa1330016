-- title: Ethnicity of the community each region serves (comparator for leadership_pipeline_diversity)
-- grain: one row per region
-- source: population extract (EXTRACTS.md; ONS Census 2021 ethnic group, five categories); WRES "leaders reflect the communities they serve"
-- counts: population, bme, white
-- derived: bme_share <- bme, population
-- Note: BME = Mixed, Asian, Black and Other; bme_share = bme / population (every community
-- category is a known ethnicity, so this is comparable with bme_share in
-- leadership_pipeline_diversity). Gender, disability and clinical background are not in the extract.
SELECT
    region_code,
    SUM(population) AS population,
    SUM(CASE WHEN ethnic_group = 'BME' THEN population ELSE 0 END) AS bme,
    SUM(CASE WHEN ethnic_group = 'White' THEN population ELSE 0 END) AS white,
    ROUND(
        CAST(SUM(CASE WHEN ethnic_group = 'BME' THEN population ELSE 0 END) AS DOUBLE)
            / NULLIF(SUM(population), 0),
        4) AS bme_share,
    CASE WHEN SUM(population) = 0 THEN 'no population recorded' END AS bme_share_note
FROM population
GROUP BY region_code
