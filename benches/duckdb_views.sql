-- DuckDB views that present the generated CSVs (clean, no defects) under talentpipe's staged
-- table names and columns, so the shipped queries run unchanged in DuckDB (benches/run.sh).
-- Simplified staging: no validation, no pseudonymisation (identifiers used as they are).
CREATE MACRO dmy(x) AS CAST(try_strptime(NULLIF(x, ''), '%d/%m/%Y') AS DATE);
CREATE MACRO iso(x) AS TRY_CAST(NULLIF(x, '') AS DATE);
CREATE MACRO eth_group(x) AS CASE
    WHEN x IS NULL OR x = '' OR upper(left(x, 1)) = 'Z' OR lower(x) IN ('not stated', 'unspecified', 'prefer not to say') THEN 'Unknown'
    WHEN upper(left(x, 1)) IN ('A', 'B', 'C') THEN 'White' ELSE 'BME' END;
CREATE MACRO eth_code(x) AS CASE WHEN eth_group(x) = 'Unknown' THEN 'Z' ELSE upper(left(x, 1)) END;
CREATE MACRO dis(x) AS CASE WHEN x IN ('Yes', 'No') THEN x ELSE 'Unknown' END;
CREATE MACRO gen(x) AS CASE WHEN x IN ('Female', 'Male') THEN x WHEN x IN ('Other', 'Non-binary') THEN 'Other' ELSE 'Not Known' END;
CREATE MACRO clinical(x) AS x NOT IN ('Administrative and Clerical', 'Estates and Ancillary');
CREATE MACRO band(x) AS CASE WHEN x LIKE 'Band 8_' THEN 'Band 8' || lower(right(x, 1)) ELSE x END;
CREATE MACRO flag(x) AS upper(x) IN ('Y', 'YES');

CREATE VIEW esr_workforce AS SELECT
    dmy("Snapshot Date") AS snapshot_date, "Employee Number" AS person_id, "Assignment Number" AS assignment_id,
    upper("Organisation Code") AS org_code, "Region Code" AS region_code, "Staff Group" AS staff_group,
    clinical("Staff Group") AS is_clinical, "Job Role" AS job_role, NULLIF("Critical Role", '') AS critical_role,
    band("Pay Band") AS pay_band, eth_code("Ethnic Origin") AS ethnic_code, eth_group("Ethnic Origin") AS ethnic_group,
    gen("Gender") AS gender, dis("Disability") AS disability, '35-44' AS age_band, TRY_CAST("FTE" AS DOUBLE) AS fte,
    "Assignment Category" AS assignment_category, flag("Interim") AS is_interim, dmy("Start Date") AS start_date,
    dmy("Termination Date") AS termination_date, NULLIF("Leaving Reason", '') AS leaving_reason
FROM read_csv('INPUT/esr_workforce/*.csv', all_varchar = true, header = true);

CREATE VIEW staff_survey AS SELECT
    TRY_CAST("Survey Year" AS BIGINT) AS survey_year, upper("Organisation Code") AS org_code, "Respondent ID" AS respondent_id,
    CASE WHEN "Ethnic Group" IS NULL OR "Ethnic Group" IN ('', 'Prefer not to say') THEN 'Unknown' ELSE split_part("Ethnic Group", ' ', 1) END AS ethnic_category,
    CASE WHEN "Ethnic Group" = 'White' THEN 'White' WHEN "Ethnic Group" IS NULL OR "Ethnic Group" IN ('', 'Prefer not to say') THEN 'Unknown' ELSE 'BME' END AS ethnic_group,
    gen("Gender") AS gender, dis("Disability") AS disability, "Staff Group" AS staff_group, clinical("Staff Group") AS is_clinical,
    NULLIF(harassment_public, '') AS harassment_public, NULLIF(harassment_manager, '') AS harassment_manager,
    NULLIF(harassment_colleagues, '') AS harassment_colleagues, NULLIF(equal_opportunities, '') AS equal_opportunities,
    NULLIF(discrimination_public, '') AS discrimination_public, NULLIF(discrimination_staff, '') AS discrimination_staff
FROM read_csv('INPUT/staff_survey/*.csv', all_varchar = true, header = true);

CREATE VIEW recruitment AS SELECT
    "Vacancy Reference" AS vacancy_reference, upper("Organisation Code") AS org_code, "Applicant ID" AS applicant_id,
    iso("Application Date") AS application_date, eth_code("Ethnic Origin") AS ethnic_code, eth_group("Ethnic Origin") AS ethnic_group,
    dis("Disability") AS disability, flag("Shortlisted") AS shortlisted, flag("Appointed") AS appointed
