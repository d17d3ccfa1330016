//! Queries as files (the dbt model idea): every `queries/**/*.sql` is one read-only
//! `SELECT`/`WITH ... SELECT` whose output table is named after the file stem.
//!
//! This module discovers the files, reads their header comment block, refuses anything that
//! is not a single query (the read-only sandbox), infers dependencies from the tables each
//! statement reads (DataFusion's parsed statement, not a regex), orders them, and resolves the
//! dbt selection words (`NAME`, `+NAME`, `NAME+`, `path:queries/wres`). Execution is in
//! [`run`].

pub mod definition;
pub mod reuse;
pub mod run;
pub mod run_tables;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use datafusion::common::utils::datafusion_strsim::levenshtein;
use datafusion::datasource::MemTable;
use datafusion::prelude::SessionContext;
use datafusion::sql::parser::{DFParser, Statement as DFStatement};
use datafusion::sql::resolve::resolve_table_references;
use datafusion::sql::sqlparser::ast::Statement as SqlStatement;

use crate::error::{Error, Result};
use crate::extracts;

/// A query problem is an error detail (`Error::QueryCheck` lists them), so it lives with the
/// errors, below every layer that finds one.
pub use crate::error::Problem;

/// Where a query runs: regional `run`, or national `aggregate` (`queries/national/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Regional,
    National,
}

/// The folder of national queries; `run` skips it, `aggregate` reads only it.
pub const NATIONAL_DIR: &str = "national";

/// Tables every query may read besides the extracts.
pub const RUN_TABLES: &[&str] = &["quarantine", "run_parameters", "critical_roles", "pay_bands"];

/// Tables every regional query may read: the extracts and the run tables.
pub fn base_tables() -> BTreeSet<String> {
    extracts::ALL
        .iter()
        .map(|s| s.kind.to_string())
        .chain(RUN_TABLES.iter().map(|s| s.to_string()))
        .collect()
}

/// Registers empty tables with every kind's staged schema and the quarantine's, so that
/// queries plan without reading data (`check`, and `aggregate` planning the regional queries).
pub fn register_empty_staged(ctx: &SessionContext) -> Result<()> {
    for spec in extracts::ALL {
        ctx.register_table(
            spec.kind,
            Arc::new(MemTable::try_new(spec.schema(), vec![vec![]])?),
        )?;
    }
    ctx.register_table(
        "quarantine",
        Arc::new(MemTable::try_new(extracts::quarantine_schema(), vec![vec![]])?),
    )?;
    Ok(())
}

/// Suffix of the internal name of a `*.test.sql` data test.
pub const TEST_SUFFIX: &str = "__test";

/// How a failing data test is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warn,
}

/// The metadata in a query's leading `-- key: value` comment lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub title: Option<String>,
    pub grain: Option<String>,
    /// Where the definition comes from (e.g. "NHS England WRES technical guidance 2024, indicator 2").
    pub source: Option<String>,
    /// Published tables are written to restricted/ and (suppressed) published/.
    pub publish: bool,
    /// A data test: must return no rows.
    pub test: bool,
    pub severity: Severity,
    /// Count columns subject to small-number suppression.
    pub counts: Vec<String>,
    /// Rate columns and the counts they are computed from.
    pub derived: Vec<(String, Vec<String>)>,
    /// `-- needs: recruitment, esr_workforce`: the tables without which this table is not
    /// computed. Undeclared, a query needs whatever the queries it reads need, and the extracts
    /// it reads itself. A model that combines several extracts declares what it needs (possibly
    /// nothing, `-- needs: none`) so that an absent extract, read as empty, does not make every
    /// table built on it "not computed": each of those declares the extracts it really needs.
    pub needs: Option<Vec<String>>,
}

impl Default for Header {
    fn default() -> Self {
        Header {
            title: None,
            grain: None,
            source: None,
            publish: true,
            test: false,
            severity: Severity::Error,
            counts: Vec::new(),
            derived: Vec::new(),
            needs: None,
        }
    }
}

