-- title: Annual turnover of substantive critical-role holders: observed leavers blended with the configured rate
-- grain: one row per region x organisation (org_code null = region total) x critical role (run table critical_roles)
-- source: issue 6 (leavers in the last 12 months over holders); issue 13 point 4 (credibility blend with the configured rate); ESR monthly snapshots (EXTRACTS.md: Termination Date set in the month the assignment ended); assumed rates from [metrics.assumed_turnover] (1 / average tenure in years)
-- counts: leavers, headcount_months
-- derived: observed_turnover_rate <- leavers, headcount_months; blended_turnover_rate <- leavers, headcount_months; annual_turnover_rate <- leavers, headcount_months; holder_years <- headcount_months; average_monthly_headcount <- headcount_months
-- Window: ESR snapshots dated after run_parameters.reporting_year_start (12 months before the
-- reporting date, month-end arithmetic) and up to the reporting date.
-- Role holders: substantive assignments (staging/substantive_assignments: no Bank, Locum or
-- Honorary) with that critical role, not interim.
-- headcount_months = sum over window snapshots of the distinct holders; holder_years =
-- headcount_months / 12 (role-years of holding observed). leavers = distinct holders whose
-- termination date falls in the window. observed_turnover_rate = leavers / holder_years
-- (= 12 x leavers / headcount_months; leavers / average monthly headcount over 12 months).
-- A handful of board posts gives too little history for the observed rate alone (twelve
-- months without a leaver would say nobody ever leaves; one month with a leaver, everybody
-- every year), so the rate used is a credibility blend with the configured rate r0
-- (critical_roles.assumed_turnover_rate, metrics.assumed_turnover.<ROLE>):
--   blended_turnover_rate = (leavers + k x r0) / (holder_years + k),
-- k = run_parameters.turnover_credibility_years (metrics.turnover_credibility_years, default
-- 3 role-years): the configured rate counts as k role-years of experience, so the observed
-- rate takes over as holder-years accumulate. annual_turnover_rate, the rate demand uses, is
-- the blended rate (turnover_basis 'blended'); with no holder-years it is r0 itself ('assumed');
-- with no r0 configured (or k = 0) it is the observed rate alone ('observed', with a note);
-- capped at 1 a year. turnover_months = months of ESR history in the window (distinct
-- snapshot dates; for a region, over all its organisations).
-- Additive parts: national sums leavers and headcount_months and recomputes the rates.
WITH window_snapshots AS (
    SELECT DISTINCT a.org_code, a.snapshot_date
    FROM substantive_assignments AS a
    CROSS JOIN run_parameters AS p
    WHERE a.snapshot_date > p.reporting_year_start
      AND a.snapshot_date <= p.reporting_date
),
months_per_organisation AS (
    SELECT o.org_code, o.region_code, COUNT(w.snapshot_date) AS turnover_months
    FROM esr_organisation_region AS o
    LEFT JOIN window_snapshots AS w ON w.org_code = o.org_code
    GROUP BY o.org_code, o.region_code
),
months_per_region AS (
    SELECT o.region_code, COUNT(DISTINCT w.snapshot_date) AS turnover_months
    FROM esr_organisation_region AS o
    LEFT JOIN window_snapshots AS w ON w.org_code = o.org_code
    GROUP BY o.region_code
),
substantive_role_holders AS (
    SELECT a.org_code, a.critical_role, a.snapshot_date, a.person_id, a.termination_date
    FROM substantive_assignments AS a
    JOIN critical_roles AS c ON c.critical_role = a.critical_role
    CROSS JOIN run_parameters AS p
    WHERE NOT a.is_interim
      AND a.snapshot_date > p.reporting_year_start
      AND a.snapshot_date <= p.reporting_date
),
monthly_headcount AS (
    SELECT org_code, critical_role, snapshot_date, COUNT(DISTINCT person_id) AS headcount
    FROM substantive_role_holders
    GROUP BY org_code, critical_role, snapshot_date
),
headcount_months_per_role AS (
    SELECT org_code, critical_role, SUM(headcount) AS headcount_months
    FROM monthly_headcount
    GROUP BY org_code, critical_role
),
leavers_per_role AS (
    SELECT h.org_code, h.critical_role, COUNT(DISTINCT h.person_id) AS leavers
    FROM substantive_role_holders AS h
    CROSS JOIN run_parameters AS p
    WHERE h.termination_date > p.reporting_year_start
      AND h.termination_date <= p.reporting_date
    GROUP BY h.org_code, h.critical_role
),
organisation_parts AS (
    SELECT
        m.region_code,
        m.org_code,
        c.critical_role,
        m.turnover_months,
        COALESCE(l.leavers, 0) AS leavers,
        COALESCE(h.headcount_months, 0) AS headcount_months
    FROM months_per_organisation AS m
    CROSS JOIN critical_roles AS c
    LEFT JOIN leavers_per_role AS l
      ON l.org_code = m.org_code AND l.critical_role = c.critical_role
    LEFT JOIN headcount_months_per_role AS h
      ON h.org_code = m.org_code AND h.critical_role = c.critical_role
),
region_parts AS (
    SELECT
        o.region_code,
        CAST(NULL AS VARCHAR) AS org_code,
        o.critical_role,
        MAX(m.turnover_months) AS turnover_months,
        SUM(o.leavers) AS leavers,
        SUM(o.headcount_months) AS headcount_months
    FROM organisation_parts AS o
    JOIN months_per_region AS m ON m.region_code = o.region_code
    GROUP BY o.region_code, o.critical_role
),
all_parts AS (
    SELECT * FROM organisation_parts
    UNION ALL
    SELECT * FROM region_parts
),
rates AS (
    SELECT
        a.*,
        CAST(a.headcount_months AS DOUBLE) / 12.0 AS holder_years,
        c.assumed_turnover_rate,
        p.turnover_credibility_years,
        12.0 * a.leavers / NULLIF(a.headcount_months, 0) AS observed_turnover_rate,
        (a.leavers + p.turnover_credibility_years * c.assumed_turnover_rate)
            / NULLIF(CAST(a.headcount_months AS DOUBLE) / 12.0 + p.turnover_credibility_years, 0)
            AS blended_turnover_rate
    FROM all_parts AS a
    JOIN critical_roles AS c ON c.critical_role = a.critical_role
    CROSS JOIN run_parameters AS p
),
rates_used AS (
    SELECT
        rates.*,
        CASE
            WHEN headcount_months = 0 THEN 'assumed'
            WHEN assumed_turnover_rate IS NULL OR turnover_credibility_years = 0 THEN 'observed'
            ELSE 'blended'
        END AS turnover_basis,
        CASE
            WHEN headcount_months = 0 THEN assumed_turnover_rate
            WHEN assumed_turnover_rate IS NULL OR turnover_credibility_years = 0 THEN observed_turnover_rate
            ELSE blended_turnover_rate
        END AS uncapped_rate
    FROM rates
)
SELECT
    region_code,
    org_code,
    critical_role,
    turnover_months,
    leavers,
    headcount_months,
    ROUND(CAST(headcount_months AS DOUBLE) / NULLIF(turnover_months, 0), 4) AS average_monthly_headcount,
    ROUND(observed_turnover_rate, 4) AS observed_turnover_rate,
    assumed_turnover_rate,
    ROUND(CASE WHEN uncapped_rate > 1 THEN 1.0 ELSE uncapped_rate END, 4) AS annual_turnover_rate,
    turnover_basis,
    CASE
        WHEN uncapped_rate > 1
            THEN turnover_basis || ' rate above 1 a year: capped at 1'
        WHEN headcount_months = 0 AND assumed_turnover_rate IS NULL
            THEN 'no holders in ESR history and no assumed rate configured (metrics.assumed_turnover)'
        WHEN headcount_months = 0 AND turnover_months = 0
            THEN 'no ESR history in the 12 months to the reporting date: assumed rate used'
        WHEN headcount_months = 0
            THEN 'no substantive holder in ESR history: assumed rate used'
        WHEN assumed_turnover_rate IS NULL
            THEN 'no assumed rate configured (metrics.assumed_turnover.' || critical_role
                 || '): observed rate used alone, not blended'
    END AS turnover_note,
    ROUND(holder_years, 4) AS holder_years,
    turnover_credibility_years,
    ROUND(blended_turnover_rate, 4) AS blended_turnover_rate
FROM rates_used
