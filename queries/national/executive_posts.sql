-- title: Executive posts vacant or interim, national (compare with the 8% and 37% national figures)
-- grain: England, the sum of the regions supplied (region total rows)
-- source: the regional table of the same name; every rate recomputed from summed numerators and denominators (never an average of regional rates); issue 13 point 10 (organisations with a vacant or interim executive seat)
-- counts: executive_seats, vacant_or_interim_executive_seats, organisations, organisations_with_vacant_executive_seat, organisations_with_vacant_or_interim_executive_seat
-- derived: vacant_or_interim_share <- executive_seats, vacant_or_interim_executive_seats; organisations_with_vacant_share <- organisations, organisations_with_vacant_executive_seat; organisations_with_vacant_or_interim_share <- organisations, organisations_with_vacant_or_interim_executive_seat
SELECT SUM(executive_seats) AS executive_seats, SUM(vacant_executive_seats) AS vacant_executive_seats,
       SUM(interim_executive_seats) AS interim_executive_seats,
       SUM(vacant_or_interim_executive_seats) AS vacant_or_interim_executive_seats,
       ROUND(CAST(SUM(vacant_or_interim_executive_seats) AS DOUBLE) / NULLIF(SUM(executive_seats), 0), 4) AS vacant_or_interim_share,
       0.08 AS national_vacant_or_interim_share,
       SUM(organisations) AS organisations, SUM(organisations_with_vacant_executive_seat) AS organisations_with_vacant_executive_seat,
       ROUND(CAST(SUM(organisations_with_vacant_executive_seat) AS DOUBLE) / NULLIF(SUM(organisations), 0), 4) AS organisations_with_vacant_share,
       0.37 AS national_organisations_with_vacant_share,
       SUM(organisations_with_vacant_or_interim_executive_seat) AS organisations_with_vacant_or_interim_executive_seat,
       ROUND(CAST(SUM(organisations_with_vacant_or_interim_executive_seat) AS DOUBLE) / NULLIF(SUM(organisations), 0), 4)
           AS organisations_with_vacant_or_interim_share,
       0.37 AS national_organisations_with_vacant_or_interim_share,
       SUM(organisations_without_recent_board) AS organisations_without_recent_board
FROM regional_executive_posts
WHERE org_code IS NULL
