//! `board`: each organisation's board at two snapshots (its latest and twelve months before
//! the last), one file per region. ESR holds the executives; non-executives are outside ESR.

use std::collections::BTreeMap;
use std::path::Path;

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use talentpipe_contract::BOARD;

use super::{PERSON_DEFECTS, create_region_file, kind_rng, write_person_row};
use crate::dates::{Month, dmy};
use crate::defects::Defect;
use crate::reference::{
    DISABILITIES, ETHNIC, G_FEMALE, G_MALE, GENDERS, N_CRITICAL, critical_code, critical_job,
};
use crate::rng::{chance, draw_ethnic, pick_weighted};
use crate::workforce::{Person, Workforce};
use crate::{GeneratedFile, K_BOARD, Result};

/// The columns that describe the member of a seat: empty on a vacant seat's row.
const MEMBER_COLUMNS: [&str; 7] = [
    "Member ID",
    "Ethnic Origin",
    "Gender",
    "Disability",
    "Interim",
    "Start Date",
    "End Date",
];

/// Who is on a board seat at a snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum MemberKey {
    /// An ESR employee (executive or non-voting director).
    Esr(u32),
    /// A non-executive or a predecessor outside ESR: (seat, generation).
    Outside(u8, u8),
}

#[derive(Clone, Copy)]
struct Member {
    key: MemberKey,
    ethnic: u8,
    gender: u8,
    disability: u8,
    interim: bool,
    start: i32,
    end: Option<i32>,
}

/// A board member who is not in the ESR extract (non-executive, or a predecessor before the
/// simulated period): low BME share, about 45% female.
fn outside_member(rng: &mut ChaCha8Rng, factor: f64, key: MemberKey, start: i32) -> Member {
    Member {
        key,
        ethnic: draw_ethnic(rng, 0.11 * factor, 0.03),
        gender: if chance(rng, 0.45) { G_FEMALE } else { G_MALE },
        disability: pick_weighted(rng, &[(0u8, 4), (1, 85), (2, 11)]),
        interim: false,
        start,
        end: None,
    }
}

/// How long an organisation that keeps departed members on its board register lists them
/// (with their End Date) beside their successors: a year, like an annual report's board list.
const BOARD_KEEPS_DAYS: i32 = 365;

/// Share of organisations whose board register keeps departed members listed.
const P_BOARD_KEEPS_DEPARTED: f64 = 0.5;

fn esr_member(p: &Person, end: Option<i32>) -> Member {
    Member {
        key: MemberKey::Esr(p.emp_no),
        ethnic: p.ethnic,
        gender: p.gender,
        disability: p.disability,
        interim: p.interim,
        start: p.start,
        end,
    }
}

/// The ESR members of a board post at snapshot `m`: the members listed as departed (End Date
/// on or before the snapshot) and the current holder (the latest starter in post at the
/// month's end; an interim shows as interim, a known leaver serving notice as current). A
/// register that `keeps` departed members lists everyone who left the post in the year to the
/// snapshot; otherwise a holder who left within the snapshot month is listed only while
/// nobody holds the post.
fn esr_members(
    wf: &Workforce,
    org: u8,
    (crit, nv_seat): (u8, u8),
    m: &Month,
    keeps: bool,
) -> (Vec<Member>, Option<Member>) {
    let holders: Vec<&Person> = wf
        .persons
        .iter()
        .filter(|p| {
            p.org == org
                && p.start <= m.end
                && ((crit > 0 && p.crit == crit) || (nv_seat > 0 && p.nv_seat == nv_seat))
        })
        .collect();
    let left = |p: &&&Person| p.term != 0 && p.term <= m.end;
    let current = holders
        .iter()
        .filter(|p| !left(p))
        .max_by_key(|p| p.start)
        .map(|p| esr_member(p, None));
    let mut departed: Vec<&Person> = if keeps {
        holders
            .iter()
            .filter(|p| left(p) && p.term > m.end - BOARD_KEEPS_DAYS)
            .copied()
            .collect()
    } else if current.is_none() {
        holders
            .iter()
            .filter(|p| left(p) && p.term >= m.start)
            .max_by_key(|p| p.start)
            .into_iter()
            .copied()
            .collect()
    } else {
        Vec::new()
    };
    departed.sort_by_key(|p| (p.start, p.emp_no));
    let departed = departed
        .into_iter()
        .map(|p| esr_member(p, Some(p.term)))
        .collect();
    (departed, current)
}

