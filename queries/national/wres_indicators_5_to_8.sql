-- title: WRES indicators 5 to 8, national: staff survey measures for White and BME staff
-- grain: one row per survey_year x indicator, England (the sum of the regions supplied)
-- source: NHS England WRES technical guidance, indicators 5-8; recomputed from the summed regional counts
-- counts: respondents_white, counting_white, respondents_bme, counting_bme
-- derived: percent_white <- respondents_white, counting_white; percent_bme <- respondents_bme, counting_bme; difference_pp <- respondents_white, counting_white, respondents_bme, counting_bme
WITH national AS (
    SELECT survey_year, wres_indicator, measure, COUNT(*) AS regions,
           SUM(respondents_white) AS respondents_white, SUM(counting_white) AS counting_white,
           SUM(respondents_bme) AS respondents_bme, SUM(counting_bme) AS counting_bme
    FROM regional_wres_indicators_5_to_8
    WHERE org_code IS NULL
    GROUP BY survey_year, wres_indicator, measure
)
SELECT survey_year, wres_indicator, measure, regions, respondents_white, counting_white, respondents_bme, counting_bme,
       ROUND(100.0 * counting_white / NULLIF(respondents_white, 0), 2) AS percent_white,
       ROUND(100.0 * counting_bme / NULLIF(respondents_bme, 0), 2) AS percent_bme,
       ROUND(100.0 * counting_bme / NULLIF(respondents_bme, 0) - 100.0 * counting_white / NULLIF(respondents_white, 0), 2) AS difference_pp
FROM national
