-- title: WRES indicator 3, national: relative likelihood of BME staff entering the formal disciplinary process compared to White staff
-- grain: England, the sum of the regions supplied (region total rows)
-- source: the regional table of the same name; every rate recomputed from summed numerators and denominators (never an average of regional rates)
-- counts: entered_bme, entered_white
-- derived: relative_likelihood <- entered_bme, entered_white; adverse <- entered_bme, entered_white
WITH national AS (
    SELECT COUNT(*) AS regions, SUM(entered_bme) AS entered_bme, SUM(entered_white) AS entered_white,
           SUM(average_headcount_bme) AS average_headcount_bme, SUM(average_headcount_white) AS average_headcount_white
    FROM regional_wres_indicator_3
    WHERE org_code IS NULL
),
rated AS (
    SELECT *, entered_bme / NULLIF(average_headcount_bme, 0) AS raw_bme,
           entered_white / NULLIF(average_headcount_white, 0) AS raw_white
    FROM national
)
SELECT regions, entered_bme, entered_white, ROUND(average_headcount_bme, 4) AS average_headcount_bme,
       ROUND(average_headcount_white, 4) AS average_headcount_white,
       CASE WHEN raw_bme > 0 AND raw_white > 0 THEN ROUND(raw_bme / raw_white, 4) END AS relative_likelihood,
       CASE WHEN raw_bme > 0 AND raw_white > 0
            THEN ROUND(raw_bme / raw_white, 4) < 0.80 OR ROUND(raw_bme / raw_white, 4) > 1.25 END AS adverse
FROM rated
