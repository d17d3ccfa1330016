-- title: Tenure in post of the current substantive holders of each critical role: median, quartiles and the share under 2 years, with additive counts per tenure band
-- grain: one row per region x organisation (org_code null = region total) x critical role (run table critical_roles; critical_role null = every critical role together)
-- source: issue 17 part 2 (tenure in post of the current holders of each critical role, from ESR start dates); EXTRACTS.md (esr_workforce Start Date); holders from pipeline/leadership_stability_holders (each organisation's ESR snapshot in use: staging/staff_in_post); percentiles as in time_to_fill (linear interpolation between closest ranks)
-- needs: esr_workforce
-- counts: holders, holders_under_1y, holders_1_to_2y, holders_2_to_5y, holders_5_to_10y, holders_10y_plus, holders_under_2y
-- derived: share_under_2y <- holders_under_2y, holders; median_tenure_years <- holders; lower_quartile_tenure_years <- holders; upper_quartile_tenure_years <- holders; median_tenure_days <- holders; lower_quartile_tenure_days <- holders; upper_quartile_tenure_days <- holders; median_tenure_band <- holders
-- Holders: substantive (not interim) holders of the role on the organisation's ESR snapshot in
-- use who have not left by the reporting date (interim holders are in
-- leadership_stability_interim_cover). Tenure = reporting date - ESR start date, in days, and
-- in years = days / 365.25. Bands by whole calendar years served: under 1, 1-2, 2-5, 5-10, 10 or
-- more; holders_under_2y = under 1 + 1-2; share_under_2y = holders_under_2y / holders.
-- median_tenure_band: the band holding the median position of the band counts (the first band
-- whose running count reaches half the holders, the grouped-data median class; for an even
-- count, the lower middle holder's band), computed the same way nationally from summed counts.
-- An organisation whose ESR snapshot is not current has null counts, a note, and is left out of
-- the region row (organisations_without_recent_esr counts it). Counts rolled up in
-- pipeline/leadership_stability_counts. Rows with critical_role null count every critical role together (a person
-- holding two roles twice). Region rows sum the organisation counts; their medians and quartiles come
-- from the region's holders pooled (never averaged). National: sum the band counts of the
-- region rows; recompute the share, the median band and, from leadership_stability_distribution
-- (measure 'tenure_in_post'), the median and quartiles.
SELECT
    region_code,
    org_code,
    critical_role,
    reporting_date,
    esr_snapshot_date,
    holders,
    holders_under_1y,
    holders_1_to_2y,
    holders_2_to_5y,
    holders_5_to_10y,
    holders_10y_plus,
    holders_under_1y + holders_1_to_2y AS holders_under_2y,
    ROUND(CAST(holders_under_1y + holders_1_to_2y AS DOUBLE) / NULLIF(holders, 0), 4) AS share_under_2y,
    ROUND(tenure_p50_days / 365.25, 4) AS median_tenure_years,
    ROUND(tenure_p25_days / 365.25, 4) AS lower_quartile_tenure_years,
    ROUND(tenure_p75_days / 365.25, 4) AS upper_quartile_tenure_years,
    ROUND(tenure_p50_days, 4) AS median_tenure_days,
    ROUND(tenure_p25_days, 4) AS lower_quartile_tenure_days,
    ROUND(tenure_p75_days, 4) AS upper_quartile_tenure_days,
    CASE
        WHEN holders IS NULL OR holders = 0 THEN NULL
        WHEN 2 * holders_under_1y >= holders THEN '<1y'
        WHEN 2 * (holders_under_1y + holders_1_to_2y) >= holders THEN '1-2y'
        WHEN 2 * (holders - holders_5_to_10y - holders_10y_plus) >= holders THEN '2-5y'
        WHEN 2 * (holders - holders_10y_plus) >= holders THEN '5-10y'
        ELSE '10y+'
    END AS median_tenure_band,
    CASE
        WHEN holders IS NULL THEN esr_snapshot_note
        WHEN holders = 0 THEN 'no substantive holder of the role in ESR on the snapshot in use'
    END AS tenure_note,
    esr_snapshot_note,
    organisations,
    organisations_without_recent_esr
FROM leadership_stability_counts
