//! The simulated workforce of one region: created at the first snapshot and carried forward
//! month by month (leavers replaced in the same post, critical-role holders resigning, serving
//! notice and followed by interims and successors). Every extract kind is written from it.

use chrono::Months;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::dates::{Month, date, days, years_between};
use crate::options::Plan;
use crate::reference::{
    B_8C, B_MEDICAL, B_VSM, BAND_BME, BAND_WEIGHTS, C_BANK, C_FIXED_TERM, C_HONORARY, C_LOCUM, C_PERMANENT,
    DISABILITIES, ETHNIC, G_ADMIN, GROUP_WEIGHTS, LEAVING_REASONS, MEDICAL_ROLES, N_CRITICAL,
    NON_VOTING_ROLES, P_ETHNIC_UNKNOWN, R_END_FTC, R_RETIREMENT, RegionInfo, Wres, critical_job,
    is_doctor_in_training, role_pool,
};
use crate::rng::{
    P_ORGS, P_SUBMISSIONS, P_WORKFORCE, chance, day_between, draw_ethnic, draw_gender, pick, pick_weighted,
    stream, weighted,
};
use crate::{GenerateError, Result};

/// One person (ESR employee) with at most two assignments. Kept small: one per simulated
/// person is held in memory for the whole run of a region.
#[derive(Debug, Clone, Copy)]
pub struct Person {
    pub emp_no: u32,
    pub dob: i32,
    pub start: i32,
    pub start2: i32,
    /// Termination day, 0 while in post.
    pub term: i32,
    pub role: &'static str,
    pub org: u8,
    pub group: u8,
    pub band: u8,
    /// 0 = none, else index into [`talentpipe_contract::codes::CRITICAL_ROLES`] + 1.
    pub crit: u8,
    /// 0 = none, else the organisation's non-voting board seat number (1 or 2).
    pub nv_seat: u8,
    pub ethnic: u8,
    pub gender: u8,
    pub disability: u8,
    pub cat: u8,
    pub cat2: u8,
    /// FTE of assignment 1 in hundredths.
    pub fte: u8,
    /// FTE of assignment 2 in hundredths; 0 = no second assignment.
    pub fte2: u8,
    pub interim: bool,
    pub reason: u8,
}

impl Person {
    /// Has a row in the snapshot of `m` (in post at some point of the month).
    pub fn present(&self, m: &Month) -> bool {
        self.start <= m.end && (self.term == 0 || self.term >= m.start)
    }

    /// In post at the end of `m` (not leaving within it).
    pub fn in_post_at_end(&self, m: &Month) -> bool {
        self.start <= m.end && (self.term == 0 || self.term > m.end)
    }

    pub fn wres(&self) -> Wres {
        ETHNIC[self.ethnic as usize].1
    }

    pub fn ethnic_label(&self) -> &'static str {
        ETHNIC[self.ethnic as usize].0
    }

    pub fn is_substantive(&self) -> bool {
        !matches!(self.cat, C_BANK | C_LOCUM | C_HONORARY)
    }
}

/// Monthly chance that a substantive critical-role holder resigns: about 20% a year, the
/// turnover of NHS trust executive directors (NHS Providers and King's Fund board studies
/// put their average tenure at three to five years, chief executives' nearer three).
pub const P_CRITICAL_RESIGN: f64 = 0.018;

/// A post: what a replacement joiner inherits from a leaver.
#[derive(Debug, Clone, Copy)]
pub struct Post {
    pub org: u8,
    pub group: u8,
    pub band: u8,
    pub role: &'static str,
    pub crit: u8,
    pub nv_seat: u8,
}

/// When a new person's assignment started.
#[derive(Clone, Copy)]
pub enum Begin {
    /// Already in post before the first snapshot month (which starts on this day).
    Before(i32),
    /// Joined on this day.
    On(i32),
}

