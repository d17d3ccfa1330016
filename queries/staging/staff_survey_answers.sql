-- title: Staff-survey answers to the questions behind WRES indicators 5-8 and the WDES staff-survey metrics, one row per respondent and measure
-- grain: one row per respondent x measure the respondent answered
-- source: NHS England WRES technical guidance, indicators 5-8; WDES technical guidance, staff-survey metrics 4a (i, ii, iii) and 5; questions named by meaning in EXTRACTS.md
-- publish: false
-- Measures (a respondent counts only where the question was answered; is_numerator 1 when the
-- answer counts). wres_indicator / wdes_metric: the standard that publishes the measure (null
-- when the other standard alone does):
--   harassment_from_public (WRES 5, WDES 4a(i)): harassment_public other than 'Never' / answered
--   harassment_from_staff (WRES 6): harassment_manager or harassment_colleagues other than
--     'Never' / answered at least one of the two (WRES combines the two sources)
--   harassment_from_managers (WDES 4a(ii)): harassment_manager other than 'Never' / answered
--   harassment_from_colleagues (WDES 4a(iii)): harassment_colleagues other than 'Never' / answered
--   equal_opportunities_for_progression (WRES 7, WDES 5): equal_opportunities 'Yes' / answered
--     ('Don't know' stays in the denominator)
--   discrimination_from_staff (WRES 8): discrimination_staff 'Yes' / answered
-- The region of an organisation comes from ESR, else the run's configured region.
WITH survey_responses AS (
    SELECT
        s.survey_year,
        COALESCE(m.region_code, p.region) AS region_code,
        s.org_code,
        s.ethnic_group,
        s.disability,
        s.harassment_public,
        s.harassment_manager,
        s.harassment_colleagues,
        s.equal_opportunities,
        s.discrimination_staff
    FROM staff_survey AS s
    LEFT JOIN esr_organisation_region AS m ON m.org_code = s.org_code
    CROSS JOIN run_parameters AS p
),
indicator_answers AS (
    SELECT survey_year, region_code, org_code, ethnic_group, disability,
           CAST(5 AS BIGINT) AS wres_indicator, CAST('4a(i)' AS VARCHAR) AS wdes_metric,
           CAST('harassment_from_public' AS VARCHAR) AS measure,
           CASE WHEN harassment_public <> 'Never' THEN 1 ELSE 0 END AS is_numerator
    FROM survey_responses
    WHERE harassment_public IS NOT NULL
    UNION ALL
    SELECT survey_year, region_code, org_code, ethnic_group, disability,
           6, CAST(NULL AS VARCHAR), 'harassment_from_staff',
           CASE WHEN harassment_manager <> 'Never' OR harassment_colleagues <> 'Never' THEN 1 ELSE 0 END
    FROM survey_responses
    WHERE harassment_manager IS NOT NULL OR harassment_colleagues IS NOT NULL
    UNION ALL
    SELECT survey_year, region_code, org_code, ethnic_group, disability,
           CAST(NULL AS BIGINT), '4a(ii)', 'harassment_from_managers',
           CASE WHEN harassment_manager <> 'Never' THEN 1 ELSE 0 END
    FROM survey_responses
    WHERE harassment_manager IS NOT NULL
    UNION ALL
    SELECT survey_year, region_code, org_code, ethnic_group, disability,
           CAST(NULL AS BIGINT), '4a(iii)', 'harassment_from_colleagues',
           CASE WHEN harassment_colleagues <> 'Never' THEN 1 ELSE 0 END
    FROM survey_responses
    WHERE harassment_colleagues IS NOT NULL
    UNION ALL
    SELECT survey_year, region_code, org_code, ethnic_group, disability,
           7, '5', 'equal_opportunities_for_progression',
           CASE WHEN equal_opportunities = 'Yes' THEN 1 ELSE 0 END
    FROM survey_responses
    WHERE equal_opportunities IS NOT NULL
    UNION ALL
    SELECT survey_year, region_code, org_code, ethnic_group, disability,
           8, CAST(NULL AS VARCHAR), 'discrimination_from_staff',
           CASE WHEN discrimination_staff = 'Yes' THEN 1 ELSE 0 END
    FROM survey_responses
    WHERE discrimination_staff IS NOT NULL
)
SELECT * FROM indicator_answers
