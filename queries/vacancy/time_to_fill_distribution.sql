-- title: Vacancies filled in the 12 months to the reporting date per exact number of days to fill, per region (the distribution behind time_to_fill)
-- grain: one row per region x dimension x dimension_value x interval_measured x days
-- source: vacancies extract (EXTRACTS.md); published so national median and 90th percentile time to fill can be recomputed exactly from the union of regional distributions
-- counts: filled_vacancies
-- Note: national aggregation must use the restricted copy (the published copy withholds small
-- counts). Breakdowns, intervals and the period, (period_start_exclusive, period_end] on the
-- date named by period_defined_by, are as in time_to_fill.
SELECT
    region_code,
    dimension,
    dimension_value,
    interval_measured,
    period_defined_by,
    period_start_exclusive,
    period_end,
    days,
    COUNT(*) AS filled_vacancies
FROM filled_vacancy_intervals
GROUP BY region_code, dimension, dimension_value, interval_measured, period_defined_by,
         period_start_exclusive, period_end, days
