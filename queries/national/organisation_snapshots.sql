-- title: The ESR snapshot each organisation's staff figures come from, in every region supplied
-- grain: one row per region x organisation (the regions' rows, unioned)
-- source: the regional table of the same name (staging/organisation_snapshots: latest ESR snapshot on or before each region's reporting date, within metrics.snapshot_staleness_days)
-- Regions may report on different dates: reporting_date is each region's own.
SELECT region_code, org_code, reporting_date, snapshot_date, days_before_reporting_date,
       snapshot_staleness_days, is_current, snapshot_note
FROM regional_organisation_snapshots
