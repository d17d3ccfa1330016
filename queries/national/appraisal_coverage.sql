-- title: Appraisal and talent-conversation coverage, national: overall and by pay band, staff group, ethnicity, disability and sex
-- grain: one row per dimension x dimension_value, England = the sum of the region rows supplied
-- source: the regional table of the same name (issue 17 part 1; docs/metrics-appraisal.md); every rate recomputed from summed numerators and denominators (never an average of regional rates)
-- counts: staff_in_post, appraised, appraised_annual, talent_conversation, career_aspiration_recorded
-- derived: appraisal_coverage <- appraised, staff_in_post; annual_appraisal_coverage <- appraised_annual, staff_in_post; talent_conversation_coverage <- talent_conversation, staff_in_post; career_aspiration_coverage <- career_aspiration_recorded, staff_in_post
-- The region rows (org_code null: each region's organisations with a current ESR snapshot)
-- summed per breakdown; regions = region rows summed; organisations_counted and
-- organisations_not_computed are summed so the national row says how many organisations were
-- left out. A region whose appraisal tables were not computed (no appraisal extract) is not in
-- the sums (regions counts the regions summed); aggregate lists it as partial, in its summary
-- and in the national manifest's partial_tables, which `talentpipe explain` shows.
WITH national AS (
    SELECT dimension, dimension_value, COUNT(*) AS regions, SUM(staff_in_post) AS staff_in_post,
           SUM(appraised) AS appraised, SUM(appraised_annual) AS appraised_annual,
           SUM(talent_conversation) AS talent_conversation, SUM(career_aspiration_recorded) AS career_aspiration_recorded,
           SUM(organisations_counted) AS organisations_counted, SUM(organisations_not_computed) AS organisations_not_computed
    FROM regional_appraisal_coverage
    WHERE org_code IS NULL
    GROUP BY dimension, dimension_value
)
SELECT
    dimension, dimension_value, regions, staff_in_post, appraised, appraised_annual, talent_conversation,
    career_aspiration_recorded,
    ROUND(CAST(appraised AS DOUBLE) / NULLIF(staff_in_post, 0), 4) AS appraisal_coverage,
    ROUND(CAST(appraised_annual AS DOUBLE) / NULLIF(staff_in_post, 0), 4) AS annual_appraisal_coverage,
    ROUND(CAST(talent_conversation AS DOUBLE) / NULLIF(staff_in_post, 0), 4) AS talent_conversation_coverage,
    ROUND(CAST(career_aspiration_recorded AS DOUBLE) / NULLIF(staff_in_post, 0), 4) AS career_aspiration_coverage,
    organisations_counted, organisations_not_computed
FROM national
