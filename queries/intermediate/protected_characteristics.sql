-- title: The protected characteristics the equality standards compare, each with its reference and focus group
-- grain: one row per characteristic ('ethnicity', 'disability', 'sex')
-- source: NHS England, WRES technical guidance (BME staff compared with White staff) and WDES technical guidance (Disabled staff compared with non-disabled staff); EXTRACTS.md code lists; issue 17 part 1 (appraisal coverage also by sex)
-- publish: false
-- reference_value / focus_value: the staged value of the characteristic's column that puts a
-- person in the reference / focus group (ethnic_group 'White' / 'BME'; disability 'No' / 'Yes';
-- gender 'Male' / 'Female' for sex: the ESR Gender field, so 'Other' and 'Not Known' are in
-- neither group; men are the reference group as in gender pay gap reporting).
-- Every other value (Unknown: not stated, not declared, prefer not to say, empty) is the unknown
-- group: its own column in the representation tables, in no comparison of the two groups.
-- The labels are the group names as the tables' notes spell them. The models that read this
-- take the column of each characteristic from their source, each for the characteristics it
-- has a branch for: workforce_representation, board_workforce_representation and
-- staff_survey_measures ethnicity and disability; equality_events (through
-- appraisal_coverage_staff, for the appraisal metrics only) also sex. Adding a characteristic
-- (age band) is a row here and one UNION ALL branch in each model that should compare it.
SELECT characteristic, reference_value, reference_label, focus_value, focus_label
FROM (
    VALUES ('ethnicity', 'White', 'White', 'BME', 'BME'),
           ('disability', 'No', 'non-disabled', 'Yes', 'Disabled'),
           ('sex', 'Male', 'Male', 'Female', 'Female')
) AS c (characteristic, reference_value, reference_label, focus_value, focus_label)