/// A critical-role hire waiting for its month (which may be after the last snapshot: then it
/// never happens in the simulation, but its planned dates are the vacancy's).
#[derive(Debug, Clone, Copy)]
pub struct Pending {
    /// Month index from the first snapshot month.
    pub month: usize,
    pub org: u8,
    pub crit: u8,
    pub interim: bool,
    /// Planned start day of a permanent appointment (an interim's is drawn in its month).
    pub start: i32,
}

/// The vacancy advertised for a critical-role seat: its holder resigned, or an interim held it
/// at the first snapshot. Offer and start are the planned permanent appointment's, possibly
/// after the last snapshot.
#[derive(Debug, Clone, Copy)]
pub struct CritVacancy {
    pub org: u8,
    pub crit: u8,
    pub advertised: i32,
    pub closing: i32,
    pub offer: i32,
    pub start: i32,
    pub interim_cover: bool,
    pub times: u8,
}

pub struct Workforce<'p> {
    pub plan: &'p Plan,
    pub region: &'static RegionInfo,
    pub orgs: Vec<String>,
    org_weights: Vec<u32>,
    /// Whether each organisation sent each month's ESR snapshot ([`submissions`]).
    pub sent: Vec<Vec<bool>>,
    /// Each organisation's latest month sent: its board and talent-pool snapshots' month too.
    pub latest_sent: Vec<usize>,
    rng: ChaCha8Rng,
    pub persons: Vec<Person>,
    /// Current holder of each critical role, per organisation (index into `persons`).
    holders: Vec<[Option<usize>; N_CRITICAL]>,
    pending: Vec<Pending>,
    pub crit_vacancies: Vec<CritVacancy>,
    hired: u64,
    serial_offset: u64,
}

