-- title: Staff-survey measures for the reference and focus group of each protected characteristic
-- grain: one row per survey_year x region x organisation (org_code null = region total) x characteristic ('ethnicity', 'disability') x measure
-- source: NHS England, WRES technical guidance indicators 5-8 and WDES technical guidance staff-survey metrics 4a and 5 (NHS Staff Survey questions, named by meaning in EXTRACTS.md)
-- publish: false
-- The shared computation of WRES indicators 5-8 and the WDES staff-survey metrics. Answers and
-- measures: staging staff_survey_answers (wres_indicator and wdes_metric say which standard
-- publishes a measure). respondents_* = respondents of the group who answered the question;
-- counting_* = those whose answer counts; reference / focus group as in protected_characteristics
-- (White / BME; non-disabled / Disabled); a respondent of unknown ethnicity or disability is in
-- neither group of that characteristic. percent_* = 100 x counting / respondents, 2 dp, null with
-- percent_note when nobody of the group answered; difference_pp = percent_focus -
-- percent_reference. Region rows sum the organisations' counts and recompute the percentages.
WITH answers AS (
    SELECT survey_year, region_code, org_code, wres_indicator, wdes_metric, measure, is_numerator,
           'ethnicity' AS characteristic, ethnic_group AS recorded_value
    FROM staff_survey_answers
    UNION ALL
    SELECT survey_year, region_code, org_code, wres_indicator, wdes_metric, measure, is_numerator,
           'disability', disability
    FROM staff_survey_answers
),
answers_in_groups AS (
    SELECT a.survey_year, a.region_code, a.org_code, a.characteristic, a.wres_indicator, a.wdes_metric,
           a.measure, a.is_numerator,
           CASE WHEN a.recorded_value = c.reference_value THEN 'reference' ELSE 'focus' END AS group_role
    FROM answers AS a
    JOIN protected_characteristics AS c
      ON c.characteristic = a.characteristic
     AND a.recorded_value IN (c.reference_value, c.focus_value)
),
organisation_counts AS (
    SELECT survey_year, region_code, org_code, characteristic, wres_indicator, wdes_metric, measure,
           SUM(CASE WHEN group_role = 'reference' THEN 1 ELSE 0 END) AS respondents_reference,
           SUM(CASE WHEN group_role = 'reference' THEN is_numerator ELSE 0 END) AS counting_reference,
           SUM(CASE WHEN group_role = 'focus' THEN 1 ELSE 0 END) AS respondents_focus,
           SUM(CASE WHEN group_role = 'focus' THEN is_numerator ELSE 0 END) AS counting_focus
    FROM answers_in_groups
    GROUP BY survey_year, region_code, org_code, characteristic, wres_indicator, wdes_metric, measure
),
region_counts AS (
    SELECT survey_year, region_code, CAST(NULL AS VARCHAR) AS org_code, characteristic, wres_indicator,
           wdes_metric, measure,
           SUM(respondents_reference) AS respondents_reference, SUM(counting_reference) AS counting_reference,
           SUM(respondents_focus) AS respondents_focus, SUM(counting_focus) AS counting_focus
    FROM organisation_counts
    GROUP BY survey_year, region_code, characteristic, wres_indicator, wdes_metric, measure
),
all_counts AS (
    SELECT * FROM organisation_counts
    UNION ALL
    SELECT * FROM region_counts
)
SELECT
    n.survey_year,
    n.region_code,
    n.org_code,
    n.characteristic,
    n.wres_indicator,
    n.wdes_metric,
    n.measure,
    n.respondents_reference,
    n.counting_reference,
    n.respondents_focus,
    n.counting_focus,
    ROUND(100.0 * n.counting_reference / NULLIF(n.respondents_reference, 0), 2) AS percent_reference,
    ROUND(100.0 * n.counting_focus / NULLIF(n.respondents_focus, 0), 2) AS percent_focus,
    ROUND(100.0 * n.counting_focus / NULLIF(n.respondents_focus, 0)
          - 100.0 * n.counting_reference / NULLIF(n.respondents_reference, 0), 2) AS difference_pp,
    CASE WHEN n.respondents_focus = 0 THEN 'no ' || c.focus_label || ' respondents answered'
         WHEN n.respondents_reference = 0 THEN 'no ' || c.reference_label || ' respondents answered'
    END AS percent_note
FROM all_counts AS n
JOIN protected_characteristics AS c ON c.characteristic = n.characteristic
