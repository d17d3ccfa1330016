-- title: Substantive staff in post on the reporting date, with the groups the WRES and WDES count them by
-- grain: one row per substantive assignment in the ESR snapshot on the reporting date (common/staff_in_post)
-- source: NHS England, Workforce Race Equality Standard technical guidance (staff = substantive workforce, Bank, Locum and Honorary excluded) and Workforce Disability Equality Standard technical guidance; EXTRACTS.md code lists
-- publish: false
-- region_code: the organisation's region in ESR (pipeline/esr_organisation_region), the one
-- region every WRES and WDES table gives an organisation. staff_scope: 'Clinical' or
-- 'Non-clinical' from the staff group. disability_group: 'Disabled' (Yes), 'Non-disabled' (No),
-- else 'Unknown' (not declared, prefer not to answer, unspecified, empty).
SELECT
    COALESCE(m.region_code, s.region_code) AS region_code,
    s.org_code,
    s.person_id,
    s.pay_band,
    CASE WHEN s.is_clinical THEN 'Clinical' ELSE 'Non-clinical' END AS staff_scope,
    s.ethnic_group,
    CASE WHEN s.disability = 'Yes' THEN 'Disabled'
         WHEN s.disability = 'No' THEN 'Non-disabled'
         ELSE 'Unknown'
    END AS disability_group
FROM staff_in_post AS s
LEFT JOIN esr_organisation_region AS m ON m.org_code = s.org_code
