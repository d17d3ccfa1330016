-- title: Filled vacancies by exact days to fill, national
-- grain: one row per breakdown x interval measured x day count, England
-- source: the regional table of the same name, counts summed
-- counts: filled_vacancies
SELECT dimension, dimension_value, interval_measured, days, SUM(filled_vacancies) AS filled_vacancies
FROM regional_time_to_fill_distribution
GROUP BY dimension, dimension_value, interval_measured, days
