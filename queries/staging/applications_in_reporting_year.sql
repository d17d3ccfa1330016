-- title: Applications dated in the reporting year, with the organisation's region
-- grain: one row per application with application_date in (reporting_year_start, reporting_date]
-- source: EXTRACTS.md (recruitment); the reporting year of WRES indicator 2 and WDES metric 2
-- publish: false
-- The region of an organisation comes from ESR, else the run's configured region.
SELECT COALESCE(m.region_code, p.region) AS region_code, a.org_code, a.ethnic_group, a.disability,
       a.shortlisted, a.appointed
FROM recruitment AS a
CROSS JOIN run_parameters AS p
LEFT JOIN esr_organisation_region AS m ON m.org_code = a.org_code
WHERE a.application_date > p.reporting_year_start
  AND a.application_date <= p.reporting_date
