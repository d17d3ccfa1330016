-- title: Board seats of each organisation on its board snapshot in use, with their state on the reporting date
-- grain: one row per board seat on the organisation's snapshot in use (staging/board_organisation_snapshots, current only)
-- source: board extract (EXTRACTS.md): an empty Member ID is a vacant post; issue 13 points 1 and 3
-- publish: false
-- Snapshot: each organisation's latest board snapshot on or before the reporting date, if
-- recent enough (board_organisation_snapshots.is_current); organisations without one have no
-- rows here (their board figures are not computed, never zero).
-- Seats: a member has departed when their end date is before the reporting date. A board
-- snapshot often still lists a departed member beside their replacement: that is one seat,
-- held. So a departed member makes a seat vacant only when no current member of the
-- organisation holds the same role (the critical role, else the role title, compared trimmed
-- and case-insensitively); several departed members of one role that nobody holds now make one
-- vacant seat (the latest to leave is kept), and a departed member of a role that is held is
-- not a seat at all (no row). A departed member with no role title stays a vacant seat.
-- seat_state: 'vacant' (no Member ID, or departed), else 'interim' (interim or acting), else
-- 'substantive'. Columns of a vacant seat other than its role describe no current member.
WITH snapshot_rows AS (
    SELECT
        b.*,
        COALESCE(b.critical_role, UPPER(TRIM(b.role))) AS role_key,
        b.member_id IS NOT NULL
            AND b.end_date < COALESCE(p.reporting_date, b.snapshot_date) AS has_departed
    FROM board AS b
    JOIN board_organisation_snapshots AS s
      ON s.org_code = b.org_code
     AND s.snapshot_date = b.snapshot_date
    CROSS JOIN run_parameters AS p
    WHERE s.is_current
),
roles_held AS (
    SELECT DISTINCT org_code, role_key
    FROM snapshot_rows
    WHERE member_id IS NOT NULL AND NOT COALESCE(has_departed, FALSE) AND role_key IS NOT NULL
),
departed_from_roles_not_held AS (
    SELECT
        d.*,
        ROW_NUMBER() OVER (
            PARTITION BY d.org_code, d.role_key
            ORDER BY d.end_date DESC, d.member_id
        ) AS departure_rank
    FROM snapshot_rows AS d
    LEFT JOIN roles_held AS h
      ON h.org_code = d.org_code
     AND h.role_key = d.role_key
    WHERE d.has_departed AND h.role_key IS NULL
),
seats AS (
    SELECT org_code, snapshot_date, member_id, role, critical_role, is_voting, is_executive,
           ethnic_code, ethnic_group, gender, disability, is_interim, start_date, end_date,
           FALSE AS has_departed
    FROM snapshot_rows
    WHERE NOT COALESCE(has_departed, FALSE)
    UNION ALL
    SELECT org_code, snapshot_date, member_id, role, critical_role, is_voting, is_executive,
           ethnic_code, ethnic_group, gender, disability, is_interim, start_date, end_date,
           TRUE AS has_departed
    FROM departed_from_roles_not_held
    WHERE departure_rank = 1 OR role_key IS NULL
)
SELECT
    org_code,
    snapshot_date,
    member_id,
    role,
    critical_role,
    is_voting,
    is_executive,
    ethnic_code,
    ethnic_group,
    gender,
    disability,
    start_date,
    end_date,
    has_departed,
    CASE
        WHEN member_id IS NULL OR has_departed THEN 'vacant'
        WHEN COALESCE(is_interim, FALSE) THEN 'interim'
        ELSE 'substantive'
    END AS seat_state
FROM seats
