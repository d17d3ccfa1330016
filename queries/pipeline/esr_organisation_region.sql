-- title: Region of each organisation, as ESR records it
-- grain: one row per organisation in the ESR extract
-- source: esr_workforce region_code on the organisation's latest snapshot (the board and staff-survey extracts carry no region)
-- publish: false
-- Note: an organisation listed under two regions on its latest snapshot takes the first code in sort order.
WITH latest_snapshot_per_organisation AS (
    SELECT org_code, MAX(snapshot_date) AS snapshot_date
    FROM esr_workforce
    GROUP BY org_code
)
SELECT e.org_code, MIN(e.region_code) AS region_code
FROM esr_workforce AS e
JOIN latest_snapshot_per_organisation AS l
  ON e.org_code = l.org_code
 AND e.snapshot_date = l.snapshot_date
GROUP BY e.org_code
