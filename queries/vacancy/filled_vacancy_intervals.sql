-- title: Days from advert to start, and from advert to offer, for vacancies filled in the 12 months to the reporting date
-- grain: one row per filled vacancy x breakdown x interval measured
-- source: vacancies extract (EXTRACTS.md); time to fill = advertised date to start date, also advertised to offer (issue 6); period of issue 13 point 6: the 12 months to the reporting date, (run_parameters.reporting_year_start, reporting_date]
-- publish: false
-- Note: interval_measured is 'advertised_to_start' (time to fill) or 'advertised_to_offer'.
-- Each interval counts the vacancies with status 'Filled' whose interval END date falls in the
-- period (period_defined_by names it): advertised_to_start those that started in the period,
-- advertised_to_offer those whose offer was made in the period. So a vacancy that started
-- before the period, or starts after the reporting date, is not in time to fill; a filled
-- vacancy without the end date of an interval is left out of that interval only (a Filled row
-- with an offer date and no start date counts in advertised_to_offer only).
-- period_start_exclusive = run_parameters.reporting_year_start (the day before the first day
-- of the period, month-end arithmetic), period_end = reporting_date (inclusive).
WITH period AS (
    SELECT reporting_year_start AS period_start_exclusive, reporting_date AS period_end
    FROM run_parameters
)
SELECT
    v.region_code, v.org_code, v.dimension, v.dimension_value,
    'advertised_to_start' AS interval_measured,
    'start_date' AS period_defined_by,
    p.period_start_exclusive,
    p.period_end,
    v.start_date - v.advertised_date AS days
FROM vacancy_breakdowns AS v
CROSS JOIN period AS p
WHERE v.status = 'Filled'
  AND v.start_date > p.period_start_exclusive
  AND v.start_date <= p.period_end
UNION ALL
SELECT
    v.region_code, v.org_code, v.dimension, v.dimension_value,
    'advertised_to_offer' AS interval_measured,
    'offer_date' AS period_defined_by,
    p.period_start_exclusive,
    p.period_end,
    v.offer_date - v.advertised_date AS days
FROM vacancy_breakdowns AS v
CROSS JOIN period AS p
WHERE v.status = 'Filled'
  AND v.offer_date > p.period_start_exclusive
  AND v.offer_date <= p.period_end
