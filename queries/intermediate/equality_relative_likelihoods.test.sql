-- title: equality_relative_likelihoods: every relative likelihood is a positive number or null with a reason, adverse is set exactly with it, and no region row counts a numerator without its denominator
-- severity: error
-- The one data test of WRES indicators 2, 3, 4, WDES metric 2 and the appraisal relative
-- likelihoods (they select from this model).
-- A region row with a group whose numerator is above 0 and denominator 0 means an organisation
-- whose rate is not computable was summed into the region (issue 13 point 7).
SELECT metric, region_code, org_code, relative_likelihood, relative_likelihood_note, adverse, left_out_reason
FROM equality_relative_likelihoods
WHERE (relative_likelihood IS NULL AND relative_likelihood_note IS NULL)
   OR (relative_likelihood IS NOT NULL AND relative_likelihood_note IS NOT NULL)
   OR (relative_likelihood IS NULL AND adverse IS NOT NULL)
   OR (relative_likelihood IS NOT NULL AND adverse IS NULL)
   OR relative_likelihood <= 0
   OR (org_code IS NULL AND ((reference_numerator > 0 AND reference_denominator = 0)
                             OR (focus_numerator > 0 AND focus_denominator = 0)))
   OR (org_code IS NOT NULL AND included_in_region = (left_out_reason IS NOT NULL))
