-- title: WDES staff survey metrics: harassment from the public, from managers and from colleagues, and equal opportunities, for Disabled and non-disabled staff
-- grain: one row per survey_year x region x organisation (org_code null = region total) x measure (wdes_metric 4a(i), 4a(ii), 4a(iii), 5; and WRES indicator 8 for comparison)
-- source: NHS England, Workforce Disability Equality Standard technical guidance, staff survey metrics 4a (harassment, bullying or abuse from (i) patients, relatives or the public, (ii) managers, (iii) other colleagues) and 5 (equal opportunities for career progression)
-- counts: respondents_disabled, counting_disabled, respondents_non_disabled, counting_non_disabled
-- derived: percent_disabled <- respondents_disabled, counting_disabled; percent_non_disabled <- respondents_non_disabled, counting_non_disabled; difference_pp <- respondents_disabled, counting_disabled, respondents_non_disabled, counting_non_disabled
-- The disability rows of intermediate/staff_survey_measures (rules in staging/staff_survey_answers):
-- 4a(i) harassment_from_public (the question of WRES 5), 4a(ii) harassment_from_managers and
-- 4a(iii) harassment_from_colleagues, each other than 'Never' over those who answered that
-- question (WDES publishes the two sources apart; WRES 6 combines them and is not a WDES
-- metric), 5 equal_opportunities_for_progression ('Yes' over all answers, "Don't know" in the
-- denominator; WRES 7's question). discrimination_from_staff (WRES 8, wdes_metric null) has no WDES
-- counterpart and is kept for comparison. wres_indicator: the WRES indicator asking the same
-- question, else null. Disabled = 'Yes', non-disabled = 'No'; Unknown disability (prefer not to
-- say, empty) is excluded. percent_* = 100 x counting / respondents, 2 dp, null with percent_note
-- when nobody in the group answered; difference_pp = percent_disabled - percent_non_disabled.
SELECT survey_year, region_code, org_code, wres_indicator, measure, respondents_focus AS respondents_disabled,
       counting_focus AS counting_disabled, respondents_reference AS respondents_non_disabled,
       counting_reference AS counting_non_disabled, percent_focus AS percent_disabled,
       percent_reference AS percent_non_disabled, difference_pp, percent_note, wdes_metric
FROM staff_survey_measures
WHERE characteristic = 'disability'
  AND (wdes_metric IS NOT NULL OR measure = 'discrimination_from_staff')
