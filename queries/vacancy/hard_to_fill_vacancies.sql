-- title: Hard-to-fill vacancies: open longer than 90 days on the snapshot date, or advertised twice or more
-- grain: one row per region x organisation (org_code null = region total) x dimension x dimension_value
-- source: vacancies extract (EXTRACTS.md); hard-to-fill rule of issue 6 (open longer than 90 days at the snapshot, or advertised twice or more)
-- counts: open_vacancies, open_over_90_days, advertised_twice_or_more, hard_to_fill_vacancies
-- derived: hard_to_fill_share <- hard_to_fill_vacancies, open_vacancies
-- Note: the population is the vacancies open on the snapshot date = the reporting date
-- (staging/vacancy_status_at_reporting_date: advertised on or before it and not yet filled or
-- withdrawn by it, whatever the status extracted later says). Open longer than 90 days means
-- snapshot date - advertised date > 90 (a vacancy advertised exactly 90 days earlier is not).
-- Staff in post are not used, so every organisation with an open vacancy counts, in its one
-- region (staging/esr_organisation_region, else the vacancy's own region code).
-- A vacancy meeting both rules counts once in hard_to_fill_vacancies.
-- With no open vacancies in a region, the region has no rows.
WITH open_vacancies_flagged AS (
    SELECT
        region_code, org_code, dimension, dimension_value, snapshot_date,
        CASE WHEN days_open > 90 THEN 1 ELSE 0 END AS is_open_over_90_days,
        CASE WHEN times_advertised >= 2 THEN 1 ELSE 0 END AS is_advertised_twice_or_more,
        CASE WHEN days_open > 90 OR times_advertised >= 2 THEN 1 ELSE 0 END AS is_hard_to_fill
    FROM vacancy_breakdowns
    WHERE is_open_at_snapshot
),
organisation_counts AS (
    SELECT region_code, org_code, dimension, dimension_value,
           MAX(snapshot_date) AS snapshot_date,
           COUNT(*) AS open_vacancies,
           SUM(is_open_over_90_days) AS open_over_90_days,
           SUM(is_advertised_twice_or_more) AS advertised_twice_or_more,
           SUM(is_hard_to_fill) AS hard_to_fill_vacancies
    FROM open_vacancies_flagged
    GROUP BY region_code, org_code, dimension, dimension_value
),
region_counts AS (
    SELECT region_code, CAST(NULL AS VARCHAR) AS org_code, dimension, dimension_value,
           MAX(snapshot_date) AS snapshot_date,
           SUM(open_vacancies) AS open_vacancies,
           SUM(open_over_90_days) AS open_over_90_days,
           SUM(advertised_twice_or_more) AS advertised_twice_or_more,
           SUM(hard_to_fill_vacancies) AS hard_to_fill_vacancies
    FROM organisation_counts
    GROUP BY region_code, dimension, dimension_value
),
all_counts AS (
    SELECT * FROM organisation_counts
    UNION ALL
    SELECT * FROM region_counts
)
SELECT
    region_code,
    org_code,
    dimension,
    dimension_value,
    snapshot_date,
    open_vacancies,
    open_over_90_days,
    advertised_twice_or_more,
    hard_to_fill_vacancies,
    ROUND(CAST(hard_to_fill_vacancies AS DOUBLE) / NULLIF(open_vacancies, 0), 4) AS hard_to_fill_share
FROM all_counts
