-- title: Staff-survey answers to the questions behind WRES indicators 5-8 (and WDES), one row per respondent and indicator
-- grain: one row per respondent x indicator the respondent answered
-- source: NHS England WRES technical guidance, indicators 5-8; the same questions feed the WDES survey metrics
-- publish: false
-- Indicators (a respondent counts only where the question was answered):
--   5 harassment_from_public: harassment_public answered other than 'Never' / answered
--   6 harassment_from_staff: harassment_manager or harassment_colleagues other than 'Never' /
--     answered at least one of the two
--   7 equal_opportunities_for_progression: equal_opportunities 'Yes' / answered ('Don't know'
--     stays in the denominator)
--   8 discrimination_from_staff: discrimination_staff 'Yes' / answered
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
           5 AS wres_indicator, 'harassment_from_public' AS measure,
           CASE WHEN harassment_public <> 'Never' THEN 1 ELSE 0 END AS is_numerator
    FROM survey_responses
    WHERE harassment_public IS NOT NULL
    UNION ALL
    SELECT survey_year, region_code, org_code, ethnic_group, disability,
           6, 'harassment_from_staff',
           CASE WHEN harassment_manager <> 'Never' OR harassment_colleagues <> 'Never' THEN 1 ELSE 0 END
    FROM survey_responses
    WHERE harassment_manager IS NOT NULL OR harassment_colleagues IS NOT NULL
    UNION ALL
    SELECT survey_year, region_code, org_code, ethnic_group, disability,
           7, 'equal_opportunities_for_progression',
           CASE WHEN equal_opportunities = 'Yes' THEN 1 ELSE 0 END
    FROM survey_responses
    WHERE equal_opportunities IS NOT NULL
    UNION ALL
    SELECT survey_year, region_code, org_code, ethnic_group, disability,
           8, 'discrimination_from_staff',
           CASE WHEN discrimination_staff = 'Yes' THEN 1 ELSE 0 END
    FROM survey_responses
    WHERE discrimination_staff IS NOT NULL
)
SELECT * FROM indicator_answers
