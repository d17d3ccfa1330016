-- title: Current holders of each critical role on the reporting date, from each organisation's ESR snapshot in use, with their start date and tenure
-- grain: one row per organisation x critical role (run table critical_roles) x person holding it on the organisation's ESR snapshot in use
-- source: issue 17 part 2 (tenure in post from ESR start dates); EXTRACTS.md (esr_workforce: Start Date = latest start date in the assignment, Interim = Y when held on an interim or acting basis, Termination Date set when the assignment ended within the snapshot month); staging/staff_in_post (the snapshot rule and the Bank, Locum and Honorary rule)
-- publish: false
-- Holders: substantive assignments (no Bank, Locum or Honorary) with a critical role on the
-- organisation's ESR snapshot in use (staging/staff_in_post: its latest snapshot on or before
-- the reporting date, within metrics.snapshot_staleness_days; an organisation without one has
-- no rows). A holder whose termination date is on or before the reporting date has left and is
-- not a current holder. A person counts once per organisation and role: is_interim when every
-- assignment by which they hold the role is interim, start_date the earliest start date of
-- those assignments (ESR's Start Date is the latest start date in the assignment).
-- Tenure is measured to the reporting date (not to the snapshot date), so the holders of an
-- organisation whose snapshot in use is a month old are taken to be still in post on it; a
-- start date after the reporting date gives tenure 0. tenure_band by whole calendar years
-- served (start_date + N years compared with the reporting date): '<1y', '1-2y', '2-5y',
-- '5-10y', '10y+'; under 2 years = '<1y' or '1-2y'.
WITH holdings AS (
    SELECT
        s.region_code,
        s.org_code,
        s.critical_role,
        s.snapshot_date,
        s.person_id,
        p.reporting_date,
        BOOL_AND(s.is_interim) AS is_interim,
        MIN(s.start_date) AS start_date
    FROM staff_in_post AS s
    JOIN critical_roles AS c ON c.critical_role = s.critical_role
    CROSS JOIN run_parameters AS p
    WHERE s.termination_date IS NULL OR s.termination_date > p.reporting_date
    GROUP BY s.region_code, s.org_code, s.critical_role, s.snapshot_date, s.person_id, p.reporting_date
)
SELECT
    region_code,
    org_code,
    critical_role,
    snapshot_date,
    person_id,
    is_interim,
    start_date,
    CASE WHEN start_date > reporting_date THEN 0 ELSE reporting_date - start_date END AS tenure_days,
    CASE
        WHEN start_date + INTERVAL '1 year' > reporting_date THEN '<1y'
        WHEN start_date + INTERVAL '2 years' > reporting_date THEN '1-2y'
        WHEN start_date + INTERVAL '5 years' > reporting_date THEN '2-5y'
        WHEN start_date + INTERVAL '10 years' > reporting_date THEN '5-10y'
        ELSE '10y+'
    END AS tenure_band,
    start_date + INTERVAL '6 months' < reporting_date AS started_over_6_months_before
FROM holdings
