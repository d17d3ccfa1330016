-- title: Vacancy rate by organisation and region, overall and by staff group, pay band and critical role
-- grain: one row per region x organisation (org_code null = region total) x dimension x dimension_value
-- source: NHS Digital NHS Vacancy Statistics methodology: vacancy rate = vacancy FTE / (staff-in-post FTE + vacancy FTE); staff in post from each organisation's ESR snapshot in use, excluding Bank, Locum and Honorary (staging/staff_in_post, staging/organisation_snapshots: issue 13 points 1 and 7)
-- counts: open_vacancies, staff_in_post_headcount
-- derived: vacancy_rate <- open_vacancies, staff_in_post_headcount
-- Open vacancies: open on the reporting date (staging/vacancy_status_at_reporting_date:
-- advertised on or before it, not yet filled or withdrawn by it).
-- Staff in post: each organisation's latest ESR snapshot on or before the reporting date, used
-- only when it is current (at most metrics.snapshot_staleness_days, default 45, before the
-- reporting date); staff_snapshot_date is that snapshot. An organisation whose snapshot is not
-- current, or which has open vacancies but no ESR snapshot at all, has its rows with the open
-- vacancies, null staff figures and a null rate, and vacancy_rate_note says why ('not
-- computed: no recent snapshot ...' or 'not computed: no snapshot on or before the reporting
-- date ...'): never a rate of 1.0 from vacancies over no staff.
-- Organisations are joined on org_code alone; every row's region is the organisation's one
-- region (staging/esr_organisation_region, else its vacancies' region, else the run's), so an
-- organisation has one row per breakdown whatever region code its vacancies carry.
-- Region totals sum only the organisations whose rate is computable and recompute the rate;
-- organisations counts them, organisations_left_out counts the others (split by reason in
-- organisations_left_out_no_recent_snapshot and organisations_left_out_no_snapshot, explained
-- in organisations_left_out_note); on organisation rows these are 1 or 0, so national figures
-- sum them. On region rows staff_snapshot_date is the oldest snapshot among the organisations
-- counted. National figures sum vacancy_fte and staff_in_post_fte of the region rows the same way.
-- A person with assignments in two organisations counts in both organisations' headcounts.
-- organisations counts trusts, not people, so it is not a suppressed count.
WITH reporting AS (
    SELECT reporting_date FROM run_parameters
),
open_vacancy_parts AS (
    SELECT org_code, dimension, dimension_value,
           COUNT(*) AS open_vacancies,
           SUM(fte) AS vacancy_fte
    FROM vacancy_breakdowns
    WHERE is_open_at_snapshot
    GROUP BY org_code, dimension, dimension_value
),
staff_in_post_parts AS (
    SELECT org_code, dimension, dimension_value,
           COUNT(DISTINCT person_id) AS staff_in_post_headcount,
           SUM(fte) AS staff_in_post_fte
    FROM staff_in_post_breakdowns
    GROUP BY org_code, dimension, dimension_value
),
vacancy_only_organisations AS (
    -- organisations with an open vacancy that ESR does not know at all
    SELECT v.org_code, MIN(v.region_code) AS region_code
    FROM vacancy_status_at_reporting_date AS v
    LEFT JOIN organisation_snapshots AS s ON s.org_code = v.org_code
    WHERE v.is_open_at_snapshot AND s.org_code IS NULL
    GROUP BY v.org_code
),
organisations AS (
    SELECT region_code, org_code, snapshot_date AS staff_snapshot_date, is_current,
           CASE WHEN is_current THEN CAST(NULL AS VARCHAR) ELSE snapshot_note END AS snapshot_note,
           CASE WHEN snapshot_note LIKE 'not computed: no recent snapshot%' THEN 1 ELSE 0 END AS is_stale
    FROM organisation_snapshots
    UNION ALL
    SELECT region_code, org_code, CAST(NULL AS DATE) AS staff_snapshot_date, FALSE AS is_current,
           'not computed: no snapshot on or before the reporting date (the organisation is not in the ESR extract)'
               AS snapshot_note,
           0 AS is_stale
    FROM vacancy_only_organisations
),
organisation_breakdowns AS (
    SELECT org_code, dimension, dimension_value FROM open_vacancy_parts
    UNION
    SELECT org_code, dimension, dimension_value FROM staff_in_post_parts
    UNION
    SELECT org_code, 'all' AS dimension, CAST('All' AS VARCHAR) AS dimension_value FROM organisations
),
organisation_parts AS (
    SELECT
        o.region_code,
        o.org_code,
        k.dimension,
        k.dimension_value,
        o.staff_snapshot_date,
        o.is_current,
        o.snapshot_note,
        o.is_stale,
        COALESCE(v.open_vacancies, 0) AS open_vacancies,
        COALESCE(v.vacancy_fte, 0) AS vacancy_fte,
        CASE WHEN o.is_current THEN COALESCE(s.staff_in_post_headcount, 0) END AS staff_in_post_headcount,
        CASE WHEN o.is_current THEN COALESCE(s.staff_in_post_fte, 0) END AS staff_in_post_fte
    FROM organisations AS o
    JOIN organisation_breakdowns AS k ON k.org_code = o.org_code
    LEFT JOIN open_vacancy_parts AS v
      ON v.org_code = k.org_code
     AND v.dimension = k.dimension
     AND v.dimension_value = k.dimension_value
    LEFT JOIN staff_in_post_parts AS s
      ON s.org_code = k.org_code
     AND s.dimension = k.dimension
     AND s.dimension_value = k.dimension_value
),
region_organisations AS (
    SELECT
        region_code,
        SUM(CASE WHEN is_current THEN 1 ELSE 0 END) AS organisations,
        SUM(CASE WHEN is_current THEN 0 ELSE 1 END) AS organisations_left_out,
        SUM(is_stale) AS organisations_left_out_no_recent_snapshot,
        SUM(CASE WHEN is_current THEN 0 ELSE 1 - is_stale END) AS organisations_left_out_no_snapshot,
        MIN(CASE WHEN is_current THEN staff_snapshot_date END) AS staff_snapshot_date
    FROM organisations
    GROUP BY region_code
),
region_breakdowns AS (
    SELECT DISTINCT region_code, dimension, dimension_value
    FROM organisation_parts
    WHERE is_current OR dimension = 'all'
),
region_parts AS (
    SELECT
        k.region_code,
        CAST(NULL AS VARCHAR) AS org_code,
        k.dimension,
        k.dimension_value,
        r.staff_snapshot_date,
        COALESCE(SUM(p.open_vacancies), 0) AS open_vacancies,
        COALESCE(SUM(p.vacancy_fte), 0) AS vacancy_fte,
        COALESCE(SUM(p.staff_in_post_headcount), 0) AS staff_in_post_headcount,
        COALESCE(SUM(p.staff_in_post_fte), 0) AS staff_in_post_fte,
        CASE WHEN r.organisations = 0
             THEN 'not computed: no organisation of the region has a recent snapshot'
        END AS not_computed_note,
        r.organisations,
        r.organisations_left_out,
        r.organisations_left_out_no_recent_snapshot,
        r.organisations_left_out_no_snapshot
    FROM region_breakdowns AS k
    JOIN region_organisations AS r ON r.region_code = k.region_code
    LEFT JOIN organisation_parts AS p
      ON p.region_code = k.region_code
     AND p.dimension = k.dimension
     AND p.dimension_value = k.dimension_value
     AND p.is_current
    GROUP BY k.region_code, k.dimension, k.dimension_value, r.staff_snapshot_date, r.organisations,
             r.organisations_left_out, r.organisations_left_out_no_recent_snapshot,
             r.organisations_left_out_no_snapshot
),
all_parts AS (
    SELECT region_code, org_code, dimension, dimension_value, staff_snapshot_date, open_vacancies,
           vacancy_fte, staff_in_post_headcount, staff_in_post_fte, snapshot_note AS not_computed_note,
           CASE WHEN is_current THEN 1 ELSE 0 END AS organisations,
           CASE WHEN is_current THEN 0 ELSE 1 END AS organisations_left_out,
           is_stale AS organisations_left_out_no_recent_snapshot,
           CASE WHEN is_current THEN 0 ELSE 1 - is_stale END AS organisations_left_out_no_snapshot
    FROM organisation_parts
    UNION ALL
    SELECT region_code, org_code, dimension, dimension_value, staff_snapshot_date, open_vacancies,
           vacancy_fte, staff_in_post_headcount, staff_in_post_fte, not_computed_note,
           organisations, organisations_left_out, organisations_left_out_no_recent_snapshot,
           organisations_left_out_no_snapshot
    FROM region_parts
)
SELECT
    a.region_code,
    a.org_code,
    a.dimension,
    a.dimension_value,
    r.reporting_date,
    a.staff_snapshot_date,
    a.open_vacancies,
    ROUND(a.vacancy_fte, 4) AS vacancy_fte,
    a.staff_in_post_headcount,
    ROUND(a.staff_in_post_fte, 4) AS staff_in_post_fte,
    ROUND(a.staff_in_post_fte + a.vacancy_fte, 4) AS establishment_fte,
    CASE WHEN a.not_computed_note IS NULL
         THEN ROUND(a.vacancy_fte / NULLIF(a.staff_in_post_fte + a.vacancy_fte, 0), 4)
    END AS vacancy_rate,
    CASE
        WHEN a.not_computed_note IS NOT NULL THEN a.not_computed_note
        WHEN a.staff_in_post_fte + a.vacancy_fte = 0 THEN 'no staff in post and no open vacancies'
    END AS vacancy_rate_note,
    a.organisations,
    a.organisations_left_out,
    a.organisations_left_out_no_recent_snapshot,
    a.organisations_left_out_no_snapshot,
    CASE WHEN a.org_code IS NULL AND a.organisations_left_out > 0
         THEN CAST(a.organisations_left_out AS VARCHAR)
              || ' organisation(s) left out of this total, their staff figures not computed: '
              || CAST(a.organisations_left_out_no_recent_snapshot AS VARCHAR)
              || ' with no recent ESR snapshot, '
              || CAST(a.organisations_left_out_no_snapshot AS VARCHAR)
              || ' with no ESR snapshot on or before the reporting date'
    END AS organisations_left_out_note
FROM all_parts AS a
CROSS JOIN reporting AS r
