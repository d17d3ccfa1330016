//! What a run records about each query file besides its results, so that `talentpipe explain`
//! needs nothing but the committed run: the file's path below the queries folder
//! ([`relative_path`]) and its [`QueryDefinition`] (the header's `needs:`, `counts:`,
//! `derived:` and prose, and the expression of each column of the final SELECT). Facts of the
//! query file alone: the manifest's query records are built from them (publish), and explain
//! reads them back from the manifest. Nothing here reads data.
//!
//! Caveat: the prose is the header's comment lines that the header parser
//! ([`super::parse_header`]) does not read as `key: value` metadata, by the same rule
//! ([`super::HEADER_KEYS`]): a known key, except a second `needs:` line, which the parser reads
//! as prose.

use datafusion::sql::parser::{DFParser, Statement as DFStatement};
use datafusion::sql::sqlparser::ast::{Expr, SelectItem, SetExpr, Statement as SqlStatement};
use serde::{Deserialize, Serialize};

use super::{HEADER_KEYS, QueryFile};

/// A query's header fields and the columns of its final SELECT, as the run read them (filled by
/// [`definition`]; the manifest's query records hold it).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct QueryDefinition {
    /// `needs:`: the tables without which it is not computed (None: undeclared, inherited).
    pub needs: Option<Vec<String>>,
    /// `counts:`: the count columns small-number suppression applies to (the run's threshold
    /// is in the manifest's suppression record).
    pub counts: Vec<String>,
    /// `derived:`: each rate and the counts it is computed from, withheld with them.
    pub derived: Vec<DerivedRecord>,
    /// The header's prose comment lines: the definition in words (published queries only).
    pub notes: Vec<String>,
    /// Each output column of the final SELECT in order, with its expression when it is computed
    /// or renamed (None when it is passed through); published queries only, and empty when the
    /// final SELECT is not a plain SELECT list (a UNION).
    pub columns: Vec<ColumnRecord>,
}

/// One `derived:` entry: `rate <- from[0], from[1], ...`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct DerivedRecord {
    pub rate: String,
    pub from: Vec<String>,
}

/// One output column of a query's final SELECT.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct ColumnRecord {
    pub name: String,
    /// `ROUND(reference_likelihood, 4)`; None when the column is passed through as is.
    pub expression: Option<String>,
}

/// The query file relative to the queries folder (`wres/wres_indicator_2.sql`): its displayed
/// path (`<folder name>/<relative path>`, see [`crate::queries::discover`]) without the folder.
pub fn relative_path(q: &QueryFile) -> String {
    q.display
        .split_once('/')
        .map_or_else(|| q.display.clone(), |(_, rel)| rel.to_string())
}

/// The header fields and final-SELECT columns of `q`, as the manifest records them. The prose
/// and the columns only for a published query (a model is never explained itself, and they
/// would double the size of a manifest).
pub fn definition(q: &QueryFile) -> QueryDefinition {
    let published = q.header.publish && !q.header.test;
    QueryDefinition {
        needs: q.header.needs.clone(),
        counts: q.header.counts.clone(),
        derived: q
            .header
            .derived
            .iter()
            .map(|(rate, from)| DerivedRecord {
                rate: rate.clone(),
                from: from.clone(),
            })
            .collect(),
        notes: if published {
            header_notes(&q.sql)
        } else {
            Vec::new()
        },
        columns: if published {
            final_select_columns(&q.sql)
        } else {
            Vec::new()
        },
    }
}

/// The header's prose lines: comment lines of the leading block that are not `key: value`
/// metadata (a second `needs:` line is prose, as for the parser).
fn header_notes(sql: &str) -> Vec<String> {
    let mut notes = Vec::new();
    let mut needs_seen = false;
    for line in sql.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let Some(comment) = t.strip_prefix("--") else {
            break;
        };
        let comment = comment.trim();
        let key = comment
            .split_once(':')
            .map(|(k, _)| k.trim().to_ascii_lowercase())
            .filter(|k| HEADER_KEYS.contains(&k.as_str()));
        let is_key = match key.as_deref() {
            Some("needs") => !std::mem::replace(&mut needs_seen, true),
            Some(_) => true,
            None => false,
        };
        if !is_key && !comment.is_empty() {
            notes.push(comment.to_string());
        }
    }
    notes
}

/// Each output column of the query's final SELECT, in order: its expression when it is computed
/// or renamed (`ROUND(reference_likelihood, 4)`), None when it is a column passed through.
/// Empty when the statement's body is not a plain SELECT (a UNION, say) or does not parse.
fn final_select_columns(sql: &str) -> Vec<ColumnRecord> {
    let mut out = Vec::new();
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
        let (name, expression) = match item {
            SelectItem::ExprWithAlias { expr, alias } => (alias.value.clone(), Some(expr.to_string())),
            SelectItem::UnnamedExpr(Expr::Identifier(id)) => (id.value.clone(), None),
            SelectItem::UnnamedExpr(Expr::CompoundIdentifier(parts)) => match parts.last() {
                Some(last) => (last.value.clone(), None),
                None => continue,
            },
            _ => continue,
        };
        out.push(ColumnRecord {
            name: name.to_ascii_lowercase(),
            expression,
        });
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
        let find = |n: &str| cols.iter().find(|c| c.name == n).map(|c| c.expression.clone());
        assert_eq!(find("org_code"), Some(None));
        assert_eq!(find("a"), Some(Some("x".to_string())));
        assert_eq!(find("b"), Some(None));
        assert_eq!(
            find("r"),
            Some(Some("ROUND(CAST(x AS DOUBLE) / b, 4)".to_string()))
        );
        let names: Vec<&str> = cols.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["org_code", "a", "b", "r"], "in SELECT order");
    }

    #[test]
    fn a_second_needs_line_is_prose_as_for_the_parser() {
        // queries/pipeline/leadership_stability_observations.sql explains its `needs: none` in a
        // later comment line that starts with "needs:".
        let sql = "-- title: T\n-- needs: none\n-- Prose.\n-- needs: none, so that an absent extract\n-- leaves it computed.\nSELECT 1 AS x";
        assert_eq!(
            header_notes(sql),
            [
                "Prose.",
                "needs: none, so that an absent extract",
                "leaves it computed."
            ]
        );
        let header = crate::queries::parse_header(sql).expect("parses");
        assert_eq!(header.needs, Some(Vec::new()), "the first needs: line only");
    }
}
