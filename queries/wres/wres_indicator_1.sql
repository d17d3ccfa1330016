-- title: WRES indicator 1: White, BME and Unknown staff in each pay band, clinical and non-clinical, against the whole workforce
-- grain: one row per region x organisation (org_code null = region total) x staff_scope ('Clinical', 'Non-clinical', 'All') x pay_band (each band present, and 'All')
-- source: NHS England, Workforce Race Equality Standard technical guidance, indicator 1 (percentage of staff in each of the AfC bands 1-9 and VSM, and medical staff, clinical and non-clinical, compared with the percentage of staff in the overall workforce)
-- counts: headcount_white, headcount_bme, headcount_unknown, headcount, workforce_headcount_white, workforce_headcount_bme, workforce_headcount_unknown, workforce_headcount
-- derived: share_white <- headcount_white, headcount; share_bme <- headcount_bme, headcount; share_unknown <- headcount_unknown, headcount; workforce_share_white <- workforce_headcount_white, workforce_headcount; workforce_share_bme <- workforce_headcount_bme, workforce_headcount; workforce_share_unknown <- workforce_headcount_unknown, workforce_headcount
-- The ethnicity rows of intermediate/workforce_representation, bands only (its WDES cluster rows
-- are WDES metric 1's). Staff: substantive staff in post on each organisation's latest ESR
-- snapshot on or before the reporting date (snapshot_date), counted by distinct person: a person
-- with two assignments in one band counts once in it, and once in 'All'; with assignments in two
-- bands (or clinical and non-clinical) once in each, and once in 'All'. A person has one ethnic
-- group per snapshot (staging: the record with the latest start date). Unknown ethnicity (Z, not
-- stated, empty) is its own column and part of the band's headcount, so the three shares add up
-- to 1 (WRES: every member of staff in the denominator). workforce_*: the same organisation and
-- staff_scope in pay_band 'All' (staff_scope 'All' = the whole organisation). An organisation
-- whose ESR snapshot is not current has one row with null counts and snapshot_note
-- ('not computed: ...'). Region totals sum the organisations counted (organisations_counted;
-- organisations_not_computed left out) and recompute the shares.
SELECT region_code, org_code, staff_scope, pay_band,
       headcount_reference AS headcount_white, headcount_focus AS headcount_bme, headcount_unknown, headcount,
       share_reference AS share_white, share_focus AS share_bme, share_unknown,
       workforce_headcount_reference AS workforce_headcount_white, workforce_headcount_focus AS workforce_headcount_bme, workforce_headcount_unknown, workforce_headcount,
       workforce_share_reference AS workforce_share_white, workforce_share_focus AS workforce_share_bme, workforce_share_unknown,
       band_order, snapshot_date, snapshot_note, organisations_counted, organisations_not_computed
FROM workforce_representation
WHERE characteristic = 'ethnicity' AND pay_band_grouping <> 'WDES cluster'
