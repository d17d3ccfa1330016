-- title: WRES indicator 2, national: relative likelihood of White applicants being appointed from shortlisting compared to BME applicants
-- grain: one row, England (the sum of the regions supplied)
-- source: NHS England WRES technical guidance, indicator 2; recomputed from the summed regional counts (never an average of regional ratios)
-- counts: shortlisted_white, appointed_white, shortlisted_bme, appointed_bme
-- derived: likelihood_white <- shortlisted_white, appointed_white; likelihood_bme <- shortlisted_bme, appointed_bme; relative_likelihood <- shortlisted_white, appointed_white, shortlisted_bme, appointed_bme; adverse <- shortlisted_white, appointed_white, shortlisted_bme, appointed_bme
-- needs: regional_wres_indicator_2
-- The region rows' counts (each the sum of the region's included organisations) summed, and the
-- organisations the regions left out beside them: national/equality_relative_likelihoods.
SELECT regions, subject_denominator_count AS shortlisted_white, subject_numerator AS appointed_white,
       comparator_denominator_count AS shortlisted_bme, comparator_numerator AS appointed_bme,
       ROUND(subject_likelihood, 4) AS likelihood_white, ROUND(comparator_likelihood, 4) AS likelihood_bme,
       relative_likelihood, relative_likelihood_note, adverse,
       organisations_counted, organisations_left_out, organisations_not_computed, organisations_without_denominator
FROM equality_relative_likelihoods
WHERE metric = 'wres_indicator_2'
