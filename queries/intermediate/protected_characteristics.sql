-- title: The protected characteristics the equality standards compare, each with its reference and focus group
-- grain: one row per characteristic ('ethnicity', 'disability')
-- source: NHS England, WRES technical guidance (BME staff compared with White staff) and WDES technical guidance (Disabled staff compared with non-disabled staff); EXTRACTS.md code lists
-- publish: false
-- reference_value / focus_value: the staged value of the characteristic's column that puts a
-- person in the reference / focus group (ethnic_group 'White' / 'BME'; disability 'No' / 'Yes').
-- Every other value (Unknown: not stated, not declared, prefer not to say, empty) is the unknown
-- group: its own column in the representation tables, in no comparison of the two groups.
-- The labels are the group names as the tables' notes spell them. The models that read this
-- (workforce_representation, board_workforce_representation, staff_survey_measures) take the
-- column of each characteristic from their source; adding a characteristic (sex, age band) is a
-- row here and one UNION ALL branch in each of those models.
SELECT characteristic, reference_value, reference_label, focus_value, focus_label
FROM (
    VALUES ('ethnicity', 'White', 'White', 'BME', 'BME'),
           ('disability', 'No', 'non-disabled', 'Yes', 'Disabled')
) AS c (characteristic, reference_value, reference_label, focus_value, focus_label)