/// One query file.
#[derive(Debug, Clone)]
pub struct QueryFile {
    /// Output table name (file stem, lower-case; `x.test.sql` -> `x`).
    pub name: String,
    pub path: PathBuf,
    /// Path shown to people: `queries/wres/wres_indicator_2.sql`.
    pub display: String,
    pub sql: String,
    pub header: Header,
    /// Tables the statement reads (lower-case), CTEs excluded.
    pub reads: BTreeSet<String>,
}

/// Turns problems into the error the binary reports (exit code 1).
pub fn problems_error(problems: &[Problem]) -> Error {
    Error::QueryCheck {
        problems: problems.to_vec(),
    }
}

/// Reads every query file of `scope` under `dir`. Problems (duplicate names, parse errors,
/// refused statements) are collected, not returned early, so `check` reports them all.
pub fn discover(dir: &Path, scope: Scope) -> Result<(Vec<QueryFile>, Vec<Problem>)> {
    let mut files = Vec::new();
    if dir.is_dir() {
        walk(dir, dir, scope, &mut files)?;
    } else {
        return Err(Error::Usage {
            option: "queries".into(),
            message: format!(
                "query folder {} does not exist: pass --queries DIR, or set `queries` in the configuration file (relative to the file; without a file, to the working directory); the shipped queries are the queries/ folder of the talentpipe repository",
                dir.display()
            ),
        });
    }
    files.sort();
    let root_name = dir
        .file_name()
        .map_or("queries".into(), |n| n.to_string_lossy().into_owned());
    let mut queries = Vec::new();
    let mut problems = Vec::new();
    let mut by_name: BTreeMap<String, String> = BTreeMap::new();
    for path in files {
        let rel = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let display = format!("{root_name}/{rel}");
        let sql = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let file_name = path
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().to_lowercase());
        let is_test_file = file_name.ends_with(".test.sql");
        let name = file_name
            .trim_end_matches(".sql")
            .trim_end_matches(".test")
            .to_string();
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || name.is_empty() {
            problems.push(Problem::new(
                &display,
                format!("file name '{name}' must be lower_snake_case (it names the output table)"),
            ));
            continue;
        }
        // A data test beside its model (`x.sql` + `x.test.sql`) gets a name of its own; tests
        // are never registered as tables, so the suffix cannot clash with a query's output.
        let name = if is_test_file {
            format!("{name}{TEST_SUFFIX}")
        } else {
            name
        };
        if let Some(other) = by_name.insert(name.clone(), display.clone()) {
            problems.push(Problem::new(
                &display,
                format!("two query files define table '{name}': {other} and {display}; rename one"),
            ));
            continue;
        }
        let mut header = match parse_header(&sql) {
            Ok(h) => h,
            Err(p) => {
                problems.push(Problem {
                    file: display.clone(),
                    ..p
                });
                continue;
            }
        };
        if is_test_file {
            header.test = true;
        }
        if header.test {
            header.publish = false;
        }
        match parse_statement(&sql) {
            Ok(reads) => queries.push(QueryFile {
                name,
                path,
                display,
                sql,
                header,
                reads,
            }),
            Err(p) => problems.push(Problem { file: display, ..p }),
        }
    }
    Ok((queries, problems))
}

fn walk(root: &Path, dir: &Path, scope: Scope, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        if path.is_dir() {
            let is_national = dir == root && entry.file_name() == NATIONAL_DIR;
            match scope {
                Scope::Regional if is_national => continue,
                Scope::National if dir == root && !is_national => continue,
                _ => walk(root, &path, scope, out)?,
            }
        } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("sql")) {
            if scope == Scope::National && dir == root {
                continue;
            }
            out.push(path);
        }
    }
    Ok(())
}

/// The header keys [`parse_header`] reads as metadata (any other comment line is prose, see
/// [`definition`]).
pub const HEADER_KEYS: [&str; 9] = [
    "title", "grain", "source", "publish", "test", "severity", "counts", "derived", "needs",
];

