-- title: Region of each organisation, as ESR records it: the one region rule
-- grain: one row per organisation in the ESR extract
-- source: esr_workforce region_code (EXTRACTS.md); issue 13 (each organisation's region, written once)
-- publish: false
-- The region on the organisation's latest ESR snapshot on or before the reporting date; an
-- organisation whose snapshots all fall after the reporting date takes its earliest one. Two
-- codes on that snapshot: the first in sort order. Every metric takes an organisation's region
-- from here: extracts without a region (board, staff survey, recruitment, disciplinary,
-- training) always, extracts with one (vacancies, talent pool) use their own only for an
-- organisation ESR does not know, and the run's configured region comes last.
WITH snapshot_for_region AS (
    SELECT
        e.org_code,
        COALESCE(
            MAX(CASE WHEN e.snapshot_date <= p.reporting_date THEN e.snapshot_date END),
            MIN(e.snapshot_date)
        ) AS snapshot_date
    FROM esr_workforce AS e
    CROSS JOIN run_parameters AS p
    GROUP BY e.org_code
)
SELECT e.org_code, MIN(e.region_code) AS region_code
FROM esr_workforce AS e
JOIN snapshot_for_region AS s
  ON s.org_code = e.org_code
 AND s.snapshot_date = e.snapshot_date
GROUP BY e.org_code
