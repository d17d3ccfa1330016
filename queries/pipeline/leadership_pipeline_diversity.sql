-- title: Diversity of the leadership supply pool beside the workforce, the feeder bands and the board
-- grain: one row per region x organisation (org_code null = region total) x comparison_group x critical_role (null = not role-specific / every role)
-- source: issue 6 (diversity of the supply pool beside workforce, feeder bands, board and community); issue 13 point 12 (BME shares named by denominator); WRES conventions for ethnicity (Unknown excluded from bme_share_of_known); talent_pool, ESR and board extracts (EXTRACTS.md)
-- counts: headcount, bme, white, ethnicity_known, female, disabled, clinical
-- derived: bme_share <- bme, ethnicity_known; bme_share_of_known <- bme, ethnicity_known; bme_share_of_all <- bme, headcount; female_share <- female, headcount; disabled_share <- disabled, headcount; clinical_share <- clinical, headcount
-- comparison_group:
--   'supply_pool'  candidates on each organisation's talent-pool snapshot in use
--                  (staging/talent_pool_latest_snapshot) who count as supply within 5 years
--                  (readiness other than 'Not ready'), per target role and for every role
--                  together (critical_role null; a person counts once)
--   'workforce'    substantive staff in post on the reporting date (staging/staff_in_post:
--                  each organisation's ESR snapshot in use)
--   'feeder_bands' staff in post in a feeder band (run table pay_bands, is_feeder_band: Band
--                  8c, Band 8d, Band 9 and VSM)
--   'board'        current members on each organisation's board snapshot in use (every seat
--                  that is not vacant: staging/board_latest_snapshot); per critical role the
--                  current holders, critical_role null = the whole board
-- Each person (board member) counts once per organisation and group. Shares:
-- bme_share_of_known = bme / (bme + white) (Unknown ethnicity excluded, as in the WRES ratios,
-- which makes it comparable with community_diversity); bme_share is the same figure under its
-- earlier name; bme_share_of_all = bme / headcount (Unknown in the denominator, as in WRES
-- indicators 1 and 9). female_share and disabled_share are over the whole headcount
-- (disabled = declared 'Yes'); clinical = clinical staff group in ESR, clinical background in
-- the talent pool, and not recorded for board members (null).
-- Region rows sum the organisation rows.
WITH supply_pool_entries AS (
    SELECT *
    FROM talent_pool_latest_snapshot
    WHERE readiness <> 'Not ready'
),
people AS (
    SELECT
        'supply_pool' AS comparison_group, region_code, org_code, target_role AS critical_role,
        person_id AS person_key, ethnic_group, gender, disability,
        CASE WHEN clinical_background THEN 1 ELSE 0 END AS is_clinical
    FROM supply_pool_entries
    UNION ALL
    SELECT
        'supply_pool', region_code, org_code, CAST(NULL AS VARCHAR),
        person_id, ethnic_group, gender, disability,
        CASE WHEN clinical_background THEN 1 ELSE 0 END
    FROM supply_pool_entries
    UNION ALL
    SELECT
        'workforce', region_code, org_code, CAST(NULL AS VARCHAR),
        person_id, ethnic_group, gender, disability,
        CASE WHEN is_clinical THEN 1 ELSE 0 END
    FROM staff_in_post
    UNION ALL
    SELECT
        'feeder_bands', region_code, org_code, CAST(NULL AS VARCHAR),
        person_id, ethnic_group, gender, disability,
        CASE WHEN is_clinical THEN 1 ELSE 0 END
    FROM staff_in_post
    WHERE pay_band IN (SELECT pay_band FROM pay_bands WHERE is_feeder_band)
    UNION ALL
    SELECT
        'board', COALESCE(m.region_code, p.region), b.org_code, b.critical_role,
        b.member_id, b.ethnic_group, b.gender, b.disability,
        CAST(NULL AS INT)
    FROM board_latest_snapshot AS b
    LEFT JOIN esr_organisation_region AS m ON m.org_code = b.org_code
    CROSS JOIN run_parameters AS p
    WHERE b.seat_state <> 'vacant' AND b.critical_role IS NOT NULL
    UNION ALL
    SELECT
        'board', COALESCE(m.region_code, p.region), b.org_code, CAST(NULL AS VARCHAR),
        b.member_id, b.ethnic_group, b.gender, b.disability,
        CAST(NULL AS INT)
    FROM board_latest_snapshot AS b
    LEFT JOIN esr_organisation_region AS m ON m.org_code = b.org_code
    CROSS JOIN run_parameters AS p
    WHERE b.seat_state <> 'vacant'
),
distinct_people AS (
    -- One row per person per organisation and group, whatever their number of assignments.
    SELECT
        comparison_group, region_code, org_code, critical_role, person_key,
        MAX(CASE WHEN ethnic_group = 'BME' THEN 1 ELSE 0 END) AS is_bme,
        MAX(CASE WHEN ethnic_group = 'White' THEN 1 ELSE 0 END) AS is_white,
        MAX(CASE WHEN gender = 'Female' THEN 1 ELSE 0 END) AS is_female,
        MAX(CASE WHEN disability = 'Yes' THEN 1 ELSE 0 END) AS is_disabled,
        MAX(is_clinical) AS is_clinical
    FROM people
    GROUP BY comparison_group, region_code, org_code, critical_role, person_key
),
organisation_counts AS (
    SELECT
        region_code, org_code, comparison_group, critical_role,
        COUNT(*) AS headcount,
        SUM(is_bme) AS bme,
        SUM(is_white) AS white,
        SUM(is_female) AS female,
        SUM(is_disabled) AS disabled,
        SUM(is_clinical) AS clinical
    FROM distinct_people
    GROUP BY region_code, org_code, comparison_group, critical_role
),
region_counts AS (
    SELECT
        region_code, CAST(NULL AS VARCHAR) AS org_code, comparison_group, critical_role,
        SUM(headcount) AS headcount,
        SUM(bme) AS bme,
        SUM(white) AS white,
        SUM(female) AS female,
        SUM(disabled) AS disabled,
        SUM(clinical) AS clinical
    FROM organisation_counts
    GROUP BY region_code, comparison_group, critical_role
),
all_counts AS (
    SELECT * FROM organisation_counts
    UNION ALL
    SELECT * FROM region_counts
)
SELECT
    region_code,
    org_code,
    comparison_group,
    critical_role,
    headcount,
    bme,
    white,
    bme + white AS ethnicity_known,
    ROUND(CAST(bme AS DOUBLE) / NULLIF(bme + white, 0), 4) AS bme_share,
    ROUND(CAST(bme AS DOUBLE) / NULLIF(bme + white, 0), 4) AS bme_share_of_known,
    ROUND(CAST(bme AS DOUBLE) / NULLIF(headcount, 0), 4) AS bme_share_of_all,
    female,
    ROUND(CAST(female AS DOUBLE) / NULLIF(headcount, 0), 4) AS female_share,
    disabled,
    ROUND(CAST(disabled AS DOUBLE) / NULLIF(headcount, 0), 4) AS disabled_share,
    clinical,
    ROUND(CAST(clinical AS DOUBLE) / NULLIF(headcount, 0), 4) AS clinical_share,
    CASE
        WHEN bme + white = 0 AND clinical IS NULL
            THEN 'bme_share: no one of known ethnicity; clinical_share: not recorded for board members'
        WHEN bme + white = 0 THEN 'bme_share: no one of known ethnicity'
        WHEN clinical IS NULL THEN 'clinical_share: not recorded for board members'
    END AS share_note
FROM all_counts
