//! The generator's reference tables: regions, staff groups and bands, ethnic origins and the
//! other values it simulates, with their weights. These are the generator's own (it is the
//! test oracle of ingest and the metrics); only the pay bands and critical roles come from the
//! contract's code lists, so the simulation follows the contract when they change.

use talentpipe_contract::codes::{CRITICAL_ROLES, PAY_BAND};

/// A region the generator knows: its employee-number prefix, how diverse its workforce
/// and community are, and the letters its organisations' ODS codes use (disjoint per
/// region, so codes never collide across regions).
pub struct RegionInfo {
    pub code: &'static str,
    /// 1..=7: the leading digit of the region's 8-digit employee numbers.
    pub ordinal: u32,
    /// Multiplier on the national BME probabilities (London far more diverse).
    pub bme_factor: f64,
    pub org_letters: &'static [u8],
    /// Census-like resident population.
    pub population: u64,
    /// White, Mixed, Asian, Black, Other, per mille of `population`.
    pub mix: [u64; 5],
}

pub const REGIONS: [RegionInfo; 7] = [
    RegionInfo {
        code: "Y56",
        ordinal: 1,
        bme_factor: 1.6,
        org_letters: b"JYQ",
        population: 8_866_000,
        mix: [538, 57, 207, 135, 63],
    },
    RegionInfo {
        code: "Y58",
        ordinal: 2,
        bme_factor: 0.5,
        org_letters: b"ABD",
        population: 5_764_000,
        mix: [949, 18, 19, 8, 6],
    },
    RegionInfo {
        code: "Y59",
        ordinal: 3,
        bme_factor: 0.8,
        org_letters: b"TWX",
        population: 9_379_000,
        mix: [896, 28, 52, 15, 9],
    },
    RegionInfo {
        code: "Y60",
        ordinal: 4,
        bme_factor: 0.95,
        org_letters: b"LNK",
        population: 10_850_000,
        mix: [836, 29, 92, 30, 13],
    },
    RegionInfo {
        code: "Y61",
        ordinal: 5,
        bme_factor: 0.8,
        org_letters: b"GMC",
        population: 6_335_000,
        mix: [888, 26, 51, 25, 10],
    },
    RegionInfo {
        code: "Y62",
        ordinal: 6,
        bme_factor: 0.75,
        org_letters: b"VEF",
        population: 7_417_000,
        mix: [860, 20, 87, 20, 13],
    },
    RegionInfo {
        code: "Y63",
        ordinal: 7,
        bme_factor: 0.6,
        org_letters: b"HPRUS",
        population: 8_513_000,
        mix: [894, 18, 64, 12, 12],
    },
];

pub const POPULATION_GROUPS: [&str; 5] = ["White", "Mixed", "Asian", "Black", "Other"];

pub const GROUPS: [&str; 8] = [
    "Nursing and Midwifery Registered",
    "Administrative and Clerical",
    "Additional Clinical Services",
    "Allied Health Professionals",
    "Medical and Dental",
    "Estates and Ancillary",
    "Healthcare Scientists",
    "Add Prof Scientific and Technic",
];
/// Staff-group mix, per mille (NHS Digital workforce statistics, rounded).
pub const GROUP_WEIGHTS: [u32; 8] = [270, 250, 200, 80, 100, 60, 20, 20];
pub const G_NURSING: u8 = 0;
pub const G_ADMIN: u8 = 1;
pub const G_ADDCLIN: u8 = 2;
pub const G_AHP: u8 = 3;
pub const G_MEDICAL: u8 = 4;
pub const G_ESTATES: u8 = 5;
pub const G_HSCI: u8 = 6;

pub fn is_clinical(group: u8) -> bool {
    group != G_ADMIN && group != G_ESTATES
}

/// The pay band with index `i` in the contract's Pay Band list (Band 1 .. Band 9, VSM, Medical,
/// Non AfC: the `B_*` indices below and the per-band arrays follow that order).
pub fn band_name(i: u8) -> &'static str {
    PAY_BAND.codes[usize::from(i)].0
}
pub const B_5: u8 = 4;
pub const B_7: u8 = 6;
pub const B_8A: u8 = 7;
pub const B_8C: u8 = 9;
pub const B_VSM: u8 = 12;
pub const B_MEDICAL: u8 = 13;
pub const B_NON_AFC: u8 = 14;

