-- title: WRES indicators 5 to 8: staff survey measures for White and BME staff
-- grain: one row per survey_year x region x organisation (org_code null = region total) x wres_indicator (5, 6, 7, 8)
-- source: NHS England, Workforce Race Equality Standard technical guidance, indicators 5-8 (NHS Staff Survey questions, named by meaning in EXTRACTS.md)
-- counts: respondents_white, counting_white, respondents_bme, counting_bme
-- derived: percent_white <- respondents_white, counting_white; percent_bme <- respondents_bme, counting_bme; difference_pp <- respondents_white, counting_white, respondents_bme, counting_bme
-- The ethnicity rows of intermediate/staff_survey_measures for the measures WRES publishes.
-- respondents_*: respondents who answered the question; counting_*: those whose answer counts.
-- Rules (staging/staff_survey_answers): 5 harassment_from_public: answered other than 'Never';
-- 6 harassment_from_staff: harassment from a manager or from colleagues answered other than
-- 'Never', over respondents who answered either; 7 equal_opportunities_for_progression: 'Yes'
-- over all answers ("Don't know" is in the denominator); 8 discrimination_from_staff: 'Yes' from
-- a manager, team leader or colleagues. Unknown ethnicity (prefer not to say, empty) is
-- excluded. percent_* = 100 x counting / respondents (2 dp), null with percent_note when nobody in
-- the group answered; difference_pp = percent_bme - percent_white. region_code: the
-- organisation's region in ESR, else the run's configured region.
SELECT survey_year, region_code, org_code, wres_indicator, measure,
       respondents_reference AS respondents_white, counting_reference AS counting_white,
       respondents_focus AS respondents_bme, counting_focus AS counting_bme,
       percent_reference AS percent_white, percent_focus AS percent_bme, difference_pp, percent_note
FROM staff_survey_measures
WHERE characteristic = 'ethnicity' AND wres_indicator IS NOT NULL
