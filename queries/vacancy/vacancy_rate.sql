-- title: Vacancy rate by organisation and region, overall and by staff group, pay band and critical role
-- grain: one row per region x organisation (org_code null = region total) x dimension x dimension_value
-- source: NHS Digital NHS Vacancy Statistics methodology: vacancy rate = vacancy FTE / (staff-in-post FTE + vacancy FTE); staff in post from ESR on the reporting date, excluding Bank, Locum and Honorary (queries/common/staff_in_post.sql)
-- counts: open_vacancies, staff_in_post_headcount
-- derived: vacancy_rate <- open_vacancies, staff_in_post_headcount
-- Note: open vacancies are those with status 'Open' advertised on or before the reporting date
-- (vacancy_status_at_reporting_date). Region totals sum the organisations' parts and recompute
-- the rate; national figures sum vacancy_fte and staff_in_post_fte across regions the same way.
-- A person with assignments in two organisations counts in both organisations' headcounts.
WITH reporting AS (
    SELECT reporting_date FROM run_parameters
),
open_vacancy_parts AS (
    SELECT region_code, org_code, dimension, dimension_value,
           COUNT(*) AS open_vacancies,
           SUM(fte) AS vacancy_fte
    FROM vacancy_breakdowns
    WHERE is_open_at_snapshot
    GROUP BY region_code, org_code, dimension, dimension_value
),
staff_in_post_parts AS (
    SELECT region_code, org_code, dimension, dimension_value,
           COUNT(DISTINCT person_id) AS staff_in_post_headcount,
           SUM(fte) AS staff_in_post_fte
    FROM staff_in_post_breakdowns
    GROUP BY region_code, org_code, dimension, dimension_value
),
organisation_parts AS (
    SELECT
        COALESCE(v.region_code, s.region_code) AS region_code,
        COALESCE(v.org_code, s.org_code) AS org_code,
        COALESCE(v.dimension, s.dimension) AS dimension,
        COALESCE(v.dimension_value, s.dimension_value) AS dimension_value,
        COALESCE(v.open_vacancies, 0) AS open_vacancies,
        COALESCE(v.vacancy_fte, 0) AS vacancy_fte,
        COALESCE(s.staff_in_post_headcount, 0) AS staff_in_post_headcount,
        COALESCE(s.staff_in_post_fte, 0) AS staff_in_post_fte
    FROM open_vacancy_parts AS v
    FULL OUTER JOIN staff_in_post_parts AS s
      ON v.region_code = s.region_code
     AND v.org_code = s.org_code
     AND v.dimension = s.dimension
     AND v.dimension_value = s.dimension_value
),
region_parts AS (
    SELECT region_code, CAST(NULL AS VARCHAR) AS org_code, dimension, dimension_value,
           SUM(open_vacancies) AS open_vacancies,
           SUM(vacancy_fte) AS vacancy_fte,
           SUM(staff_in_post_headcount) AS staff_in_post_headcount,
           SUM(staff_in_post_fte) AS staff_in_post_fte
    FROM organisation_parts
    GROUP BY region_code, dimension, dimension_value
),
all_parts AS (
    SELECT region_code, org_code, dimension, dimension_value, open_vacancies, vacancy_fte,
           staff_in_post_headcount, staff_in_post_fte
    FROM organisation_parts
    UNION ALL
    SELECT region_code, org_code, dimension, dimension_value, open_vacancies, vacancy_fte,
           staff_in_post_headcount, staff_in_post_fte
    FROM region_parts
)
SELECT
    a.region_code,
    a.org_code,
    a.dimension,
    a.dimension_value,
    r.reporting_date,
    a.open_vacancies,
    ROUND(a.vacancy_fte, 4) AS vacancy_fte,
    a.staff_in_post_headcount,
    ROUND(a.staff_in_post_fte, 4) AS staff_in_post_fte,
    ROUND(a.staff_in_post_fte + a.vacancy_fte, 4) AS establishment_fte,
    ROUND(a.vacancy_fte / NULLIF(a.staff_in_post_fte + a.vacancy_fte, 0), 4) AS vacancy_rate,
    CASE
        WHEN a.staff_in_post_fte + a.vacancy_fte = 0 THEN 'no staff in post and no open vacancies'
    END AS vacancy_rate_note
FROM all_parts AS a
CROSS JOIN reporting AS r
