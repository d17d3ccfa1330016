-- title: Substantive staff in post once per reporting breakdown (all, staff group, pay band, critical role)
-- grain: one row per staff-in-post assignment x breakdown it belongs to
-- source: staging/staff_in_post (EXTRACTS.md: Bank, Locum and Honorary excluded; each organisation's current ESR snapshot on or before the reporting date, issue 13 point 1); breakdowns as in NHS Digital NHS Vacancy Statistics
-- publish: false
SELECT s.*, 'all' AS dimension, CAST('All' AS VARCHAR) AS dimension_value
FROM staff_in_post AS s
UNION ALL
SELECT s.*, 'staff_group' AS dimension, s.staff_group AS dimension_value
FROM staff_in_post AS s
UNION ALL
SELECT s.*, 'pay_band' AS dimension, s.pay_band AS dimension_value
FROM staff_in_post AS s
UNION ALL
SELECT s.*, 'critical_role' AS dimension, s.critical_role AS dimension_value
FROM staff_in_post AS s
WHERE s.critical_role IS NOT NULL
