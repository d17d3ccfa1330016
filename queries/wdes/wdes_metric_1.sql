-- title: WDES metric 1: Disabled, non-disabled and Unknown staff in each pay band and AfC cluster, clinical and non-clinical, against the whole workforce
-- grain: one row per region x organisation (org_code null = region total) x staff_scope ('Clinical', 'Non-clinical', 'All') x pay_band (each band present, each WDES cluster present, and 'All'; pay_band_grouping says which)
-- source: NHS England, Workforce Disability Equality Standard technical guidance, metric 1 (percentage of staff in AfC pay-band clusters 1-4, 5-7, 8a-8b, 8c-9 and VSM, and medical and dental staff, clinical and non-clinical, compared with the overall workforce)
-- counts: headcount_disabled, headcount_non_disabled, headcount_unknown, headcount, workforce_headcount_disabled, workforce_headcount_non_disabled, workforce_headcount_unknown, workforce_headcount
-- derived: share_disabled <- headcount_disabled, headcount; share_non_disabled <- headcount_non_disabled, headcount; share_unknown <- headcount_unknown, headcount; workforce_share_disabled <- workforce_headcount_disabled, workforce_headcount; workforce_share_non_disabled <- workforce_headcount_non_disabled, workforce_headcount; workforce_share_unknown <- workforce_headcount_unknown, workforce_headcount
-- The disability rows of intermediate/workforce_representation: Disabled = 'Yes', non-disabled =
-- 'No', Unknown = not declared, prefer not to answer, unspecified or empty (its own column, part
-- of the headcount). pay_band_grouping 'Band': one row per pay band; 'WDES cluster': one row
-- per cluster of the WDES template, pay_band = the cluster name ('Cluster 1: Bands 1-4' ..
-- 'Cluster 4: Bands 8c-9 and VSM', 'Medical and dental', 'Other (non-AfC)'; run table
-- pay_bands), counting distinct people (Band 5 and Band 6 assignments: once in Cluster 2);
-- 'All': the whole staff scope. A person has one disability per snapshot (staging).
-- snapshot_date: the ESR snapshot counted (latest on or before the reporting date); an
-- organisation whose snapshot is not current has one row with null counts and snapshot_note.
-- Region totals sum the organisations counted and recompute the shares.
SELECT region_code, org_code, staff_scope, pay_band, headcount_focus AS headcount_disabled,
       headcount_reference AS headcount_non_disabled, headcount_unknown, headcount, share_focus AS share_disabled,
       share_reference AS share_non_disabled, share_unknown, workforce_headcount_focus AS workforce_headcount_disabled,
       workforce_headcount_reference AS workforce_headcount_non_disabled, workforce_headcount_unknown, workforce_headcount,
       workforce_share_focus AS workforce_share_disabled, workforce_share_reference AS workforce_share_non_disabled,
       workforce_share_unknown, pay_band_grouping, band_order, snapshot_date, snapshot_note, organisations_counted,
       organisations_not_computed
FROM workforce_representation
WHERE characteristic = 'disability'
