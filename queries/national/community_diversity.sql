-- title: Community ethnicity profile, national
-- grain: one row, England (the regions supplied)
-- source: population extract via the regional table of the same name
-- counts: bme, white
-- derived: bme_share <- bme
SELECT SUM(population) AS population, SUM(bme) AS bme, SUM(white) AS white,
       ROUND(CAST(SUM(bme) AS DOUBLE) / NULLIF(SUM(population), 0), 4) AS bme_share
FROM regional_community_diversity
