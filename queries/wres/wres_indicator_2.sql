-- title: WRES indicator 2: relative likelihood of White applicants being appointed from shortlisting compared to BME applicants
-- grain: one row per region x organisation (org_code null = region total), applications dated in the reporting year
-- source: NHS England, Workforce Race Equality Standard technical guidance, indicator 2
-- counts: shortlisted_white, appointed_white, shortlisted_bme, appointed_bme
-- derived: likelihood_white <- shortlisted_white, appointed_white; likelihood_bme <- shortlisted_bme, appointed_bme; relative_likelihood <- shortlisted_white, appointed_white, shortlisted_bme, appointed_bme; adverse <- shortlisted_white, appointed_white, shortlisted_bme, appointed_bme
-- needs: recruitment
-- Applications dated in the reporting year, (reporting_year_start, reporting_date], counted as
-- applications; Unknown ethnicity in no numerator or denominator. likelihood_* = appointed /
-- shortlisted (4 dp); relative_likelihood = likelihood_white / likelihood_bme (White first:
-- above 1, White applicants are more likely to be appointed), 4 dp, null with
-- relative_likelihood_note when any part is zero; adverse outside 0.80-1.25. Counts and rates:
-- intermediate/equality_events (appointment_from_shortlisting, ethnicity) and
-- intermediate/equality_relative_likelihoods, which also builds the region rows and says which
-- organisations they leave out (included_in_region, left_out_reason, organisations_*).
SELECT region_code, org_code, reference_denominator_count AS shortlisted_white, reference_numerator AS appointed_white,
       focus_denominator_count AS shortlisted_bme, focus_numerator AS appointed_bme, ROUND(reference_likelihood, 4) AS likelihood_white,
       ROUND(focus_likelihood, 4) AS likelihood_bme, relative_likelihood, relative_likelihood_note, adverse, included_in_region, left_out_reason,
       organisations_counted, organisations_left_out, organisations_not_computed, organisations_without_denominator
FROM equality_relative_likelihoods
WHERE metric = 'wres_indicator_2'
