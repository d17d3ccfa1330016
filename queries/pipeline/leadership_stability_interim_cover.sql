-- title: Interim cover of critical-role seats on the reporting date (how long held by an interim, the share interim for more than 6 months) and churn: distinct holders of each role in the last 3 years
-- grain: one row per region x organisation (org_code null = region total) x critical role (run table critical_roles; critical_role null = every critical role together)
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
-- the 12-month windows; counts rolled up in pipeline/leadership_stability_counts);
-- seats_observed_3y = 1 when anyone held it in the window (region rows: the number of such
-- seats); holders_per_seat_3y = distinct_holders_3y / seats_observed_3y (1 =
-- one holder throughout). A window shorter than 3 years of history is flagged, not scaled:
-- churn_history_start is the organisation's first ESR snapshot in the window,
-- churn_months_covered the months from it to the reporting date (both counted), and
-- churn_window_complete is false (with churn_note) when fewer than 36; region rows carry the
-- fewest months of their organisations and organisations_with_short_history.
-- Rows with critical_role null add up every critical role (distinct holders summed over the
-- roles, so a person holding two roles counts in each).
-- An organisation whose ESR snapshot in use is not current has null figures and a note, and is
-- left out of the region row (organisations_without_recent_esr).
SELECT
    region_code,
    org_code,
    critical_role,
    reporting_date,
    esr_snapshot_date,
    seats_held,
    interim_seats,
    ROUND(CAST(interim_seats AS DOUBLE) / NULLIF(seats_held, 0), 4) AS interim_share,
    interim_over_6_months,
    ROUND(CAST(interim_over_6_months AS DOUBLE) / NULLIF(interim_seats, 0), 4) AS share_interim_over_6_months,
    interim_days_total,
    ROUND(CAST(interim_days_total AS DOUBLE) / NULLIF(interim_seats, 0), 4) AS mean_interim_days,
    ROUND(interim_p50_days, 4) AS median_interim_days,
    max_interim_days,
    distinct_holders_3y,
    seats_observed_3y,
    ROUND(CAST(distinct_holders_3y AS DOUBLE) / NULLIF(seats_observed_3y, 0), 4) AS holders_per_seat_3y,
    churn_window_start_exclusive,
    churn_history_start,
    churn_months_covered,
    churn_months_covered >= 36 AS churn_window_complete,
    CASE
        WHEN seats_held IS NULL THEN esr_snapshot_note
        WHEN churn_months_covered < 36
            THEN 'ESR history covers ' || CAST(churn_months_covered AS VARCHAR)
                 || ' of the 36 months: holders counted over that history only'
    END AS churn_note,
    organisations_with_short_history,
    esr_snapshot_note,
    organisations,
    organisations_without_recent_esr
FROM leadership_stability_counts