const DEFECTS_VACANT: [Defect; 2] = [Defect::BadDate, Defect::EmptyOrg];

/// One board seat as listed at a snapshot: role text, critical role, voting, executive, and
/// its rows: departed members (End Date set), then the current member; a seat with neither is
/// listed once with no member (vacant).
struct Seat {
    role: String,
    crit: u8,
    voting: bool,
    executive: bool,
    departed: Vec<Member>,
    current: Option<Member>,
}

/// Each organisation's board at its latest snapshot (the month of its latest ESR snapshot)
/// and at the last snapshot's month twelve months before: chair, 4-5 non-executives, the six
/// critical-role executives and 1-2 non-voting directors. About half the organisations keep
/// members who left in the year listed with their End Date beside their successor (or alone,
/// when the seat is now vacant); the others list a vacant seat with no member.
pub fn write(wf: &Workforce, root: &Path) -> Result<GeneratedFile> {
    let plan = wf.plan;
    let mut rng = kind_rng(wf, K_BOARD, 0);
    let (mut out, mut dirt) = create_region_file(wf, root, &BOARD, K_BOARD)?;
    let earlier = plan.months_before_last(12);
    let sim_start = plan.months[0].start;
    let factor = wf.region.bme_factor;
    let n_nv = |org: u8| {
        wf.persons
            .iter()
            .filter(|p| p.org == org)
            .map(|p| p.nv_seat)
            .max()
            .unwrap_or(0)
    };

    for org in 0..wf.orgs.len() as u8 {
        let code = wf.orgs[org as usize].as_str();
        let latest = plan.months[wf.latest_sent[org as usize]].clone();
        let keeps = chance(&mut rng, P_BOARD_KEEPS_DEPARTED);
        // Non-executive seats: 0 = chair, then 4-5 non-executive directors. Each has a
        // current member (or is vacant) and a predecessor for earlier snapshots.
        let neds = 1 + rng.random_range(4..=5u8);
        let mut outside: Vec<(String, Option<Member>, Member)> = Vec::new();
        for seat in 0..neds {
            let role = match seat {
                0 => "Chair",
                1 => "Vice Chair",
                _ => "Non-Executive Director",
            };
            let start = latest.end - rng.random_range(60..=2900);
            let current = outside_member(&mut rng, factor, MemberKey::Outside(seat, 0), start);
            let vacant = seat > 0 && chance(&mut rng, 0.12);
            // The predecessor served at least six months before the current member started.
            let before = (earlier.end - rng.random_range(200..=2500)).min(start - 180);
            let mut predecessor = outside_member(&mut rng, factor, MemberKey::Outside(seat, 1), before);
            predecessor.end = Some(if vacant {
                latest.end - rng.random_range(20..=200)
            } else {
                start - 1
            });
            outside.push((role.to_owned(), (!vacant).then_some(current), predecessor));
        }
        let mut ids: BTreeMap<MemberKey, u32> = BTreeMap::new();
        for snap in [&earlier, &latest] {
            let mut seats: Vec<Seat> = Vec::new();
            for (role, current, predecessor) in &outside {
                // The predecessor holds the seat until its end; then the current member, if any.
                let left = predecessor.end.is_some_and(|e| e < snap.end);
                let holder = match current {
                    Some(c) if left && c.start <= snap.end => Some(Member { end: None, ..*c }),
                    _ if left => None,
                    _ => Some(Member {
                        end: None,
                        ..*predecessor
                    }),
                };
                let departed_listed = left
                    && (keeps || holder.is_none() && predecessor.end.is_some_and(|e| e >= snap.start))
                    && predecessor.end.is_some_and(|e| e > snap.end - BOARD_KEEPS_DAYS);
                seats.push(Seat {
                    role: role.clone(),
                    crit: 0,
                    voting: true,
                    executive: false,
                    departed: if departed_listed {
                        vec![*predecessor]
                    } else {
                        Vec::new()
                    },
                    current: holder,
                });
            }
            let esr_seat = |rng: &mut ChaCha8Rng, post: (u8, u8), seat_no: u8| {
                let (departed, mut current) = esr_members(wf, org, post, snap, keeps);
                if current.is_none() && departed.is_empty() && snap.end < sim_start {
                    // Before the simulated period: someone outside ESR held the post.
                    let start = snap.end - rng.random_range(200..=2500);
                    current = Some(outside_member(
                        rng,
                        factor * 0.6,
                        MemberKey::Outside(seat_no, 2),
                        start,
                    ));
                }
                (departed, current)
            };
            for crit in 1..=N_CRITICAL as u8 {
                let (departed, current) = esr_seat(&mut rng, (crit, 0), 10 + crit);
                seats.push(Seat {
                    role: critical_job(crit).0.to_owned(),
                    crit,
                    voting: true,
                    executive: true,
                    departed,
                    current,
                });
            }
            for nv in 1..=n_nv(org) {
                let role = wf
                    .persons
                    .iter()
                    .find(|p| p.org == org && p.nv_seat == nv)
                    .map_or("Director", |p| p.role);
                let (departed, current) = esr_seat(&mut rng, (0, nv), 20 + nv);
                seats.push(Seat {
                    role: role.to_owned(),
                    crit: 0,
                    voting: false,
                    executive: true,
                    departed,
                    current,
                });
            }
            for seat in seats {
                let yn = |b: bool| if b { "Y" } else { "N" };
                let crit_code = if seat.crit > 0 {
                    critical_code(seat.crit)
                } else {
                    ""
                };
                let mut members: Vec<Option<Member>> = seat.departed.into_iter().map(Some).collect();
                if seat.current.is_some() || members.is_empty() {
                    members.push(seat.current);
                }
                for member in members {
                    let (id, start, end);
                    let mut row = out.row();
                    row.set("Organisation Code", code)
                        .set("Role", &seat.role)
                        .set("Critical Role", crit_code)
                        .set("Voting", yn(seat.voting))
                        .set("Executive", yn(seat.executive))
                        .set("Snapshot Date", &snap.end_dmy);
                    match &member {
                        Some(m) => {
                            let next = ids.len() as u32 + 1;
                            let n = *ids.entry(m.key).or_insert(next);
                            (id, start, end) = (format!("M-{code}-{n:02}"), dmy(m.start), m.end.map(dmy));
                            row.set("Member ID", &id)
                                .set("Ethnic Origin", ETHNIC[m.ethnic as usize].0)
                                .set("Gender", GENDERS[m.gender as usize])
                                .set("Disability", DISABILITIES[m.disability as usize].0)
                                .set("Interim", yn(m.interim))
                                .set("Start Date", &start)
                                .set("End Date", end.as_deref().unwrap_or(""));
                        }
                        None => {
                            for header in MEMBER_COLUMNS {
                                row.set(header, "");
                            }
                        }
                    }
                    // A vacant seat's row has no ethnic origin to get wrong.
                    let defects: &[Defect] = if member.is_some() {
                        &PERSON_DEFECTS
                    } else {
                        &DEFECTS_VACANT
                    };
                    write_person_row(&mut out, &mut dirt, row, defects, "Snapshot Date")?;
                }
            }
        }
    }
    out.finish()
}
