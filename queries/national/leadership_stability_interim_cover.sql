-- title: Interim cover of critical-role seats and churn (distinct holders in the last 3 years), national
-- grain: one row per critical role (null = every critical role together), England (the sum of the regions supplied: region total rows)
-- source: the regional table of the same name: counts and days summed, shares and means recomputed from the sums; median days interim from the summed day counts (leadership_stability_distribution, measure 'interim_cover'); the longest interim the longest of the regions'
-- counts: seats_held, interim_seats, interim_over_6_months, distinct_holders_3y, seats_observed_3y
-- derived: interim_share <- interim_seats, seats_held; share_interim_over_6_months <- interim_over_6_months, interim_seats; interim_days_total <- interim_seats; mean_interim_days <- interim_seats; median_interim_days <- interim_seats; max_interim_days <- interim_seats; holders_per_seat_3y <- distinct_holders_3y, seats_observed_3y
-- Churn: churn_months_covered is the fewest months of ESR history of any organisation counted;
-- churn_window_complete is false when any region had an organisation with less than 36
-- (organisations_with_short_history sums them).
WITH national AS (
    SELECT
        critical_role,
        COUNT(*) AS regions,
        SUM(organisations) AS organisations,
        SUM(organisations_without_recent_esr) AS organisations_without_recent_esr,
        SUM(seats_held) AS seats_held,
        SUM(interim_seats) AS interim_seats,
        SUM(interim_over_6_months) AS interim_over_6_months,
        SUM(interim_days_total) AS interim_days_total,
        MAX(max_interim_days) AS max_interim_days,
        SUM(distinct_holders_3y) AS distinct_holders_3y,
        SUM(seats_observed_3y) AS seats_observed_3y,
        MIN(churn_months_covered) AS churn_months_covered,
        SUM(organisations_with_short_history) AS organisations_with_short_history
    FROM regional_leadership_stability_interim_cover
    WHERE org_code IS NULL
    GROUP BY critical_role
)
SELECT
    n.critical_role,
    n.regions,
    n.seats_held,
    n.interim_seats,
    ROUND(CAST(n.interim_seats AS DOUBLE) / NULLIF(n.seats_held, 0), 4) AS interim_share,
    n.interim_over_6_months,
    ROUND(CAST(n.interim_over_6_months AS DOUBLE) / NULLIF(n.interim_seats, 0), 4) AS share_interim_over_6_months,
    n.interim_days_total,
    ROUND(CAST(n.interim_days_total AS DOUBLE) / NULLIF(n.interim_seats, 0), 4) AS mean_interim_days,
    ROUND(p.p50_days, 4) AS median_interim_days,
    n.max_interim_days,
    n.distinct_holders_3y,
    n.seats_observed_3y,
    ROUND(CAST(n.distinct_holders_3y AS DOUBLE) / NULLIF(n.seats_observed_3y, 0), 4) AS holders_per_seat_3y,
    n.churn_months_covered,
    n.organisations_with_short_history = 0 AS churn_window_complete,
    n.organisations_with_short_history,
    n.organisations,
    n.organisations_without_recent_esr
FROM national AS n
LEFT JOIN leadership_stability_percentiles AS p
  ON p.measure = 'interim_cover' AND COALESCE(p.breakdown, '') = COALESCE(n.critical_role, '')
