-- title: Substantive staff in post with their appraisals of the 12 months to the reporting date, once per reporting breakdown
-- grain: one row per organisation x staff-in-post person x breakdown: dimension ('all', 'pay_band', 'staff_group', 'ethnicity', 'disability', 'sex') and its dimension_value
-- source: issue 17 part 1 (appraisal coverage = staff in post with an appraisal in the 12 months to the reporting date / staff in post; talent-conversation coverage; rating distribution); staging/staff_in_post (EXTRACTS.md: Bank, Locum and Honorary excluded; each organisation's current ESR snapshot on or before the reporting date, issue 13 point 1); the appraisal extract (crates/talentpipe-contract, docs/metrics-appraisal.md)
-- publish: false
-- needs: none
-- The one appraisal computation, read by appraisal_coverage (counts and rating distribution)
-- and by intermediate/equality_events (the relative likelihoods, through the
-- 'ethnicity', 'disability' and 'sex' rows). needs: none, so equality_events still runs in a
-- region without the appraisal extract (read as empty here); the published appraisal tables
-- declare `needs: appraisal, esr_workforce` and are then not computed, never zeros.
-- Staff: staging/staff_in_post (substantive staff on their organisation's snapshot in use; an
-- organisation whose snapshot is not current has no rows). Appraisals: events dated in the
-- reporting year (reporting_year_start, reporting_date] (run_parameters: 12 months, month-end
-- arithmetic; the end is the reporting date even for an organisation counted from an older
-- snapshot), of either type (Annual or Interim), joined to staff by person_id alone (the
-- pseudonym every extract shares), so an appraisal recorded by another organisation of the
-- extract counts too. Per person, whatever their number of appraisals:
--   appraised: at least one appraisal; appraised_annual: at least one 'Annual';
--   talent_conversation / career_aspiration_recorded: at least one appraisal with it ('Y');
--   latest_rating: the rating of the person's latest appraisal that gives one (same day: the
--   Annual before the Interim, then the smaller organisation code); 'No rating given' when
--   appraised without any rating; null when not appraised.
-- Breakdowns: a person counts once per value (two assignments in one band: once; in two bands:
-- once in each); 'all' = 'All'; pay_band and staff_group of the assignment; ethnicity =
-- ethnic_group ('White', 'BME', 'Unknown'); disability = disability_group ('Disabled',
-- 'Non-disabled', 'Unknown'); sex = ESR Gender ('Female', 'Male', 'Other', 'Not Known').
-- characteristic_value: on the ethnicity, disability and sex rows, the staged value that
-- intermediate/protected_characteristics compares (ethnic_group, disability 'Yes'/'No'/...,
-- gender); null on the other rows.
WITH parameters AS (
    SELECT reporting_year_start, reporting_date FROM run_parameters
),
appraisals_in_year AS (
    SELECT a.person_id, a.org_code, a.appraisal_date, a.appraisal_type, a.talent_conversation_held,
           a.rating, a.career_aspiration_recorded
    FROM appraisal AS a
    CROSS JOIN parameters AS p
    WHERE a.appraisal_date > p.reporting_year_start
      AND a.appraisal_date <= p.reporting_date
),
appraised_people AS (
    SELECT person_id,
           MAX(CASE WHEN appraisal_type = 'Annual' THEN 1 ELSE 0 END) AS annual,
           MAX(CASE WHEN talent_conversation_held THEN 1 ELSE 0 END) AS talent_conversation,
           MAX(CASE WHEN career_aspiration_recorded THEN 1 ELSE 0 END) AS career_aspiration_recorded
    FROM appraisals_in_year
    GROUP BY person_id
),
ranked_ratings AS (
    SELECT person_id, rating,
           ROW_NUMBER() OVER (
               PARTITION BY person_id
               ORDER BY appraisal_date DESC, appraisal_type, org_code
           ) AS rating_rank
    FROM appraisals_in_year
    WHERE rating IS NOT NULL
),
staff AS (
    SELECT s.region_code, s.org_code, s.snapshot_date, s.person_id, s.pay_band, s.staff_group,
           s.ethnic_group, s.disability, s.disability_group, s.gender,
           a.person_id IS NOT NULL AS appraised,
           COALESCE(a.annual = 1, FALSE) AS appraised_annual,
           COALESCE(a.talent_conversation = 1, FALSE) AS talent_conversation,
           COALESCE(a.career_aspiration_recorded = 1, FALSE) AS career_aspiration_recorded,
           CASE WHEN a.person_id IS NOT NULL THEN COALESCE(r.rating, 'No rating given') END AS latest_rating
    FROM staff_in_post AS s
    LEFT JOIN appraised_people AS a ON a.person_id = s.person_id
    LEFT JOIN ranked_ratings AS r ON r.person_id = s.person_id AND r.rating_rank = 1
)
SELECT DISTINCT
    s.region_code,
    s.org_code,
    s.snapshot_date,
    s.person_id,
    d.dimension,
    CASE d.dimension
        WHEN 'all' THEN 'All'
        WHEN 'pay_band' THEN s.pay_band
        WHEN 'staff_group' THEN s.staff_group
        WHEN 'ethnicity' THEN s.ethnic_group
        WHEN 'disability' THEN s.disability_group
        WHEN 'sex' THEN s.gender
    END AS dimension_value,
    CASE d.dimension
        WHEN 'ethnicity' THEN s.ethnic_group
        WHEN 'disability' THEN s.disability
        WHEN 'sex' THEN s.gender
    END AS characteristic_value,
    s.appraised,
    s.appraised_annual,
    s.talent_conversation,
    s.career_aspiration_recorded,
    s.latest_rating
FROM staff AS s
CROSS JOIN (
    VALUES ('all'), ('pay_band'), ('staff_group'), ('ethnicity'), ('disability'), ('sex')
) AS d (dimension)
