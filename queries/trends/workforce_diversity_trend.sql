-- title: Representation of BME, female and disabled staff by pay band, clinical and non-clinical, for every ESR snapshot month
-- grain: one row per snapshot_date x region x organisation (org_code null = region total) x pay_band x staff_category x measure (long format, chart-ready)
-- source: ESR monthly snapshots (staging/substantive_assignments: Bank, Locum and Honorary excluded, one ethnicity per person per snapshot); WRES indicator 1 (representation by band) tracked over time; clinical = staff groups so classed in EXTRACTS.md
-- counts: headcount, numerator, denominator
-- derived: share <- numerator, denominator
-- measure: 'bme_of_known' (numerator BME, denominator staff of known ethnicity: BME + White,
-- Unknown excluded, comparable with the community's ethnicity), 'bme_of_all' (numerator BME,
-- denominator headcount, Unknown included: WRES indicator 1's denominator), 'female' (numerator
-- Female, denominator headcount) and 'disabled' (numerator declared 'Yes', denominator headcount). headcount = distinct people in the band
-- and category on that snapshot. staff_category is 'Clinical' or 'Non-clinical'.
-- Region rows sum the organisation rows (a person in two organisations counts in each), so
-- national figures sum regions the same way.
WITH distinct_people AS (
    SELECT
        snapshot_date, region_code, org_code, pay_band, staff_scope AS staff_category, person_id,
        MAX(CASE WHEN ethnic_group = 'BME' THEN 1 ELSE 0 END) AS is_bme,
        MAX(CASE WHEN ethnic_group = 'White' THEN 1 ELSE 0 END) AS is_white,
        MAX(CASE WHEN gender = 'Female' THEN 1 ELSE 0 END) AS is_female,
        MAX(CASE WHEN disability = 'Yes' THEN 1 ELSE 0 END) AS is_disabled
    FROM substantive_assignments
    GROUP BY snapshot_date, region_code, org_code, pay_band, staff_scope, person_id
),
organisation_counts AS (
    SELECT
        snapshot_date, region_code, org_code, pay_band, staff_category,
        COUNT(*) AS headcount,
        SUM(is_bme) AS bme,
        SUM(is_white) AS white,
        SUM(is_female) AS female,
        SUM(is_disabled) AS disabled
    FROM distinct_people
    GROUP BY snapshot_date, region_code, org_code, pay_band, staff_category
),
region_counts AS (
    SELECT
        snapshot_date, region_code, CAST(NULL AS VARCHAR) AS org_code, pay_band, staff_category,
        SUM(headcount) AS headcount,
        SUM(bme) AS bme,
        SUM(white) AS white,
        SUM(female) AS female,
        SUM(disabled) AS disabled
    FROM organisation_counts
    GROUP BY snapshot_date, region_code, pay_band, staff_category
),
all_counts AS (
    SELECT * FROM organisation_counts
    UNION ALL
    SELECT * FROM region_counts
),
measures AS (
    SELECT snapshot_date, region_code, org_code, pay_band, staff_category, headcount,
           'bme_of_known' AS measure, bme AS numerator, bme + white AS denominator
    FROM all_counts
    UNION ALL
    SELECT snapshot_date, region_code, org_code, pay_band, staff_category, headcount,
           'bme_of_all' AS measure, bme AS numerator, headcount AS denominator
    FROM all_counts
    UNION ALL
    SELECT snapshot_date, region_code, org_code, pay_band, staff_category, headcount,
           'female' AS measure, female AS numerator, headcount AS denominator
    FROM all_counts
    UNION ALL
    SELECT snapshot_date, region_code, org_code, pay_band, staff_category, headcount,
           'disabled' AS measure, disabled AS numerator, headcount AS denominator
    FROM all_counts
)
SELECT
    snapshot_date,
    region_code,
    org_code,
    pay_band,
    staff_category,
    measure,
    headcount,
    numerator,
    denominator,
    ROUND(CAST(numerator AS DOUBLE) / NULLIF(denominator, 0), 4) AS share,
    CASE WHEN denominator = 0 AND measure = 'bme_of_known' THEN 'no staff of known ethnicity in this group'
         WHEN denominator = 0 THEN 'no staff in this group'
    END AS share_note
FROM measures
