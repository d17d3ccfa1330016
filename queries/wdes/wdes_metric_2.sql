-- title: WDES metric 2: relative likelihood of non-disabled applicants being appointed from shortlisting compared to Disabled applicants
-- grain: one row per region x organisation (org_code null = region total), applications dated in the reporting year
-- source: NHS England, Workforce Disability Equality Standard technical guidance, metric 2
-- counts: shortlisted_non_disabled, appointed_non_disabled, shortlisted_disabled, appointed_disabled
-- derived: likelihood_non_disabled <- shortlisted_non_disabled, appointed_non_disabled; likelihood_disabled <- shortlisted_disabled, appointed_disabled; relative_likelihood <- shortlisted_non_disabled, appointed_non_disabled, shortlisted_disabled, appointed_disabled; adverse <- shortlisted_non_disabled, appointed_non_disabled, shortlisted_disabled, appointed_disabled
-- needs: recruitment
-- WRES indicator 2's measure (intermediate/equality_events, appointment_from_shortlisting) for
-- the disability characteristic: non-disabled = 'No' (first, the numerator), Disabled = 'Yes',
-- Unknown in neither. Rates, note, adverse flag and region rows: intermediate/
-- equality_relative_likelihoods.
SELECT region_code, org_code,
       reference_denominator_count AS shortlisted_non_disabled, reference_numerator AS appointed_non_disabled,
       focus_denominator_count AS shortlisted_disabled, focus_numerator AS appointed_disabled,
       ROUND(reference_likelihood, 4) AS likelihood_non_disabled, ROUND(focus_likelihood, 4) AS likelihood_disabled,
       relative_likelihood, relative_likelihood_note, adverse,
       included_in_region, left_out_reason, organisations_counted, organisations_left_out, organisations_not_computed, organisations_without_denominator
FROM equality_relative_likelihoods WHERE metric = 'wdes_metric_2'
