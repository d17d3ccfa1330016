//! The context every section builder reads: the run's manifest, its published tables, the
//! region in focus (the run's region, else the national total) and the page's HTML ids.
//!
//! Caveat: ids are handed out in call order, so figures must ask for theirs in page order
//! (the section builders do, one figure after another).

use std::collections::BTreeMap;

use super::data::{Table, Tables};
use super::page::Notice;
use crate::publish::{Manifest, QueryRecord, QueryState};

/// Context shared by the section builders: the tables, the manifest and the region in focus.
pub struct Ctx<'a> {
    pub manifest: &'a Manifest,
    pub tables: &'a Tables,
    queries: BTreeMap<&'a str, &'a QueryRecord>,
    used_ids: std::cell::RefCell<Vec<String>>,
}

/// The rows a figure reads from a table, and whether they span several regions.
#[derive(Debug, Clone)]
pub struct Rows {
    pub rows: Vec<usize>,
    /// Several regions are shown: labels carry the region code.
    pub multi_region: bool,
}

impl<'a> Ctx<'a> {
    pub fn new(manifest: &'a Manifest, tables: &'a Tables) -> Ctx<'a> {
        Ctx {
            manifest,
            tables,
            queries: manifest.queries.iter().map(|q| (q.name.as_str(), q)).collect(),
            used_ids: Default::default(),
        }
    }

    /// A published table by name.
    pub fn table(&self, name: &str) -> Option<&'a Table> {
        self.tables.get(name)
    }

    pub fn query(&self, name: &str) -> Option<&'a QueryRecord> {
        self.queries.get(name).copied()
    }

    /// The manifest's title of a query, else its name.
    pub fn title_of(&self, name: &str) -> String {
        self.query(name)
            .and_then(|q| q.title.clone())
            .unwrap_or_else(|| name.to_string())
    }

    /// Why `name` has no published table, or `None` when it has one.
    pub fn notice(&self, name: &str) -> Option<Notice> {
        if self.tables.get(name).is_some() {
            return None;
        }
        let title = self.title_of(name);
        let (status, reason) = match self.query(name) {
            None => (
                "not in this run",
                "no query of this name ran (not shipped yet, or left out by --select)".to_string(),
            ),
            Some(q) => match q.status {
                QueryState::NotComputed => (
                    "not computed",
                    q.message
                        .clone()
                        .unwrap_or_else(|| "an input was not supplied".into()),
                ),
                QueryState::Failed => ("failed", q.message.clone().unwrap_or_default()),
                _ if !q.published => (
                    "not published",
                    "the query is a helper table (publish: false)".into(),
                ),
                _ => (
                    "not published",
                    "the run's manifest lists no published table".into(),
                ),
            },
        };
        Some(Notice {
            table: name.to_string(),
            title,
            status: status.to_string(),
            reason,
        })
    }

    /// A unique HTML id from `base`.
    pub fn id(&self, base: &str) -> String {
        let clean: String = base
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let mut ids = self.used_ids.borrow_mut();
        let mut id = clean.clone();
        let mut n = 2;
        while ids.contains(&id) {
            id = format!("{clean}-{n}");
            n += 1;
        }
        ids.push(id.clone());
        id
    }

    /// The region the figures focus on in `table`: the run's region when the table has rows for
    /// it, else the national total (`region_code` null) when there is one, else none (all).
    fn focus(&self, table: &Table) -> Option<Option<String>> {
        if !table.has("region_code") {
            return None;
        }
        let region = &self.manifest.region;
        let regions: Vec<Option<String>> = (0..table.rows()).map(|r| table.text("region_code", r)).collect();
        if regions
            .iter()
            .any(|r| r.as_deref().is_some_and(|r| r.eq_ignore_ascii_case(region)))
        {
            Some(Some(region.clone()))
        } else if regions.iter().any(Option::is_none) {
            Some(None)
        } else {
            None
        }
    }

    /// Region-total rows (`org_code` null when the table has it) of the region in focus that
    /// match `filters` (see [`Table::rows_where`]).
    pub fn region_rows(&self, table: &Table, filters: &[(&str, Option<&str>)]) -> Rows {
        let mut all: Vec<(&str, Option<&str>)> = filters.to_vec();
        all.push(("org_code", None));
        let focus = self.focus(table);
        let rows: Vec<usize> = table
            .rows_where(&all)
            .into_iter()
            .filter(|&r| match &focus {
                None => true,
                Some(f) => match (f, table.text("region_code", r)) {
                    (None, None) => true,
                    (Some(f), Some(have)) => have.eq_ignore_ascii_case(f),
                    _ => false,
                },
            })
            .collect();
        let multi_region = focus.is_none() && table.distinct("region_code").len() > 1;
        Rows { rows, multi_region }
    }

    /// Organisation rows (`org_code` set) matching `filters` (see [`Table::rows_where`]) of the
    /// region whose totals `totals` holds (from [`Ctx::region_rows`]); of every region when
    /// several are shown or none is in focus.
    pub fn organisation_rows(
        &self,
        table: &Table,
        filters: &[(&str, Option<&str>)],
        totals: &Rows,
    ) -> Vec<usize> {
        let focus = totals.rows.first().and_then(|&r| table.text("region_code", r));
        table
            .rows_where(filters)
            .into_iter()
            .filter(|&r| table.text("org_code", r).is_some())
            .filter(|&r| totals.multi_region || focus.is_none() || table.text("region_code", r) == focus)
            .collect()
    }

    /// A row label, prefixed with the region code when several regions are shown.
    pub fn label(&self, table: &Table, rows: &Rows, row: usize, base: &str) -> String {
        match (rows.multi_region, table.text("region_code", row)) {
            (true, Some(region)) => format!("{region} · {base}"),
            _ => base.to_string(),
        }
    }
}
