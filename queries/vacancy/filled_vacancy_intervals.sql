-- title: Days from advert to start, and from advert to offer, for every filled vacancy
-- grain: one row per filled vacancy x breakdown x interval measured
-- source: vacancies extract (EXTRACTS.md); time to fill = advertised date to start date, also advertised to offer (issue 6)
-- publish: false
-- Note: interval_measured is 'advertised_to_start' (time to fill) or 'advertised_to_offer';
-- a filled vacancy without the end date of an interval is left out of that interval only.
-- Every filled vacancy in the extract counts, whatever its dates.
SELECT
    region_code, org_code, dimension, dimension_value,
    'advertised_to_start' AS interval_measured,
    start_date - advertised_date AS days
FROM vacancy_breakdowns
WHERE status = 'Filled' AND start_date IS NOT NULL
UNION ALL
SELECT
    region_code, org_code, dimension, dimension_value,
    'advertised_to_offer' AS interval_measured,
    offer_date - advertised_date AS days
FROM vacancy_breakdowns
WHERE status = 'Filled' AND offer_date IS NOT NULL
