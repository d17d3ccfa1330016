-- title: Leadership pipeline: demand for leaders against ready candidates, now and at 0-1, 1-3 and 3-5 years, per critical board role
-- grain: one row per region x organisation (org_code null = region total) x critical role x horizon ('now', '0-1y', '1-3y', '3-5y')
-- source: issue 6, the regional talent and leadership dashboard (demand, supply and gaps per critical role at now, 0-1, 1-3 and 3-5 years); issue 13 points 1, 2 and 4; readiness categories of the talent_pool extract; board, vacancies, talent_pool and ESR extracts (EXTRACTS.md)
-- counts: posts, vacant_now, interim_now, substantive_now, known_leavers_now, ready_candidates
-- derived: expected_demand <- vacant_now, interim_now, substantive_now; gap <- ready_candidates, vacant_now, interim_now, substantive_now; candidates_per_expected_vacancy <- ready_candidates, vacant_now, interim_now, substantive_now
-- Posts (leadership_posts): each organisation's board snapshot in use (its latest on or before
-- the reporting date, within metrics.snapshot_staleness_days: board_snapshot_date) and the
-- vacancies open on the reporting date. posts = vacant_now + interim_now + substantive_now; an
-- open vacancy is matched to the role's seats (vacant, then interim, then held substantively)
-- and adds a post only beyond all of them. A seat held substantively with an open vacancy is a
-- known leaver: vacant now (known_leavers_now says how many of vacant_now), not a substantive
-- holder, so it is not counted again through turnover.
-- Demand (cumulative): horizon h = 0 ('now'), 1 ('0-1y'), 3 ('1-3y'), 5 ('3-5y') years;
-- expected_demand = vacant_now + interim_now + substantive_now x (1 - (1 - r)^h), r = the
-- region's annual_turnover_rate for the role (leadership_turnover, region row: the blended
-- rate, or the assumed one), applied to every organisation of the region so region rows are
-- the sum of theirs.
-- Supply (cumulative), each organisation's talent-pool snapshot in use (its latest on or before
-- the reporting date, within the staleness limit: talent_pool_snapshot_date), by the
-- candidate's own organisation: 'now' and '0-1y' count 'Ready now'; '1-3y' adds 'Ready 1-2
-- years'; '3-5y' adds 'Ready 3-5 years'; 'Not ready' never counts. Mobility is not used.
-- Not computed: an organisation whose board snapshot is not current has null posts and demand,
-- one whose talent-pool snapshot is not current null supply (board_snapshot_note,
-- talent_pool_snapshot_note). Region rows sum the organisations whose part is computed and
-- count those left out (organisations_without_recent_board, ..._talent_pool); the region's
-- expected_demand is null when a computed organisation's demand is null (no turnover rate),
-- never a partial sum. Region snapshot dates are the oldest snapshot in use.
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
        p.known_leavers AS known_leavers_now,
        COALESCE(t.annual_turnover_rate, r.assumed_turnover_rate) AS annual_turnover_rate,
        COALESCE(t.turnover_basis, 'assumed') AS turnover_basis,
        COALESCE(t.turnover_months, 0) AS turnover_months,
        o.board_snapshot_date,
        o.board_snapshot_note,
        o.talent_pool_snapshot_date,
        o.talent_pool_snapshot_note,
        CASE WHEN o.board_is_current THEN 0 ELSE 1 END AS organisations_without_recent_board,
        CASE WHEN o.talent_pool_is_current THEN 0 ELSE 1 END AS organisations_without_recent_talent_pool,
        CASE WHEN o.talent_pool_is_current THEN COALESCE(c.ready_now, 0) END AS ready_now,
        CASE WHEN o.talent_pool_is_current THEN COALESCE(c.ready_1_2_years, 0) END AS ready_1_2_years,
        CASE WHEN o.talent_pool_is_current THEN COALESCE(c.ready_3_5_years, 0) END AS ready_3_5_years
    FROM leadership_posts AS p
    JOIN leadership_organisations AS o ON o.org_code = p.org_code
    JOIN critical_roles AS r ON r.critical_role = p.critical_role
    LEFT JOIN regional_turnover AS t
      ON t.region_code = p.region_code AND t.critical_role = p.critical_role
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
        p.known_leavers_now,
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
        END AS ready_candidates,
        p.board_snapshot_date,
        p.board_snapshot_note,
        p.talent_pool_snapshot_date,
        p.talent_pool_snapshot_note,
        p.organisations_without_recent_board,
        p.organisations_without_recent_talent_pool
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
        SUM(known_leavers_now) AS known_leavers_now,
        MAX(annual_turnover_rate) AS annual_turnover_rate,
        MAX(turnover_basis) AS turnover_basis,
        MAX(turnover_months) AS turnover_months,
        -- null when a computed organisation's demand is null (no turnover rate), never a partial sum
        CASE WHEN COUNT(expected_demand) = COUNT(posts) THEN SUM(expected_demand) END AS expected_demand,
        SUM(ready_candidates) AS ready_candidates,
        MIN(CASE WHEN board_snapshot_note IS NULL THEN board_snapshot_date END) AS board_snapshot_date,
        CAST(NULL AS VARCHAR) AS board_snapshot_note,
        MIN(CASE WHEN talent_pool_snapshot_note IS NULL THEN talent_pool_snapshot_date END) AS talent_pool_snapshot_date,
        CAST(NULL AS VARCHAR) AS talent_pool_snapshot_note,
        SUM(organisations_without_recent_board) AS organisations_without_recent_board,
        SUM(organisations_without_recent_talent_pool) AS organisations_without_recent_talent_pool
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
        WHEN posts IS NULL
            THEN 'board ' || COALESCE(board_snapshot_note, 'not computed')
        WHEN expected_demand IS NULL
            THEN 'no turnover rate for the role: set metrics.assumed_turnover.' || critical_role
        WHEN ready_candidates IS NULL
            THEN 'talent pool ' || COALESCE(talent_pool_snapshot_note, 'not computed')
        WHEN expected_demand = 0
            THEN 'no expected demand: no vacant or interim post and no substantive holder expected to leave'
    END AS candidates_per_expected_vacancy_note,
    known_leavers_now,
    board_snapshot_date,
    board_snapshot_note,
    talent_pool_snapshot_date,
    talent_pool_snapshot_note,
    organisations_without_recent_board,
    organisations_without_recent_talent_pool
FROM all_horizons