/// Pay-band mix per staff group, per mille, in Pay Band order ([`band_name`]).
pub const BAND_WEIGHTS: [[u32; 15]; 8] = [
    // Nursing
    [0, 0, 0, 0, 455, 320, 150, 50, 15, 6, 3, 1, 0, 0, 0],
    // Admin & clerical
    [0, 180, 280, 210, 100, 80, 60, 35, 15, 8, 4, 2, 3, 0, 23],
    // Additional clinical services
    [0, 350, 450, 170, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    // AHP
    [0, 0, 0, 0, 250, 400, 250, 70, 20, 7, 3, 0, 0, 0, 0],
    // Medical and dental
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1000, 0],
    // Estates and ancillary
    [50, 550, 200, 100, 50, 28, 12, 6, 3, 1, 0, 0, 0, 0, 0],
    // Healthcare scientists
    [0, 0, 30, 50, 150, 300, 290, 110, 45, 15, 10, 0, 0, 0, 0],
    // Add prof scientific and technical
    [0, 0, 50, 100, 150, 250, 240, 120, 55, 20, 10, 5, 0, 0, 0],
];

/// Probability that a person of each band is BME before the regional factor: about 30% of
/// Bands 2-5, 15% at 8a/8b, under 10% at 8c and above (WRES indicator 1 shape).
pub const BAND_BME: [f64; 15] = [
    0.30, 0.31, 0.30, 0.28, 0.33, 0.24, 0.19, 0.16, 0.13, 0.09, 0.08, 0.07, 0.07, 0.40, 0.20,
];

/// Number of critical (board-level) roles: the contract's list, [`CRITICAL_ROLES`].
pub const N_CRITICAL: usize = CRITICAL_ROLES.len();

/// The code of critical role number `crit` (1-based, as [`crate::workforce::Person::crit`]).
pub fn critical_code(crit: u8) -> &'static str {
    CRITICAL_ROLES[crit as usize - 1].code
}

/// The job title (ESR Job Role and board Role, free text) and staff group of the holder of
/// critical role number `crit`: what the generator simulates, not part of the contract. The
/// title is the role's label except where trusts commonly use another one.
pub fn critical_job(crit: u8) -> (&'static str, u8) {
    let role = &CRITICAL_ROLES[crit as usize - 1];
    let title = match role.code {
        "HRD" => "Director of People",
        _ => role.label,
    };
    let group = match role.code {
        "DON" => G_NURSING,
        "MD" => G_MEDICAL,
        _ => G_ADMIN,
    };
    (title, group)
}

