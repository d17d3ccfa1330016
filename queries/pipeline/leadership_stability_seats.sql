-- title: Critical-role seats held on the reporting date, from ESR: held substantively or on an interim basis, and since when the interim holds it
-- grain: one row per organisation x critical role with at least one current holder (pipeline/leadership_stability_holders)
-- source: issue 17 part 2 (interim cover: how long critical-role seats have been interim); EXTRACTS.md (esr_workforce: Interim = Y when the post is held on an interim or acting basis; Start Date)
-- publish: false
-- A seat (organisation x critical role) is held on an interim basis when it has a current
-- interim holder and no current substantive holder; with both (an interim overlapping a
-- substantive holder, e.g. a handover) it counts as held substantively. ESR shows no seat
-- without a holder: vacant seats are the board and vacancy tables' business.
-- Interim since: the interim holder's ESR start date (the earliest, when several interims hold
-- it), not the first snapshot in which the seat was interim: the start date is on every row,
-- whereas the snapshots begin when the organisation's ESR history begins (an interim appointed
-- before it would look newer than they are). So consecutive interims restart the clock, and the
-- days the seat stood vacant before the interim started are not counted.
-- interim_days = reporting date - interim since (0 for a start after it);
-- interim_over_6_months: interim since + 6 calendar months is before the reporting date.
SELECT
    region_code,
    org_code,
    critical_role,
    MAX(snapshot_date) AS snapshot_date,
    COUNT(CASE WHEN NOT is_interim THEN 1 END) AS substantive_holders,
    COUNT(CASE WHEN is_interim THEN 1 END) AS interim_holders,
    COUNT(CASE WHEN NOT is_interim THEN 1 END) = 0 AS is_interim_seat,
    MIN(CASE WHEN is_interim THEN start_date END) AS interim_since,
    MAX(CASE WHEN is_interim THEN tenure_days END) AS interim_days,
    BOOL_OR(is_interim AND started_over_6_months_before) AS interim_over_6_months
FROM leadership_stability_holders
GROUP BY region_code, org_code, critical_role
