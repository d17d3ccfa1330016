-- title: Every vacancy with its state on the vacancy snapshot date
-- grain: one row per vacancy (Vacancy Reference)
-- source: vacancies extract (EXTRACTS.md); NHS Digital NHS Vacancy Statistics methodology (a vacancy is a post being actively recruited to)
-- publish: false
-- Note: the snapshot date is the run's reporting date (config, else the latest ESR snapshot);
-- with neither, the latest date in the vacancies extract. Status is as the extract states it:
-- a vacancy is open on the snapshot date when its status is 'Open' and it was advertised on or
-- before that date. days_open = snapshot date - advertised date, for open vacancies only.
WITH latest_vacancy_date AS (
    -- start >= offer >= closing >= advertised (the extract's date-order rule), so the first
    -- present date in that order is each vacancy's latest date.
    SELECT MAX(COALESCE(start_date, offer_date, closing_date, advertised_date)) AS latest_date
    FROM vacancies
),
vacancy_snapshot AS (
    SELECT COALESCE(p.reporting_date, l.latest_date) AS snapshot_date
    FROM run_parameters AS p
    CROSS JOIN latest_vacancy_date AS l
),
vacancies_with_state AS (
    SELECT
        v.*,
        s.snapshot_date,
        (v.status = 'Open' AND v.advertised_date <= s.snapshot_date) AS is_open_at_snapshot
    FROM vacancies AS v
    CROSS JOIN vacancy_snapshot AS s
)
SELECT
    vacancies_with_state.*,
    CASE WHEN is_open_at_snapshot THEN snapshot_date - advertised_date END AS days_open
FROM vacancies_with_state
