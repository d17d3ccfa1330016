-- title: Staff in post by protected characteristic in each pay band, WDES cluster and the whole workforce, clinical and non-clinical
-- grain: one row per region x organisation (org_code null = region total) x characteristic ('ethnicity', 'disability') x staff_scope ('Clinical', 'Non-clinical', 'All') x pay_band_grouping ('Band', 'WDES cluster', 'All') x pay_band (each band or cluster present, and 'All')
-- source: NHS England, WRES technical guidance indicator 1 and WDES technical guidance metric 1 (staff in each AfC band / cluster, medical and VSM, clinical and non-clinical, against the overall workforce)
-- publish: false
-- The shared computation of WRES indicator 1 and WDES metric 1 (and the workforce side of WRES
-- indicator 9 / WDES metric 10): headcount_reference / _focus / _unknown = distinct people of the
-- characteristic's reference group (White; non-disabled), focus group (BME; Disabled) and
-- unknown group (protected_characteristics); headcount = distinct people. A person counts once
-- per band, once per cluster (two bands of one cluster: once in it), once per staff scope and
-- once in 'All' (staging gives each person one ethnic group and one disability per snapshot, so
-- the three groups add up to headcount). pay_band_grouping 'WDES cluster' rows carry the
-- cluster name (pay_bands.wdes_cluster) in pay_band; band_order orders bands, and clusters by
-- their lowest band. workforce_*: the same organisation, characteristic and staff_scope in
-- pay_band 'All', the line each band is compared with. Shares: every person of the band in the
-- denominator, Unknown included (the WRES indicator 1 definition), 4 dp.
-- Staff: staging staff_in_post (each organisation's latest ESR snapshot on or before the
-- reporting date, when current); snapshot_date = that snapshot. An organisation whose snapshot is
-- not current (organisation_snapshots.is_current) has one row (staff_scope and pay_band 'All')
-- with null counts and its snapshot_note ('not computed: ...'), never 0 staff. Region rows sum the
-- organisations with a current snapshot and recompute every share; organisations_counted and
-- organisations_not_computed (left out) are on region rows only (null on organisation rows).
WITH staff AS (
    SELECT region_code, org_code, snapshot_date, person_id, staff_scope, pay_band,
           'ethnicity' AS characteristic, ethnic_group AS recorded_value
    FROM staff_in_post
    UNION ALL
    SELECT region_code, org_code, snapshot_date, person_id, staff_scope, pay_band,
           'disability', disability
    FROM staff_in_post
),
clusters AS (
    SELECT wdes_cluster, MIN(band_order) AS cluster_order
    FROM pay_bands
    GROUP BY wdes_cluster
),
staff_in_groups AS (
    SELECT s.region_code, s.org_code, s.snapshot_date, s.person_id, s.characteristic, s.staff_scope,
           s.pay_band, b.band_order, b.wdes_cluster, k.cluster_order,
           CASE WHEN s.recorded_value = c.reference_value THEN 'reference'
                WHEN s.recorded_value = c.focus_value THEN 'focus'
                ELSE 'unknown'
           END AS group_role
    FROM staff AS s
    JOIN protected_characteristics AS c ON c.characteristic = s.characteristic
    LEFT JOIN pay_bands AS b ON b.pay_band = s.pay_band
    LEFT JOIN clusters AS k ON k.wdes_cluster = b.wdes_cluster
),
staff_by_scope AS (
    SELECT region_code, org_code, snapshot_date, person_id, characteristic, group_role, staff_scope,
           pay_band, band_order, wdes_cluster, cluster_order
    FROM staff_in_groups
    UNION ALL
    SELECT region_code, org_code, snapshot_date, person_id, characteristic, group_role, CAST('All' AS VARCHAR),
           pay_band, band_order, wdes_cluster, cluster_order
    FROM staff_in_groups
),
staff_by_band AS (
    SELECT region_code, org_code, snapshot_date, person_id, characteristic, group_role, staff_scope,
           CAST('Band' AS VARCHAR) AS pay_band_grouping, pay_band, band_order
    FROM staff_by_scope
    UNION ALL
    SELECT region_code, org_code, snapshot_date, person_id, characteristic, group_role, staff_scope,
           CAST('WDES cluster' AS VARCHAR), wdes_cluster, cluster_order
    FROM staff_by_scope
    WHERE wdes_cluster IS NOT NULL
    UNION ALL
    SELECT region_code, org_code, snapshot_date, person_id, characteristic, group_role, staff_scope,
           CAST('All' AS VARCHAR), CAST('All' AS VARCHAR), CAST(NULL AS BIGINT)
    FROM staff_by_scope
),
counted_organisations AS (
    SELECT region_code, org_code, snapshot_date, characteristic, staff_scope, pay_band_grouping, pay_band,
           MIN(band_order) AS band_order,
           COUNT(DISTINCT CASE WHEN group_role = 'reference' THEN person_id END) AS headcount_reference,
           COUNT(DISTINCT CASE WHEN group_role = 'focus' THEN person_id END) AS headcount_focus,
           COUNT(DISTINCT CASE WHEN group_role = 'unknown' THEN person_id END) AS headcount_unknown,
           COUNT(DISTINCT person_id) AS headcount,
           CAST(NULL AS VARCHAR) AS snapshot_note
    FROM staff_by_band
    GROUP BY region_code, org_code, snapshot_date, characteristic, staff_scope, pay_band_grouping, pay_band
),
not_computed_organisations AS (
    SELECT o.region_code, o.org_code, o.snapshot_date, c.characteristic,
           CAST('All' AS VARCHAR) AS staff_scope, CAST('All' AS VARCHAR) AS pay_band_grouping,
           CAST('All' AS VARCHAR) AS pay_band, CAST(NULL AS BIGINT) AS band_order,
           CAST(NULL AS BIGINT) AS headcount_reference, CAST(NULL AS BIGINT) AS headcount_focus,
           CAST(NULL AS BIGINT) AS headcount_unknown, CAST(NULL AS BIGINT) AS headcount,
           o.snapshot_note
    FROM organisation_snapshots AS o
    CROSS JOIN protected_characteristics AS c
    WHERE NOT COALESCE(o.is_current, FALSE)
      AND c.characteristic IN ('ethnicity', 'disability') -- the characteristics of the staff branches
),
organisation_rows AS (
    SELECT * FROM counted_organisations
    UNION ALL
    SELECT * FROM not_computed_organisations
),
region_rows AS (
    SELECT region_code, CAST(NULL AS VARCHAR) AS org_code, CAST(NULL AS DATE) AS snapshot_date,
           characteristic, staff_scope, pay_band_grouping, pay_band, MIN(band_order) AS band_order,
           SUM(headcount_reference) AS headcount_reference, SUM(headcount_focus) AS headcount_focus,
           SUM(headcount_unknown) AS headcount_unknown, SUM(headcount) AS headcount,
           CASE WHEN SUM(headcount) IS NULL
                THEN 'not computed: no organisation of the region has a recent ESR snapshot'
           END AS snapshot_note
    FROM organisation_rows
    GROUP BY region_code, characteristic, staff_scope, pay_band_grouping, pay_band
),
all_rows AS (
    SELECT * FROM organisation_rows
    UNION ALL
    SELECT * FROM region_rows
),
organisations_per_region AS (
    SELECT region_code,
           SUM(CASE WHEN COALESCE(is_current, FALSE) THEN 1 ELSE 0 END) AS organisations_counted,
           SUM(CASE WHEN COALESCE(is_current, FALSE) THEN 0 ELSE 1 END) AS organisations_not_computed
    FROM organisation_snapshots
    GROUP BY region_code
)
SELECT
    b.region_code,
    b.org_code,
    b.characteristic,
    b.staff_scope,
    b.pay_band_grouping,
    b.pay_band,
    b.band_order,
    b.snapshot_date,
    b.snapshot_note,
    CASE WHEN b.org_code IS NULL THEN COALESCE(n.organisations_counted, 0) END AS organisations_counted,
    CASE WHEN b.org_code IS NULL THEN COALESCE(n.organisations_not_computed, 0) END AS organisations_not_computed,
    b.headcount_reference,
    b.headcount_focus,
    b.headcount_unknown,
    b.headcount,
    ROUND(CAST(b.headcount_reference AS DOUBLE) / NULLIF(b.headcount, 0), 4) AS share_reference,
    ROUND(CAST(b.headcount_focus AS DOUBLE) / NULLIF(b.headcount, 0), 4) AS share_focus,
    ROUND(CAST(b.headcount_unknown AS DOUBLE) / NULLIF(b.headcount, 0), 4) AS share_unknown,
    w.headcount_reference AS workforce_headcount_reference,
    w.headcount_focus AS workforce_headcount_focus,
    w.headcount_unknown AS workforce_headcount_unknown,
    w.headcount AS workforce_headcount,
    ROUND(CAST(w.headcount_reference AS DOUBLE) / NULLIF(w.headcount, 0), 4) AS workforce_share_reference,
    ROUND(CAST(w.headcount_focus AS DOUBLE) / NULLIF(w.headcount, 0), 4) AS workforce_share_focus,
    ROUND(CAST(w.headcount_unknown AS DOUBLE) / NULLIF(w.headcount, 0), 4) AS workforce_share_unknown
FROM all_rows AS b
JOIN all_rows AS w
  ON w.region_code = b.region_code
 AND (w.org_code IS NOT DISTINCT FROM b.org_code)
 AND w.characteristic = b.characteristic
 AND w.staff_scope = b.staff_scope
 AND w.pay_band = 'All'
LEFT JOIN organisations_per_region AS n ON n.region_code = b.region_code
