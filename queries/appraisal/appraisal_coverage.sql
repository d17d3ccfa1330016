-- title: Appraisal and talent-conversation coverage of substantive staff in post, by organisation and region, overall and by pay band, staff group, ethnicity, disability and sex
-- grain: one row per region x organisation (org_code null = region total) x dimension ('all', 'pay_band', 'staff_group', 'ethnicity', 'disability', 'sex') x dimension_value
-- source: issue 17 part 1 (appraisal coverage = staff in post with an appraisal in the 12 months to the reporting date / staff in post; talent-conversation coverage; the Well-Led framework asks boards for appraisal rates); staff in post from each organisation's ESR snapshot in use, excluding Bank, Locum and Honorary (staging/staff_in_post, staging/organisation_snapshots: issue 13 points 1 and 7); docs/metrics-appraisal.md
-- counts: staff_in_post, appraised, appraised_annual, talent_conversation, career_aspiration_recorded
-- derived: appraisal_coverage <- appraised, staff_in_post; annual_appraisal_coverage <- appraised_annual, staff_in_post; talent_conversation_coverage <- talent_conversation, staff_in_post; career_aspiration_coverage <- career_aspiration_recorded, staff_in_post
-- needs: appraisal, esr_workforce
-- Per person (intermediate/appraisal_coverage_staff, the one appraisal computation): appraised =
-- at least one appraisal of either type dated in the 12 months to the reporting date,
-- (reporting_year_start, reporting_date], found through the person pseudonym;
-- appraised_annual = at least one 'Annual' among them; talent_conversation /
-- career_aspiration_recorded = at least one of them with a talent conversation held / a career
-- aspiration recorded. Every count is distinct people; every rate has staff_in_post as its
-- denominator (4 dp): a person with several appraisals counts once.
-- Breakdowns: a person counts once per value of a dimension (two assignments in two pay bands:
-- in both bands, once in 'all'); ethnicity 'White' / 'BME' / 'Unknown', disability 'Disabled' /
-- 'Non-disabled' / 'Unknown', sex the ESR Gender ('Female', 'Male', 'Other', 'Not Known').
-- The relative likelihoods by ethnicity, disability and sex, with the WRES adverse flag, are in
-- appraisal_relative_likelihoods; the rating distribution in appraisal_rating_distribution.
-- An organisation whose ESR snapshot is not current (staging/organisation_snapshots) has one
-- row (dimension 'all') with null counts and coverage_note 'not computed: ...', never 0 staff.
-- Region rows sum the organisations with a current snapshot (a person in post in two
-- organisations counts in both, as in vacancy_rate) and recompute every rate; their
-- snapshot_date is the oldest snapshot among them; organisations_counted and
-- organisations_not_computed say which organisations they are built from (null on organisation
-- rows). organisations_* count trusts, not people, so they are not suppressed counts.
WITH organisation_counts AS (
    SELECT region_code, org_code, snapshot_date, dimension, dimension_value,
           COUNT(*) AS staff_in_post,
           SUM(CASE WHEN appraised THEN 1 ELSE 0 END) AS appraised,
           SUM(CASE WHEN appraised_annual THEN 1 ELSE 0 END) AS appraised_annual,
           SUM(CASE WHEN talent_conversation THEN 1 ELSE 0 END) AS talent_conversation,
           SUM(CASE WHEN career_aspiration_recorded THEN 1 ELSE 0 END) AS career_aspiration_recorded,
           CAST(NULL AS VARCHAR) AS coverage_note
    FROM appraisal_coverage_staff
    GROUP BY region_code, org_code, snapshot_date, dimension, dimension_value
),
not_computed_organisations AS (
    SELECT region_code, org_code, snapshot_date, 'all' AS dimension, CAST('All' AS VARCHAR) AS dimension_value,
           CAST(NULL AS BIGINT) AS staff_in_post, CAST(NULL AS BIGINT) AS appraised,
           CAST(NULL AS BIGINT) AS appraised_annual, CAST(NULL AS BIGINT) AS talent_conversation,
           CAST(NULL AS BIGINT) AS career_aspiration_recorded, snapshot_note AS coverage_note
    FROM organisation_snapshots
    WHERE NOT COALESCE(is_current, FALSE)
),
organisation_rows AS (
    SELECT * FROM organisation_counts
    UNION ALL
    SELECT * FROM not_computed_organisations
),
region_rows AS (
    SELECT region_code, CAST(NULL AS VARCHAR) AS org_code,
           MIN(CASE WHEN staff_in_post IS NOT NULL THEN snapshot_date END) AS snapshot_date,
           dimension, dimension_value,
           SUM(staff_in_post) AS staff_in_post, SUM(appraised) AS appraised,
           SUM(appraised_annual) AS appraised_annual, SUM(talent_conversation) AS talent_conversation,
           SUM(career_aspiration_recorded) AS career_aspiration_recorded,
           CASE WHEN SUM(staff_in_post) IS NULL
                THEN 'not computed: no organisation of the region has a recent ESR snapshot'
           END AS coverage_note
    FROM organisation_rows
    GROUP BY region_code, dimension, dimension_value
),
organisations_per_region AS (
    SELECT region_code,
           COUNT(CASE WHEN coverage_note IS NULL THEN org_code END) AS organisations_counted,
           COUNT(coverage_note) AS organisations_not_computed
    FROM organisation_rows
    WHERE dimension = 'all'
    GROUP BY region_code
),
all_rows AS (
    SELECT * FROM organisation_rows
    UNION ALL
    SELECT * FROM region_rows
)
SELECT
    a.region_code,
    a.org_code,
    a.dimension,
    a.dimension_value,
    p.reporting_date,
    a.snapshot_date,
    a.staff_in_post, a.appraised, a.appraised_annual, a.talent_conversation, a.career_aspiration_recorded,
    ROUND(CAST(a.appraised AS DOUBLE) / NULLIF(a.staff_in_post, 0), 4) AS appraisal_coverage,
    ROUND(CAST(a.appraised_annual AS DOUBLE) / NULLIF(a.staff_in_post, 0), 4) AS annual_appraisal_coverage,
    ROUND(CAST(a.talent_conversation AS DOUBLE) / NULLIF(a.staff_in_post, 0), 4) AS talent_conversation_coverage,
    ROUND(CAST(a.career_aspiration_recorded AS DOUBLE) / NULLIF(a.staff_in_post, 0), 4) AS career_aspiration_coverage,
    a.coverage_note,
    n.organisations_counted,
    n.organisations_not_computed
FROM all_rows AS a
CROSS JOIN run_parameters AS p
LEFT JOIN organisations_per_region AS n ON n.region_code = a.region_code AND a.org_code IS NULL
