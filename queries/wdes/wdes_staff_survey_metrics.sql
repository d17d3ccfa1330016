-- title: WDES staff survey metrics: the WRES 5-8 questions for Disabled and non-disabled staff
-- grain: one row per survey_year x region x organisation (org_code null = region total) x indicator (5, 6, 7, 8)
-- source: NHS England, Workforce Disability Equality Standard technical guidance, survey metrics (harassment from the public and from staff, career progression, discrimination) on the same NHS Staff Survey questions as WRES 5-8
-- counts: respondents_disabled, counting_disabled, respondents_non_disabled, counting_non_disabled
-- derived: percent_disabled <- respondents_disabled, counting_disabled; percent_non_disabled <- respondents_non_disabled, counting_non_disabled; difference_pp <- respondents_disabled, counting_disabled, respondents_non_disabled, counting_non_disabled
-- Per-respondent rules: common/staff_survey_answers. Unknown disability is excluded.
WITH organisation_counts AS (
    SELECT survey_year, region_code, org_code, wres_indicator, measure,
           SUM(CASE WHEN disability = 'Yes' THEN 1 ELSE 0 END) AS respondents_disabled,
           SUM(CASE WHEN disability = 'Yes' THEN is_numerator ELSE 0 END) AS counting_disabled,
           SUM(CASE WHEN disability = 'No' THEN 1 ELSE 0 END) AS respondents_non_disabled,
           SUM(CASE WHEN disability = 'No' THEN is_numerator ELSE 0 END) AS counting_non_disabled
    FROM staff_survey_answers
    WHERE disability IN ('Yes', 'No')
    GROUP BY survey_year, region_code, org_code, wres_indicator, measure
),
all_counts AS (
    SELECT * FROM organisation_counts
    UNION ALL
    SELECT survey_year, region_code, CAST(NULL AS VARCHAR), wres_indicator, measure,
           SUM(respondents_disabled), SUM(counting_disabled), SUM(respondents_non_disabled), SUM(counting_non_disabled)
    FROM organisation_counts
    GROUP BY survey_year, region_code, wres_indicator, measure
)
SELECT survey_year, region_code, org_code, wres_indicator, measure,
       respondents_disabled, counting_disabled, respondents_non_disabled, counting_non_disabled,
       ROUND(100.0 * counting_disabled / NULLIF(respondents_disabled, 0), 2) AS percent_disabled,
       ROUND(100.0 * counting_non_disabled / NULLIF(respondents_non_disabled, 0), 2) AS percent_non_disabled,
       ROUND(100.0 * counting_disabled / NULLIF(respondents_disabled, 0) - 100.0 * counting_non_disabled / NULLIF(respondents_non_disabled, 0), 2) AS difference_pp
FROM all_counts
