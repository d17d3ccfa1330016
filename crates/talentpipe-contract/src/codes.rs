//! The shared code lists of EXTRACTS.md, in one place.
//!
//! Every coded column is matched case-insensitively after trimming. A code list maps each
//! accepted spelling to one canonical value; the canonical value is what staged tables hold,
//! so SQL compares against exactly one spelling (`pay_band = 'Band 8a'`).

/// `str::trim` (Unicode white space), with a fast path for the usual field that has nothing to
/// trim: both ends are ASCII and not white space.
pub fn trim(s: &str) -> &str {
    let plain = |b: &u8| b.is_ascii_graphic();
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(first), Some(last)) if plain(first) && plain(last) => s,
        _ => s.trim(),
    }
}

/// A list of canonical codes and the other spellings accepted for each.
#[derive(Debug)]
pub struct CodeList {
    /// Name used in error messages ("pay band").
    pub name: &'static str,
    /// `(canonical, aliases)`; the canonical spelling itself is always accepted.
    pub codes: &'static [(&'static str, &'static [&'static str])],
    /// What an empty field means: `Some(canonical)` when the contract lists empty as a value
    /// (e.g. Gender: empty = `Not Known`), `None` when empty is a null.
    pub empty_as: Option<&'static str>,
}

impl CodeList {
    /// Canonical value for `raw`, or `None` when `raw` is not a listed code.
    /// An empty (after trimming) input yields `empty_as`.
    pub fn normalise(&self, raw: &str) -> Option<&'static str> {
        let value = trim(raw);
        if value.is_empty() {
            return self.empty_as;
        }
        // Most extracts spell codes canonically: an exact match first. This runs for every
        // coded field of every row; comparing the length and last byte before the bytes keeps it
        // to about one full comparison per lookup (codes often share a prefix: `Band 1`..`Band 9`).
        let (bytes, last) = (value.as_bytes(), value.as_bytes().last());
        let exact = |c: &&str| c.len() == bytes.len() && c.as_bytes().last() == last && c.as_bytes() == bytes;
        if let Some((canonical, _)) = self.codes.iter().find(|(c, _)| exact(c)) {
            return Some(canonical);
        }
        self.codes.iter().find_map(|(canonical, aliases)| {
            (canonical.eq_ignore_ascii_case(value) || aliases.iter().any(|a| a.eq_ignore_ascii_case(value)))
                .then_some(*canonical)
        })
    }

    /// The canonical codes, for messages ("expected one of ...").
    pub fn canonical(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.codes.iter().map(|(c, _)| *c)
    }
}

/// Pay Band: `Band 1`..`Band 9`, `Band 8a`..`Band 8d`, `VSM`, `Medical`, `Non AfC`;
/// also `Band 8A` (case-insensitive match) and bare `1`..`9`, `8a`..`8d`.
pub static PAY_BAND: CodeList = CodeList {
    name: "pay band",
    codes: &[
        ("Band 1", &["1"]),
        ("Band 2", &["2"]),
        ("Band 3", &["3"]),
        ("Band 4", &["4"]),
        ("Band 5", &["5"]),
        ("Band 6", &["6"]),
        ("Band 7", &["7"]),
        ("Band 8a", &["8a"]),
        ("Band 8b", &["8b"]),
        ("Band 8c", &["8c"]),
        ("Band 8d", &["8d"]),
        ("Band 9", &["9"]),
        ("VSM", &["Very Senior Manager"]),
        ("Medical", &["Medical and Dental"]),
        ("Non AfC", &["Non-AfC"]),
    ],
    empty_as: None,
};

/// Staff Group (ESR). Clinical membership is [`is_clinical_staff_group`].
pub static STAFF_GROUP: CodeList = CodeList {
    name: "staff group",
    codes: &[
        ("Add Prof Scientific and Technic", &[]),
        ("Additional Clinical Services", &[]),
        ("Administrative and Clerical", &[]),
        ("Allied Health Professionals", &[]),
        ("Estates and Ancillary", &[]),
        ("Healthcare Scientists", &[]),
        ("Medical and Dental", &[]),
        ("Nursing and Midwifery Registered", &[]),
        ("Students", &[]),
    ],
    empty_as: None,
};

/// Clinical = every staff group except Administrative and Clerical, Estates and Ancillary
/// (EXTRACTS.md, Staff Group). Takes a canonical staff group.
pub fn is_clinical_staff_group(canonical: &str) -> bool {
    !matches!(canonical, "Administrative and Clerical" | "Estates and Ancillary")
}

