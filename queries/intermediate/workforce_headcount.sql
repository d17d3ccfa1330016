-- title: Substantive headcount on the reporting date per organisation, by WRES ethnic group and WDES disability group
-- grain: one row per organisation with staff in post (staging staff_in_post: its latest ESR snapshot on or before the reporting date, when current)
-- source: NHS England WRES and WDES technical guidance: staff = substantive workforce on the reporting date, counted by distinct person (Bank, Locum and Honorary excluded in staging)
-- publish: false
-- A person with two assignments counts once; staging gives each person one ethnic group and one
-- disability group per snapshot, so each group split adds up to headcount. snapshot_date: the
-- ESR snapshot the counts come from. An organisation whose snapshot is not current has no row
-- (organisation_snapshots says why).
SELECT
    region_code,
    org_code,
    MAX(snapshot_date) AS snapshot_date,
    COUNT(DISTINCT person_id) AS headcount,
    COUNT(DISTINCT CASE WHEN ethnic_group = 'White' THEN person_id END) AS headcount_white,
    COUNT(DISTINCT CASE WHEN ethnic_group = 'BME' THEN person_id END) AS headcount_bme,
    COUNT(DISTINCT CASE WHEN ethnic_group = 'Unknown' THEN person_id END) AS headcount_ethnicity_unknown,
    COUNT(DISTINCT CASE WHEN disability_group = 'Disabled' THEN person_id END) AS headcount_disabled,
    COUNT(DISTINCT CASE WHEN disability_group = 'Non-disabled' THEN person_id END) AS headcount_non_disabled,
    COUNT(DISTINCT CASE WHEN disability_group = 'Unknown' THEN person_id END) AS headcount_disability_unknown
FROM staff_in_post
GROUP BY region_code, org_code
