-- title: The additive parts of the leadership-stability tables, per organisation, region and critical role: holders per tenure band, seats held and interim, distinct holders in 3 years, with the snapshot each organisation is counted from
-- grain: one row per region x organisation (org_code null = region total) x critical role (run table critical_roles; critical_role null = every critical role together)
-- source: issue 17 part 2; pipeline/leadership_stability_holders and _seats (each organisation's ESR snapshot in use: staging/organisation_snapshots, issue 13 point 1), ESR history from staging/substantive_assignments (Bank, Locum and Honorary excluded); medians and quartiles from pipeline/leadership_stability_percentiles
-- publish: false
-- The one place the organisation, region and all-roles rows are rolled up (GROUPING SETS), for
-- leadership_stability_tenure and leadership_stability_interim_cover.
-- Organisation rows: esr_snapshot_date is the snapshot in use (or the rejected one); an
-- organisation whose snapshot is not current has null counts, organisations 0,
-- organisations_without_recent_esr 1 and its snapshot note. Region rows sum the organisations
-- whose snapshot is current (the oldest snapshot in use, a note when any is left out); rows
-- with critical_role null sum the roles (a person holding two roles counts in each) and count
-- each organisation once.
-- Tenure bands (holders_under_1y .. holders_10y_plus): current substantive holders by whole
-- calendar years served (pipeline/leadership_stability_holders). Seats: seats_held (a current
-- holder), interim_seats (interim holders only), interim_over_6_months, interim_days_total,
-- max_interim_days (pipeline/leadership_stability_seats).
-- Churn: distinct_holders_3y = distinct people holding the role (substantive or interim) on any
-- of the organisation's ESR snapshots in (churn_window_start_exclusive, reporting_date], 36
-- months back with month-end arithmetic (as run_parameters' 12-month window); seats_observed_3y
-- = seats anyone held in it; churn_history_start = the organisation's first ESR snapshot in the
-- window and churn_months_covered the months from it to the reporting date, both counted (a
-- missing month in between does not shorten it); region rows the fewest months and
-- organisations_with_short_history (fewer than 36).
WITH parameters AS (
    SELECT
        reporting_date,
        CASE
            WHEN EXTRACT(DAY FROM reporting_date + INTERVAL '1 day') = 1
                THEN CAST(CAST(date_trunc('month', reporting_date + INTERVAL '1 day') AS DATE)
                          - INTERVAL '36 months' - INTERVAL '1 day' AS DATE)
            ELSE CAST(reporting_date - INTERVAL '36 months' AS DATE)
        END AS churn_window_start_exclusive
    FROM run_parameters
),
window_assignments AS (
    SELECT a.org_code, a.critical_role, a.snapshot_date, a.person_id
    FROM substantive_assignments AS a
    CROSS JOIN parameters AS p
    WHERE a.snapshot_date > p.churn_window_start_exclusive
      AND a.snapshot_date <= p.reporting_date
),
history AS (
    SELECT
        w.org_code,
        MIN(w.snapshot_date) AS churn_history_start,
        CAST(EXTRACT(YEAR FROM MAX(p.reporting_date)) * 12 + EXTRACT(MONTH FROM MAX(p.reporting_date))
             - EXTRACT(YEAR FROM MIN(w.snapshot_date)) * 12 - EXTRACT(MONTH FROM MIN(w.snapshot_date)) + 1
             AS BIGINT) AS churn_months_covered
    FROM window_assignments AS w
    CROSS JOIN parameters AS p
    GROUP BY w.org_code
),
holders_3y AS (
    SELECT w.org_code, w.critical_role, COUNT(DISTINCT w.person_id) AS distinct_holders_3y
    FROM window_assignments AS w
    JOIN critical_roles AS c ON c.critical_role = w.critical_role
    GROUP BY w.org_code, w.critical_role
),
tenure_bands AS (
    SELECT
        org_code,
        critical_role,
        COUNT(*) AS holders,
        COUNT(CASE WHEN tenure_band = '<1y' THEN 1 END) AS under_1y,
        COUNT(CASE WHEN tenure_band = '1-2y' THEN 1 END) AS from_1_to_2y,
        COUNT(CASE WHEN tenure_band = '2-5y' THEN 1 END) AS from_2_to_5y,
        COUNT(CASE WHEN tenure_band = '5-10y' THEN 1 END) AS from_5_to_10y,
        COUNT(CASE WHEN tenure_band = '10y+' THEN 1 END) AS over_10y
    FROM leadership_stability_holders
    WHERE NOT is_interim
    GROUP BY org_code, critical_role
),
organisation_roles AS (
    SELECT
        o.region_code,
        o.org_code,
        c.critical_role,
        o.reporting_date,
        o.snapshot_date,
        o.snapshot_note,
        o.is_current,
        CASE WHEN o.is_current THEN hs.churn_history_start END AS churn_history_start,
        CASE WHEN o.is_current THEN hs.churn_months_covered END AS churn_months_covered,
        CASE WHEN o.is_current THEN COALESCE(b.holders, 0) END AS holders,
        CASE WHEN o.is_current THEN COALESCE(b.under_1y, 0) END AS under_1y,
        CASE WHEN o.is_current THEN COALESCE(b.from_1_to_2y, 0) END AS from_1_to_2y,
        CASE WHEN o.is_current THEN COALESCE(b.from_2_to_5y, 0) END AS from_2_to_5y,
        CASE WHEN o.is_current THEN COALESCE(b.from_5_to_10y, 0) END AS from_5_to_10y,
        CASE WHEN o.is_current THEN COALESCE(b.over_10y, 0) END AS over_10y,
        CASE WHEN o.is_current THEN CASE WHEN s.org_code IS NULL THEN 0 ELSE 1 END END AS seats_held,
        CASE WHEN o.is_current THEN CASE WHEN s.is_interim_seat THEN 1 ELSE 0 END END AS interim_seats,
        CASE WHEN o.is_current THEN CASE WHEN s.is_interim_seat AND s.interim_over_6_months THEN 1 ELSE 0 END END
            AS interim_over_6_months,
        CASE WHEN o.is_current THEN CASE WHEN s.is_interim_seat THEN s.interim_days ELSE 0 END END
            AS interim_days_total,
        CASE WHEN o.is_current AND s.is_interim_seat THEN s.interim_days END AS max_interim_days,
        CASE WHEN o.is_current THEN COALESCE(h.distinct_holders_3y, 0) END AS distinct_holders_3y,
        CASE WHEN o.is_current THEN CASE WHEN h.distinct_holders_3y > 0 THEN 1 ELSE 0 END END AS seats_observed_3y
    FROM organisation_snapshots AS o
    CROSS JOIN critical_roles AS c
    LEFT JOIN tenure_bands AS b ON b.org_code = o.org_code AND b.critical_role = c.critical_role
    LEFT JOIN leadership_stability_seats AS s ON s.org_code = o.org_code AND s.critical_role = c.critical_role
    LEFT JOIN history AS hs ON hs.org_code = o.org_code
    LEFT JOIN holders_3y AS h ON h.org_code = o.org_code AND h.critical_role = c.critical_role
),
rolled_up AS (
    SELECT
        region_code,
        CASE WHEN GROUPING(org_code) = 0 THEN org_code END AS org_code,
        CASE WHEN GROUPING(critical_role) = 0 THEN critical_role END AS critical_role,
        MAX(reporting_date) AS reporting_date,
        COALESCE(MIN(CASE WHEN is_current THEN snapshot_date END), MIN(snapshot_date)) AS esr_snapshot_date,
        CASE
            WHEN GROUPING(org_code) = 0 THEN MAX(snapshot_note)
            WHEN COUNT(DISTINCT CASE WHEN NOT is_current THEN org_code END) > 0
                THEN CAST(COUNT(DISTINCT CASE WHEN NOT is_current THEN org_code END) AS VARCHAR)
                     || ' organisation(s) left out: no recent ESR snapshot (metrics.snapshot_staleness_days) or none on or before the reporting date'
        END AS esr_snapshot_note,
        COUNT(DISTINCT CASE WHEN is_current THEN org_code END) AS organisations,
        COUNT(DISTINCT CASE WHEN NOT is_current THEN org_code END) AS organisations_without_recent_esr,
        SUM(holders) AS holders,
        SUM(under_1y) AS holders_under_1y,
        SUM(from_1_to_2y) AS holders_1_to_2y,
        SUM(from_2_to_5y) AS holders_2_to_5y,
        SUM(from_5_to_10y) AS holders_5_to_10y,
        SUM(over_10y) AS holders_10y_plus,
        SUM(seats_held) AS seats_held,
        SUM(interim_seats) AS interim_seats,
        SUM(interim_over_6_months) AS interim_over_6_months,
        SUM(interim_days_total) AS interim_days_total,
        MAX(max_interim_days) AS max_interim_days,
        SUM(distinct_holders_3y) AS distinct_holders_3y,
        SUM(seats_observed_3y) AS seats_observed_3y,
        MIN(churn_history_start) AS churn_history_start,
        MIN(churn_months_covered) AS churn_months_covered,
        COUNT(DISTINCT CASE WHEN churn_months_covered < 36 THEN org_code END) AS organisations_with_short_history
    FROM organisation_roles
    GROUP BY GROUPING SETS (
        (region_code, org_code, critical_role), (region_code, critical_role), (region_code, org_code), (region_code)
    )
)
SELECT
    r.*,
    p.churn_window_start_exclusive,
    t.p25_days AS tenure_p25_days,
    t.p50_days AS tenure_p50_days,
    t.p75_days AS tenure_p75_days,
    i.p50_days AS interim_p50_days
FROM rolled_up AS r
CROSS JOIN parameters AS p
LEFT JOIN leadership_stability_percentiles AS t
  ON t.measure = 'tenure_in_post'
 AND t.region_code = r.region_code
 AND COALESCE(t.org_code, '') = COALESCE(r.org_code, '')
 AND COALESCE(t.breakdown, '') = COALESCE(r.critical_role, '')
LEFT JOIN leadership_stability_percentiles AS i
  ON i.measure = 'interim_cover'
 AND i.region_code = r.region_code
 AND COALESCE(i.org_code, '') = COALESCE(r.org_code, '')
 AND COALESCE(i.breakdown, '') = COALESCE(r.critical_role, '')
