-- title: Critical board posts per organisation: vacant (known leavers included), interim and substantive now
-- grain: one row per organisation x critical role (run table critical_roles)
-- source: board extract (each organisation's board snapshot in use: staging/board_latest_snapshot) and vacancies extract (open on the reporting date), EXTRACTS.md; issue 13 point 2 (known leavers are not counted twice)
-- publish: false
-- An open vacancy for a role is the recruitment to one of the organisation's seats for that
-- role, so it is matched to the seats first and adds a post only beyond all of them. It is
-- matched to a vacant seat first, then to an interim's seat, then to a seat still held
-- substantively: that holder is a known leaver, so the seat counts as vacant now (and is not
-- counted again as a substantive holder expected to leave through turnover). Open vacancies
-- beyond every seat of the role (open_vacancies_beyond_seats) are further posts, vacant now.
-- So posts = board_seats + open_vacancies_beyond_seats = vacant_now + interim_now +
-- substantive_now, with vacant_now = vacant_seats + known_leavers + open_vacancies_beyond_seats
-- and substantive_now = substantive_seats - known_leavers (holders with no open vacancy).
-- Organisations whose board snapshot is not current (leadership_organisations) have null seats
-- and posts: not computed.
WITH board_seats_per_role AS (
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
        o.board_is_current,
        CASE WHEN o.board_is_current THEN COALESCE(b.board_seats, 0) END AS board_seats,
        CASE WHEN o.board_is_current THEN COALESCE(b.vacant_seats, 0) END AS vacant_seats,
        CASE WHEN o.board_is_current THEN COALESCE(b.interim_seats, 0) END AS interim_seats,
        CASE WHEN o.board_is_current THEN COALESCE(b.substantive_seats, 0) END AS substantive_seats,
        COALESCE(v.open_vacancies, 0) AS open_vacancies
    FROM leadership_organisations AS o
    CROSS JOIN critical_roles AS r
    LEFT JOIN board_seats_per_role AS b
      ON b.org_code = o.org_code AND b.critical_role = r.critical_role
    LEFT JOIN open_vacancies_per_role AS v
      ON v.org_code = o.org_code AND v.critical_role = r.critical_role
),
vacancies_matched_to_seats AS (
    SELECT
        posts_per_role.*,
        -- open vacancies left after the vacant and interim seats have taken theirs
        CASE
            WHEN NOT board_is_current THEN NULL
            WHEN open_vacancies > vacant_seats + interim_seats
                THEN open_vacancies - vacant_seats - interim_seats
            ELSE 0
        END AS vacancies_for_held_seats
    FROM posts_per_role
),
posts_with_known_leavers AS (
    SELECT
        vacancies_matched_to_seats.*,
        CASE
            WHEN vacancies_for_held_seats > substantive_seats THEN substantive_seats
            ELSE vacancies_for_held_seats
        END AS known_leavers,
        CASE
            WHEN vacancies_for_held_seats > substantive_seats THEN vacancies_for_held_seats - substantive_seats
            WHEN vacancies_for_held_seats IS NOT NULL THEN 0
        END AS open_vacancies_beyond_seats
    FROM vacancies_matched_to_seats
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
    known_leavers,
    open_vacancies_beyond_seats,
    board_seats + open_vacancies_beyond_seats AS posts,
    vacant_seats + known_leavers + open_vacancies_beyond_seats AS vacant_now,
    interim_seats AS interim_now,
    substantive_seats - known_leavers AS substantive_now
FROM posts_with_known_leavers
