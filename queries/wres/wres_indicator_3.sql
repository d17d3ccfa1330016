-- title: WRES indicator 3: relative likelihood of BME staff entering the formal disciplinary process compared to White staff
-- grain: one row per region x organisation (org_code null = region total), over the disciplinary window ending on the reporting date
-- source: NHS England, Workforce Race Equality Standard technical guidance, indicator 3 (entry into the formal disciplinary process, two-year rolling period)
-- counts: entered_bme, entered_white, headcount_bme_snapshot_sum, headcount_white_snapshot_sum
-- derived: average_headcount_bme <- headcount_bme_snapshot_sum; average_headcount_white <- headcount_white_snapshot_sum; likelihood_bme <- entered_bme, headcount_bme_snapshot_sum; likelihood_white <- entered_white, headcount_white_snapshot_sum; relative_likelihood <- entered_bme, entered_white, headcount_bme_snapshot_sum, headcount_white_snapshot_sum; adverse <- entered_bme, entered_white, headcount_bme_snapshot_sum, headcount_white_snapshot_sum
-- needs: disciplinary, esr_workforce
-- Window: dates d with disciplinary_window_start < d <= reporting_date (24 months by default,
-- metrics.disciplinary_window_months). entered_*: cases entering the formal process in the
-- window, by the ethnic group recorded on the case (Unknown excluded). Headcount: substantive
-- staff (staging/substantive_assignments) by distinct person on each of the organisation's ESR
-- snapshots in the window; average_headcount_* = headcount_*_snapshot_sum / snapshots.
-- likelihood_* = entered / average headcount (6 dp); relative_likelihood = likelihood_bme /
-- likelihood_white (BME first), 4 dp, null with relative_likelihood_note when any part is zero;
-- adverse outside 0.80-1.25. An organisation whose ESR snapshot on the reporting date is not
-- current has null headcounts and its snapshot note. A region row sums the cases and average
-- headcounts of its organisations, leaving out those not computed and those with cases of a
-- group that has no staff in the window (e.g. cases at an organisation absent from ESR):
-- included_in_region, left_out_reason, organisations_*. Built by intermediate/equality_events
-- (formal_disciplinary_process, ethnicity) and intermediate/equality_relative_likelihoods.
SELECT
    region_code,
    org_code,
    focus_numerator AS entered_bme,
    reference_numerator AS entered_white,
    snapshots,
    focus_denominator_count AS headcount_bme_snapshot_sum,
    reference_denominator_count AS headcount_white_snapshot_sum,
    ROUND(focus_denominator, 4) AS average_headcount_bme,
    ROUND(reference_denominator, 4) AS average_headcount_white,
    ROUND(focus_likelihood, 6) AS likelihood_bme,
    ROUND(reference_likelihood, 6) AS likelihood_white,
    relative_likelihood,
    relative_likelihood_note,
    adverse,
    snapshot_date,
    included_in_region,
    left_out_reason,
    organisations_counted,
    organisations_left_out,
    organisations_not_computed,
    organisations_without_denominator
FROM equality_relative_likelihoods
WHERE metric = 'wres_indicator_3'
