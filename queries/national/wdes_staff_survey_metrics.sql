-- title: WDES staff survey metrics, national
-- grain: one row per survey_year x measure (wdes_metric 4a(i), 4a(ii), 4a(iii), 5; discrimination_from_staff for comparison), England: the sum of the regions supplied (region total rows)
-- source: the regional table of the same name; every rate recomputed from summed numerators and denominators (never an average of regional rates)
-- counts: respondents_disabled, counting_disabled, respondents_non_disabled, counting_non_disabled
-- derived: percent_disabled <- respondents_disabled, counting_disabled; percent_non_disabled <- respondents_non_disabled, counting_non_disabled
WITH national AS (
    SELECT survey_year, wdes_metric, wres_indicator, measure, SUM(respondents_disabled) AS respondents_disabled,
           SUM(counting_disabled) AS counting_disabled, SUM(respondents_non_disabled) AS respondents_non_disabled,
           SUM(counting_non_disabled) AS counting_non_disabled
    FROM regional_wdes_staff_survey_metrics
    WHERE org_code IS NULL
    GROUP BY survey_year, wdes_metric, wres_indicator, measure
)
SELECT survey_year, wdes_metric, wres_indicator, measure, respondents_disabled, counting_disabled, respondents_non_disabled, counting_non_disabled,
       ROUND(100.0 * counting_disabled / NULLIF(respondents_disabled, 0), 2) AS percent_disabled,
       ROUND(100.0 * counting_non_disabled / NULLIF(respondents_non_disabled, 0), 2) AS percent_non_disabled
FROM national
