-- title: Executive-director seats vacant or held by an interim, and organisations with a vacant (or a vacant or interim) executive seat
-- grain: one row per region x organisation (org_code null = region total)
-- source: board extract (EXTRACTS.md), each organisation's board snapshot in use (staging/board_latest_snapshot); national comparators as quoted in issue 6: 8% of executive-director seats vacant or interim, 37% of organisations with at least one vacant or interim executive-director seat (issue 13 point 10)
-- counts: executive_seats, vacant_executive_seats, interim_executive_seats, vacant_or_interim_executive_seats, organisations_with_vacant_executive_seat, organisations_with_vacant_or_interim_executive_seat
-- derived: vacant_or_interim_share <- vacant_or_interim_executive_seats, executive_seats; organisations_with_vacant_share <- organisations_with_vacant_executive_seat; organisations_with_vacant_or_interim_share <- organisations_with_vacant_or_interim_executive_seat
-- Note: executive-director seats are board seats flagged Executive (voting or not, the chief
-- executive included) on each organisation's board snapshot in use: its latest on or before
-- the reporting date, within metrics.snapshot_staleness_days (board_snapshot_date). A seat is
-- vacant when it has no member, or its member has left (end date before the reporting date)
-- and no current member holds that role; a departed member listed beside their replacement is
-- not a seat (board_latest_snapshot). Open vacancies in the vacancies extract are not added
-- here: this mirrors the board-survey measures. Organisations: those with at least one
-- executive seat; organisations_with_vacant_executive_seat counts those with a vacant one,
-- organisations_with_vacant_or_interim_executive_seat those with a vacant or an interim one
-- (the measure the national 37% describes; national_organisations_with_vacant_share keeps its
-- name for stability and holds the same figure). An organisation whose board snapshot is not
-- current has a row with null counts and a board_snapshot_note, and is left out of the region
-- row, which counts it in organisations_without_recent_board. The national comparators are
-- constants (DECIMAL, so suppression leaves them). The region of an organisation comes from
-- ESR, else the run's configured region. organisations counts trusts, not people, so it is
-- not a suppressed count.
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
computed_organisations AS (
    SELECT
        s.org_code,
        b.snapshot_date AS board_snapshot_date,
        CAST(NULL AS VARCHAR) AS board_snapshot_note,
        s.executive_seats,
        s.vacant_executive_seats,
        s.interim_executive_seats,
        s.vacant_executive_seats + s.interim_executive_seats AS vacant_or_interim_executive_seats,
        1 AS organisations,
        CASE WHEN s.vacant_executive_seats > 0 THEN 1 ELSE 0 END AS organisations_with_vacant_executive_seat,
        CASE WHEN s.vacant_executive_seats + s.interim_executive_seats > 0 THEN 1 ELSE 0 END
            AS organisations_with_vacant_or_interim_executive_seat,
        0 AS organisations_without_recent_board
    FROM executive_seats_per_organisation AS s
    JOIN board_organisation_snapshots AS b ON b.org_code = s.org_code
),
not_computed_organisations AS (
    SELECT
        b.org_code,
        b.snapshot_date AS board_snapshot_date,
        b.snapshot_note AS board_snapshot_note,
        CAST(NULL AS BIGINT) AS executive_seats,
        CAST(NULL AS BIGINT) AS vacant_executive_seats,
        CAST(NULL AS BIGINT) AS interim_executive_seats,
        CAST(NULL AS BIGINT) AS vacant_or_interim_executive_seats,
        0 AS organisations,
        CAST(NULL AS BIGINT) AS organisations_with_vacant_executive_seat,
        CAST(NULL AS BIGINT) AS organisations_with_vacant_or_interim_executive_seat,
        1 AS organisations_without_recent_board
    FROM board_organisation_snapshots AS b
    WHERE NOT b.is_current
),
organisation_counts AS (
    SELECT COALESCE(m.region_code, p.region) AS region_code, o.*
    FROM (
        SELECT * FROM computed_organisations
        UNION ALL
        SELECT * FROM not_computed_organisations
    ) AS o
    LEFT JOIN esr_organisation_region AS m ON m.org_code = o.org_code
    CROSS JOIN run_parameters AS p
),
region_counts AS (
    SELECT
        region_code,
        CAST(NULL AS VARCHAR) AS org_code,
        MIN(CASE WHEN board_snapshot_note IS NULL THEN board_snapshot_date END) AS board_snapshot_date,
        CAST(NULL AS VARCHAR) AS board_snapshot_note,
        SUM(executive_seats) AS executive_seats,
        SUM(vacant_executive_seats) AS vacant_executive_seats,
        SUM(interim_executive_seats) AS interim_executive_seats,
        SUM(vacant_or_interim_executive_seats) AS vacant_or_interim_executive_seats,
        SUM(organisations) AS organisations,
        SUM(organisations_with_vacant_executive_seat) AS organisations_with_vacant_executive_seat,
        SUM(organisations_with_vacant_or_interim_executive_seat) AS organisations_with_vacant_or_interim_executive_seat,
        SUM(organisations_without_recent_board) AS organisations_without_recent_board
    FROM organisation_counts
    GROUP BY region_code
),
all_counts AS (
    SELECT region_code, org_code, board_snapshot_date, board_snapshot_note, executive_seats,
           vacant_executive_seats, interim_executive_seats, vacant_or_interim_executive_seats,
           organisations, organisations_with_vacant_executive_seat,
           organisations_with_vacant_or_interim_executive_seat, organisations_without_recent_board
    FROM organisation_counts
    UNION ALL
    SELECT region_code, org_code, board_snapshot_date, board_snapshot_note, executive_seats,
           vacant_executive_seats, interim_executive_seats, vacant_or_interim_executive_seats,
           organisations, organisations_with_vacant_executive_seat,
           organisations_with_vacant_or_interim_executive_seat, organisations_without_recent_board
    FROM region_counts
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
    CAST(0.37 AS DECIMAL(3, 2)) AS national_organisations_with_vacant_share,
    organisations_with_vacant_or_interim_executive_seat,
    ROUND(CAST(organisations_with_vacant_or_interim_executive_seat AS DOUBLE) / NULLIF(organisations, 0), 4)
        AS organisations_with_vacant_or_interim_share,
    CAST(0.37 AS DECIMAL(3, 2)) AS national_organisations_with_vacant_or_interim_share,
    organisations_without_recent_board,
    board_snapshot_date,
    board_snapshot_note
FROM all_counts
