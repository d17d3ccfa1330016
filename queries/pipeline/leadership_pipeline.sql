-- title: Leadership pipeline: demand for leaders against ready candidates, now and at 0-1, 1-3 and 3-5 years, per critical board role
-- grain: one row per region x organisation (org_code null = region total) x critical role x horizon ('now', '0-1y', '1-3y', '3-5y')
-- source: issue 6, the regional talent and leadership dashboard (demand, supply and gaps per critical role at now, 0-1, 1-3 and 3-5 years); readiness categories of the talent_pool extract; board, vacancies, talent_pool and ESR extracts (EXTRACTS.md)
-- counts: posts, vacant_now, interim_now, substantive_now, ready_candidates
-- derived: expected_demand <- vacant_now, interim_now, substantive_now; gap <- ready_candidates, vacant_now, interim_now, substantive_now; candidates_per_expected_vacancy <- ready_candidates, vacant_now, interim_now, substantive_now
-- Posts (leadership_posts): latest board snapshot; posts = vacant_now + interim_now +
-- substantive_now, where vacant_now = seats with no member + open vacancies for the role
-- beyond the seats already vacant or interim.
-- Demand (cumulative): horizon h = 0 ('now'), 1 ('0-1y'), 3 ('1-3y'), 5 ('3-5y') years;
-- expected_demand = vacant_now + interim_now + substantive_now x (1 - (1 - r)^h), r = the
-- region's annual_turnover_rate for the role (leadership_turnover, region row: observed or
-- assumed), applied to every organisation of the region so region rows are the sum of theirs.
-- Supply (cumulative), latest talent-pool snapshot of the region, by the candidate's own
-- organisation: 'now' and '0-1y' count 'Ready now'; '1-3y' adds 'Ready 1-2 years'; '3-5y' adds
-- 'Ready 3-5 years'; 'Not ready' never counts. Mobility is not used: a region row counts every
-- candidate in the region's pool.
-- gap = ready_candidates - expected_demand; candidates_per_expected_vacancy =
-- ready_candidates / expected_demand, null when expected demand is 0 (see the note).
-- National figures sum the counts and expected_demand and recompute gap and the ratio.
WITH horizons AS (
    SELECT horizon, horizon_years
    FROM (VALUES ('now', 0), ('0-1y', 1), ('1-3y', 3), ('3-5y', 5)) AS h (horizon, horizon_years)
),
regional_turnover AS (
    SELECT region_code, critical_role, annual_turnover_rate, turnover_basis, turnover_months
    FROM leadership_turnover
    WHERE org_code IS NULL
),
candidates_per_organisation AS (
    SELECT
        org_code,
        target_role AS critical_role,
        COUNT(DISTINCT CASE WHEN readiness = 'Ready now' THEN person_id END) AS ready_now,
        COUNT(DISTINCT CASE WHEN readiness = 'Ready 1-2 years' THEN person_id END) AS ready_1_2_years,
        COUNT(DISTINCT CASE WHEN readiness = 'Ready 3-5 years' THEN person_id END) AS ready_3_5_years
    FROM talent_pool_latest_snapshot
    GROUP BY org_code, target_role
),
posts_with_rate AS (
    SELECT
        p.region_code,
        p.org_code,
        p.critical_role,
        p.posts,
        p.vacant_now,
        p.interim_now,
        p.substantive_now,
        COALESCE(t.annual_turnover_rate, a.annual_turnover_rate) AS annual_turnover_rate,
        COALESCE(t.turnover_basis, 'assumed') AS turnover_basis,
        COALESCE(t.turnover_months, 0) AS turnover_months,
        COALESCE(c.ready_now, 0) AS ready_now,
        COALESCE(c.ready_1_2_years, 0) AS ready_1_2_years,
        COALESCE(c.ready_3_5_years, 0) AS ready_3_5_years
    FROM leadership_posts AS p
    LEFT JOIN regional_turnover AS t
      ON t.region_code = p.region_code AND t.critical_role = p.critical_role
    LEFT JOIN assumed_turnover AS a
      ON a.critical_role = p.critical_role
    LEFT JOIN candidates_per_organisation AS c
      ON c.org_code = p.org_code AND c.critical_role = p.critical_role
),
organisation_horizons AS (
    SELECT
        p.region_code,
        p.org_code,
        p.critical_role,
        h.horizon,
        h.horizon_years,
        p.posts,
        p.vacant_now,
        p.interim_now,
        p.substantive_now,
        p.annual_turnover_rate,
        p.turnover_basis,
        p.turnover_months,
        p.vacant_now + p.interim_now
            + CASE
                WHEN h.horizon_years = 0 OR p.substantive_now = 0 THEN 0.0
                ELSE p.substantive_now * (1 - POWER(1 - p.annual_turnover_rate, h.horizon_years))
              END AS expected_demand,
        CASE h.horizon
            WHEN '1-3y' THEN p.ready_now + p.ready_1_2_years
            WHEN '3-5y' THEN p.ready_now + p.ready_1_2_years + p.ready_3_5_years
            ELSE p.ready_now
        END AS ready_candidates
    FROM posts_with_rate AS p
    CROSS JOIN horizons AS h
),
region_horizons AS (
    SELECT
        region_code,
        CAST(NULL AS VARCHAR) AS org_code,
        critical_role,
        horizon,
        horizon_years,
        SUM(posts) AS posts,
        SUM(vacant_now) AS vacant_now,
        SUM(interim_now) AS interim_now,
        SUM(substantive_now) AS substantive_now,
        MAX(annual_turnover_rate) AS annual_turnover_rate,
        MAX(turnover_basis) AS turnover_basis,
        MAX(turnover_months) AS turnover_months,
        -- null when any organisation's demand is null (no turnover rate), never a partial sum
        CASE WHEN COUNT(expected_demand) = COUNT(*) THEN SUM(expected_demand) END AS expected_demand,
        SUM(ready_candidates) AS ready_candidates
    FROM organisation_horizons
    GROUP BY region_code, critical_role, horizon, horizon_years
),
all_horizons AS (
    SELECT * FROM organisation_horizons
    UNION ALL
    SELECT * FROM region_horizons
)
SELECT
    region_code,
    org_code,
    critical_role,
    horizon,
    horizon_years,
    posts,
    vacant_now,
    interim_now,
    substantive_now,
    annual_turnover_rate,
    turnover_basis,
    turnover_months,
    ROUND(expected_demand, 4) AS expected_demand,
    ready_candidates,
    ROUND(ready_candidates - expected_demand, 4) AS gap,
    ROUND(ready_candidates / NULLIF(expected_demand, 0), 4) AS candidates_per_expected_vacancy,
    CASE
        WHEN expected_demand IS NULL
            THEN 'no turnover rate for the role: set metrics.assumed_turnover.' || critical_role
        WHEN expected_demand = 0
            THEN 'no expected demand: no vacant or interim post and no substantive holder expected to leave'
    END AS candidates_per_expected_vacancy_note
FROM all_horizons
