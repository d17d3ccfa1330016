-- title: Substantive staff on the reporting date by organisation and WRES ethnic group
-- grain: one row per region x organisation x ethnic_group (White, BME, Unknown)
-- source: NHS England WRES technical guidance: staff = substantive workforce on the reporting date, counted by distinct person (Bank, Locum and Honorary excluded, see common/staff_in_post)
-- publish: false
SELECT region_code, org_code, ethnic_group, COUNT(DISTINCT person_id) AS headcount
FROM staff_in_post
GROUP BY region_code, org_code, ethnic_group