/// Parses the leading comment block: `-- key: value` lines (other comment lines are prose).
pub fn parse_header(sql: &str) -> std::result::Result<Header, Problem> {
    let mut h = Header::default();
    for (i, line) in sql.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let Some(comment) = t.strip_prefix("--") else {
            break;
        };
        let Some((key, value)) = comment.split_once(':') else {
            continue;
        };
        let key = key.trim().to_ascii_lowercase();
        let value = value.trim();
        let bad = |m: String| Problem {
            file: String::new(),
            line: Some(i as u64 + 1),
            column: None,
            message: m,
        };
        let flag = |v: &str| match v.to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" => Ok(true),
            "false" | "no" | "n" => Ok(false),
            _ => Err(bad(format!("header '{key}' must be true or false, not '{v}'"))),
        };
        match key.as_str() {
            "title" => h.title = Some(value.into()),
            "grain" => h.grain = Some(value.into()),
            "source" => h.source = Some(value.into()),
            "publish" => h.publish = flag(value)?,
            "test" => h.test = flag(value)?,
            "severity" => {
                h.severity = match value.to_ascii_lowercase().as_str() {
                    "error" => Severity::Error,
                    "warn" | "warning" => Severity::Warn,
                    _ => return Err(bad(format!("severity must be error or warn, not '{value}'"))),
                }
            }
            "counts" => h.counts.extend(split_list(value)),
            "needs" if h.needs.is_none() => {
                let list = split_list(value);
                h.needs = Some(if list == ["none"] { Vec::new() } else { list });
            }
            "derived" => {
                for item in value.split(';').filter(|s| !s.trim().is_empty()) {
                    let Some((rate, from)) = item.split_once("<-") else {
                        return Err(bad(format!(
                            "derived entries look like 'rate <- count_a, count_b', not '{}'",
                            item.trim()
                        )));
                    };
                    h.derived
                        .push((rate.trim().to_ascii_lowercase(), split_list(from)));
                }
            }
            _ => {} // prose such as "-- Note: ..." is allowed
        }
    }
    Ok(h)
}

fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(|x| x.trim().to_ascii_lowercase())
        .filter(|x| !x.is_empty())
        .collect()
}

/// The read-only sandbox: exactly one query statement. Returns the tables it reads.
fn parse_statement(sql: &str) -> std::result::Result<BTreeSet<String>, Problem> {
    let problem = |message: String| Problem {
        file: String::new(),
        line: None,
        column: None,
        message,
    };
    let mut statements = DFParser::parse_sql(sql).map_err(|e| {
        let (line, column) = parser_position(&e.to_string());
        Problem {
            file: String::new(),
            line,
            column,
            message: format!("SQL syntax error: {}", strip_df_prefix(&e.to_string())),
        }
    })?;
    if statements.len() != 1 {
        return Err(problem(format!(
            "a query file holds exactly one statement (found {}); the output table is named after the file",
            statements.len()
        )));
    }
    let Some(statement) = statements.pop_front() else {
        return Err(problem("empty query file".into()));
    };
    let refused = match &statement {
        DFStatement::Statement(s) => match s.as_ref() {
            SqlStatement::Query(_) => None,
            other => Some(statement_kind(other)),
        },
        DFStatement::CreateExternalTable(_) => Some("CREATE EXTERNAL TABLE".into()),
        DFStatement::CopyTo(_) => Some("COPY".into()),
        DFStatement::Explain(_) => Some("EXPLAIN".into()),
        DFStatement::Reset(_) => Some("RESET".into()),
    };
    if let Some(kind) = refused {
        return Err(problem(format!(
            "{kind} is not allowed: queries are read-only, one SELECT (or WITH ... SELECT) per file"
        )));
    }
    let (tables, _ctes) =
        resolve_table_references(&statement, true).map_err(|e| problem(strip_df_prefix(&e.to_string())))?;
    Ok(tables
        .iter()
        .map(|t| t.to_string().to_ascii_lowercase())
        .collect())
}

