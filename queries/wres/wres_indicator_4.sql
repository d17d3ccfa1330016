-- title: WRES indicator 4: relative likelihood of White staff accessing non-mandatory training and CPD compared to BME staff
-- grain: one row per region x organisation (org_code null = region total), training episodes starting in the reporting year
-- source: NHS England, Workforce Race Equality Standard technical guidance, indicator 4
-- counts: accessed_white, headcount_white, accessed_bme, headcount_bme
-- derived: likelihood_white <- accessed_white, headcount_white; likelihood_bme <- accessed_bme, headcount_bme; relative_likelihood <- accessed_white, headcount_white, accessed_bme, headcount_bme; adverse <- accessed_white, headcount_white, accessed_bme, headcount_bme
-- needs: training, esr_workforce
-- accessed_*: distinct staff with a 'Non-mandatory' episode starting in the reporting year,
-- (reporting_year_start, reporting_date], by the ethnic group recorded on the episode (Unknown
-- excluded; 'Mandatory' episodes never count). headcount_*: substantive staff in post by
-- distinct person (staging/staff_in_post: the organisation's latest ESR snapshot on or before
-- the reporting date, snapshot_date, when current; otherwise null headcounts and the snapshot
-- note). likelihood_* = accessed / headcount (4 dp); relative_likelihood = likelihood_white /
-- likelihood_bme (White first), 4 dp, null with relative_likelihood_note when any part is zero;
-- adverse outside 0.80-1.25. A region row sums its organisations, leaving out those not
-- computed and those with training of a group that has no staff in post (e.g. an organisation
-- absent from ESR): included_in_region, left_out_reason, organisations_*. Built by
-- intermediate/equality_events (non_mandatory_training, ethnicity) and
-- intermediate/equality_relative_likelihoods.
SELECT
    region_code,
    org_code,
    reference_numerator AS accessed_white,
    reference_denominator_count AS headcount_white,
    focus_numerator AS accessed_bme,
    focus_denominator_count AS headcount_bme,
    ROUND(reference_likelihood, 4) AS likelihood_white,
    ROUND(focus_likelihood, 4) AS likelihood_bme,
    relative_likelihood,
    relative_likelihood_note,
    adverse,
    snapshot_date,
    included_in_region,
    left_out_reason,
    organisations_counted,
    organisations_left_out,
    organisations_not_computed,
    organisations_without_denominator
FROM equality_relative_likelihoods
WHERE metric = 'wres_indicator_4'