/// ODS-like organisation codes and relative sizes for a region (3 characters: `R` +
/// a region-specific letter or the region digit + one more character).
fn organisations(seed: u64, region: &RegionInfo) -> (Vec<String>, Vec<u32>) {
    const ALNUM: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    const LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut rng = stream(seed, region.code, P_ORGS);
    let n = rng.random_range(4..=6usize);
    let mut codes: Vec<String> = Vec::new();
    while codes.len() < n {
        let code = if chance(&mut rng, 0.25) {
            format!("R{}{}", region.ordinal, pick(&mut rng, LETTERS) as char)
        } else {
            format!(
                "R{}{}",
                pick(&mut rng, region.org_letters) as char,
                pick(&mut rng, ALNUM) as char
            )
        };
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    let weights = (0..n).map(|_| rng.random_range(50..=150u32)).collect();
    (codes, weights)
}

/// Which monthly ESR snapshots each organisation sent (`[org][month]`), as a region sees them
/// when its extract is taken at the last snapshot: every organisation sends every month except
/// - one organisation (when there are two or more, and two or more months) that has not sent
///   the last month yet: its latest snapshot is one month old;
/// - occasionally (half the regions, four or more months) another organisation that never
///   sent one month in the middle of the history;
/// - in a region of six organisations (a larger region; three or more months), a third one
///   that stopped two months ago, so its latest snapshot is more than 45 days old.
///
/// At least one organisation of every region sends the last month, so the latest snapshot of
/// any organisation is always the last month. The organisation's board and talent-pool
/// snapshots are dated like its latest ESR snapshot.
fn submissions(seed: u64, region: &RegionInfo, n_orgs: usize, months: usize) -> Vec<Vec<bool>> {
    let mut sent = vec![vec![true; months]; n_orgs];
    let mut rng = stream(seed, region.code, P_SUBMISSIONS);
    if n_orgs < 2 || months < 2 {
        return sent;
    }
    let mut order: Vec<usize> = (0..n_orgs).collect();
    for k in 0..order.len() {
        let j = rng.random_range(k..order.len());
        order.swap(k, j);
    }
    sent[order[0]][months - 1] = false;
    if months >= 4 && n_orgs >= 3 && chance(&mut rng, 0.5) {
        let gap = rng.random_range(1..=months - 2);
        sent[order[1]][gap] = false;
    }
    if n_orgs >= 6 && months >= 3 {
        sent[order[2]][months - 1] = false;
        sent[order[2]][months - 2] = false;
    }
    sent
}

impl<'p> Workforce<'p> {
    pub fn new(plan: &'p Plan, region: &'static RegionInfo) -> Self {
        let (orgs, org_weights) = organisations(plan.seed, region);
        let mut rng = stream(plan.seed, region.code, P_WORKFORCE);
        let serial_offset = rng.random_range(0..10_000_000u64);
        let holders = vec![[None; N_CRITICAL]; orgs.len()];
        let sent = submissions(plan.seed, region, orgs.len(), plan.months.len());
        let latest_sent = sent
            .iter()
            .map(|s| s.iter().rposition(|&x| x).unwrap_or(0))
            .collect();
        Self {
            plan,
            region,
            orgs,
            org_weights,
            sent,
            latest_sent,
            rng,
            persons: Vec::new(),
            holders,
            pending: Vec::new(),
            crit_vacancies: Vec::new(),
            hired: 0,
            serial_offset,
        }
    }

    /// A new 8-digit employee number: the region digit then a permuted serial, so numbers
    /// never collide across regions and do not look sequential.
    fn next_emp_no(&mut self) -> Result<u32> {
        if self.hired >= 10_000_000 {
            return Err(GenerateError::InvalidOption(format!(
                "region {} needs more than 10,000,000 employee numbers: lower people or months",
                self.region.code
            )));
        }
        // 7_654_321 is coprime with 10^7, so this is a bijection on 0..10^7.
        let serial = (self.hired * 7_654_321 + self.serial_offset) % 10_000_000;
        self.hired += 1;
        Ok(self.region.ordinal * 10_000_000 + serial as u32)
    }

    fn draw_post(&mut self, org: u8) -> Post {
        let rng = &mut self.rng;
        let group = weighted(rng, &GROUP_WEIGHTS) as u8;
        let band = weighted(rng, &BAND_WEIGHTS[group as usize]) as u8;
        let role = if band == B_MEDICAL {
            pick_weighted(rng, &MEDICAL_ROLES)
        } else {
            pick(rng, role_pool(group, band))
        };
        Post {
            org,
            group,
            band,
            role,
            crit: 0,
            nv_seat: 0,
        }
    }

    fn make_person(&mut self, post: Post, begin: Begin, interim: bool) -> Result<Person> {
        let emp_no = self.next_emp_no()?;
        let last_end = self.plan.last().end;
        let factor = self.region.bme_factor;
        let rng = &mut self.rng;
        let (group, band, role) = (post.group, post.band, post.role);
        let senior = post.crit > 0 || post.nv_seat > 0 || (B_8C..=B_VSM).contains(&band);

        let ethnic = draw_ethnic(rng, BAND_BME[band as usize] * factor, P_ETHNIC_UNKNOWN);
        let base_female = [0.89, 0.78, 0.80, 0.82, 0.48, 0.45, 0.62, 0.66][group as usize];
        let seniority = match band {
            7 | 8 => 0.92,
            9..=11 => 0.8,
            12 => 0.7,
            _ => 1.0,
        };
        let gender = draw_gender(rng, base_female * seniority);
        let disability = weighted(rng, &DISABILITIES.map(|d| d.1)) as u8;

        // Age at the reference day, capped so nobody is over 68 at the last snapshot.
        let ref_day = match begin {
            Begin::Before(d) | Begin::On(d) => d,
        };
        let (lo, hi): (u32, u32) = if band == B_MEDICAL && post.crit == 0 {
            match role {
                "Foundation Year 1" => (23, 28),
                "Foundation Year 2" => (24, 30),
                "Specialty Registrar" => (27, 40),
                "Clinical Fellow" => (26, 40),
                "Specialty Doctor" => (30, 64),
                _ => (33, 67),
            }
        } else if senior {
            (36, 64)
        } else {
            match band {
                0..=2 | 14 => (18, 66),
                3 => (20, 66),
                4 | 5 => (22, 65),
                6 => (27, 65),
                _ => (30, 65),
            }
        };
        let years_left = ((last_end - ref_day) / 366).max(0) as u32;
        let hi = hi.min(67u32.saturating_sub(years_left)).max(lo);
        let span = hi - lo;
        let age = lo + (rng.random_range(0..=span) + rng.random_range(0..=span)) / 2;
        let dob = date(ref_day)
            .checked_sub_months(Months::new(age * 12 + rng.random_range(0..12u32)))
            .map(days)
            .expect("birth dates stay within years 1800..2300")
            - rng.random_range(0..28);

        let cat = if post.crit > 0 {
            if interim { C_FIXED_TERM } else { C_PERMANENT }
        } else if post.nv_seat > 0 {
            C_PERMANENT
        } else if band == B_MEDICAL {
            if is_doctor_in_training(role) {
                pick_weighted(
                    rng,
                    &[(C_FIXED_TERM, 85), (C_LOCUM, 10), (C_BANK, 5), (C_PERMANENT, 0)],
                )
            } else {
                pick_weighted(
                    rng,
                    &[(C_PERMANENT, 88), (C_LOCUM, 8), (C_BANK, 2), (C_HONORARY, 2)],
                )
            }
        } else {
            pick_weighted(
                rng,
                &[
                    (C_PERMANENT, 860),
                    (C_FIXED_TERM, 80),
                    (C_BANK, 55),
                    (C_HONORARY, 5),
                ],
            )
        };

        let start = match begin {
            Begin::On(d) => d,
            Begin::Before(first) => {
                let adult = date(dob)
                    .checked_add_months(Months::new(18 * 12))
                    .map(days)
                    .expect("18th birthdays stay within years 1800..2300");
                let max_tenure = (first - adult).max(1);
                let u = rng.random::<f64>();
                if post.crit > 0 && interim {
                    // Interim cover lasts months, not years.
                    first - 30 - (u * 240.0) as i32
                } else if post.crit > 0 || post.nv_seat > 0 {
                    first - 30 - (u.powf(1.5) * f64::from(max_tenure.min(2900))) as i32
                } else {
                    first - 1 - (u * u * f64::from(max_tenure.min(9000))) as i32
                }
            }
        };

        let mut fte: u8 = if post.crit > 0 || post.nv_seat > 0 {
            100
        } else if cat == C_BANK {
            rng.random_range(10..=60u8)
        } else if chance(rng, if band == B_MEDICAL { 0.85 } else { 0.62 }) {
            100
        } else {
            pick(rng, &[40u8, 50, 53, 60, 64, 67, 75, 80, 87, 93])
        };
        let (mut fte2, mut cat2, mut start2) = (0u8, cat, start);
        if post.crit == 0 && post.nv_seat == 0 && cat != C_BANK && fte >= 20 && chance(rng, 0.05) {
            let first = rng.random_range(10..=fte - 10);
            fte2 = fte - first;
            fte = first;
            cat2 = if chance(rng, 0.5) { C_BANK } else { cat };
            start2 = match begin {
                Begin::On(d) => d,
                Begin::Before(first_month) => day_between(rng, start, first_month - 1),
            };
        }
        let interim = interim || (post.crit == 0 && senior && chance(rng, 0.04));
        Ok(Person {
            emp_no,
            dob,
            start,
            start2,
            term: 0,
            role,
            org: post.org,
            group,
            band,
            crit: post.crit,
            nv_seat: post.nv_seat,
            ethnic,
            gender,
            disability,
            cat,
            cat2,
            fte,
            fte2,
            interim,
            reason: 0,
        })
    }

    fn crit_post(org: u8, crit: u8) -> Post {
        let (role, group) = critical_job(crit);
        Post {
            org,
            group,
            band: B_VSM,
            role,
            crit,
            nv_seat: 0,
        }
    }

    /// The workforce at the start of the first snapshot month.
    pub fn populate(&mut self) -> Result<()> {
        let first = self.plan.months[0].start;
        let n_orgs = self.orgs.len() as u8;
        for org in 0..n_orgs {
            for crit in 1..=N_CRITICAL as u8 {
                let interim = chance(&mut self.rng, 0.1);
                let p = self.make_person(Self::crit_post(org, crit), Begin::Before(first), interim)?;
                let i = self.persons.len();
                self.holders[org as usize][crit as usize - 1] = Some(i);
                self.persons.push(p);
                if interim {
                    // Held by an interim since before the first snapshot: the permanent
                    // appointment comes within the first six months.
                    let rng = &mut self.rng;
                    let advertised = first - rng.random_range(30..=150);
                    let closing = advertised + rng.random_range(21..=35);
                    let times = pick_weighted(rng, &[(1u8, 60), (2, 30), (3, 10)]);
                    let month = rng.random_range(1..=6usize);
                    self.plan_critical_hires(org, crit, (advertised, closing, times), true, None, month);
                } else if chance(&mut self.rng, P_CRITICAL_RESIGN * 4.5) {
                    // Resigned before the first snapshot and serving notice (about 4.5 months
                    // on average, so this share keeps the number serving notice steady).
                    let lead = (first - p.start - 1).clamp(1, 90);
                    let resign = first - self.rng.random_range(1..=lead);
                    self.critical_resigns(i, resign);
                }
            }
            let seats = self.rng.random_range(1..=2u8);
            let first_role = self.rng.random_range(0..NON_VOTING_ROLES.len());
            for seat in 1..=seats {
                let role = NON_VOTING_ROLES[(first_role + seat as usize) % NON_VOTING_ROLES.len()];
                let post = Post {
                    org,
                    group: G_ADMIN,
                    band: B_VSM,
                    role,
                    crit: 0,
                    nv_seat: seat,
                };
                let p = self.make_person(post, Begin::Before(first), false)?;
                self.persons.push(p);
            }
        }
        let rest = self.plan.people.saturating_sub(self.persons.len());
        self.persons.reserve(rest + rest / 8);
        let weights = self.org_weights.clone();
        for _ in 0..rest {
            let org = weighted(&mut self.rng, &weights) as u8;
            let post = self.draw_post(org);
            let p = self.make_person(post, Begin::Before(first), false)?;
            self.persons.push(p);
        }
        Ok(())
    }

    fn leaving_reason(&mut self, p: &Person, term: i32) -> u8 {
        let rng = &mut self.rng;
        if (p.cat == C_FIXED_TERM || p.interim && p.crit > 0) && chance(rng, 0.6) {
            return R_END_FTC;
        }
        if years_between(p.dob, term) >= 60 && chance(rng, 0.55) {
            return R_RETIREMENT;
        }
        weighted(rng, &LEAVING_REASONS.map(|r| r.1)) as u8
    }

    /// One month of turnover: due critical-role hires, then leavers (about 1%), each
    /// replaced in the same post by a joiner starting within the month, and resignations of
    /// substantive critical-role holders ([`P_CRITICAL_RESIGN`], who leave after notice).
    pub fn advance(&mut self, m: usize) -> Result<()> {
        let (ms, me) = (self.plan.months[m].start, self.plan.months[m].end);
        let due: Vec<Pending> = self.pending.iter().filter(|p| p.month == m).copied().collect();
        self.pending.retain(|p| p.month != m);
        for hire in due {
            self.hire_critical(hire, ms, me)?;
        }

        let existing = self.persons.len();
        for i in 0..existing {
            let p = self.persons[i];
            if p.term != 0 || p.start >= ms || (p.crit > 0 && p.interim) {
                continue;
            }
            let monthly = if p.crit > 0 {
                P_CRITICAL_RESIGN
            } else {
                match p.cat {
                    C_FIXED_TERM => 0.03,
                    C_BANK => 0.015,
                    C_LOCUM => 0.04,
                    C_HONORARY => 0.01,
                    _ => 0.0085,
                }
            };
            if !chance(&mut self.rng, monthly) {
                continue;
            }
            if p.crit > 0 {
                let resign = day_between(&mut self.rng, ms, me);
                self.critical_resigns(i, resign);
                continue;
            }
            let term = day_between(&mut self.rng, ms, me);
            let reason = self.leaving_reason(&p, term);
            self.persons[i].term = term;
            self.persons[i].reason = reason;
            let post = Post {
                org: p.org,
                group: p.group,
                band: p.band,
                role: p.role,
                crit: 0,
                nv_seat: p.nv_seat,
            };
            let day = day_between(&mut self.rng, ms, me);
            let joiner = self.make_person(post, Begin::On(day), false)?;
            self.persons.push(joiner);
        }
        Ok(())
    }

    /// Substantive critical-role holder `i` resigns on `resign` and leaves after three to six
    /// months' notice (a known leaver still in post meanwhile: ESR shows the termination date
    /// only in the month they leave). The seat is advertised within a month of the
    /// resignation; the permanent successor starts one to eight months after the leaving
    /// month, with an interim from the month after leaving for most gaps of three months or
    /// more.
    fn critical_resigns(&mut self, i: usize, resign: i32) {
        let p = self.persons[i];
        let term = resign + self.rng.random_range(90..=180);
        let reason = self.leaving_reason(&p, term);
        self.persons[i].term = term;
        self.persons[i].reason = reason;
        let term_month = self.plan.month_index(term);
        let rng = &mut self.rng;
        let advertised = resign + rng.random_range(0..=30);
        let closing = advertised + rng.random_range(21..=35);
        let times = pick_weighted(rng, &[(1u8, 60), (2, 30), (3, 10)]);
        let wait = rng.random_range(1..=8usize);
        let interim_month = (wait >= 3 && chance(rng, 0.7)).then_some(term_month + 1);
        let covered = interim_month.is_some_and(|m| m < self.plan.months.len());
        self.plan_critical_hires(
            p.org,
            p.crit,
            (advertised, closing, times),
            covered,
            interim_month,
            term_month + wait,
        );
    }

    /// Records the vacancy for a critical seat and schedules its hires: an interim in
    /// `interim_month` if any, the permanent successor on a planned day of `month`, offered
    /// 30-90 days before (not before the closing date). `interim_cover`: an interim holds the
    /// seat by the last snapshot.
    fn plan_critical_hires(
        &mut self,
        org: u8,
        crit: u8,
        (advertised, closing, times): (i32, i32, u8),
        interim_cover: bool,
        interim_month: Option<usize>,
        month: usize,
    ) {
        let (ms, me) = self.plan.month_span(month);
        let start = day_between(&mut self.rng, ms + 1, me);
        let offer = (start - self.rng.random_range(30..=90)).max(closing);
        self.crit_vacancies.push(CritVacancy {
            org,
            crit,
            advertised,
            closing,
            offer,
            start,
            interim_cover,
            times,
        });
        if let Some(m) = interim_month {
            self.pending.push(Pending {
                month: m,
                org,
                crit,
                interim: true,
                start: 0,
            });
        }
        self.pending.push(Pending {
            month,
            org,
            crit,
            interim: false,
            start,
        });
    }

    fn hire_critical(&mut self, hire: Pending, ms: i32, me: i32) -> Result<()> {
        let slot = (hire.org as usize, hire.crit as usize - 1);
        let post = Self::crit_post(hire.org, hire.crit);
        if hire.interim {
            let start = day_between(&mut self.rng, ms, me);
            let p = self.make_person(post, Begin::On(start), true)?;
            self.holders[slot.0][slot.1] = Some(self.persons.len());
            self.persons.push(p);
            return Ok(());
        }
        let start = hire.start;
        if let Some(h) = self.holders[slot.0][slot.1] {
            let holder = &mut self.persons[h];
            if holder.interim && holder.term == 0 {
                holder.term = start - 1;
                holder.reason = R_END_FTC;
            }
        }
        let p = self.make_person(post, Begin::On(start), false)?;
        self.holders[slot.0][slot.1] = Some(self.persons.len());
        self.persons.push(p);
        Ok(())
    }
}
