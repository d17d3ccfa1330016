-- title: Relative likelihood of appraisal and of a talent conversation, reference group compared to focus group, by ethnicity, disability and sex, with the WRES adverse flag
-- grain: one row per measure ('appraisal_coverage', 'talent_conversation_coverage') x characteristic ('ethnicity', 'disability', 'sex') x region x organisation (org_code null = region total)
-- source: issue 17 part 1 (relative likelihood of coverage, reference group / focus group, and the same adverse flag rule as WRES); NHS England WRES technical guidance (relative likelihood and the four-fifths range, as in indicator 4); docs/metrics-appraisal.md
-- counts: covered_reference, staff_in_post_reference, covered_focus, staff_in_post_focus
-- derived: coverage_reference <- covered_reference, staff_in_post_reference; coverage_focus <- covered_focus, staff_in_post_focus; relative_likelihood <- covered_reference, staff_in_post_reference, covered_focus, staff_in_post_focus; adverse <- covered_reference, staff_in_post_reference, covered_focus, staff_in_post_focus
-- needs: appraisal, esr_workforce
-- Groups (intermediate/protected_characteristics): reference White / non-disabled / Male, focus
-- BME / Disabled / Female; Unknown (sex: Other, Not Known) in neither. covered_* = distinct
-- staff in post of the group with an appraisal (appraisal_coverage) or with a talent
-- conversation held (talent_conversation_coverage) in the 12 months to the reporting date;
-- staff_in_post_* = distinct staff in post of the group (intermediate/appraisal_coverage_staff,
-- counted in intermediate/equality_events). coverage_* = covered / staff in post (4 dp).
-- relative_likelihood = coverage_reference / coverage_focus (reference first: above 1, the
-- reference group is more likely to be covered), 4 dp, null with relative_likelihood_note when
-- any part is zero or not computed; adverse: outside 0.80-1.25 (0.80 and 1.25 are not
-- adverse), the one rule of intermediate/equality_relative_likelihoods, which computes every
-- relative likelihood of the equality standards and builds the region rows (included_in_region,
-- left_out_reason, organisations_*: an organisation without a current ESR snapshot is left
-- out). An organisation in ESR has its rows even with no appraisals (0 covered).
SELECT
    m.measure,
    e.characteristic,
    e.region_code,
    e.org_code,
    e.reference_group,
    e.focus_group,
    e.reference_numerator AS covered_reference,
    e.reference_denominator_count AS staff_in_post_reference,
    e.focus_numerator AS covered_focus,
    e.focus_denominator_count AS staff_in_post_focus,
    ROUND(e.reference_likelihood, 4) AS coverage_reference,
    ROUND(e.focus_likelihood, 4) AS coverage_focus,
    e.relative_likelihood,
    e.relative_likelihood_note,
    e.adverse,
    e.snapshot_date,
    e.included_in_region,
    e.left_out_reason,
    e.organisations_counted,
    e.organisations_left_out,
    e.organisations_not_computed,
    e.organisations_without_denominator
FROM equality_relative_likelihoods AS e
JOIN equality_metrics AS m ON m.metric = e.metric
WHERE m.measure IN ('appraisal_coverage', 'talent_conversation_coverage')
