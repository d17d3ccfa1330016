-- title: Vacancy rate, national (NHS Digital definition: vacancy FTE / (staff in post FTE + vacancy FTE))
-- grain: England, the sum of the regions supplied (region total rows)
-- source: the regional table of the same name; every rate recomputed from summed numerators and denominators (never an average of regional rates)
-- counts: open_vacancies, staff_in_post_headcount
-- derived: vacancy_rate <- open_vacancies
-- Note: region rows count only organisations whose staff figures are computable (a current ESR
-- snapshot); organisations and organisations_left_out (with its two reasons) are summed so the
-- national row says how many organisations were left out.
WITH national AS (
    SELECT dimension, dimension_value, SUM(open_vacancies) AS open_vacancies, ROUND(SUM(vacancy_fte), 4) AS vacancy_fte,
           SUM(staff_in_post_headcount) AS staff_in_post_headcount, ROUND(SUM(staff_in_post_fte), 4) AS staff_in_post_fte,
           SUM(organisations) AS organisations, SUM(organisations_left_out) AS organisations_left_out,
           SUM(organisations_left_out_no_recent_snapshot) AS organisations_left_out_no_recent_snapshot,
           SUM(organisations_left_out_no_snapshot) AS organisations_left_out_no_snapshot
    FROM regional_vacancy_rate
    WHERE org_code IS NULL
    GROUP BY dimension, dimension_value
)
SELECT dimension, dimension_value, open_vacancies, vacancy_fte, staff_in_post_headcount, staff_in_post_fte,
       ROUND(vacancy_fte + staff_in_post_fte, 4) AS establishment_fte,
       CASE WHEN organisations > 0 THEN ROUND(vacancy_fte / NULLIF(vacancy_fte + staff_in_post_fte, 0), 4) END AS vacancy_rate,
       organisations, organisations_left_out, organisations_left_out_no_recent_snapshot,
       organisations_left_out_no_snapshot
FROM national
