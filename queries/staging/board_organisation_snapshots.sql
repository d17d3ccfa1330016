-- title: The board snapshot each organisation's board figures come from, and whether it is recent enough to use
-- grain: one row per organisation in the board extract
-- source: issue 13 point 1 (each organisation's latest snapshot on or before the reporting date, within a staleness limit); board extract (EXTRACTS.md)
-- publish: false
-- needs: board
-- The board rows of staging/snapshots_in_use (the one snapshot rule). An organisation whose
-- board snapshot is not current has no seats in board_latest_snapshot and its board figures
-- are not computed (snapshot_note says why).
SELECT org_code, reporting_date, snapshot_date, days_before_reporting_date, snapshot_staleness_days,
       is_current, snapshot_note
FROM snapshots_in_use
WHERE extract = 'board'
