-- title: WDES metric 2, national: relative likelihood of non-disabled applicants being appointed from shortlisting compared to Disabled applicants
-- grain: England, the sum of the regions supplied (region total rows)
-- source: the regional table of the same name; every rate recomputed from summed numerators and denominators (never an average of regional rates)
-- counts: shortlisted_non_disabled, appointed_non_disabled, shortlisted_disabled, appointed_disabled
-- derived: likelihood_non_disabled <- shortlisted_non_disabled, appointed_non_disabled; likelihood_disabled <- shortlisted_disabled, appointed_disabled; relative_likelihood <- shortlisted_non_disabled, appointed_non_disabled, shortlisted_disabled, appointed_disabled; adverse <- shortlisted_non_disabled, appointed_non_disabled, shortlisted_disabled, appointed_disabled
-- needs: regional_wdes_metric_2
-- national/equality_relative_likelihoods, non-disabled first.
SELECT subject_denominator_count AS shortlisted_non_disabled, subject_numerator AS appointed_non_disabled,
       comparator_denominator_count AS shortlisted_disabled, comparator_numerator AS appointed_disabled,
       relative_likelihood, adverse, regions,
       ROUND(subject_likelihood, 4) AS likelihood_non_disabled, ROUND(comparator_likelihood, 4) AS likelihood_disabled,
       relative_likelihood_note, organisations_counted, organisations_left_out, organisations_not_computed, organisations_without_denominator
FROM equality_relative_likelihoods WHERE metric = 'wdes_metric_2'
