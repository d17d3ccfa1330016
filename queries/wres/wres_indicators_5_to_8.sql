-- title: WRES indicators 5 to 8: staff survey measures for White and BME staff
-- grain: one row per survey_year x region x organisation (org_code null = region total) x indicator (5, 6, 7, 8)
-- source: NHS England, Workforce Race Equality Standard technical guidance, indicators 5-8 (NHS Staff Survey)
-- counts: respondents_white, counting_white, respondents_bme, counting_bme
-- derived: percent_white <- respondents_white, counting_white; percent_bme <- respondents_bme, counting_bme; difference_pp <- respondents_white, counting_white, respondents_bme, counting_bme
-- The per-respondent rules are in trends/staff_survey_wres_trend (one definition): 5 harassment
-- from the public (answered other than 'Never'); 6 from a manager or colleagues (either answered
-- other than 'Never', over those answering either); 7 equal opportunities ('Yes' over all answers,
-- "Don't know" included in the denominator); 8 discrimination from staff ('Yes'). Only answered
-- questions count; Unknown ethnicity is excluded. counting_* / respondents_* in percent.
WITH by_group AS (
    SELECT survey_year, region_code, org_code, wres_indicator, measure,
           SUM(CASE WHEN ethnic_group = 'White' THEN respondents ELSE 0 END) AS respondents_white,
           SUM(CASE WHEN ethnic_group = 'White' THEN numerator ELSE 0 END) AS counting_white,
           SUM(CASE WHEN ethnic_group = 'BME' THEN respondents ELSE 0 END) AS respondents_bme,
           SUM(CASE WHEN ethnic_group = 'BME' THEN numerator ELSE 0 END) AS counting_bme
    FROM staff_survey_wres_trend
    WHERE ethnic_group IN ('White', 'BME')
    GROUP BY survey_year, region_code, org_code, wres_indicator, measure
)
SELECT survey_year, region_code, org_code, wres_indicator, measure,
       respondents_white, counting_white, respondents_bme, counting_bme,
       ROUND(100.0 * counting_white / NULLIF(respondents_white, 0), 2) AS percent_white,
       ROUND(100.0 * counting_bme / NULLIF(respondents_bme, 0), 2) AS percent_bme,
       ROUND(100.0 * counting_bme / NULLIF(respondents_bme, 0) - 100.0 * counting_white / NULLIF(respondents_white, 0), 2) AS difference_pp,
       CASE WHEN respondents_white = 0 THEN 'no White respondents answered'
            WHEN respondents_bme = 0 THEN 'no BME respondents answered'
       END AS percent_note
FROM by_group
