-- title: Annual turnover of substantive critical-role holders, observed from ESR history or assumed from configuration
-- grain: one row per region x organisation (org_code null = region total) x critical role
-- source: issue 6 (leavers in the last 12 months / average monthly headcount, annualised when history is shorter); ESR monthly snapshots (EXTRACTS.md: Termination Date set in the month the assignment ended); assumed rates from [metrics.assumed_turnover] (1 / average tenure in years)
-- counts: leavers, headcount_months
-- derived: observed_turnover_rate <- leavers, headcount_months; annual_turnover_rate <- leavers, headcount_months
-- Window: ESR snapshots dated after (reporting date - 12 months) and up to the reporting date.
-- Role holders: assignments with that critical role, not interim, not Bank/Locum/Honorary.
-- headcount_months = sum over window snapshots of the distinct holders (so average monthly
-- headcount = headcount_months / turnover_months). leavers = distinct holders whose
-- termination date falls in the window. observed rate = 12 x leavers / headcount_months: with
-- 12 months this is leavers / average monthly headcount; with fewer months of history it
-- annualises what exists. annual_turnover_rate is the observed rate capped at 1
-- (turnover_basis 'observed') when anyone held the role in the window, else the configured
-- assumed rate (turnover_basis 'assumed'). turnover_months = months of ESR history in the
-- window (distinct snapshot dates; for a region, over all its organisations).
-- Additive parts: national sums leavers and headcount_months and recomputes the rate.
WITH reporting AS (
    SELECT reporting_date FROM run_parameters
),
critical_roles AS (
    SELECT critical_role
    FROM (VALUES ('CEO'), ('DOF'), ('DON'), ('MD'), ('HRD'), ('COO')) AS r (critical_role)
),
window_snapshots AS (
    SELECT DISTINCT e.org_code, e.snapshot_date
    FROM esr_workforce AS e
    CROSS JOIN reporting AS r
    WHERE e.snapshot_date > r.reporting_date - INTERVAL '12 months'
      AND e.snapshot_date <= r.reporting_date
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
    SELECT e.org_code, e.critical_role, e.snapshot_date, e.person_id, e.termination_date
    FROM esr_workforce AS e
    CROSS JOIN reporting AS r
    WHERE e.critical_role IS NOT NULL
      AND NOT e.is_interim
      AND e.assignment_category NOT IN ('Bank', 'Locum', 'Honorary')
      AND e.snapshot_date > r.reporting_date - INTERVAL '12 months'
      AND e.snapshot_date <= r.reporting_date
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
    CROSS JOIN reporting AS r
    WHERE h.termination_date > r.reporting_date - INTERVAL '12 months'
      AND h.termination_date <= r.reporting_date
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
observed_rates AS (
    SELECT
        all_parts.*,
        12.0 * leavers / NULLIF(headcount_months, 0) AS observed_turnover_rate
    FROM all_parts
)
SELECT
    o.region_code,
    o.org_code,
    o.critical_role,
    o.turnover_months,
    o.leavers,
    o.headcount_months,
    ROUND(CAST(o.headcount_months AS DOUBLE) / NULLIF(o.turnover_months, 0), 4) AS average_monthly_headcount,
    ROUND(o.observed_turnover_rate, 4) AS observed_turnover_rate,
    a.annual_turnover_rate AS assumed_turnover_rate,
    ROUND(
        CASE
            WHEN o.headcount_months > 0 AND o.observed_turnover_rate > 1 THEN 1.0
            WHEN o.headcount_months > 0 THEN o.observed_turnover_rate
            ELSE a.annual_turnover_rate
        END, 4) AS annual_turnover_rate,
    CASE WHEN o.headcount_months > 0 THEN 'observed' ELSE 'assumed' END AS turnover_basis,
    CASE
        WHEN o.headcount_months > 0 AND o.observed_turnover_rate > 1
            THEN 'observed rate above 1 a year: capped at 1'
        WHEN o.headcount_months = 0 AND a.annual_turnover_rate IS NULL
            THEN 'no holders in ESR history and no assumed rate configured (metrics.assumed_turnover)'
        WHEN o.headcount_months = 0 AND o.turnover_months = 0
            THEN 'no ESR history in the 12 months to the reporting date: assumed rate used'
        WHEN o.headcount_months = 0
            THEN 'no substantive holder in ESR history: assumed rate used'
    END AS turnover_note
FROM observed_rates AS o
LEFT JOIN assumed_turnover AS a ON a.critical_role = o.critical_role
