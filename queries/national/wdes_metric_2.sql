-- title: WDES metric 2, national: relative likelihood of non-disabled applicants being appointed from shortlisting compared to Disabled applicants
-- grain: England, the sum of the regions supplied (region total rows)
-- source: the regional table of the same name; every rate recomputed from summed numerators and denominators (never an average of regional rates)
-- counts: shortlisted_non_disabled, appointed_non_disabled, shortlisted_disabled, appointed_disabled
-- derived: relative_likelihood <- shortlisted_non_disabled, appointed_non_disabled, shortlisted_disabled, appointed_disabled; adverse <- shortlisted_non_disabled, appointed_non_disabled, shortlisted_disabled, appointed_disabled
WITH national AS (
    SELECT SUM(shortlisted_non_disabled) AS shortlisted_non_disabled, SUM(appointed_non_disabled) AS appointed_non_disabled,
           SUM(shortlisted_disabled) AS shortlisted_disabled, SUM(appointed_disabled) AS appointed_disabled
    FROM regional_wdes_metric_2
    WHERE org_code IS NULL
),
rated AS (
    SELECT *, CAST(appointed_non_disabled AS DOUBLE) / NULLIF(shortlisted_non_disabled, 0) AS raw_nd,
           CAST(appointed_disabled AS DOUBLE) / NULLIF(shortlisted_disabled, 0) AS raw_d
    FROM national
)
SELECT shortlisted_non_disabled, appointed_non_disabled, shortlisted_disabled, appointed_disabled,
       CASE WHEN raw_nd > 0 AND raw_d > 0 THEN ROUND(raw_nd / raw_d, 4) END AS relative_likelihood,
       CASE WHEN raw_nd > 0 AND raw_d > 0 THEN ROUND(raw_nd / raw_d, 4) < 0.80 OR ROUND(raw_nd / raw_d, 4) > 1.25 END AS adverse
FROM rated
