-- title: Interim cover of critical-role seats on the reporting date (how long held by an interim, the share interim for more than 6 months) and churn: distinct holders of each role in the last 3 years
-- grain: one row per region x organisation (org_code null = region total) x critical role (run table critical_roles)
-- source: issue 17 part 2 (interim cover and churn); EXTRACTS.md (esr_workforce: Interim = Y when the post is held on an interim or acting basis, Start Date, monthly snapshots); seats from pipeline/leadership_stability_seats (each organisation's ESR snapshot in use), history from staging/substantive_assignments (Bank, Locum and Honorary excluded)
-- needs: esr_workforce
-- counts: seats_held, interim_seats, interim_over_6_months, distinct_holders_3y, seats_observed_3y
-- derived: interim_share <- interim_seats, seats_held; share_interim_over_6_months <- interim_over_6_months, interim_seats; interim_days_total <- interim_seats; mean_interim_days <- interim_seats; median_interim_days <- interim_seats; max_interim_days <- interim_seats; holders_per_seat_3y <- distinct_holders_3y, seats_observed_3y
-- Interim cover, on each organisation's ESR snapshot in use (pipeline/leadership_stability_seats):
-- seats_held = seats (organisation x role) with a current holder; interim_seats = those held by
-- an interim and by no substantive holder; interim_share = interim_seats / seats_held. Days
-- interim = reporting date - the interim holder's ESR start date (see the seats model for why
-- the start date and not the first interim snapshot); interim_over_6_months counts seats whose
-- interim started more than 6 calendar months before the reporting date;
-- share_interim_over_6_months = interim_over_6_months / interim_seats. interim_days_total (sum,
-- additive) gives the mean; the median pools the seats (leadership_stability_distribution,
-- measure 'interim_cover', nationally).
-- Churn: distinct_holders_3y = distinct people holding the role (substantive or interim) on any
-- of the organisation's ESR snapshots in the 3 years to the reporting date,
-- (churn_window_start_exclusive, reporting_date] (36 months back, month-end arithmetic as for
-- the 12-month windows); seats_observed_3y = 1 when anyone held it in the window (region rows:
-- the number of such seats); holders_per_seat_3y = distinct_holders_3y / seats_observed_3y (1 =
-- one holder throughout). A window shorter than 3 years of history is flagged, not scaled:
-- churn_history_start is the organisation's first ESR snapshot in the window,
-- churn_months_covered the months from it to the reporting date (both counted), and
-- churn_window_complete is false (with churn_note) when fewer than 36; region rows carry the
-- fewest months of their organisations and organisations_with_short_history.
-- An organisation whose ESR snapshot in use is not current has null figures and a note, and is
-- left out of the region row (organisations_without_recent_esr).
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
organisation_counts AS (
    SELECT
        o.region_code,
        o.org_code,
        c.critical_role,
        MAX(hs.churn_history_start) AS churn_history_start,
        MAX(hs.churn_months_covered) AS churn_months_covered,
        CASE WHEN o.is_current THEN CASE WHEN MAX(s.org_code) IS NULL THEN 0 ELSE 1 END END AS seats_held,
        CASE WHEN o.is_current THEN COUNT(CASE WHEN s.is_interim_seat THEN 1 END) END AS interim_seats,
        CASE WHEN o.is_current THEN COUNT(CASE WHEN s.is_interim_seat AND s.interim_over_6_months THEN 1 END) END
            AS interim_over_6_months,
        CASE WHEN o.is_current THEN COALESCE(SUM(CASE WHEN s.is_interim_seat THEN s.interim_days END), 0) END
            AS interim_days_total,
        CASE WHEN o.is_current THEN MAX(CASE WHEN s.is_interim_seat THEN s.interim_days END) END AS max_interim_days,
        CASE WHEN o.is_current THEN COALESCE(MAX(h.distinct_holders_3y), 0) END AS distinct_holders_3y,
        CASE WHEN o.is_current THEN CASE WHEN MAX(h.distinct_holders_3y) > 0 THEN 1 ELSE 0 END END
            AS seats_observed_3y
    FROM organisation_snapshots AS o
    CROSS JOIN critical_roles AS c
    LEFT JOIN leadership_stability_seats AS s
      ON s.org_code = o.org_code AND s.critical_role = c.critical_role
    LEFT JOIN history AS hs ON hs.org_code = o.org_code AND o.is_current
    LEFT JOIN holders_3y AS h
      ON h.org_code = o.org_code AND h.critical_role = c.critical_role
    GROUP BY o.region_code, o.org_code, c.critical_role, o.is_current
),
counts AS (
    SELECT
        region_code,
        CASE WHEN GROUPING(org_code) = 0 THEN org_code END AS org_code,
        critical_role,
        MIN(churn_history_start) AS churn_history_start,
        SUM(seats_held) AS seats_held,
        SUM(interim_seats) AS interim_seats,
        SUM(interim_over_6_months) AS interim_over_6_months,
        SUM(interim_days_total) AS interim_days_total,
        MAX(max_interim_days) AS max_interim_days,
        SUM(distinct_holders_3y) AS distinct_holders_3y,
        SUM(seats_observed_3y) AS seats_observed_3y,
        MIN(churn_months_covered) AS churn_months_covered,
        COUNT(CASE WHEN churn_months_covered < 36 THEN 1 END) AS organisations_with_short_history
    FROM organisation_counts
    GROUP BY GROUPING SETS ((region_code, org_code, critical_role), (region_code, critical_role))
)
SELECT
    s.region_code,
    s.org_code,
    s.critical_role,
    s.reporting_date,
    s.esr_snapshot_date,
    n.seats_held,
    n.interim_seats,
    ROUND(CAST(n.interim_seats AS DOUBLE) / NULLIF(n.seats_held, 0), 4) AS interim_share,
    n.interim_over_6_months,
    ROUND(CAST(n.interim_over_6_months AS DOUBLE) / NULLIF(n.interim_seats, 0), 4) AS share_interim_over_6_months,
    n.interim_days_total,
    ROUND(CAST(n.interim_days_total AS DOUBLE) / NULLIF(n.interim_seats, 0), 4) AS mean_interim_days,
    ROUND(q.p50_days, 4) AS median_interim_days,
    n.max_interim_days,
    n.distinct_holders_3y,
    n.seats_observed_3y,
    ROUND(CAST(n.distinct_holders_3y AS DOUBLE) / NULLIF(n.seats_observed_3y, 0), 4) AS holders_per_seat_3y,
    p.churn_window_start_exclusive,
    n.churn_history_start,
    n.churn_months_covered,
    n.churn_months_covered >= 36 AS churn_window_complete,
    CASE
        WHEN n.seats_held IS NULL THEN s.esr_snapshot_note
        WHEN n.churn_months_covered < 36
            THEN 'ESR history covers ' || CAST(n.churn_months_covered AS VARCHAR)
                 || ' of the 36 months: holders counted over that history only'
    END AS churn_note,
    n.organisations_with_short_history,
    s.esr_snapshot_note,
    s.organisations,
    s.organisations_without_recent_esr
FROM leadership_stability_organisations AS s
CROSS JOIN parameters AS p
JOIN counts AS n
  ON n.region_code = s.region_code
 AND COALESCE(n.org_code, '') = COALESCE(s.org_code, '')
 AND n.critical_role = s.critical_role
LEFT JOIN leadership_stability_percentiles AS q
  ON q.region_code = s.region_code
 AND COALESCE(q.org_code, '') = COALESCE(s.org_code, '')
 AND q.measure = 'interim_cover'
 AND q.breakdown = s.critical_role