/// Gender: `Female`, `Male`, `Other` (also `Non-binary`), `Not Known` (also empty).
pub static GENDER: CodeList = CodeList {
    name: "gender",
    codes: &[
        ("Female", &[]),
        ("Male", &[]),
        ("Other", &["Non-binary"]),
        ("Not Known", &[]),
    ],
    empty_as: Some("Not Known"),
};

/// Disability (ESR and other extracts): Yes, No, and Unknown for `Not Declared`,
/// `Prefer Not To Answer`, `Unspecified` and empty.
pub static DISABILITY: CodeList = CodeList {
    name: "disability",
    codes: &[
        ("Yes", &[]),
        ("No", &[]),
        (
            "Unknown",
            &[
                "Not Declared",
                "Prefer Not To Answer",
                "Unspecified",
                "Prefer not to say",
            ],
        ),
    ],
    empty_as: Some("Unknown"),
};

/// Disability as the staff survey asks it: `Yes`, `No`, `Prefer not to say`/empty = Unknown.
pub static SURVEY_DISABILITY: CodeList = CodeList {
    name: "disability",
    codes: &[("Yes", &[]), ("No", &[]), ("Unknown", &["Prefer not to say"])],
    empty_as: Some("Unknown"),
};

/// NHS England region codes.
pub static REGION: CodeList = CodeList {
    name: "region code",
    codes: &[
        ("Y56", &[]),
        ("Y58", &[]),
        ("Y59", &[]),
        ("Y60", &[]),
        ("Y61", &[]),
        ("Y62", &[]),
        ("Y63", &[]),
    ],
    empty_as: None,
};

/// Region names, for reports.
pub fn region_name(code: &str) -> Option<&'static str> {
    Some(match code {
        "Y56" => "London",
        "Y58" => "South West",
        "Y59" => "South East",
        "Y60" => "Midlands",
        "Y61" => "East of England",
        "Y62" => "North West",
        "Y63" => "North East and Yorkshire",
        _ => return None,
    })
}

/// A critical (board-level) role tracked by the leadership pipeline: the one reference list of
/// them (EXTRACTS.md, Critical role). SQL reads it as the run table `critical_roles`, the report
/// for labels and order, configuration for the turnover defaults.
#[derive(Debug, Clone, Copy)]
pub struct CriticalRole {
    pub code: &'static str,
    pub label: &'static str,
    /// Default `metrics.assumed_turnover.<code>`: annual leaving rate, 1 / average tenure in
    /// years (NHS Providers / King's Fund board tenure studies).
    pub assumed_turnover: f64,
    /// Published time-to-fill benchmark in months, where one is quoted (issue 6: Director of
    /// Nursing 9 months, Chief Operating Officer 7 months).
    pub time_to_fill_benchmark_months: Option<i64>,
}

/// The critical roles in board order.
pub const CRITICAL_ROLES: [CriticalRole; 6] = [
    role("CEO", "Chief Executive", 0.40, None),
    role("DOF", "Director of Finance", 0.25, None),
    role("DON", "Director of Nursing", 0.30, Some(9)),
    role("MD", "Medical Director", 0.25, None),
    role("HRD", "Director of HR/Workforce", 0.25, None),
    role("COO", "Chief Operating Officer", 0.30, Some(7)),
];

const fn role(
    code: &'static str,
    label: &'static str,
    assumed_turnover: f64,
    benchmark: Option<i64>,
) -> CriticalRole {
    CriticalRole {
        code,
        label,
        assumed_turnover,
        time_to_fill_benchmark_months: benchmark,
    }
}

