-- title: WRES indicators 5 to 8: staff survey measures for White and BME staff
-- grain: one row per survey_year x region x organisation (org_code null = region total) x wres_indicator (5, 6, 7, 8)
-- source: NHS England, Workforce Race Equality Standard technical guidance, indicators 5-8 (NHS Staff Survey questions, named by meaning in EXTRACTS.md)
-- counts: respondents_white, counting_white, respondents_bme, counting_bme
-- derived: percent_white <- respondents_white, counting_white; percent_bme <- respondents_bme, counting_bme; difference_pp <- respondents_white, counting_white, respondents_bme, counting_bme
-- respondents_*: respondents who answered the question; counting_*: those whose answer counts.
-- Rules (one definition, common/staff_survey_answers): 5 harassment_from_public: answered other
-- than 'Never'; 6 harassment_from_staff: harassment from a manager or from colleagues answered
-- other than 'Never', over respondents who answered either; 7
-- equal_opportunities_for_progression: 'Yes' over all answers ("Don't know" is in the
-- denominator); 8 discrimination_from_staff: 'Yes' from a manager, team leader or colleagues.
-- Unknown ethnicity (prefer not to say, empty) is excluded. percent_* = 100 x counting /
-- respondents (2 dp), null with percent_note when nobody in the group answered; difference_pp =
-- percent_bme - percent_white. region_code: the organisation's region in ESR, else the run's
-- configured region.
WITH answers AS (
    SELECT survey_year, region_code, org_code, wres_indicator, measure, ethnic_group, is_numerator
    FROM staff_survey_answers
    WHERE ethnic_group IN ('White', 'BME')
),
organisation_counts AS (
    SELECT survey_year, region_code, org_code, wres_indicator, measure,
           SUM(CASE WHEN ethnic_group = 'White' THEN 1 ELSE 0 END) AS respondents_white,
           SUM(CASE WHEN ethnic_group = 'White' THEN is_numerator ELSE 0 END) AS counting_white,
           SUM(CASE WHEN ethnic_group = 'BME' THEN 1 ELSE 0 END) AS respondents_bme,
           SUM(CASE WHEN ethnic_group = 'BME' THEN is_numerator ELSE 0 END) AS counting_bme
    FROM answers
    GROUP BY survey_year, region_code, org_code, wres_indicator, measure
),
region_counts AS (
    SELECT survey_year, region_code, CAST(NULL AS VARCHAR) AS org_code, wres_indicator, measure,
           SUM(respondents_white) AS respondents_white, SUM(counting_white) AS counting_white,
           SUM(respondents_bme) AS respondents_bme, SUM(counting_bme) AS counting_bme
    FROM organisation_counts
    GROUP BY survey_year, region_code, wres_indicator, measure
),
all_counts AS (
    SELECT * FROM organisation_counts
    UNION ALL
    SELECT * FROM region_counts
)
SELECT
    survey_year,
    region_code,
    org_code,
    wres_indicator,
    measure,
    respondents_white,
    counting_white,
    respondents_bme,
    counting_bme,
    ROUND(100.0 * counting_white / NULLIF(respondents_white, 0), 2) AS percent_white,
    ROUND(100.0 * counting_bme / NULLIF(respondents_bme, 0), 2) AS percent_bme,
    ROUND(100.0 * counting_bme / NULLIF(respondents_bme, 0) - 100.0 * counting_white / NULLIF(respondents_white, 0), 2) AS difference_pp,
    CASE WHEN respondents_white = 0 THEN 'no White respondents answered'
         WHEN respondents_bme = 0 THEN 'no BME respondents answered'
    END AS percent_note
FROM all_counts
