-- title: The organisation and region rows of the leadership-stability tables: which ESR snapshot each organisation is counted from, and which organisations a region row leaves out
-- grain: one row per region x organisation (org_code null = region total) x critical role (run table critical_roles)
-- source: staging/organisation_snapshots (issue 13 point 1: each organisation's latest ESR snapshot on or before the reporting date, within metrics.snapshot_staleness_days)
-- publish: false
-- Organisation rows: esr_snapshot_date is the snapshot in use (or the rejected one), organisations
-- 1 when it is current, else 0 with organisations_without_recent_esr 1 and the snapshot note.
-- Region rows: the organisations counted and left out, the oldest snapshot in use, and a note
-- when any organisation is left out.
SELECT
    o.region_code,
    CASE WHEN GROUPING(o.org_code) = 0 THEN o.org_code END AS org_code,
    c.critical_role,
    MAX(o.reporting_date) AS reporting_date,
    COALESCE(MIN(CASE WHEN o.is_current THEN o.snapshot_date END), MIN(o.snapshot_date)) AS esr_snapshot_date,
    CASE
        WHEN GROUPING(o.org_code) = 0 THEN MAX(o.snapshot_note)
        WHEN COUNT(CASE WHEN NOT o.is_current THEN 1 END) > 0
            THEN CAST(COUNT(CASE WHEN NOT o.is_current THEN 1 END) AS VARCHAR)
                 || ' organisation(s) left out: no recent ESR snapshot (metrics.snapshot_staleness_days) or none on or before the reporting date'
    END AS esr_snapshot_note,
    COUNT(CASE WHEN o.is_current THEN 1 END) AS organisations,
    COUNT(CASE WHEN NOT o.is_current THEN 1 END) AS organisations_without_recent_esr
FROM organisation_snapshots AS o
CROSS JOIN critical_roles AS c
GROUP BY GROUPING SETS ((o.region_code, o.org_code, c.critical_role), (o.region_code, c.critical_role))
