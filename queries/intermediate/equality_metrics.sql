-- title: The relative-likelihood metrics of the equality standards: what each counts, for which characteristic, which way round
-- grain: one row per metric (the published table it feeds; the appraisal metrics feed appraisal_relative_likelihoods, one per measure and characteristic)
-- source: NHS England, WRES technical guidance (indicators 2, 3 and 4) and WDES technical guidance (metric 2); issue 17 part 1 (appraisal and talent-conversation coverage, relative likelihood reference group / focus group, the WRES adverse rule)
-- publish: false
-- measure: what is counted (equality_events computes each measure once for every
-- characteristic). characteristic: a row of intermediate/protected_characteristics (its
-- reference group: White, non-disabled; its focus group: BME, Disabled). subject_role: the group
-- whose likelihood is the numerator of the published relative likelihood, as each table's title
-- states it (White first in WRES 2 and 4, non-disabled first in WDES 2, BME first in WRES 3;
-- the reference group first in the appraisal metrics).
-- numerator_phrase / denominator_phrase complete the notes ('no BME ' || 'appointments').
-- staff_denominator: 'none' (the denominator is not staff), 'reporting_date' (staff in post on
-- the reporting date) or 'window_average' (average staff over the ESR snapshots of the
-- disciplinary window). A new comparison (e.g. WDES appointments by sex) is a row here, with a
-- row in protected_characteristics if the characteristic is new.
SELECT metric, measure, characteristic, subject_role, numerator_phrase, denominator_phrase, staff_denominator
FROM (
    VALUES ('wres_indicator_2', 'appointment_from_shortlisting', 'ethnicity', 'reference',
            'appointments', 'applicants shortlisted', 'none'),
           ('wres_indicator_3', 'formal_disciplinary_process', 'ethnicity', 'focus',
            'staff entered the formal process', 'staff in the window', 'window_average'),
           ('wres_indicator_4', 'non_mandatory_training', 'ethnicity', 'reference',
            'staff accessed non-mandatory training', 'staff in post', 'reporting_date'),
           ('wdes_metric_2', 'appointment_from_shortlisting', 'disability', 'reference',
            'appointments', 'applicants shortlisted', 'none')
) AS m (metric, measure, characteristic, subject_role, numerator_phrase, denominator_phrase, staff_denominator)
UNION ALL
-- The appraisal metrics: each measure for each characteristic intermediate/
-- appraisal_coverage_staff breaks staff down by, reference group first, over staff in post on
-- the reporting date.
SELECT a.measure || '_by_' || c.characteristic, a.measure, c.characteristic, 'reference',
       a.numerator_phrase, 'staff in post', 'reporting_date'
FROM (
    VALUES ('appraisal_coverage', 'staff appraised in the 12 months'),
           ('talent_conversation_coverage', 'staff with a talent conversation in the 12 months')
) AS a (measure, numerator_phrase)
CROSS JOIN (VALUES ('ethnicity'), ('disability'), ('sex')) AS c (characteristic)
