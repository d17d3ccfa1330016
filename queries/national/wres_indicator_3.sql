-- title: WRES indicator 3, national: relative likelihood of BME staff entering the formal disciplinary process compared to White staff
-- grain: England, the sum of the regions supplied (region total rows)
-- source: the regional table of the same name; every rate recomputed from summed numerators and denominators (never an average of regional rates)
-- counts: entered_bme, entered_white, headcount_bme_snapshot_sum, headcount_white_snapshot_sum
-- derived: average_headcount_bme <- headcount_bme_snapshot_sum; average_headcount_white <- headcount_white_snapshot_sum; likelihood_bme <- entered_bme, headcount_bme_snapshot_sum; likelihood_white <- entered_white, headcount_white_snapshot_sum; relative_likelihood <- entered_bme, entered_white, headcount_bme_snapshot_sum, headcount_white_snapshot_sum; adverse <- entered_bme, entered_white, headcount_bme_snapshot_sum, headcount_white_snapshot_sum
-- needs: regional_wres_indicator_3
-- Cases and average headcounts of the region rows (each region's included organisations only)
-- summed; likelihood = cases / average headcount; BME first. national/equality_relative_likelihoods.
SELECT
    regions,
    subject_numerator AS entered_bme,
    comparator_numerator AS entered_white,
    ROUND(subject_denominator, 4) AS average_headcount_bme,
    ROUND(comparator_denominator, 4) AS average_headcount_white,
    relative_likelihood,
    adverse,
    subject_denominator_count AS headcount_bme_snapshot_sum,
    comparator_denominator_count AS headcount_white_snapshot_sum,
    ROUND(subject_likelihood, 6) AS likelihood_bme,
    ROUND(comparator_likelihood, 6) AS likelihood_white,
    relative_likelihood_note,
    organisations_counted,
    organisations_left_out,
    organisations_not_computed,
    organisations_without_denominator
FROM equality_relative_likelihoods
WHERE metric = 'wres_indicator_3'