/// Board-level non-voting directors (ESR staff, band VSM).
pub const NON_VOTING_ROLES: [&str; 5] = [
    "Director of Strategy",
    "Director of Corporate Affairs",
    "Chief Information Officer",
    "Director of Estates and Facilities",
    "Director of Quality Governance",
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Wres {
    White,
    Bme,
    Unknown,
}

/// ESR Ethnic Origin labels with their WRES group and relative weight within the group.
pub const ETHNIC: [(&str, Wres, u32); 26] = [
    ("A White - British", Wres::White, 800),
    ("B White - Irish", Wres::White, 30),
    ("C White - Any other White background", Wres::White, 90),
    ("C2 White - Northern Irish", Wres::White, 10),
    ("C3 White - Any other White background", Wres::White, 70),
    ("D Mixed - White & Black Caribbean", Wres::Bme, 20),
    ("E Mixed - White & Black African", Wres::Bme, 15),
    ("F Mixed - White & Asian", Wres::Bme, 20),
    ("G Mixed - Any other mixed background", Wres::Bme, 20),
    ("H Asian or Asian British - Indian", Wres::Bme, 230),
    ("J Asian or Asian British - Pakistani", Wres::Bme, 70),
    ("K Asian or Asian British - Bangladeshi", Wres::Bme, 30),
    (
        "L Asian or Asian British - Any other Asian background",
        Wres::Bme,
        60,
    ),
    ("L5 Asian or Asian British - Filipino", Wres::Bme, 60),
    ("M Black or Black British - Caribbean", Wres::Bme, 60),
    ("N Black or Black British - African", Wres::Bme, 200),
    (
        "P Black or Black British - Any other Black background",
        Wres::Bme,
        20,
    ),
    ("R Chinese", Wres::Bme, 25),
    ("S Any Other Ethnic Group", Wres::Bme, 40),
    ("S1 Any Other Ethnic Group - Arab", Wres::Bme, 15),
    ("Z Not Stated", Wres::Unknown, 50),
    ("", Wres::Unknown, 20),
    ("Prefer not to say", Wres::Unknown, 10),
    ("Not Stated", Wres::Unknown, 10),
    ("Unspecified", Wres::Unknown, 10),
    // Rare label with a subcode of the "any other" group, to exercise roll-up.
    ("S2 Any Other Ethnic Group - Latin American", Wres::Bme, 5),
];

/// Share of ESR records with an unknown ethnicity.
pub const P_ETHNIC_UNKNOWN: f64 = 0.04;

pub const GENDERS: [&str; 5] = ["Female", "Male", "Non-binary", "Not Known", ""];
pub const G_FEMALE: u8 = 0;
pub const G_MALE: u8 = 1;

pub const DISABILITIES: [(&str, u32); 6] = [
    ("Yes", 50),
    ("No", 800),
    ("Not Declared", 90),
    ("Unspecified", 35),
    ("Prefer Not To Answer", 10),
    ("", 15),
];

pub const CATEGORIES: [&str; 5] = ["Permanent", "Fixed Term Temp", "Bank", "Locum", "Honorary"];
pub const C_PERMANENT: u8 = 0;
pub const C_FIXED_TERM: u8 = 1;
pub const C_BANK: u8 = 2;
pub const C_LOCUM: u8 = 3;
pub const C_HONORARY: u8 = 4;

pub const LEAVING_REASONS: [(&str, u32); 16] = [
    ("Voluntary Resignation - Relocation", 180),
    ("Voluntary Resignation - Work Life Balance", 160),
    ("Voluntary Resignation - Promotion", 120),
    ("Voluntary Resignation - Better Reward Package", 60),
    ("Voluntary Resignation - Adult Dependants", 30),
    ("Voluntary Resignation - Child Dependants", 30),
    ("Voluntary Resignation - Health", 30),
    ("Voluntary Resignation - Lack of Opportunities", 30),
    ("Voluntary Resignation - Other/Not Known", 120),
    ("Employee Transfer", 40),
    ("Dismissal - Conduct", 10),
    ("Dismissal - Capability", 10),
    ("Mutually Agreed Resignation", 10),
    ("Death in Service", 3),
    // Chosen by rule (age, contract type), never by weight.
    ("Retirement Age", 0),
    ("End of Fixed Term Contract", 0),
];
pub const R_RETIREMENT: u8 = 14;
pub const R_END_FTC: u8 = 15;

pub const HARASSMENT_OTHER: [(&str, u32); 4] = [("1-2", 60), ("3-5", 22), ("6-10", 8), ("More than 10", 10)];

pub const PROGRAMMES: [&str; 6] = [
    "NHS Leadership Academy - Nye Bevan",
    "Aspiring Chief Executive",
    "Aspiring Directors of Nursing",
    "Stepping Up",
    "Regional Executive Development Programme",
    "Elizabeth Garrett Anderson",
];

/// Job roles consistent with a staff group and band (free text in the contract).
pub fn role_pool(group: u8, band: u8) -> &'static [&'static str] {
    let tier = match band {
        0..=3 => 0,
        4..=5 => 1,
        6 => 2,
        7..=8 => 3,
        9..=11 => 4,
        12 => 5,
        _ => 6, // Non AfC (Medical handled separately)
    };
    match (group, tier) {
        (G_NURSING, 0 | 1) if band == B_5 => &[
            "Staff Nurse",
            "Staff Nurse",
            "Registered Midwife",
            "Community Nurse",
            "Mental Health Nurse",
        ],
        (G_NURSING, 0 | 1) => &[
            "Senior Staff Nurse",
            "Sister/Charge Nurse",
            "Specialist Nurse",
            "Midwife",
            "Health Visitor",
        ],
        (G_NURSING, 2) => &[
            "Ward Manager",
            "Advanced Nurse Practitioner",
            "Clinical Nurse Specialist",
            "Community Matron",
        ],
        (G_NURSING, 3) => &["Matron", "Lead Nurse", "Nurse Consultant"],
        (G_NURSING, _) => &[
            "Deputy Director of Nursing",
            "Associate Director of Nursing",
            "Head of Midwifery",
        ],
        (G_ADMIN, 0) => &[
            "Administrator",
            "Receptionist",
            "Medical Secretary",
            "Ward Clerk",
            "Finance Assistant",
            "HR Assistant",
            "Team Leader",
        ],
        (G_ADMIN, 1) => &[
            "Finance Officer",
            "HR Advisor",
            "Information Analyst",
            "Project Officer",
            "Executive Assistant",
            "Patient Services Officer",
        ],
        (G_ADMIN, 2) => &[
            "Business Manager",
            "Finance Manager",
            "HR Business Partner",
            "Project Manager",
            "Senior Information Analyst",
        ],
        (G_ADMIN, 3) => &[
            "Senior Service Manager",
            "Head of Procurement",
            "Head of Workforce Planning",
            "Financial Controller",
            "Head of Information",
        ],
        (G_ADMIN, 4) => &[
            "Associate Director of Operations",
            "Deputy Director of Finance",
            "Deputy Director of Workforce",
            "Associate Director of Strategy",
            "Head of Digital Services",
        ],
        (G_ADMIN, 5) => &["Director of Transformation", "Director of Communications"],
        (G_ADMIN, _) => &["Apprentice", "Chaplain", "Interpreter"],
        (G_ADDCLIN, 0) => &[
            "Healthcare Assistant",
            "Clinical Support Worker",
            "Maternity Support Worker",
            "Phlebotomist",
            "Therapy Assistant",
        ],
        (G_ADDCLIN, _) => &[
            "Nursing Associate",
            "Assistant Practitioner",
            "Trainee Nursing Associate",
        ],
        (G_AHP, 0 | 1) => &[
            "Physiotherapist",
            "Occupational Therapist",
            "Diagnostic Radiographer",
            "Speech and Language Therapist",
            "Dietitian",
            "Paramedic",
            "Podiatrist",
        ],
        (G_AHP, 2) => &[
            "Advanced Physiotherapist",
            "Specialist Occupational Therapist",
            "Advanced Practitioner Radiographer",
            "Clinical Lead Dietitian",
        ],
        (G_AHP, 3) => &[
            "Consultant Physiotherapist",
            "Head of Therapies",
            "Therapy Services Manager",
        ],
        (G_AHP, _) => &["Associate Director of Allied Health Professions"],
        (G_ESTATES, 0) => &[
            "Porter",
            "Domestic Assistant",
            "Catering Assistant",
            "Security Officer",
            "Housekeeper",
        ],
        (G_ESTATES, 1) => &[
            "Maintenance Technician",
            "Electrician",
            "Estates Officer",
            "Facilities Supervisor",
        ],
        (G_ESTATES, _) => &["Estates Manager", "Facilities Manager", "Head of Estates"],
        (G_HSCI, 0) => &[
            "Medical Laboratory Assistant",
            "Associate Practitioner (Pathology)",
        ],
        (G_HSCI, 1) => &[
            "Biomedical Scientist",
            "Clinical Physiologist",
            "Cardiac Physiologist",
        ],
        (G_HSCI, 2) => &["Senior Clinical Scientist", "Lead Biomedical Scientist"],
        (G_HSCI, _) => &["Consultant Clinical Scientist", "Head of Pathology"],
        // Add Prof Scientific and Technic (and anything unforeseen).
        (_, 0) => &[
            "Pharmacy Technician",
            "Pharmacy Assistant",
            "Assistant Psychologist",
        ],
        (_, 1 | 2) => &["Pharmacist", "Clinical Psychologist", "Counsellor"],
        (_, _) => &[
            "Lead Pharmacist",
            "Consultant Clinical Psychologist",
            "Chief Pharmacist",
        ],
    }
}

/// Medical and dental grades with their weights.
pub const MEDICAL_ROLES: [(&str, u32); 6] = [
    ("Consultant", 400),
    ("Specialty Doctor", 120),
    ("Specialty Registrar", 250),
    ("Foundation Year 1", 80),
    ("Foundation Year 2", 80),
    ("Clinical Fellow", 70),
];

pub fn is_doctor_in_training(role: &str) -> bool {
    matches!(
        role,
        "Specialty Registrar" | "Foundation Year 1" | "Foundation Year 2" | "Clinical Fellow"
    )
}
