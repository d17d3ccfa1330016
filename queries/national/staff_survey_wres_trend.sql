-- title: Staff-survey WRES measures by ethnic group, national trend
-- grain: one row per survey year x ethnic group x indicator, England
-- source: the regional table of the same name; region totals summed and shares recomputed
-- counts: respondents, numerator
-- derived: share <- respondents, numerator
SELECT survey_year, ethnic_group, wres_indicator, measure, SUM(respondents) AS respondents, SUM(numerator) AS numerator,
       ROUND(CAST(SUM(numerator) AS DOUBLE) / NULLIF(SUM(respondents), 0), 4) AS share
FROM regional_staff_survey_wres_trend
WHERE org_code IS NULL
GROUP BY survey_year, ethnic_group, wres_indicator, measure