/// `(canonical, aliases)` pairs of a list of codes without aliases (built at compile time).
const fn without_aliases<const N: usize>(
    codes: [&'static str; N],
) -> [(&'static str, &'static [&'static str]); N] {
    let mut out: [(&'static str, &'static [&'static str]); N] = [("", &[]); N];
    let mut i = 0;
    while i < N {
        out[i] = (codes[i], &[]);
        i += 1;
    }
    out
}

const fn role_codes<const N: usize>(roles: [CriticalRole; N]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = roles[i].code;
        i += 1;
    }
    out
}

static CRITICAL_ROLE_CODES: [(&str, &[&str]); 6] = without_aliases(role_codes(CRITICAL_ROLES));

/// Critical role as a code list (the codes of [`CRITICAL_ROLES`]).
pub static CRITICAL_ROLE: CodeList = CodeList {
    name: "critical role",
    codes: &CRITICAL_ROLE_CODES,
    empty_as: None,
};

/// The WDES metric 1 cluster of a canonical pay band (NHS England WDES technical guidance:
/// AfC clusters 1 = Bands 1-4, 2 = Bands 5-7, 3 = Bands 8a-8b, 4 = Bands 8c-9 and VSM; medical
/// and dental staff separately; the extract does not split consultants from other grades).
pub fn wdes_cluster(canonical_pay_band: &str) -> &'static str {
    match canonical_pay_band {
        "Band 1" | "Band 2" | "Band 3" | "Band 4" => "Cluster 1: Bands 1-4",
        "Band 5" | "Band 6" | "Band 7" => "Cluster 2: Bands 5-7",
        "Band 8a" | "Band 8b" => "Cluster 3: Bands 8a-8b",
        "Band 8c" | "Band 8d" | "Band 9" | "VSM" => "Cluster 4: Bands 8c-9 and VSM",
        "Medical" => "Medical and dental",
        _ => "Other (non-AfC)",
    }
}

/// Feeder bands of the leadership pipeline: the senior bands board appointments are drawn from
/// (Band 8c and above, VSM).
pub fn is_feeder_band(canonical_pay_band: &str) -> bool {
    matches!(canonical_pay_band, "Band 8c" | "Band 8d" | "Band 9" | "VSM")
}

pub static ASSIGNMENT_CATEGORY: CodeList = CodeList {
    name: "assignment category",
    codes: &[
        ("Permanent", &[]),
        ("Fixed Term Temp", &[]),
        ("Bank", &[]),
        ("Locum", &[]),
        ("Honorary", &[]),
    ],
    empty_as: None,
};

/// Staff survey ethnic group -> canonical category; the WRES group is [`survey_ethnic_group`].
pub static SURVEY_ETHNIC_GROUP: CodeList = CodeList {
    name: "ethnic group",
    codes: &[
        ("White", &[]),
        ("Mixed", &["Mixed / Multiple ethnic groups"]),
        ("Asian", &["Asian / Asian British"]),
        ("Black", &["Black / African / Caribbean / Black British"]),
        ("Chinese", &[]),
        ("Other", &["Other ethnic group"]),
        ("Unknown", &["Prefer not to say"]),
    ],
    empty_as: Some("Unknown"),
};

/// WRES group of a canonical survey ethnic category.
pub fn survey_ethnic_group(category: &str) -> &'static str {
    match category {
        "White" => WHITE,
        "Unknown" => UNKNOWN,
        _ => BME,
    }
}

/// Harassment frequency scale (staff survey).
pub static HARASSMENT_SCALE: CodeList = CodeList {
    name: "harassment answer",
    codes: &[
        ("Never", &[]),
        ("1-2", &[]),
        ("3-5", &[]),
        ("6-10", &[]),
        ("More than 10", &[]),
    ],
    empty_as: None,
};

pub static YES_NO_DONT_KNOW: CodeList = CodeList {
    name: "answer",
    codes: &[
        ("Yes", &[]),
        ("No", &[]),
        ("Don't know", &["Dont know", "Don’t know"]),
    ],
    empty_as: None,
};

pub static YES_NO_ANSWER: CodeList = CodeList {
    name: "answer",
    codes: &[("Yes", &[]), ("No", &[])],
    empty_as: None,
};

pub static COURSE_TYPE: CodeList = CodeList {
    name: "course type",
    codes: &[("Mandatory", &[]), ("Non-mandatory", &["Non mandatory"])],
    empty_as: None,
};

pub static VACANCY_STATUS: CodeList = CodeList {
    name: "status",
    codes: &[("Open", &[]), ("Filled", &[]), ("Withdrawn", &[])],
    empty_as: None,
};

/// Appraisal type (appraisal extract): the yearly appraisal or an interim review.
pub static APPRAISAL_TYPE: CodeList = CodeList {
    name: "appraisal type",
    codes: &[("Annual", &[]), ("Interim", &[])],
    empty_as: None,
};

/// Appraisal rating, where one was given (appraisal extract; empty = no rating given, a null).
/// `Not rated` is a rating recorded as such, not an empty field.
pub static APPRAISAL_RATING: CodeList = CodeList {
    name: "appraisal rating",
    codes: &[
        ("Outstanding", &[]),
        ("Good", &[]),
        ("Requires improvement", &[]),
        ("Not rated", &[]),
    ],
    empty_as: None,
};

pub static LOW_MODERATE_HIGH: CodeList = CodeList {
    name: "rating",
    codes: &[("Low", &[]), ("Moderate", &[]), ("High", &[])],
    empty_as: None,
};

pub static READINESS: CodeList = CodeList {
    name: "readiness",
    codes: &[
        ("Ready now", &[]),
        ("Ready 1-2 years", &[]),
        ("Ready 3-5 years", &[]),
        ("Not ready", &[]),
    ],
    empty_as: None,
};

pub static MOBILITY: CodeList = CodeList {
    name: "mobility",
    codes: &[("Organisation", &[]), ("Region", &[]), ("National", &[])],
    empty_as: None,
};

/// Community ethnic groups of the population extract.
pub static POPULATION_ETHNIC_GROUP: CodeList = CodeList {
    name: "ethnic group",
    codes: &[
        ("White", &[]),
        ("Mixed", &[]),
        ("Asian", &[]),
        ("Black", &[]),
        ("Other", &[]),
    ],
    empty_as: None,
};

/// `Y`/`N` flags (`Yes`/`No` also accepted).
pub fn parse_flag(raw: &str) -> Option<bool> {
    let v = trim(raw);
    if v.eq_ignore_ascii_case("y") || v.eq_ignore_ascii_case("yes") {
        Some(true)
    } else if v.eq_ignore_ascii_case("n") || v.eq_ignore_ascii_case("no") {
        Some(false)
    } else {
        None
    }
}

/// The WRES ethnic groups: staged `ethnic_group` (from the ESR Ethnic Origin letter or the
/// survey's category) holds one of them.
pub const WHITE: &str = "White";
pub const BME: &str = "BME";
/// Not stated, not declared, prefer not to say or empty: the unknown group of ethnicity and of
/// disability, its own column in the representation tables and in no comparison.
pub const UNKNOWN: &str = "Unknown";

/// A protected characteristic the equality standards compare, with its groups as the published
/// tables spell them: the one reference list of them in Rust (the report orders and labels its
/// rows by it). The SQL's comparison is the model `queries/intermediate/protected_characteristics.sql`
/// (reference and focus values and labels), which a unit test of the report keeps equal to
/// this list; the disability groups are spelled by `queries/staging/substantive_assignments.sql`.
#[derive(Debug, Clone, Copy)]
pub struct ProtectedCharacteristic {
    /// As the queries name it (`characteristic`, `dimension`): `ethnicity`, `disability`, `sex`.
    pub name: &'static str,
    /// As a heading (`Ethnicity`).
    pub label: &'static str,
    /// The equality standard that compares it (`WRES`, `WDES`); None for one compared only
    /// by the appraisal metrics (sex).
    pub standard: Option<&'static str>,
    /// The staged value that puts a person in the reference group (`White`, disability `No`,
    /// gender `Male`).
    pub reference_value: &'static str,
    /// The staged value that puts a person in the focus group (`BME`, `Yes`, `Female`).
    pub focus_value: &'static str,
    /// The reference group as published (`White`, `Non-disabled`, `Male`).
    pub reference_group: &'static str,
    /// The focus group as published (`BME`, `Disabled`, `Female`).
    pub focus_group: &'static str,
    /// Every group as published, in display order: the reference group, the focus group, then
    /// those in neither comparison.
    pub groups: &'static [&'static str],
}

/// Ethnicity (WRES): BME staff compared with White staff.
pub const ETHNICITY_GROUPS: ProtectedCharacteristic = ProtectedCharacteristic {
    name: "ethnicity",
    label: "Ethnicity",
    standard: Some("WRES"),
    reference_value: WHITE,
    focus_value: BME,
    reference_group: WHITE,
    focus_group: BME,
    groups: &[WHITE, BME, UNKNOWN],
};

/// Disability (WDES): Disabled staff compared with non-disabled staff.
pub const DISABILITY_GROUPS: ProtectedCharacteristic = ProtectedCharacteristic {
    name: "disability",
    label: "Disability",
    standard: Some("WDES"),
    reference_value: "No",
    focus_value: "Yes",
    reference_group: "Non-disabled",
    focus_group: "Disabled",
    groups: &["Non-disabled", "Disabled", UNKNOWN],
};

/// Sex (appraisal coverage only, issue 17): the ESR Gender; men are the reference group as in
/// gender pay gap reporting; `Other` and `Not Known` are in neither group.
pub const SEX_GROUPS: ProtectedCharacteristic = ProtectedCharacteristic {
    name: "sex",
    label: "Sex",
    standard: None,
    reference_value: "Male",
    focus_value: "Female",
    reference_group: "Male",
    focus_group: "Female",
    groups: &["Male", "Female", "Other", "Not Known"],
};

/// The protected characteristics, in the order the report shows them.
pub const PROTECTED_CHARACTERISTICS: [ProtectedCharacteristic; 3] =
    [ETHNICITY_GROUPS, DISABILITY_GROUPS, SEX_GROUPS];

/// An ESR Ethnic Origin, parsed: the NHS category letter and its WRES group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EthnicOrigin {
    /// `A`..`S` or `Z` (subcodes such as `C3` roll up to `C`).
    pub code: &'static str,
    /// `White`, `BME` or `Unknown`.
    pub group: &'static str,
}

const ETHNIC_LETTERS: &[(&str, &str)] = &[
    ("A", WHITE),
    ("B", WHITE),
    ("C", WHITE),
    ("D", BME),
    ("E", BME),
    ("F", BME),
    ("G", BME),
    ("H", BME),
    ("J", BME),
    ("K", BME),
    ("L", BME),
    ("M", BME),
    ("N", BME),
    ("P", BME),
    ("R", BME),
    ("S", BME),
    ("Z", UNKNOWN),
];

const UNKNOWN_ETHNICITY: EthnicOrigin = EthnicOrigin {
    code: "Z",
    group: UNKNOWN,
};

/// Parses an ESR Ethnic Origin label (`C3 White - Any other White background`): the token
/// before the first space is a category letter, optionally followed by digits (a subcode).
/// `Not Stated`, `Unspecified`, `Prefer not to say` and empty are `Z` (Unknown).
/// Returns `None` for an unknown code.
pub fn parse_ethnic_origin(raw: &str) -> Option<EthnicOrigin> {
    let value = trim(raw);
    if value.is_empty()
        || ["not stated", "unspecified", "prefer not to say"]
            .iter()
            .any(|s| s.eq_ignore_ascii_case(value))
    {
        return Some(UNKNOWN_ETHNICITY);
    }
    let token = value.split([' ', '\t']).next().unwrap_or(value);
    let mut chars = token.chars();
    let letter = chars.next()?.to_ascii_uppercase();
    if !chars.all(|c| c.is_ascii_digit()) {
        return None;
    }
    ETHNIC_LETTERS.iter().find_map(|(code, group)| {
        (code.as_bytes()[0] == letter as u8).then_some(EthnicOrigin { code, group })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ethnic_origin_labels_subcodes_and_unknowns() {
        let p = |s| parse_ethnic_origin(s).map(|e| (e.code, e.group));
        assert_eq!(p("A White - British"), Some(("A", "White")));
        assert_eq!(
            p("  c3 White - Any other White background "),
            Some(("C", "White"))
        );
        assert_eq!(p("S1 Any other ethnic group"), Some(("S", "BME")));
        assert_eq!(p("N Black or Black British - African"), Some(("N", "BME")));
        assert_eq!(p("Z Not Stated"), Some(("Z", "Unknown")));
        assert_eq!(p("Not Stated"), Some(("Z", "Unknown")));
        assert_eq!(p("prefer NOT to say"), Some(("Z", "Unknown")));
        assert_eq!(p(""), Some(("Z", "Unknown")));
        assert_eq!(p("Q Martian"), None, "Q is not an NHS ethnic category");
        assert_eq!(p("I Something"), None, "I is not used");
        assert_eq!(p("White British"), None, "no category letter");
        assert_eq!(p("C3x White"), None, "subcode must be digits");
    }

    #[test]
    fn trim_matches_str_trim() {
        for s in [
            "",
            " ",
            "a",
            " a ",
            "\ta\r",
            "a\u{0b}",
            "\u{a0}a",
            "a\u{2003}",
            "Band 5",
            "é",
            " é ",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn pay_band_spellings() {
        for (raw, want) in [
            ("Band 8A", "Band 8a"),
            ("band 8a", "Band 8a"),
            ("8c", "Band 8c"),
            ("5", "Band 5"),
            (" Band 9 ", "Band 9"),
            ("vsm", "VSM"),
            ("Medical", "Medical"),
            ("non afc", "Non AfC"),
        ] {
            assert_eq!(PAY_BAND.normalise(raw), Some(want), "{raw}");
        }
        assert_eq!(PAY_BAND.normalise("Band 10"), None);
        assert_eq!(PAY_BAND.normalise("8e"), None);
        assert_eq!(PAY_BAND.normalise(""), None);
    }

    #[test]
    fn gender_disability_empty_values() {
        assert_eq!(GENDER.normalise(""), Some("Not Known"));
        assert_eq!(GENDER.normalise("non-binary"), Some("Other"));
        assert_eq!(DISABILITY.normalise("Not Declared"), Some("Unknown"));
        assert_eq!(DISABILITY.normalise(" yes "), Some("Yes"));
        assert_eq!(DISABILITY.normalise("maybe"), None);
        assert_eq!(SURVEY_DISABILITY.normalise("Prefer not to say"), Some("Unknown"));
    }

    #[test]
    fn staff_groups_and_clinical_split() {
        let g = STAFF_GROUP.normalise("administrative and clerical").unwrap();
        assert!(!is_clinical_staff_group(g));
        assert!(!is_clinical_staff_group("Estates and Ancillary"));
        assert!(is_clinical_staff_group("Students"));
        assert!(is_clinical_staff_group("Nursing and Midwifery Registered"));
        let clinical = STAFF_GROUP
            .canonical()
            .filter(|g| is_clinical_staff_group(g))
            .count();
        assert_eq!(clinical, 7, "EXTRACTS.md lists seven clinical staff groups");
    }

    #[test]
    fn survey_groups_and_flags() {
        let c = SURVEY_ETHNIC_GROUP.normalise("Black / African / Caribbean / Black British");
        assert_eq!(c, Some("Black"));
        assert_eq!(survey_ethnic_group("Black"), "BME");
        assert_eq!(survey_ethnic_group("Chinese"), "BME");
        assert_eq!(SURVEY_ETHNIC_GROUP.normalise(""), Some("Unknown"));
        assert_eq!(survey_ethnic_group("Unknown"), "Unknown");
        assert_eq!(parse_flag(" y"), Some(true));
        assert_eq!(parse_flag("N"), Some(false));
        assert_eq!(parse_flag("x"), None);
        assert_eq!(HARASSMENT_SCALE.normalise(""), None, "unanswered is null");
    }

    #[test]
    fn appraisal_types_and_ratings() {
        assert_eq!(APPRAISAL_TYPE.normalise(" annual "), Some("Annual"));
        assert_eq!(APPRAISAL_TYPE.normalise("INTERIM"), Some("Interim"));
        assert_eq!(APPRAISAL_TYPE.normalise("Mid-year"), None);
        assert_eq!(APPRAISAL_TYPE.normalise(""), None, "a type is required");
        assert_eq!(
            APPRAISAL_RATING.normalise("requires Improvement"),
            Some("Requires improvement")
        );
        assert_eq!(APPRAISAL_RATING.normalise("NOT RATED"), Some("Not rated"));
        assert_eq!(APPRAISAL_RATING.normalise(""), None, "no rating given is a null");
        assert_eq!(APPRAISAL_RATING.normalise("Exceeds expectations"), None);
    }

    #[test]
    fn protected_characteristics_groups_are_the_code_lists_values() {
        // Ethnicity: the groups the ESR Ethnic Origin letters and the survey categories map to.
        let mut ethnic: Vec<&str> = ETHNIC_LETTERS.iter().map(|(_, g)| *g).collect();
        ethnic.extend(SURVEY_ETHNIC_GROUP.canonical().map(survey_ethnic_group));
        ethnic.sort();
        ethnic.dedup();
        let mut listed = ETHNICITY_GROUPS.groups.to_vec();
        listed.sort();
        assert_eq!(listed, ethnic);
        // Sex: the ESR Gender code list, men first.
        let mut gender: Vec<&str> = GENDER.canonical().collect();
        gender.sort();
        let mut listed = SEX_GROUPS.groups.to_vec();
        listed.sort();
        assert_eq!(listed, gender);
        // Disability: the reference and focus values are the code list's; one group per value.
        let values: Vec<&str> = DISABILITY.canonical().collect();
        assert!(values.contains(&DISABILITY_GROUPS.reference_value));
        assert!(values.contains(&DISABILITY_GROUPS.focus_value));
        assert_eq!(DISABILITY_GROUPS.groups.len(), values.len());
        for c in PROTECTED_CHARACTERISTICS {
            assert_eq!(
                c.groups[..2],
                [c.reference_group, c.focus_group],
                "{}: reference group, then focus group, first",
                c.name
            );
        }
    }
}
