-- title: Substantive staff in post on the reporting date: each organisation's snapshot in use
-- grain: one row per substantive assignment on its organisation's snapshot in use
-- source: EXTRACTS.md (esr_workforce; Bank, Locum and Honorary excluded: staging/substantive_assignments); issue 13 point 1 (per organisation, the latest snapshot on or before the reporting date within the staleness limit: staging/organisation_snapshots)
-- publish: false
-- Organisations whose snapshot is not current (organisation_snapshots.is_current false) have no
-- rows here: their staff-based figures are not computed, never zero.
SELECT a.*
FROM substantive_assignments AS a
JOIN organisation_snapshots AS s
  ON s.org_code = a.org_code
 AND s.snapshot_date = a.snapshot_date
WHERE s.is_current
