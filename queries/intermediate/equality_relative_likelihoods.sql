-- title: Relative likelihoods of the equality standards: likelihoods, relative likelihood, note and adverse flag, per organisation and region
-- grain: one row per metric (intermediate/equality_metrics) x region x organisation (org_code null = region total)
-- source: NHS England, WRES technical guidance (indicators 2, 3 and 4; the four-fifths range) and WDES technical guidance (metric 2); issue 13 point 7 (region totals only from organisations whose rates are computable)
-- publish: false
-- The one relative-likelihood computation: WRES indicators 2, 3, 4, WDES metric 2 and
-- appraisal_relative_likelihoods select their rows from here. Inputs: intermediate/equality_events (numerator and denominator of
-- the reference and focus groups of each organisation).
-- Region rows are built here, once, from the organisation rows whose rates are computable; an
-- organisation is left out of its region (included_in_region false, left_out_reason) when
--   'no current ESR snapshot': its denominators are staff and its ESR snapshot is not current
--     (staging/organisation_snapshots: none on or before the reporting date, or older than
--     metrics.snapshot_staleness_days), so its staff figures are not computed; or
--   'numerator without denominator': a compared group has a numerator above 0 and a
--     denominator of 0 (e.g. disciplinary cases of BME staff and no BME staff in ESR), so that
--     group's rate cannot be computed and its numerator would enter the region's numerator
--     without its staff.
-- A group with neither (no events and no staff) leaves the organisation in. Region counts and
-- denominators are the sums over the included organisations; snapshots is their largest
-- number of window snapshots. organisations_counted, organisations_left_out (=
-- organisations_not_computed + organisations_without_denominator) and left_out_reason say which
-- organisations the region row is built from. Invariant (data test beside this file): no
-- region row has a numerator without its denominator, so national sums of region rows never do.
-- likelihood = numerator / denominator (null when the denominator is 0 or not computed).
-- relative_likelihood = subject likelihood / comparator likelihood (subject = the group named
-- first in the published title, equality_metrics.subject_role), rounded to 4 dp; null when any
-- part is zero or not computed, with relative_likelihood_note saying why (the snapshot note,
-- else 'no <group> <denominator_phrase>', subject then comparator, else 'no <group>
-- <numerator_phrase>'), never infinity or NaN. adverse: the rounded relative likelihood is
-- outside 0.80-1.25 (NHS England's four-fifths range: 0.80 and 1.25 are not adverse); null with
-- it.
WITH organisation_rows AS (
    SELECT r.metric, r.characteristic, r.region_code, r.org_code, r.snapshot_date, r.snapshot_note, r.snapshots,
           r.group_label AS reference_group, f.group_label AS focus_group,
           r.numerator AS reference_numerator, r.denominator_count AS reference_denominator_count,
           r.denominator AS reference_denominator,
           f.numerator AS focus_numerator, f.denominator_count AS focus_denominator_count,
           f.denominator AS focus_denominator
    FROM equality_events AS r
    JOIN equality_events AS f
      ON f.metric = r.metric
     AND f.org_code = r.org_code
     AND f.group_role = 'focus'
    WHERE r.group_role = 'reference'
),
assessed_organisations AS (
    SELECT *,
           CASE WHEN snapshot_note IS NOT NULL THEN 'no current ESR snapshot'
                WHEN (reference_numerator > 0 AND reference_denominator = 0)
                  OR (focus_numerator > 0 AND focus_denominator = 0)
                    THEN 'numerator without denominator'
           END AS left_out_reason
    FROM organisation_rows
),
region_rows AS (
    SELECT metric, characteristic, region_code, CAST(NULL AS VARCHAR) AS org_code,
           CAST(NULL AS DATE) AS snapshot_date, CAST(NULL AS VARCHAR) AS snapshot_note,
           MAX(CASE WHEN left_out_reason IS NULL THEN snapshots WHEN snapshots IS NOT NULL THEN 0 END) AS snapshots,
           MAX(reference_group) AS reference_group, MAX(focus_group) AS focus_group,
           SUM(CASE WHEN left_out_reason IS NULL THEN reference_numerator ELSE 0 END) AS reference_numerator,
           SUM(CASE WHEN left_out_reason IS NULL THEN reference_denominator_count ELSE 0 END) AS reference_denominator_count,
           SUM(CASE WHEN left_out_reason IS NULL THEN reference_denominator ELSE 0 END) AS reference_denominator,
           SUM(CASE WHEN left_out_reason IS NULL THEN focus_numerator ELSE 0 END) AS focus_numerator,
           SUM(CASE WHEN left_out_reason IS NULL THEN focus_denominator_count ELSE 0 END) AS focus_denominator_count,
           SUM(CASE WHEN left_out_reason IS NULL THEN focus_denominator ELSE 0 END) AS focus_denominator,
           CAST(NULL AS BOOLEAN) AS included_in_region,
           SUM(CASE WHEN left_out_reason IS NULL THEN 1 ELSE 0 END) AS organisations_counted,
           SUM(CASE WHEN left_out_reason = 'no current ESR snapshot' THEN 1 ELSE 0 END) AS organisations_not_computed,
           SUM(CASE WHEN left_out_reason = 'numerator without denominator' THEN 1 ELSE 0 END) AS organisations_without_denominator
    FROM assessed_organisations
    GROUP BY metric, characteristic, region_code
),
all_rows AS (
    SELECT metric, characteristic, region_code, org_code, snapshot_date, snapshot_note, snapshots,
           reference_group, focus_group,
           reference_numerator, reference_denominator_count, reference_denominator,
           focus_numerator, focus_denominator_count, focus_denominator,
           left_out_reason IS NULL AS included_in_region,
           CAST(NULL AS BIGINT) AS organisations_counted,
           CAST(NULL AS BIGINT) AS organisations_not_computed,
           CAST(NULL AS BIGINT) AS organisations_without_denominator,
           left_out_reason
    FROM assessed_organisations
    UNION ALL
    SELECT metric, characteristic, region_code, org_code, snapshot_date, snapshot_note, snapshots,
           reference_group, focus_group,
           reference_numerator, reference_denominator_count, reference_denominator,
           focus_numerator, focus_denominator_count, focus_denominator,
           included_in_region, organisations_counted, organisations_not_computed,
           organisations_without_denominator,
           CASE WHEN organisations_not_computed + organisations_without_denominator > 0
                THEN 'left out: ' || CAST(organisations_not_computed AS VARCHAR)
                     || ' with no current ESR snapshot, '
                     || CAST(organisations_without_denominator AS VARCHAR)
                     || ' with a numerator but no denominator'
           END
    FROM region_rows
),
likelihoods AS (
    SELECT a.*, m.subject_role, m.numerator_phrase, m.denominator_phrase,
           a.reference_numerator / NULLIF(a.reference_denominator, 0) AS reference_likelihood,
           a.focus_numerator / NULLIF(a.focus_denominator, 0) AS focus_likelihood
    FROM all_rows AS a
    JOIN equality_metrics AS m ON m.metric = a.metric
),
oriented AS (
    SELECT *,
           CASE WHEN subject_role = 'reference' THEN reference_group ELSE focus_group END AS subject_group,
           CASE WHEN subject_role = 'reference' THEN focus_group ELSE reference_group END AS comparator_group,
           CASE WHEN subject_role = 'reference' THEN reference_numerator ELSE focus_numerator END AS subject_numerator,
           CASE WHEN subject_role = 'reference' THEN focus_numerator ELSE reference_numerator END AS comparator_numerator,
           CASE WHEN subject_role = 'reference' THEN reference_denominator ELSE focus_denominator END AS subject_denominator,
           CASE WHEN subject_role = 'reference' THEN focus_denominator ELSE reference_denominator END AS comparator_denominator,
           CASE WHEN subject_role = 'reference' THEN reference_likelihood ELSE focus_likelihood END AS subject_likelihood,
           CASE WHEN subject_role = 'reference' THEN focus_likelihood ELSE reference_likelihood END AS comparator_likelihood
    FROM likelihoods
),
noted AS (
    SELECT *,
           CASE WHEN snapshot_note IS NOT NULL THEN snapshot_note
                WHEN subject_denominator = 0 THEN 'no ' || subject_group || ' ' || denominator_phrase
                WHEN comparator_denominator = 0 THEN 'no ' || comparator_group || ' ' || denominator_phrase
                WHEN subject_numerator = 0 THEN 'no ' || subject_group || ' ' || numerator_phrase
                WHEN comparator_numerator = 0 THEN 'no ' || comparator_group || ' ' || numerator_phrase
           END AS relative_likelihood_note
    FROM oriented
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
    characteristic,
    region_code,
    org_code,
    snapshot_date,
    snapshots,
    reference_group,
    focus_group,
    subject_group,
    reference_numerator,
    reference_denominator_count,
    reference_denominator,
    focus_numerator,
    focus_denominator_count,
    focus_denominator,
    reference_likelihood,
    focus_likelihood,
    relative_likelihood,
    relative_likelihood_note,
    relative_likelihood < 0.80 OR relative_likelihood > 1.25 AS adverse,
    included_in_region,
    left_out_reason,
    organisations_counted,
    organisations_not_computed + organisations_without_denominator AS organisations_left_out,
    organisations_not_computed,
    organisations_without_denominator
FROM rated
