-- title: Every vacancy with its state on the reporting date: open, filled, withdrawn or not yet advertised
-- grain: one row per vacancy (Vacancy Reference)
-- source: vacancies extract (EXTRACTS.md); NHS Digital NHS Vacancy Statistics methodology (a vacancy is a post being actively recruited to); issue 13 point 5 (open on the reporting date from the status dates, not the status as extracted)
-- publish: false
-- The extract's status is the status on the day it was extracted, usually after the reporting
-- date (snapshot_date = run_parameters.reporting_date). A vacancy is open on the reporting date D
-- when it was advertised on or before D and was not yet filled or withdrawn by D:
--   status 'Open'      open from its advertised date;
--   status 'Filled'    open until closed_date = its start date (filled on the day the appointee
--                      starts); with no start date, its offer date; with neither, its closing
--                      date; with none of the three, closed_date is unknown and the vacancy is
--                      taken as filled before D (the extract says it is filled; we cannot date it);
--   status 'Withdrawn' the contract has no withdrawal date: the closing date stands in for it
--                      (the advert ran until then); with no closing date, taken as withdrawn
--                      before D.
-- A vacancy with closed_date = D is no longer open on D. closed_date_basis says which date
-- closed_date is. status_at_snapshot is 'not yet advertised', 'open', 'filled' or 'withdrawn'
-- ('unknown (no reporting date)' when the run has none: no ESR snapshot and no
-- metrics.reporting_date; nothing is then open).
-- days_open = D - advertised date, for open vacancies only.
-- region_code is the one region rule: the organisation's ESR region
-- (staging/esr_organisation_region), else the vacancy's own Region Code (kept as
-- vacancy_region_code), else the run's configured region.
WITH vacancies_with_dates AS (
    SELECT
        v.vacancy_reference,
        COALESCE(r.region_code, v.region_code, p.region) AS region_code,
        v.region_code AS vacancy_region_code,
        v.org_code,
        v.staff_group,
        v.is_clinical,
        v.pay_band,
        v.job_role,
        v.critical_role,
        v.fte,
        v.advertised_date,
        v.closing_date,
        v.offer_date,
        v.start_date,
        v.status,
        v.interim_cover,
        v.times_advertised,
        p.reporting_date AS snapshot_date,
        CASE
            WHEN v.status = 'Filled' THEN COALESCE(v.start_date, v.offer_date, v.closing_date)
            WHEN v.status = 'Withdrawn' THEN v.closing_date
        END AS closed_date,
        CASE
            WHEN v.status = 'Filled' AND v.start_date IS NOT NULL THEN 'start_date'
            WHEN v.status = 'Filled' AND v.offer_date IS NOT NULL THEN 'offer_date (no start date)'
            WHEN v.status = 'Filled' AND v.closing_date IS NOT NULL THEN 'closing_date (no start or offer date)'
            WHEN v.status = 'Filled' THEN 'unknown (no start, offer or closing date): taken as before the reporting date'
            WHEN v.status = 'Withdrawn' AND v.closing_date IS NOT NULL THEN 'closing_date (no withdrawal date in the extract)'
            WHEN v.status = 'Withdrawn' THEN 'unknown (no closing date): taken as before the reporting date'
        END AS closed_date_basis
    FROM vacancies AS v
    CROSS JOIN run_parameters AS p
    LEFT JOIN esr_organisation_region AS r ON r.org_code = v.org_code
),
vacancies_with_state AS (
    SELECT
        vacancies_with_dates.*,
        CASE
            WHEN snapshot_date IS NULL THEN 'unknown (no reporting date)'
            WHEN advertised_date > snapshot_date THEN 'not yet advertised'
            WHEN status = 'Open' THEN 'open'
            WHEN closed_date > snapshot_date THEN 'open'
            WHEN status = 'Filled' THEN 'filled'
            ELSE 'withdrawn'
        END AS status_at_snapshot
    FROM vacancies_with_dates
)
SELECT
    vacancies_with_state.*,
    COALESCE(status_at_snapshot = 'open', FALSE) AS is_open_at_snapshot,
    CASE WHEN status_at_snapshot = 'open' THEN snapshot_date - advertised_date END AS days_open
FROM vacancies_with_state
