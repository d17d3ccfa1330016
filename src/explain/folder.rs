//! The query folder's side of an explanation: where the folder differs from the queries the
//! run recorded, the chain of models a table reads, the header's prose lines and the SQL
//! expression of each column of the final SELECT (the manifest records none of these).

use std::collections::{BTreeMap, BTreeSet};

use datafusion::sql::parser::{DFParser, Statement as DFStatement};
use datafusion::sql::sqlparser::ast::{Expr, SelectItem, SetExpr, Statement as SqlStatement};

use super::ChainModel;
use crate::publish::Manifest;
use crate::queries::{self, QueryFile};

/// Where the folder disagrees with the queries the run recorded.
pub(super) fn differences(manifest: &Manifest, files: &[QueryFile]) -> Vec<String> {
    // The folder's own name may differ (a copy, another checkout): compare below it.
    let below = |display: &str| {
        display
            .split_once('/')
            .map_or(display.to_string(), |(_, r)| r.to_string())
    };
    let mut out = Vec::new();
    for r in &manifest.queries {
        let Some(q) = files.iter().find(|q| q.name == r.name && !q.header.test) else {
            out.push(format!("{} ({}) is not in the folder", r.name, r.file));
            continue;
        };
        if below(&q.display) != below(&r.file) {
            out.push(format!(
                "{}: the run read {}, the folder has {}",
                r.name, r.file, q.display
            ));
        }
        for (what, ran, now) in [
            ("title", &r.title, &q.header.title),
            ("grain", &r.grain, &q.header.grain),
            ("source", &r.source, &q.header.source),
        ] {
            if ran != now {
                out.push(format!("{}: the {what} differs from the run's", r.name));
            }
        }
    }
    out
}

/// The models `name` reads, directly or not, in the run's order (then by name).
pub(super) fn chain(
    manifest: &Manifest,
    files: &[QueryFile],
    name: &str,
    kinds: &BTreeSet<String>,
) -> Vec<ChainModel> {
    let upstream = queries::upstream(files, name);
    let position = |n: &str| {
        manifest
            .queries
            .iter()
            .position(|q| q.name == n)
            .unwrap_or(usize::MAX)
    };
    let mut names: Vec<&String> = upstream.iter().collect();
    names.sort_by_key(|n| (position(n), n.as_str()));
    let models: BTreeSet<&str> = files.iter().map(|q| q.name.as_str()).collect();
    names
        .into_iter()
        .filter_map(|n| files.iter().find(|q| &q.name == n))
        .map(|q| {
            let recorded = manifest.queries.iter().find(|r| r.name == q.name);
            let split = |pred: &dyn Fn(&str) -> bool| q.reads.iter().filter(|t| pred(t)).cloned().collect();
            ChainModel {
                name: q.name.clone(),
                file: recorded.map_or_else(|| q.display.clone(), |r| r.file.clone()),
                title: q.header.title.clone(),
                reads_models: split(&|t| models.contains(t)),
                reads_extracts: split(&|t| !models.contains(t) && kinds.contains(t)),
                reads_other: split(&|t| !models.contains(t) && !kinds.contains(t)),
                status: recorded.map_or_else(|| "not run".to_string(), |r| r.status.to_string()),
                published: recorded.is_some_and(|r| r.published),
            }
        })
        .collect()
}

/// The header's prose lines: comment lines of the leading block that are not `key: value`
/// metadata.
pub(super) fn header_notes(sql: &str) -> Vec<String> {
    const KEYS: [&str; 9] = [
        "title", "grain", "source", "publish", "test", "severity", "counts", "derived", "needs",
    ];
    let mut notes = Vec::new();
    for line in sql.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let Some(comment) = t.strip_prefix("--") else {
            break;
        };
        let comment = comment.trim();
        let is_key = comment
            .split_once(':')
            .is_some_and(|(k, _)| KEYS.contains(&k.trim().to_ascii_lowercase().as_str()));
        if !is_key && !comment.is_empty() {
            notes.push(comment.to_string());
        }
    }
    notes
}

/// Each output column of the query's final SELECT: its expression when it is computed or
/// renamed (`ROUND(reference_likelihood, 4)`), None when it is a column passed through.
pub(super) fn final_select_columns(sql: &str) -> BTreeMap<String, Option<String>> {
    let mut out = BTreeMap::new();
    let Ok(mut statements) = DFParser::parse_sql(sql) else {
        return out;
    };
    let Some(DFStatement::Statement(statement)) = statements.pop_front() else {
        return out;
    };
    let SqlStatement::Query(query) = statement.as_ref() else {
        return out;
    };
    let SetExpr::Select(select) = query.body.as_ref() else {
        return out;
    };
    for item in &select.projection {
        match item {
            SelectItem::ExprWithAlias { expr, alias } => {
                out.insert(alias.value.to_ascii_lowercase(), Some(expr.to_string()));
            }
            SelectItem::UnnamedExpr(Expr::Identifier(id)) => {
                out.insert(id.value.to_ascii_lowercase(), None);
            }
            SelectItem::UnnamedExpr(Expr::CompoundIdentifier(parts)) => {
                if let Some(last) = parts.last() {
                    out.insert(last.value.to_ascii_lowercase(), None);
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_notes_and_final_select() {
        let sql = "-- title: T\n-- counts: a, b\n-- derived: r <- a, b\n-- r = a / b, 4 dp.\n--\n-- More prose.\n\
                   SELECT org_code, x AS a, b, ROUND(CAST(x AS DOUBLE) / b, 4) AS r FROM t";
        assert_eq!(header_notes(sql), vec!["r = a / b, 4 dp.", "More prose."]);
        let cols = final_select_columns(sql);
        assert_eq!(cols.get("org_code"), Some(&None));
        assert_eq!(cols.get("a"), Some(&Some("x".to_string())));
        assert_eq!(cols.get("b"), Some(&None));
        assert_eq!(
            cols.get("r"),
            Some(&Some("ROUND(CAST(x AS DOUBLE) / b, 4)".to_string()))
        );
    }
}
