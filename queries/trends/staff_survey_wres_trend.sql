-- title: Staff-survey measures of WRES indicators 5 to 8 by ethnic group, for every survey year
-- grain: one row per survey_year x region x organisation (org_code null = region total) x ethnic_group ('White' | 'BME') x wres_indicator (long format, chart-ready)
-- source: NHS England WRES technical guidance, indicators 5-8 (NHS Staff Survey questions, named by meaning in EXTRACTS.md)
-- counts: respondents, numerator
-- derived: share <- numerator, respondents
-- Indicators (a respondent counts only where the question was answered):
--   5 harassment_from_public: harassment_public answered other than 'Never' / answered
--   6 harassment_from_staff: harassment_manager or harassment_colleagues other than 'Never' /
--     answered at least one of the two
--   7 equal_opportunities_for_progression: equal_opportunities 'Yes' / answered ('Don't know'
--     stays in the denominator)
--   8 discrimination_from_staff: discrimination_staff 'Yes' / answered
-- Respondents of Unknown ethnicity are excluded, as in the WRES. The region of an organisation
-- comes from ESR, else the run's configured region. Region rows sum the organisation rows.
WITH indicator_answers AS (
    -- WRES measures only (the staging model also holds WDES 4a(ii) and 4a(iii)).
    SELECT * FROM staff_survey_answers
    WHERE ethnic_group IN ('White', 'BME') AND wres_indicator IS NOT NULL
),
organisation_counts AS (
    SELECT survey_year, region_code, org_code, ethnic_group, wres_indicator, measure,
           COUNT(*) AS respondents,
           SUM(is_numerator) AS numerator
    FROM indicator_answers
    GROUP BY survey_year, region_code, org_code, ethnic_group, wres_indicator, measure
),
region_counts AS (
    SELECT survey_year, region_code, CAST(NULL AS VARCHAR) AS org_code, ethnic_group,
           wres_indicator, measure,
           SUM(respondents) AS respondents,
           SUM(numerator) AS numerator
    FROM organisation_counts
    GROUP BY survey_year, region_code, ethnic_group, wres_indicator, measure
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
    ethnic_group,
    wres_indicator,
    measure,
    respondents,
    numerator,
    ROUND(CAST(numerator AS DOUBLE) / NULLIF(respondents, 0), 4) AS share
FROM all_counts
