-- title: Hard-to-fill vacancies, national (open over 90 days, or advertised twice or more)
-- grain: England, the sum of the regions supplied (region total rows)
-- source: the regional table of the same name; every rate recomputed from summed numerators and denominators (never an average of regional rates)
-- counts: open_vacancies, open_over_90_days, advertised_twice_or_more, hard_to_fill_vacancies
-- derived: hard_to_fill_share <- open_vacancies, hard_to_fill_vacancies
SELECT dimension, dimension_value, SUM(open_vacancies) AS open_vacancies, SUM(open_over_90_days) AS open_over_90_days,
       SUM(advertised_twice_or_more) AS advertised_twice_or_more, SUM(hard_to_fill_vacancies) AS hard_to_fill_vacancies,
       ROUND(CAST(SUM(hard_to_fill_vacancies) AS DOUBLE) / NULLIF(SUM(open_vacancies), 0), 4) AS hard_to_fill_share
FROM regional_hard_to_fill_vacancies
WHERE org_code IS NULL
GROUP BY dimension, dimension_value
