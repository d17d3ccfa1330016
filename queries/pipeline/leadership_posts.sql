-- title: Critical board posts per organisation: vacant, interim and substantive now
-- grain: one row per organisation x critical role (CEO, DOF, DON, MD, HRD, COO)
-- source: board extract (latest snapshot per organisation) and vacancies extract (open on the reporting date), EXTRACTS.md
-- publish: false
-- Note: an open vacancy for a role usually is the post behind a vacant seat or an interim, so
-- it is not counted twice: open vacancies add to vacant_now only beyond the seats already
-- vacant or interim (open_vacancies_beyond_board). So posts = vacant_now + interim_now +
-- substantive_now, and vacant_now = vacant_seats + open_vacancies_beyond_board.
WITH critical_roles AS (
    SELECT critical_role
    FROM (VALUES ('CEO'), ('DOF'), ('DON'), ('MD'), ('HRD'), ('COO')) AS r (critical_role)
),
board_seats_per_role AS (
    SELECT
        org_code,
        critical_role,
        COUNT(*) AS board_seats,
        SUM(CASE WHEN seat_state = 'vacant' THEN 1 ELSE 0 END) AS vacant_seats,
        SUM(CASE WHEN seat_state = 'interim' THEN 1 ELSE 0 END) AS interim_seats,
        SUM(CASE WHEN seat_state = 'substantive' THEN 1 ELSE 0 END) AS substantive_seats
    FROM board_latest_snapshot
    WHERE critical_role IS NOT NULL
    GROUP BY org_code, critical_role
),
open_vacancies_per_role AS (
    SELECT org_code, critical_role, COUNT(*) AS open_vacancies
    FROM vacancy_status_at_reporting_date
    WHERE is_open_at_snapshot AND critical_role IS NOT NULL
    GROUP BY org_code, critical_role
),
posts_per_role AS (
    SELECT
        o.region_code,
        o.org_code,
        r.critical_role,
        COALESCE(b.board_seats, 0) AS board_seats,
        COALESCE(b.vacant_seats, 0) AS vacant_seats,
        COALESCE(b.interim_seats, 0) AS interim_seats,
        COALESCE(b.substantive_seats, 0) AS substantive_seats,
        COALESCE(v.open_vacancies, 0) AS open_vacancies
    FROM leadership_organisations AS o
    CROSS JOIN critical_roles AS r
    LEFT JOIN board_seats_per_role AS b
      ON b.org_code = o.org_code AND b.critical_role = r.critical_role
    LEFT JOIN open_vacancies_per_role AS v
      ON v.org_code = o.org_code AND v.critical_role = r.critical_role
),
posts_with_uncovered_vacancies AS (
    SELECT
        posts_per_role.*,
        CASE
            WHEN open_vacancies > vacant_seats + interim_seats
                THEN open_vacancies - vacant_seats - interim_seats
            ELSE 0
        END AS open_vacancies_beyond_board
    FROM posts_per_role
)
SELECT
    region_code,
    org_code,
    critical_role,
    board_seats,
    vacant_seats,
    interim_seats,
    substantive_seats,
    open_vacancies,
    open_vacancies_beyond_board,
    board_seats + open_vacancies_beyond_board AS posts,
    vacant_seats + open_vacancies_beyond_board AS vacant_now,
    interim_seats AS interim_now,
    substantive_seats AS substantive_now
FROM posts_with_uncovered_vacancies