fn statement_kind(s: &SqlStatement) -> String {
    let text = s.to_string();
    let words: Vec<&str> = text.split_whitespace().take(2).collect();
    match words.as_slice() {
        [a, b] if matches!(a.to_ascii_uppercase().as_str(), "CREATE" | "DROP" | "ALTER") => {
            format!("{} {}", a.to_ascii_uppercase(), b.to_ascii_uppercase())
        }
        [a, ..] => a.to_ascii_uppercase(),
        [] => "this statement".into(),
    }
}

/// DataFusion prefixes messages ("SQL error: ParserError(...)"); keep the useful part.
pub(crate) fn strip_df_prefix(msg: &str) -> String {
    msg.trim_start_matches("SQL error: ")
        .trim_start_matches("Error during planning: ")
        .trim_start_matches("Schema error: ")
        .to_string()
}

/// sqlparser messages end in "at Line: 3, Column: 15".
fn parser_position(msg: &str) -> (Option<u64>, Option<u64>) {
    let num_after = |key: &str| {
        msg.rfind(key).and_then(|i| {
            msg[i + key.len()..]
                .trim_start()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .ok()
        })
    };
    (num_after("Line:"), num_after("Column:"))
}

/// Line and column of the first use of `ident` as a word outside comments (1-based).
pub(crate) fn locate(sql: &str, ident: &str) -> Option<(u64, u64)> {
    let needle = ident.to_ascii_lowercase();
    for (ln, line) in sql.lines().enumerate() {
        let code = line.split("--").next().unwrap_or("");
        let lower = code.to_ascii_lowercase();
        let mut from = 0;
        while let Some(pos) = lower[from..].find(&needle) {
            let start = from + pos;
            let end = start + needle.len();
            let before = lower[..start].chars().last();
            let after = lower[end..].chars().next();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
            if !word(before) && !word(after) {
                return Some((ln as u64 + 1, start as u64 + 1));
            }
            from = end;
        }
    }
    None
}

/// The closest known name, when close enough to be a likely typo.
pub fn did_you_mean<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .map(|k| (levenshtein(name, k), k))
        .filter(|(d, k)| *d <= (k.len() / 3).max(2))
        .min()
        .map(|(_, k)| k)
}

/// Orders queries so every query runs after the queries it reads. Reports unknown tables
/// (with line, column and a suggestion) and cycles (naming the files).
pub fn order(
    queries: &[QueryFile],
    base_tables: &BTreeSet<String>,
) -> std::result::Result<Vec<usize>, Vec<Problem>> {
    let index: HashMap<&str, usize> = queries
        .iter()
        .enumerate()
        .map(|(i, q)| (q.name.as_str(), i))
        .collect();
    let mut problems = Vec::new();
    for q in queries {
        for t in &q.reads {
            if !index.contains_key(t.as_str()) && !base_tables.contains(t) {
                let known = base_tables
                    .iter()
                    .map(String::as_str)
                    .chain(queries.iter().map(|q| q.name.as_str()));
                let hint =
                    did_you_mean(t, known).map_or(String::new(), |m| format!(" (did you mean '{m}'?)"));
                let (line, column) = locate(&q.sql, t.rsplit('.').next().unwrap_or(t))
                    .map_or((None, None), |(l, c)| (Some(l), Some(c)));
                problems.push(Problem {
                    file: q.display.clone(),
                    line,
                    column,
                    message: format!(
                        "unknown table '{t}'{hint}: not an extract, a query output or a run table"
                    ),
                });
            }
            if t == &q.name {
                problems.push(Problem::new(
                    &q.display,
                    format!("query '{}' reads its own output", q.name),
                ));
            }
        }
    }
    // Kahn's algorithm, ties broken by file order so runs are reproducible.
    let mut indegree: Vec<usize> = queries
        .iter()
        .map(|q| {
            q.reads
                .iter()
                .filter(|t| index.contains_key(t.as_str()) && **t != q.name)
                .count()
        })
        .collect();
    let mut order = Vec::with_capacity(queries.len());
    let mut ready: BTreeSet<usize> = (0..queries.len()).filter(|&i| indegree[i] == 0).collect();
    while let Some(i) = ready.pop_first() {
        order.push(i);
        for (j, q) in queries.iter().enumerate() {
            if q.reads.contains(&queries[i].name) && j != i {
                indegree[j] -= 1;
                if indegree[j] == 0 {
                    ready.insert(j);
                }
            }
        }
    }
    if order.len() < queries.len() {
        let stuck: Vec<&str> = (0..queries.len())
            .filter(|i| !order.contains(i))
            .map(|i| queries[i].display.as_str())
            .collect();
        problems.push(Problem::new(
            stuck.first().copied().unwrap_or(""),
            format!("dependency cycle among: {}", stuck.join(", ")),
        ));
    }
    if problems.is_empty() {
        Ok(order)
    } else {
        Err(problems)
    }
}

