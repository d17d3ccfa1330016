-- title: Executive-director seats vacant or held by an interim, and organisations with a vacant executive seat
-- grain: one row per region x organisation (org_code null = region total)
-- source: board extract (EXTRACTS.md), latest snapshot per organisation; national comparators as quoted in issue 6: 8% of executive-director seats vacant or interim, 37% of organisations with at least one vacant executive-director seat
-- counts: executive_seats, vacant_executive_seats, interim_executive_seats, vacant_or_interim_executive_seats, organisations_with_vacant_executive_seat
-- derived: vacant_or_interim_share <- vacant_or_interim_executive_seats, executive_seats; organisations_with_vacant_share <- organisations_with_vacant_executive_seat
-- Note: executive-director seats are board seats flagged Executive (voting or not, the chief
-- executive included) on each organisation's latest board snapshot; a seat is vacant when it
-- has no member or its member's end date is before the snapshot (board_latest_snapshot).
-- Open vacancies in the vacancies extract are not added here: this mirrors the board-survey
-- measures. The national comparators are constants (DECIMAL, so suppression leaves them).
-- The region of an organisation comes from ESR, else the run's configured region.
-- organisations counts trusts, not people, so it is not a suppressed count.
WITH executive_seats_per_organisation AS (
    SELECT
        org_code,
        COUNT(*) AS executive_seats,
        SUM(CASE WHEN seat_state = 'vacant' THEN 1 ELSE 0 END) AS vacant_executive_seats,
        SUM(CASE WHEN seat_state = 'interim' THEN 1 ELSE 0 END) AS interim_executive_seats
    FROM board_latest_snapshot
    WHERE is_executive
    GROUP BY org_code
),
organisation_counts AS (
    SELECT
        COALESCE(m.region_code, p.region) AS region_code,
        s.org_code,
        s.executive_seats,
        s.vacant_executive_seats,
        s.interim_executive_seats,
        s.vacant_executive_seats + s.interim_executive_seats AS vacant_or_interim_executive_seats,
        1 AS organisations,
        CASE WHEN s.vacant_executive_seats > 0 THEN 1 ELSE 0 END AS organisations_with_vacant_executive_seat
    FROM executive_seats_per_organisation AS s
    LEFT JOIN esr_organisation_region AS m ON m.org_code = s.org_code
    CROSS JOIN run_parameters AS p
),
region_counts AS (
    SELECT
        region_code,
        CAST(NULL AS VARCHAR) AS org_code,
        SUM(executive_seats) AS executive_seats,
        SUM(vacant_executive_seats) AS vacant_executive_seats,
        SUM(interim_executive_seats) AS interim_executive_seats,
        SUM(vacant_or_interim_executive_seats) AS vacant_or_interim_executive_seats,
        SUM(organisations) AS organisations,
        SUM(organisations_with_vacant_executive_seat) AS organisations_with_vacant_executive_seat
    FROM organisation_counts
    GROUP BY region_code
),
all_counts AS (
    SELECT * FROM organisation_counts
    UNION ALL
    SELECT * FROM region_counts
)
SELECT
    region_code,
    org_code,
    executive_seats,
    vacant_executive_seats,
    interim_executive_seats,
    vacant_or_interim_executive_seats,
    ROUND(CAST(vacant_or_interim_executive_seats AS DOUBLE) / NULLIF(executive_seats, 0), 4) AS vacant_or_interim_share,
    CAST(0.08 AS DECIMAL(3, 2)) AS national_vacant_or_interim_share,
    organisations,
    organisations_with_vacant_executive_seat,
    ROUND(CAST(organisations_with_vacant_executive_seat AS DOUBLE) / NULLIF(organisations, 0), 4) AS organisations_with_vacant_share,
    CAST(0.37 AS DECIMAL(3, 2)) AS national_organisations_with_vacant_share
FROM all_counts
