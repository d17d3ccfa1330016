//! Who a report is for, and what follows from it: which tables it is built from, where it is
//! written, and how it is marked.
//!
//! - [`Audience::Public`] (the default, [`DEFAULT_AUDIENCE`]): the run's *published* tables,
//!   small counts suppressed; written as `runs/<run_id>/report.html`, beside the published
//!   tables, fit to be shared.
//! - [`Audience::Internal`]: the run's *restricted* tables, exact (no small-number suppression),
//!   for the region's own board and analysts; written inside the restricted folder only
//!   (`runs/<run_id>/restricted/report-internal.html`), never beside the published tables, and
//!   marked [`INTERNAL_MARKING`] in the page title, at the top of the page, at the top of every
//!   section, in the footer and on every printed page.
//!
//! Caveat: the marking and the folder are the report's part; who may read the restricted folder
//! is the store's access control (the same as for the restricted tables themselves).

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::publish::{PUBLISHED, RESTRICTED};

/// The marking of an internal report (the NHS's Government Security Classification wording).
pub const INTERNAL_MARKING: &str = "OFFICIAL-SENSITIVE: not for publication";

/// The internal report's file name (inside the run's restricted folder).
pub const INTERNAL_REPORT_FILE: &str = "report-internal.html";

/// Who the report is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Built from the published (suppressed) tables; may be shared.
    Public,
    /// Built from the restricted (exact) tables; not for publication.
    Internal,
}

/// The audience of `report` and `run --report` when none is given (`aggregate`'s national
/// report too): the public one, so nothing unsuppressed is written unless asked for.
pub const DEFAULT_AUDIENCE: Audience = Audience::Public;

impl Audience {
    /// The run-folder subfolder whose tables the report reads.
    pub fn tables_folder(self) -> &'static str {
        match self {
            Audience::Public => PUBLISHED,
            Audience::Internal => RESTRICTED,
        }
    }

    /// Where the report is written, relative to its run folder.
    pub fn report_rel(self) -> String {
        match self {
            Audience::Public => super::REPORT_FILE.to_string(),
            Audience::Internal => format!("{RESTRICTED}/{INTERNAL_REPORT_FILE}"),
        }
    }

    /// The marking the page carries, if any.
    pub fn marking(self) -> Option<&'static str> {
        match self {
            Audience::Public => None,
            Audience::Internal => Some(INTERNAL_MARKING),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Public => "public",
            Audience::Internal => "internal",
        }
    }
}

impl Default for Audience {
    fn default() -> Self {
        DEFAULT_AUDIENCE
    }
}

impl fmt::Display for Audience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Audience {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "public" => Ok(Audience::Public),
            "internal" => Ok(Audience::Internal),
            other => Err(format!("audience '{other}' is not 'public' or 'internal'")),
        }
    }
}

/// What the page says about its audience (serialised for the template).
#[derive(Debug, Clone, Serialize)]
pub struct AudienceInfo {
    pub audience: Audience,
    /// The marking on every part of the page (`None`: public, unmarked).
    pub marking: Option<String>,
}

impl From<Audience> for AudienceInfo {
    fn from(audience: Audience) -> Self {
        AudienceInfo {
            audience,
            marking: audience.marking().map(str::to_string),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_reports_stay_in_the_restricted_folder_and_are_marked() {
        assert_eq!(Audience::default(), Audience::Public);
        assert_eq!(Audience::Public.tables_folder(), "published");
        assert_eq!(Audience::Public.report_rel(), "report.html");
        assert_eq!(Audience::Public.marking(), None);
        assert_eq!(Audience::Internal.tables_folder(), "restricted");
        assert_eq!(Audience::Internal.report_rel(), "restricted/report-internal.html");
        assert_eq!(
            Audience::Internal.marking(),
            Some("OFFICIAL-SENSITIVE: not for publication")
        );
        assert_eq!("Internal".parse::<Audience>(), Ok(Audience::Internal));
        assert!("board".parse::<Audience>().is_err());
    }
}
