-- title: Relative likelihoods of the equality standards, national: recomputed from the summed region rows
-- grain: one row per metric (wres_indicator_2, wres_indicator_3, wres_indicator_4, wdes_metric_2), England = the sum of the region rows supplied
-- source: NHS England WRES technical guidance (indicators 2, 3, 4) and WDES technical guidance (metric 2); the regional tables of the same names; issue 13 point 7
-- publish: false
-- needs: none
-- The national twin of intermediate/equality_relative_likelihoods, read by the four national
-- tables. Each regional region row (org_code null) already sums only its included
-- organisations (organisations whose rates are computable), so the national numerators and
-- denominators are sums of included parts only, and the organisations each region left out
-- are summed beside them. Rates are recomputed from the sums, never averaged. subject = the
-- group named first in the table's title (the numerator of the relative likelihood);
-- comparator = the other. *_denominator_count: the counted denominator (applications
-- shortlisted, staff in post; WRES 3: headcounts summed over the window's snapshots);
-- *_denominator: the one rates use (WRES 3: the regions' average headcounts, 4 dp as the
-- regional tables publish them, summed). Note and adverse flag as in the regional model.
-- It needs none of the four: a regional table no source published is read as an empty stand-in
-- (aggregate gives it the columns its regional query plans to), so that metric has no row here
-- and only its national table, which needs its regional table, is not computed; the other
-- three still are. A region that did not compute one of them is simply not in that metric's
-- sums (the national manifest's partial_tables names it; explain shows it).
WITH region_rows AS (
    SELECT 'wres_indicator_2' AS metric, 'White' AS subject_group, 'BME' AS comparator_group,
           'appointments' AS numerator_phrase, 'applicants shortlisted' AS denominator_phrase,
           appointed_white AS subject_numerator, shortlisted_white AS subject_denominator_count,
           CAST(shortlisted_white AS DOUBLE) AS subject_denominator,
           appointed_bme AS comparator_numerator, shortlisted_bme AS comparator_denominator_count,
           CAST(shortlisted_bme AS DOUBLE) AS comparator_denominator,
           organisations_counted, organisations_not_computed, organisations_without_denominator
    FROM regional_wres_indicator_2
    WHERE org_code IS NULL
    UNION ALL
    SELECT 'wres_indicator_3', 'BME', 'White', 'staff entered the formal process', 'staff in the window',
           entered_bme, headcount_bme_snapshot_sum, average_headcount_bme,
           entered_white, headcount_white_snapshot_sum, average_headcount_white,
           organisations_counted, organisations_not_computed, organisations_without_denominator
    FROM regional_wres_indicator_3
    WHERE org_code IS NULL
    UNION ALL
    SELECT 'wres_indicator_4', 'White', 'BME', 'staff accessed non-mandatory training', 'staff in post',
           accessed_white, headcount_white, CAST(headcount_white AS DOUBLE),
           accessed_bme, headcount_bme, CAST(headcount_bme AS DOUBLE),
           organisations_counted, organisations_not_computed, organisations_without_denominator
    FROM regional_wres_indicator_4
    WHERE org_code IS NULL
    UNION ALL
    SELECT 'wdes_metric_2', 'non-disabled', 'Disabled', 'appointments', 'applicants shortlisted',
           appointed_non_disabled, shortlisted_non_disabled, CAST(shortlisted_non_disabled AS DOUBLE),
           appointed_disabled, shortlisted_disabled, CAST(shortlisted_disabled AS DOUBLE),
           organisations_counted, organisations_not_computed, organisations_without_denominator
    FROM regional_wdes_metric_2
    WHERE org_code IS NULL
),
national AS (
    SELECT metric, subject_group, comparator_group, numerator_phrase, denominator_phrase,
           COUNT(*) AS regions,
           SUM(subject_numerator) AS subject_numerator,
           SUM(subject_denominator_count) AS subject_denominator_count,
           SUM(subject_denominator) AS subject_denominator,
           SUM(comparator_numerator) AS comparator_numerator,
           SUM(comparator_denominator_count) AS comparator_denominator_count,
           SUM(comparator_denominator) AS comparator_denominator,
           SUM(organisations_counted) AS organisations_counted,
           SUM(organisations_not_computed) AS organisations_not_computed,
           SUM(organisations_without_denominator) AS organisations_without_denominator
    FROM region_rows
    GROUP BY metric, subject_group, comparator_group, numerator_phrase, denominator_phrase
),
noted AS (
    SELECT *,
           subject_numerator / NULLIF(subject_denominator, 0) AS subject_likelihood,
           comparator_numerator / NULLIF(comparator_denominator, 0) AS comparator_likelihood,
           CASE WHEN subject_denominator = 0 THEN 'no ' || subject_group || ' ' || denominator_phrase
                WHEN comparator_denominator = 0 THEN 'no ' || comparator_group || ' ' || denominator_phrase
                WHEN subject_numerator = 0 THEN 'no ' || subject_group || ' ' || numerator_phrase
                WHEN comparator_numerator = 0 THEN 'no ' || comparator_group || ' ' || numerator_phrase
           END AS relative_likelihood_note
    FROM national
),
rated AS (
    SELECT *,
           CASE WHEN relative_likelihood_note IS NULL
                THEN ROUND(subject_likelihood / comparator_likelihood, 4)
           END AS relative_likelihood
    FROM noted
)
SELECT
    metric,
    regions,
    subject_numerator,
    subject_denominator_count,
    subject_denominator,
    comparator_numerator,
    comparator_denominator_count,
    comparator_denominator,
    subject_likelihood,
    comparator_likelihood,
    relative_likelihood,
    relative_likelihood_note,
    relative_likelihood < 0.80 OR relative_likelihood > 1.25 AS adverse,
    organisations_counted,
    organisations_not_computed + organisations_without_denominator AS organisations_left_out,
    organisations_not_computed,
    organisations_without_denominator
FROM rated
