-- title: Relative likelihood of appraisal and of a talent conversation, national: reference group compared to focus group, by ethnicity, disability and sex, with the WRES adverse flag
-- grain: one row per measure x characteristic, England = the sum of the region rows supplied
-- source: the regional table of the same name (issue 17 part 1; NHS England WRES technical guidance: relative likelihood and the four-fifths range); recomputed from the summed regional counts
-- counts: covered_reference, staff_in_post_reference, covered_focus, staff_in_post_focus
-- derived: coverage_reference <- covered_reference, staff_in_post_reference; coverage_focus <- covered_focus, staff_in_post_focus; relative_likelihood <- covered_reference, staff_in_post_reference, covered_focus, staff_in_post_focus; adverse <- covered_reference, staff_in_post_reference, covered_focus, staff_in_post_focus
-- Each region row (org_code null) already sums only its included organisations, so the national
-- counts are sums of included parts; organisations_counted and organisations_not_computed are
-- summed beside them (the regional table's organisations_without_denominator is always 0 here:
-- covered staff are staff in post). coverage_* = covered / staff in post; relative_likelihood =
-- coverage_reference / coverage_focus, 4 dp, null with relative_likelihood_note when a part is
-- zero (the regional notes' wording); adverse outside 0.80-1.25, the WRES rule of
-- national/equality_relative_likelihoods, not read from it: that model reads every WRES and WDES
-- regional table, so adding the appraisal tables to it would leave every national WRES table
-- not computed in a national run where no region supplied the appraisal extract.
WITH phrases AS (
    SELECT measure, covered_phrase
    FROM (
        VALUES ('appraisal_coverage', 'staff appraised in the 12 months'),
               ('talent_conversation_coverage', 'staff with a talent conversation in the 12 months')
    ) AS p (measure, covered_phrase)
),
national AS (
    SELECT r.measure, r.characteristic, r.reference_group, r.focus_group, p.covered_phrase, COUNT(*) AS regions,
           SUM(r.covered_reference) AS covered_reference, SUM(r.staff_in_post_reference) AS staff_in_post_reference,
           SUM(r.covered_focus) AS covered_focus, SUM(r.staff_in_post_focus) AS staff_in_post_focus,
           SUM(r.organisations_counted) AS organisations_counted, SUM(r.organisations_not_computed) AS organisations_not_computed
    FROM regional_appraisal_relative_likelihoods AS r
    JOIN phrases AS p ON p.measure = r.measure
    WHERE r.org_code IS NULL
    GROUP BY r.measure, r.characteristic, r.reference_group, r.focus_group, p.covered_phrase
),
rated AS (
    SELECT *,
           CAST(covered_reference AS DOUBLE) / NULLIF(staff_in_post_reference, 0) AS coverage_reference,
           CAST(covered_focus AS DOUBLE) / NULLIF(staff_in_post_focus, 0) AS coverage_focus,
           -- Covered staff are staff in post: both coverages are above 0 exactly when both counts are.
           CASE WHEN covered_reference > 0 AND covered_focus > 0
                THEN ROUND((CAST(covered_reference AS DOUBLE) / staff_in_post_reference)
                           / (CAST(covered_focus AS DOUBLE) / staff_in_post_focus), 4)
           END AS relative_likelihood,
           CASE WHEN COALESCE(staff_in_post_reference, 0) = 0 THEN 'no ' || reference_group || ' staff in post'
                WHEN COALESCE(staff_in_post_focus, 0) = 0 THEN 'no ' || focus_group || ' staff in post'
                WHEN covered_reference = 0 THEN 'no ' || reference_group || ' ' || covered_phrase
                WHEN covered_focus = 0 THEN 'no ' || focus_group || ' ' || covered_phrase
           END AS relative_likelihood_note
    FROM national
)
SELECT
    measure, characteristic, regions, reference_group, focus_group,
    covered_reference, staff_in_post_reference, covered_focus, staff_in_post_focus,
    ROUND(coverage_reference, 4) AS coverage_reference, ROUND(coverage_focus, 4) AS coverage_focus,
    relative_likelihood, relative_likelihood_note,
    relative_likelihood < 0.80 OR relative_likelihood > 1.25 AS adverse,
    organisations_counted, organisations_not_computed
FROM rated
