//! The sections of the page, in page order, and how each is assembled: this file is the one
//! registry ([`SECTIONS`]); each section's figures are built by its own file, which depends only
//! on the context, the page types and the figure builders (never on another section).
//!
//! A section is assembled in three steps: its builder's figures (a table it reads that is
//! missing becomes a notice), a notice for every other query of the section without a published
//! table, then every published table of the section listed in full. A query belongs to the
//! section whose folder holds it (`queries/wres/` -> WRES), else to the section that names its
//! table ([`SectionDef::tables_elsewhere`]: the national twins in `queries/national/` and the
//! staging tables only one section needs); any other published table is listed under "Other
//! published tables".

mod appraisal;
mod pipeline;
mod trends;
mod vacancy;
mod wres;

use super::appendix::appendix_table;
use super::ctx::Ctx;
use super::page::Section;
use crate::ingest::KindStatus;
use crate::publish::{Manifest, QueryRecord, QueryState};

/// One section: its heading, which queries belong to it, the extracts it needs and its builder.
pub(crate) struct SectionDef {
    /// HTML id.
    pub id: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    /// Query folders whose tables belong to the section.
    pub folders: &'static [&'static str],
    /// Tables of queries outside those folders that belong to the section.
    pub tables_elsewhere: &'static [&'static str],
    /// Extracts the section's figures need (named at the top when not supplied).
    pub extracts: &'static [&'static str],
    /// Adds the section's figures (and the notices of the tables they read).
    pub build: fn(&Ctx, &mut Section),
}

/// The sections in page order.
pub(crate) const SECTIONS: &[SectionDef] = &[
    SectionDef {
        id: "pipeline",
        title: "Leadership pipeline",
        intro: "Supply of ready candidates against expected demand for each critical board role, by horizon, \
                and the diversity of the pipeline beside the workforce, the board and the community served.",
        folders: &["pipeline"],
        tables_elsewhere: &[
            "community_diversity",
            "leadership_pipeline",
            "leadership_pipeline_diversity",
            "talent_pool_nine_box",
            "talent_pool_latest_snapshot",
            "talent_pool_organisation_snapshots",
            "leadership_stability_tenure",
            "leadership_stability_interim_cover",
            "leadership_stability_time_to_fill",
            "leadership_stability_distribution",
        ],
        extracts: &["talent_pool", "board", "esr_workforce", "population"],
        build: pipeline::build,
    },
    SectionDef {
        id: "wres",
        title: "Workforce Race Equality Standard",
        intro: "WRES indicators 1 to 9 for White and BME staff, with relative likelihoods and whether each \
                is adverse for BME staff, and BME representation at each pay band.",
        folders: &["wres", "wdes"],
        tables_elsewhere: &[
            "wres_indicator_1",
            "wres_indicator_2",
            "wres_indicator_3",
            "wres_indicator_4",
            "wres_indicators_5_to_8",
            "wres_indicator_9",
            "wdes_metric_1",
            "wdes_metric_2",
            "wdes_metric_10",
            "wdes_staff_survey_metrics",
        ],
        extracts: &[
            "esr_workforce",
            "recruitment",
            "disciplinary",
            "training",
            "staff_survey",
            "board",
        ],
        build: wres::build,
    },
    SectionDef {
        id: "appraisal",
        title: "Appraisal and talent conversations",
        intro: "Who has had an appraisal and a talent conversation in the 12 months to the reporting date, by \
                ethnicity, disability, sex, pay band, staff group and organisation, with relative likelihoods and the \
                WRES adverse flag, and the rating distribution of appraised staff.",
        folders: &["appraisal"],
        tables_elsewhere: &[
            "appraisal_coverage",
            "appraisal_relative_likelihoods",
            "appraisal_rating_distribution",
        ],
        extracts: &["appraisal", "esr_workforce"],
        build: appraisal::build,
    },
    SectionDef {
        id: "vacancies",
        title: "Vacancies",
        intro: "Vacancy rate by staff group and pay band, time to fill against the published benchmarks, \
                hard-to-fill posts, and executive posts vacant or held by an interim.",
        folders: &["vacancy", "vacancies"],
        tables_elsewhere: &[
            "vacancy_rate",
            "time_to_fill",
            "time_to_fill_distribution",
            "hard_to_fill_vacancies",
            "executive_posts",
            "vacancy_status_at_reporting_date",
        ],
        extracts: &["vacancies", "board"],
        build: vacancy::build,
    },
    SectionDef {
        id: "trends",
        title: "Trends",
        intro: "Representation over the ESR snapshot months and staff-survey measures over the survey years.",
        folders: &["trends"],
        tables_elsewhere: &["staff_survey_wres_trend", "workforce_diversity_trend"],
        extracts: &["esr_workforce", "staff_survey"],
        build: trends::build,
    },
];

