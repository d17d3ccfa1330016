-- title: Vacancy rate, national (NHS Digital definition: vacancy FTE / (staff in post FTE + vacancy FTE))
-- grain: England, the sum of the regions supplied (region total rows)
-- source: the regional table of the same name; every rate recomputed from summed numerators and denominators (never an average of regional rates)
-- counts: open_vacancies, staff_in_post_headcount
-- derived: vacancy_rate <- open_vacancies
WITH national AS (
    SELECT dimension, dimension_value, SUM(open_vacancies) AS open_vacancies, ROUND(SUM(vacancy_fte), 4) AS vacancy_fte,
           SUM(staff_in_post_headcount) AS staff_in_post_headcount, ROUND(SUM(staff_in_post_fte), 4) AS staff_in_post_fte
    FROM regional_vacancy_rate
    WHERE org_code IS NULL
    GROUP BY dimension, dimension_value
)
SELECT dimension, dimension_value, open_vacancies, vacancy_fte, staff_in_post_headcount, staff_in_post_fte,
       ROUND(vacancy_fte + staff_in_post_fte, 4) AS establishment_fte,
       ROUND(vacancy_fte / NULLIF(vacancy_fte + staff_in_post_fte, 0), 4) AS vacancy_rate
FROM national