/// Resolves dbt-style selection words into the set of selected query names.
/// `NAME`, `+NAME` (with what it reads), `NAME+` (with what reads it), `+NAME+`,
/// `path:queries/wres` (every query file under that folder).
pub fn select(queries: &[QueryFile], words: &[String]) -> Result<BTreeSet<String>> {
    let mut selected = BTreeSet::new();
    for word in words {
        let w = word.trim();
        if let Some(path) = w.strip_prefix("path:") {
            let path = path.trim_end_matches('/');
            let before = selected.len();
            for q in queries {
                if q.display == path
                    || q.display.starts_with(&format!("{path}/"))
                    || q.display.trim_end_matches(".sql") == path
                {
                    selected.insert(q.name.clone());
                }
            }
            if selected.len() == before {
                return Err(Error::Usage {
                    option: "--select".into(),
                    message: format!("no query files under '{path}'"),
                });
            }
            continue;
        }
        let up = w.starts_with('+');
        let down = w.ends_with('+') && w.len() > 1;
        let name = w.trim_matches('+').to_ascii_lowercase();
        if !queries.iter().any(|q| q.name == name) {
            let hint = did_you_mean(&name, queries.iter().map(|q| q.name.as_str()))
                .map_or(String::new(), |m| format!(" (did you mean '{m}'?)"));
            return Err(Error::Usage {
                option: "--select".into(),
                message: format!("no query named '{name}'{hint}"),
            });
        }
        selected.insert(name.clone());
        if up {
            selected.extend(upstream(queries, &name));
        }
        if down {
            selected.extend(downstream(queries, &name));
        }
    }
    Ok(selected)
}

/// Every query `name` reads, directly or indirectly.
pub fn upstream(queries: &[QueryFile], name: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut todo = vec![name.to_string()];
    while let Some(n) = todo.pop() {
        if let Some(q) = queries.iter().find(|q| q.name == n) {
            for t in &q.reads {
                if queries.iter().any(|x| &x.name == t) && out.insert(t.clone()) {
                    todo.push(t.clone());
                }
            }
        }
    }
    out
}