/// Id of the closing section that lists the published tables no section claims.
const OTHER: &str = "other";

/// The section a query belongs to: by its folder, else by its table's name, else "other".
pub(crate) fn section_of(q: &QueryRecord) -> &'static str {
    let folder = q.file.rsplit('/').nth(1).unwrap_or_default();
    SECTIONS
        .iter()
        .find(|d| d.folders.contains(&folder))
        .or_else(|| {
            SECTIONS
                .iter()
                .find(|d| d.tables_elsewhere.contains(&q.name.as_str()))
        })
        .map_or(OTHER, |d| d.id)
}

/// Every section of the page, in order; "other" only when some published table is in no
/// section. The reasons of n/a cells become numbered footnotes.
pub(crate) fn build_sections(ctx: &Ctx) -> Vec<Section> {
    let mut sections = Vec::new();
    for def in SECTIONS {
        let mut section = Section::new(
            def.id,
            def.title,
            def.intro,
            not_supplied(ctx.manifest, def.extracts),
        );
        (def.build)(ctx, &mut section);
        add_query_notices(ctx, def.id, &mut section);
        add_appendix(ctx, def.id, &mut section);
        sections.push(section);
    }
    let mut other = Section::new(
        OTHER,
        "Other published tables",
        "Published tables of this run that no section above charts.",
        Vec::new(),
    );
    add_appendix(ctx, OTHER, &mut other);
    if !other.appendix.is_empty() {
        sections.push(other);
    }
    for s in &mut sections {
        for f in &mut s.figures {
            f.table.number_notes();
        }
        for a in &mut s.appendix {
            a.table.number_notes();
        }
    }
    sections
}

/// Sentences for the section's extracts that were not supplied in the run.
fn not_supplied(m: &Manifest, extracts: &[&str]) -> Vec<String> {
    let Some(ingest) = &m.ingest else {
        return Vec::new();
    };
    extracts
        .iter()
        .filter(|k| {
            ingest
                .kind(k)
                .is_none_or(|km| km.status == KindStatus::NotSupplied)
        })
        .map(|k| {
            format!(
                "The {k} extract was not supplied in this run: the figures that need it are not computed."
            )
        })
        .collect()
}

/// Notices for every query of the section (by the manifest) that has no published table.
fn add_query_notices(ctx: &Ctx, section: &str, s: &mut Section) {
    for q in &ctx.manifest.queries {
        if section_of(q) != section || (!q.published && q.status == QueryState::Ok) {
            continue;
        }
        if s.notices.iter().any(|n| n.table == q.name) {
            continue;
        }
        if let Some(n) = ctx.notice(&q.name) {
            s.notices.push(n);
        }
    }
}

/// The section's published tables in full (region totals), after its figures.
fn add_appendix(ctx: &Ctx, section: &str, s: &mut Section) {
    for q in &ctx.manifest.queries {
        if section_of(q) != section {
            continue;
        }
        let Some(table) = ctx.table(&q.name) else {
            continue;
        };
        s.appendix.push(appendix_table(ctx, q, table));
    }
}
