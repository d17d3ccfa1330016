-- title: Talent-pool entries on each region's latest talent-pool snapshot
-- grain: one row per talent-pool entry (person x target role) on the region's latest snapshot
-- source: talent_pool extract (EXTRACTS.md)
-- publish: false
WITH latest_snapshot_per_region AS (
    SELECT region_code, MAX(snapshot_date) AS snapshot_date
    FROM talent_pool
    GROUP BY region_code
)
SELECT t.*
FROM talent_pool AS t
JOIN latest_snapshot_per_region AS l
  ON t.region_code = l.region_code
 AND t.snapshot_date = l.snapshot_date
