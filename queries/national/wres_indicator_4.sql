-- title: WRES indicator 4, national: relative likelihood of White staff accessing non-mandatory training and CPD compared to BME staff
-- grain: one row, England (the sum of the regions supplied)
-- source: NHS England WRES technical guidance, indicator 4; recomputed from the summed regional counts
-- counts: accessed_white, headcount_white, accessed_bme, headcount_bme
-- derived: likelihood_white <- accessed_white, headcount_white; likelihood_bme <- accessed_bme, headcount_bme; relative_likelihood <- accessed_white, headcount_white, accessed_bme, headcount_bme; adverse <- accessed_white, headcount_white, accessed_bme, headcount_bme
-- needs: regional_wres_indicator_4
-- The region rows (each region's included organisations only) summed: staff accessing training
-- over staff in post, White first. national/equality_relative_likelihoods.
SELECT
    regions,
    subject_numerator AS accessed_white,
    subject_denominator_count AS headcount_white,
    comparator_numerator AS accessed_bme,
    comparator_denominator_count AS headcount_bme,
    ROUND(subject_likelihood, 4) AS likelihood_white,
    ROUND(comparator_likelihood, 4) AS likelihood_bme,
    relative_likelihood,
    adverse,
    relative_likelihood_note,
    organisations_counted,
    organisations_left_out,
    organisations_not_computed,
    organisations_without_denominator
FROM equality_relative_likelihoods
WHERE metric = 'wres_indicator_4'
