-- title: Tenure in post of the current substantive holders of each critical role: median, quartiles and the share under 2 years, with additive counts per tenure band
-- grain: one row per region x organisation (org_code null = region total) x critical role (run table critical_roles)
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
-- the region row (organisations_without_recent_esr counts it; pipeline/leadership_stability_
-- organisations). Region rows sum the organisation counts; their medians and quartiles come
-- from the region's holders pooled (never averaged). National: sum the band counts of the
-- region rows; recompute the share, the median band and, from leadership_stability_distribution
-- (measure 'tenure_in_post'), the median and quartiles.
WITH organisation_counts AS (
    SELECT
        o.region_code,
        o.org_code,
        c.critical_role,
        CASE WHEN o.is_current THEN COUNT(h.person_id) END AS holders,
        CASE WHEN o.is_current THEN COUNT(CASE WHEN h.tenure_band = '<1y' THEN 1 END) END AS under_1y,
        CASE WHEN o.is_current THEN COUNT(CASE WHEN h.tenure_band = '1-2y' THEN 1 END) END AS from_1_to_2y,
        CASE WHEN o.is_current THEN COUNT(CASE WHEN h.tenure_band = '2-5y' THEN 1 END) END AS from_2_to_5y,
        CASE WHEN o.is_current THEN COUNT(CASE WHEN h.tenure_band = '5-10y' THEN 1 END) END AS from_5_to_10y,
        CASE WHEN o.is_current THEN COUNT(CASE WHEN h.tenure_band = '10y+' THEN 1 END) END AS over_10y
    FROM organisation_snapshots AS o
    CROSS JOIN critical_roles AS c
    LEFT JOIN leadership_stability_holders AS h
      ON h.org_code = o.org_code
     AND h.critical_role = c.critical_role
     AND NOT h.is_interim
    GROUP BY o.region_code, o.org_code, c.critical_role, o.is_current
),
counts AS (
    SELECT
        region_code,
        CASE WHEN GROUPING(org_code) = 0 THEN org_code END AS org_code,
        critical_role,
        SUM(holders) AS holders,
        SUM(under_1y) AS under_1y,
        SUM(from_1_to_2y) AS from_1_to_2y,
        SUM(from_2_to_5y) AS from_2_to_5y,
        SUM(from_5_to_10y) AS from_5_to_10y,
        SUM(over_10y) AS over_10y
    FROM organisation_counts
    GROUP BY GROUPING SETS ((region_code, org_code, critical_role), (region_code, critical_role))
)
SELECT
    s.region_code,
    s.org_code,
    s.critical_role,
    s.reporting_date,
    s.esr_snapshot_date,
    n.holders,
    n.under_1y AS holders_under_1y,
    n.from_1_to_2y AS holders_1_to_2y,
    n.from_2_to_5y AS holders_2_to_5y,
    n.from_5_to_10y AS holders_5_to_10y,
    n.over_10y AS holders_10y_plus,
    n.under_1y + n.from_1_to_2y AS holders_under_2y,
    ROUND(CAST(n.under_1y + n.from_1_to_2y AS DOUBLE) / NULLIF(n.holders, 0), 4) AS share_under_2y,
    ROUND(q.p50_days / 365.25, 4) AS median_tenure_years,
    ROUND(q.p25_days / 365.25, 4) AS lower_quartile_tenure_years,
    ROUND(q.p75_days / 365.25, 4) AS upper_quartile_tenure_years,
    ROUND(q.p50_days, 4) AS median_tenure_days,
    ROUND(q.p25_days, 4) AS lower_quartile_tenure_days,
    ROUND(q.p75_days, 4) AS upper_quartile_tenure_days,
    CASE
        WHEN n.holders IS NULL OR n.holders = 0 THEN NULL
        WHEN 2 * n.under_1y >= n.holders THEN '<1y'
        WHEN 2 * (n.under_1y + n.from_1_to_2y) >= n.holders THEN '1-2y'
        WHEN 2 * (n.holders - n.from_5_to_10y - n.over_10y) >= n.holders THEN '2-5y'
        WHEN 2 * (n.holders - n.over_10y) >= n.holders THEN '5-10y'
        ELSE '10y+'
    END AS median_tenure_band,
    CASE
        WHEN n.holders IS NULL THEN s.esr_snapshot_note
        WHEN n.holders = 0 THEN 'no substantive holder of the role in ESR on the snapshot in use'
    END AS tenure_note,
    s.esr_snapshot_note,
    s.organisations,
    s.organisations_without_recent_esr
FROM leadership_stability_organisations AS s
JOIN counts AS n
  ON n.region_code = s.region_code
 AND COALESCE(n.org_code, '') = COALESCE(s.org_code, '')
 AND n.critical_role = s.critical_role
LEFT JOIN leadership_stability_percentiles AS q
  ON q.region_code = s.region_code
 AND COALESCE(q.org_code, '') = COALESCE(s.org_code, '')
 AND q.measure = 'tenure_in_post'
 AND q.breakdown = s.critical_role
