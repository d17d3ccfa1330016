-- title: Every vacancy once per reporting breakdown (all, staff group, pay band, critical role)
-- grain: one row per vacancy x breakdown it belongs to
-- source: vacancies extract (EXTRACTS.md); breakdowns of issue 6 (organisation, region, staff group, pay band, critical role)
-- publish: false
-- Note: dimension is 'all' (dimension_value 'All'), 'staff_group', 'pay_band' or
-- 'critical_role' (board-level roles only: vacancies with no critical role are not repeated).
SELECT v.*, 'all' AS dimension, CAST('All' AS VARCHAR) AS dimension_value
FROM vacancy_status_at_reporting_date AS v
UNION ALL
SELECT v.*, 'staff_group' AS dimension, v.staff_group AS dimension_value
FROM vacancy_status_at_reporting_date AS v
UNION ALL
SELECT v.*, 'pay_band' AS dimension, v.pay_band AS dimension_value
FROM vacancy_status_at_reporting_date AS v
UNION ALL
SELECT v.*, 'critical_role' AS dimension, v.critical_role AS dimension_value
FROM vacancy_status_at_reporting_date AS v
WHERE v.critical_role IS NOT NULL
