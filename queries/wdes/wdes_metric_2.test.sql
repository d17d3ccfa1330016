-- title: wdes_metric_2: every relative likelihood is a number or null with a reason, and adverse is set exactly when it is a number
-- severity: error
SELECT region_code, org_code, relative_likelihood, relative_likelihood_note, adverse
FROM wdes_metric_2
WHERE (relative_likelihood IS NULL AND relative_likelihood_note IS NULL)
   OR (relative_likelihood IS NOT NULL AND relative_likelihood_note IS NOT NULL)
   OR (relative_likelihood IS NULL AND adverse IS NOT NULL)
   OR (relative_likelihood IS NOT NULL AND adverse IS NULL)
   OR relative_likelihood <= 0
