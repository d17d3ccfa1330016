-- title: Board seats on each organisation's latest board snapshot, with their state
-- grain: one row per board seat on the organisation's latest snapshot
-- source: board extract (EXTRACTS.md): an empty Member ID is a vacant post
-- publish: false
-- Note: seat_state is 'vacant' when the seat has no member or the member's end date is before
-- the snapshot date (they have left), else 'interim' when the member is interim or acting,
-- else 'substantive'.
WITH latest_snapshot_per_organisation AS (
    SELECT org_code, MAX(snapshot_date) AS snapshot_date
    FROM board
    GROUP BY org_code
)
SELECT
    b.org_code,
    b.snapshot_date,
    b.member_id,
    b.role,
    b.critical_role,
    b.is_voting,
    b.is_executive,
    b.ethnic_group,
    b.gender,
    b.disability,
    CASE
        WHEN b.member_id IS NULL OR b.end_date < b.snapshot_date THEN 'vacant'
        WHEN COALESCE(b.is_interim, FALSE) THEN 'interim'
        ELSE 'substantive'
    END AS seat_state
FROM board AS b
JOIN latest_snapshot_per_organisation AS l
  ON b.org_code = l.org_code
 AND b.snapshot_date = l.snapshot_date
