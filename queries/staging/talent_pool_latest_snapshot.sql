-- title: Talent-pool entries on each organisation's talent-pool snapshot in use
-- grain: one row per talent-pool entry (person x target role) on the organisation's snapshot in use (staging/talent_pool_organisation_snapshots, current only)
-- source: talent_pool extract (EXTRACTS.md); issue 13 point 1
-- publish: false
-- Per organisation (not per region): its latest snapshot on or before the reporting date, if
-- recent enough. Organisations without one have no rows here (their supply is not computed).
-- region_code is the organisation's region by the one rule (talent_pool_organisation_snapshots),
-- not the code on the row.
SELECT
    t.snapshot_date,
    t.person_id,
    t.org_code,
    s.region_code,
    t.target_role,
    t.performance,
    t.potential,
    t.readiness,
    t.mobility,
    t.programme,
    t.ethnic_code,
    t.ethnic_group,
    t.gender,
    t.disability,
    t.clinical_background
FROM talent_pool AS t
JOIN talent_pool_organisation_snapshots AS s
  ON s.org_code = t.org_code
 AND s.snapshot_date = t.snapshot_date
WHERE s.is_current
