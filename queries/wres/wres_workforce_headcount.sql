-- title: Substantive headcount on the reporting date per organisation, by WRES ethnic group and WDES disability group
-- grain: one row per organisation with staff in post on the reporting date
-- source: NHS England WRES and WDES technical guidance: staff = substantive workforce on the reporting date, counted by distinct person (Bank, Locum and Honorary excluded, common/staff_in_post)
-- publish: false
-- The denominators of WRES indicators 4 and 9 and WDES metric 10. A person with two
-- assignments counts once.
SELECT
    region_code,
    org_code,
    COUNT(DISTINCT person_id) AS headcount,
    COUNT(DISTINCT CASE WHEN ethnic_group = 'White' THEN person_id END) AS headcount_white,
    COUNT(DISTINCT CASE WHEN ethnic_group = 'BME' THEN person_id END) AS headcount_bme,
    COUNT(DISTINCT CASE WHEN ethnic_group = 'Unknown' THEN person_id END) AS headcount_ethnicity_unknown,
    COUNT(DISTINCT CASE WHEN disability_group = 'Disabled' THEN person_id END) AS headcount_disabled,
    COUNT(DISTINCT CASE WHEN disability_group = 'Non-disabled' THEN person_id END) AS headcount_non_disabled,
    COUNT(DISTINCT CASE WHEN disability_group = 'Unknown' THEN person_id END) AS headcount_disability_unknown
FROM wres_staff_in_post
GROUP BY region_code, org_code
