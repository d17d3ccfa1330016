-- title: Substantive ESR assignments on every snapshot, with one set of personal attributes per person
-- grain: one row per substantive assignment per ESR snapshot
-- source: EXTRACTS.md (esr_workforce): Bank, Locum and Honorary assignments are excluded from staff in post and from WRES denominators; NHS England WRES and WDES technical guidance (staff counted by person)
-- publish: false
-- The one place the Bank, Locum and Honorary rule is written. Derived once for every metric:
-- region_code (the organisation's region, staging/esr_organisation_region), staff_scope
-- ('Clinical' | 'Non-clinical', from the staff group) and disability_group ('Disabled' = Yes,
-- 'Non-disabled' = No, else 'Unknown').
-- One person, one set of attributes: ethnicity, gender, disability and age band describe the
-- person, but ESR records them per assignment and two assignments can disagree; counted per
-- assignment, such a person would sit in both ethnic groups (shares adding to more than 1). Each
-- person takes, on each snapshot, the attributes of their record: the substantive assignment
-- with the latest start date (the most recently recorded), ties broken by the smallest
-- (pseudonymised) assignment id.
WITH substantive AS (
    SELECT *
    FROM esr_workforce
    WHERE assignment_category NOT IN ('Bank', 'Locum', 'Honorary')
),
person_records AS (
    SELECT
        snapshot_date, person_id, ethnic_code, ethnic_group, gender, disability, age_band,
        ROW_NUMBER() OVER (
            PARTITION BY snapshot_date, person_id
            ORDER BY start_date DESC, assignment_id
        ) AS record_rank
    FROM substantive
)
SELECT
    a.snapshot_date,
    r.region_code,
    a.org_code,
    a.person_id,
    a.assignment_id,
    a.staff_group,
    a.is_clinical,
    CASE WHEN a.is_clinical THEN 'Clinical' ELSE 'Non-clinical' END AS staff_scope,
    a.job_role,
    a.critical_role,
    a.pay_band,
    p.ethnic_code,
    p.ethnic_group,
    p.gender,
    p.disability,
    CASE WHEN p.disability = 'Yes' THEN 'Disabled'
         WHEN p.disability = 'No' THEN 'Non-disabled'
         ELSE 'Unknown'
    END AS disability_group,
    p.age_band,
    a.fte,
    a.assignment_category,
    a.is_interim,
    a.start_date,
    a.termination_date,
    a.leaving_reason
FROM substantive AS a
JOIN person_records AS p
  ON p.snapshot_date = a.snapshot_date
 AND p.person_id = a.person_id
 AND p.record_rank = 1
JOIN esr_organisation_region AS r ON r.org_code = a.org_code
