-- title: Appraisal rating distribution of appraised staff in post, by organisation and region, overall and by pay band, staff group, ethnicity, disability and sex
-- grain: one row per region x organisation (org_code null = region total) x dimension x dimension_value (as appraisal_coverage) x rating ('Outstanding', 'Good', 'Requires improvement', 'Not rated', 'No rating given')
-- source: issue 17 part 1 (rating distribution by group); the appraisal extract's Rating (crates/talentpipe-contract: Outstanding, Good, Requires improvement, Not rated, or empty where none was given); docs/metrics-appraisal.md
-- counts: rated_staff, appraised
-- derived: rating_share <- rated_staff, appraised
-- needs: appraisal, esr_workforce
-- Each appraised person counts once, under the rating of their latest appraisal in the 12
-- months to the reporting date that gives one (intermediate/appraisal_coverage_staff: same day,
-- the Annual before the Interim); 'No rating given' when none of their appraisals in the window
-- gives a rating ('Not rated' is a rating recorded as such). rated_staff = appraised people
-- with that rating; appraised = every appraised person of the row's group (appraisal_coverage,
-- whose rows, region totals and not-computed organisations this table follows: a
-- not-computed organisation's rows have null counts and its coverage_note); rating_share =
-- rated_staff / appraised (4 dp; null when nobody is appraised), so the five shares of a
-- group add up to 1. Region rows sum their organisations' counts (organisations with a
-- current ESR snapshot only: the others have no staff in post rows).
WITH ratings AS (
    SELECT rating, rating_order
    FROM (
        VALUES ('Outstanding', 1), ('Good', 2), ('Requires improvement', 3), ('Not rated', 4),
               ('No rating given', 5)
    ) AS r (rating, rating_order)
),
rated AS (
    SELECT region_code, org_code, dimension, dimension_value, latest_rating AS rating,
           COUNT(*) AS rated_staff
    FROM appraisal_coverage_staff
    WHERE appraised
    GROUP BY GROUPING SETS (
        (region_code, org_code, dimension, dimension_value, latest_rating),
        (region_code, dimension, dimension_value, latest_rating)
    )
)
SELECT
    c.region_code,
    c.org_code,
    c.dimension,
    c.dimension_value,
    r.rating,
    r.rating_order,
    c.reporting_date,
    c.snapshot_date,
    CASE WHEN c.appraised IS NOT NULL THEN COALESCE(n.rated_staff, 0) END AS rated_staff,
    c.appraised,
    ROUND(CAST(COALESCE(n.rated_staff, 0) AS DOUBLE) / NULLIF(c.appraised, 0), 4) AS rating_share,
    c.coverage_note
FROM appraisal_coverage AS c
CROSS JOIN ratings AS r
LEFT JOIN rated AS n
  ON n.region_code = c.region_code
 AND (n.org_code IS NOT DISTINCT FROM c.org_code)
 AND n.dimension = c.dimension
 AND n.dimension_value = c.dimension_value
 AND n.rating = r.rating
