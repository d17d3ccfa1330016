-- title: WDES staff survey metrics: the WRES 5-8 staff survey questions for Disabled and non-disabled staff
-- grain: one row per survey_year x region x organisation (org_code null = region total) x wres_indicator (5, 6, 7, 8)
-- source: NHS England, Workforce Disability Equality Standard technical guidance, staff survey metrics (4a harassment, bullying or abuse from the public and from managers or colleagues; 5 equal opportunities for career progression), on the same NHS Staff Survey questions as WRES indicators 5-8
-- counts: respondents_disabled, counting_disabled, respondents_non_disabled, counting_non_disabled
-- derived: percent_disabled <- respondents_disabled, counting_disabled; percent_non_disabled <- respondents_non_disabled, counting_non_disabled; difference_pp <- respondents_disabled, counting_disabled, respondents_non_disabled, counting_non_disabled
-- One row per WRES indicator whose question the survey extract holds (rules in
-- common/staff_survey_answers, as for wres_indicators_5_to_8): 5 harassment from the public
-- (WDES 4a i); 6 harassment from a manager or colleagues (WDES 4a ii and iii, combined as WRES 6
-- does); 7 equal opportunities for career progression (WDES 5, "Don't know" in the
-- denominator); 8 discrimination from staff (no WDES counterpart; published for comparison).
-- Disabled = 'Yes', non-disabled = 'No'; Unknown disability (prefer not to say, empty) is
-- excluded. percent_* = 100 x counting / respondents, 2 dp, null with percent_note when nobody in
-- the group answered; difference_pp = percent_disabled - percent_non_disabled.
-- region_code: the organisation's region in ESR, else the run's configured region.
WITH answers AS (
    SELECT survey_year, region_code, org_code, wres_indicator, measure, disability, is_numerator
    FROM staff_survey_answers
    WHERE disability IN ('Yes', 'No')
),
organisation_counts AS (
    SELECT survey_year, region_code, org_code, wres_indicator, measure,
           SUM(CASE WHEN disability = 'Yes' THEN 1 ELSE 0 END) AS respondents_disabled,
           SUM(CASE WHEN disability = 'Yes' THEN is_numerator ELSE 0 END) AS counting_disabled,
           SUM(CASE WHEN disability = 'No' THEN 1 ELSE 0 END) AS respondents_non_disabled,
           SUM(CASE WHEN disability = 'No' THEN is_numerator ELSE 0 END) AS counting_non_disabled
    FROM answers
    GROUP BY survey_year, region_code, org_code, wres_indicator, measure
),
region_counts AS (
    SELECT survey_year, region_code, CAST(NULL AS VARCHAR) AS org_code, wres_indicator, measure,
           SUM(respondents_disabled) AS respondents_disabled, SUM(counting_disabled) AS counting_disabled,
           SUM(respondents_non_disabled) AS respondents_non_disabled,
           SUM(counting_non_disabled) AS counting_non_disabled
    FROM organisation_counts
    GROUP BY survey_year, region_code, wres_indicator, measure
),
all_counts AS (
    SELECT * FROM organisation_counts
    UNION ALL
    SELECT * FROM region_counts
)
SELECT
    survey_year,
    region_code,
    org_code,
    wres_indicator,
    measure,
    respondents_disabled,
    counting_disabled,
    respondents_non_disabled,
    counting_non_disabled,
    ROUND(100.0 * counting_disabled / NULLIF(respondents_disabled, 0), 2) AS percent_disabled,
    ROUND(100.0 * counting_non_disabled / NULLIF(respondents_non_disabled, 0), 2) AS percent_non_disabled,
    ROUND(100.0 * counting_disabled / NULLIF(respondents_disabled, 0) - 100.0 * counting_non_disabled / NULLIF(respondents_non_disabled, 0), 2) AS difference_pp,
    CASE WHEN respondents_disabled = 0 THEN 'no Disabled respondents answered'
         WHEN respondents_non_disabled = 0 THEN 'no non-disabled respondents answered'
    END AS percent_note
FROM all_counts