FROM read_csv('INPUT/recruitment/*.csv', all_varchar = true, header = true);

CREATE VIEW vacancies AS SELECT
    "Vacancy Reference" AS vacancy_reference, upper("Organisation Code") AS org_code, "Region Code" AS region_code,
    "Staff Group" AS staff_group, clinical("Staff Group") AS is_clinical, band("Pay Band") AS pay_band, "Job Role" AS job_role,
    NULLIF("Critical Role", '') AS critical_role, TRY_CAST("FTE" AS DOUBLE) AS fte, iso("Advertised Date") AS advertised_date,
    iso("Closing Date") AS closing_date, iso("Offer Date") AS offer_date, iso("Start Date") AS start_date, "Status" AS status,
    flag("Interim Cover") AS interim_cover, CAST("Times Advertised" AS BIGINT) AS times_advertised
FROM read_csv('INPUT/vacancies/*.csv', all_varchar = true, header = true);

CREATE VIEW disciplinary AS SELECT
    "Case Reference" AS case_reference, upper("Organisation Code") AS org_code, "Employee Number" AS person_id,
    eth_code("Ethnic Origin") AS ethnic_code, eth_group("Ethnic Origin") AS ethnic_group,
    iso("Date Entered Formal Process") AS date_entered_formal_process
FROM read_csv('INPUT/disciplinary/*.csv', all_varchar = true, header = true);

CREATE VIEW training AS SELECT
    "Employee Number" AS person_id, upper("Organisation Code") AS org_code, eth_code("Ethnic Origin") AS ethnic_code,
    eth_group("Ethnic Origin") AS ethnic_group, "Course Type" AS course_type, iso("Start Date") AS start_date
FROM read_csv('INPUT/training/*.csv', all_varchar = true, header = true);

CREATE VIEW board AS SELECT
    upper("Organisation Code") AS org_code, NULLIF("Member ID", '') AS member_id, "Role" AS role,
    NULLIF("Critical Role", '') AS critical_role, flag("Voting") AS is_voting, flag("Executive") AS is_executive,
    eth_code("Ethnic Origin") AS ethnic_code, eth_group("Ethnic Origin") AS ethnic_group, gen("Gender") AS gender,
    dis("Disability") AS disability, CASE WHEN "Interim" = '' THEN NULL ELSE flag("Interim") END AS is_interim,
    dmy("Start Date") AS start_date, dmy("End Date") AS end_date, dmy("Snapshot Date") AS snapshot_date
FROM read_csv('INPUT/board/*.csv', all_varchar = true, header = true);

CREATE VIEW talent_pool AS SELECT
    dmy("Snapshot Date") AS snapshot_date, "Employee Number" AS person_id, upper("Organisation Code") AS org_code,
    "Region Code" AS region_code, "Target Role" AS target_role, "Performance" AS performance, "Potential" AS potential,
    "Readiness" AS readiness, "Mobility" AS mobility, NULLIF("Programme", '') AS programme,
    eth_code("Ethnic Origin") AS ethnic_code, eth_group("Ethnic Origin") AS ethnic_group, gen("Gender") AS gender,
    dis("Disability") AS disability, flag("Clinical Background") AS clinical_background
FROM read_csv('INPUT/talent_pool/*.csv', all_varchar = true, header = true);

CREATE VIEW population AS SELECT
    "Region Code" AS region_code, "Ethnic Group" AS ethnic_category,
    CASE WHEN "Ethnic Group" = 'White' THEN 'White' ELSE 'BME' END AS ethnic_group, CAST("Population" AS BIGINT) AS population
FROM read_csv('INPUT/population/*.csv', all_varchar = true, header = true);

-- The run tables (run_parameters, critical_roles, pay_bands) are not written here: duckdb_run.py
-- creates them from the manifest of talentpipe's run over the same input (its `run_tables`),
-- so both engines read the same parameters and the one list of critical roles and pay bands.

CREATE VIEW appraisal AS SELECT
    upper("Organisation Code") AS org_code, "Employee Number" AS person_id, iso("Appraisal Date") AS appraisal_date,
    "Appraisal Type" AS appraisal_type, flag("Talent Conversation Held") AS talent_conversation_held,
    NULLIF("Rating", '') AS rating, flag("Career Aspiration Recorded") AS career_aspiration_recorded
FROM read_csv('INPUT/appraisal/*.csv', all_varchar = true, header = true);