/// Every query that reads `name`, directly or indirectly.
pub fn downstream(queries: &[QueryFile], name: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut todo = vec![name.to_string()];
    while let Some(n) = todo.pop() {
        for q in queries {
            if q.reads.contains(&n) && out.insert(q.name.clone()) {
                todo.push(q.name.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(name: &str, sql: &str) -> QueryFile {
        QueryFile {
            name: name.into(),
            path: PathBuf::from(format!("{name}.sql")),
            display: format!("queries/x/{name}.sql"),
            sql: sql.into(),
            header: parse_header(sql).unwrap(),
            reads: parse_statement(sql).unwrap(),
        }
    }

    #[test]
    fn header_keys() {
        let h = parse_header(
            "-- title: Vacancy rate\n-- grain: one row per org\n-- Note: prose is fine\n-- publish: false\n\
             -- counts: a, B\n-- derived: rate <- a, b; r2 <- b\nselect 1",
        )
        .unwrap();
        assert_eq!(h.title.as_deref(), Some("Vacancy rate"));
        assert!(!h.publish);
        assert_eq!(h.counts, vec!["a", "b"]);
        assert_eq!(
            h.derived,
            vec![
                ("rate".into(), vec!["a".into(), "b".into()]),
                ("r2".into(), vec!["b".into()])
            ]
        );
        let err = parse_header("-- publish: maybe\nselect 1").unwrap_err();
        assert_eq!(err.line, Some(1));
        // A later comment line starting "needs:" is prose, not a second declaration.
        let h = parse_header("-- needs: none\n-- needs: none, so that an absent x\nselect 1").unwrap();
        assert_eq!(h.needs, Some(Vec::new()));
    }

    #[test]
    fn refuses_everything_but_one_query() {
        for (sql, kind) in [
            ("CREATE TABLE t AS SELECT 1", "CREATE TABLE"),
            ("INSERT INTO t VALUES (1)", "INSERT"),
            ("DELETE FROM t", "DELETE"),
            ("DROP TABLE t", "DROP TABLE"),
            ("COPY (SELECT 1) TO 'x.csv'", "COPY"),
            (
                "CREATE EXTERNAL TABLE t STORED AS CSV LOCATION '/etc/passwd'",
                "CREATE EXTERNAL TABLE",
            ),
            ("SET datafusion.execution.batch_size = 1", "SET"),
            ("EXPLAIN SELECT 1", "EXPLAIN"),
        ] {
            let err = parse_statement(sql).unwrap_err();
            assert!(
                err.message.contains(kind) && err.message.contains("not allowed"),
                "{sql}: {}",
                err.message
            );
        }
        let err = parse_statement("select 1; select 2").unwrap_err();
        assert!(err.message.contains("exactly one statement"));
    }

    #[test]
    fn dependencies_exclude_ctes() {
        let reads = parse_statement(
            "with a as (select * from esr_workforce) select * from a join board using (org_code)",
        )
        .unwrap();
        assert_eq!(
            reads,
            BTreeSet::from(["esr_workforce".to_string(), "board".to_string()])
        );
    }

    #[test]
    fn order_unknown_tables_and_cycles() {
        let base = BTreeSet::from(["esr_workforce".to_string()]);
        let qs = vec![q("b", "select * from a"), q("a", "select * from esr_workforce")];
        assert_eq!(order(&qs, &base).unwrap(), vec![1, 0]);

        let qs = vec![q("a", "-- title: t\nselect *\nfrom esr_workfroce")];
        let p = &order(&qs, &base).unwrap_err()[0];
        assert_eq!((p.line, p.column), (Some(3), Some(6)));
        assert!(
            p.message.contains("did you mean 'esr_workforce'"),
            "{}",
            p.message
        );

        let qs = vec![
            q("a", "select * from b"),
            q("b", "select * from c"),
            q("c", "select * from a"),
        ];
        let p = order(&qs, &base).unwrap_err();
        assert!(
            p[0].message.contains("cycle")
                && p[0].message.contains("queries/x/a.sql")
                && p[0].message.contains("queries/x/c.sql")
        );
    }

    #[test]
    fn selection_words() {
        let qs = vec![
            q("a", "select * from esr_workforce"),
            q("b", "select * from a"),
            q("c", "select * from b"),
            q("d", "select * from esr_workforce"),
        ];
        let s = |w: &[&str]| select(&qs, &w.iter().map(|x| x.to_string()).collect::<Vec<_>>()).unwrap();
        assert_eq!(s(&["b"]), BTreeSet::from(["b".into()]));
        assert_eq!(s(&["+b"]), BTreeSet::from(["a".into(), "b".into()]));
        assert_eq!(s(&["b+"]), BTreeSet::from(["b".into(), "c".into()]));
        assert_eq!(s(&["+b+"]), BTreeSet::from(["a".into(), "b".into(), "c".into()]));
        assert_eq!(s(&["path:queries/x"]).len(), 4);
        let err = select(&qs, &["bb".into()]).unwrap_err();
        assert!(err.to_string().contains("did you mean 'b'"), "{err}");
    }
}
