//! Computing a shared relation once (what dbt calls a materialisation, decided by the engine).
//!
//! DataFusion inlines every reference: a helper model registered as a view, or a common table
//! expression (CTE) of a query, is recomputed wherever it is read. That is right for a relation
//! read once (it streams, nothing is stored) and wasteful for one read several times: a self-join
//! of a model, or a CTE read by two later CTEs, computes the whole chain below it again.
//!
//! - [`reference_counts`]: how often a statement names each relation, so the runner
//!   materialises a helper model read twice or more in all (by two queries, or twice by one).
//! - [`lift_shared_ctes`]: the top-level CTEs of a query to compute once, each as a statement of
//!   its own, and the query rewritten to read their results. A CTE is lifted when it is read
//!   twice or more and its rows are aggregated (its SELECT groups, de-duplicates or calls an
//!   aggregate or window function, or it only reads such relations, or it is a UNION with such
//!   a branch): costly to recompute, small to keep. A row-level CTE read twice stays inline, even
//!   one joining a small aggregate to a large table (storing it would cost more memory than
//!   streaming it again). The results are the same: a query's SQL semantics do not depend on how
//!   often a CTE is evaluated (but for `random()`, then drawn once rather than per reference).
//!
//! Lifting is a rewrite of the parsed statement (sqlparser), not of text: a reference
//! `FROM shared` becomes `FROM <lifted table> AS shared`, so column qualifiers keep working.
//! Queries with a recursive `WITH`, a nested `WITH`, or column aliases on a lifted CTE are left
//! as written.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;

use datafusion::sql::parser::{DFParser, Statement as DFStatement};
use datafusion::sql::sqlparser::ast::{
    Expr, GroupByExpr, Ident, ObjectName, ObjectNamePart, Query, Select, SetExpr, Statement, TableAlias,
    TableFactor, Visit, VisitMut, Visitor, VisitorMut, visit_relations,
};

/// A query with its shared CTEs lifted out.
#[derive(Debug, Clone, PartialEq)]
pub struct Lifted {
    /// `(table name, statement)` to compute and register, in order (a later one may read an
    /// earlier one).
    pub tables: Vec<(String, String)>,
    /// The query reading those tables instead of the CTEs.
    pub sql: String,
}

/// How many times `sql` names each single-part relation (lower-case unless quoted), CTE
/// references included. Empty if the SQL does not parse.
pub fn reference_counts(sql: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    if let Some(statement) = parse(sql) {
        let _ = visit_relations(&statement, |name: &ObjectName| {
            if let Some(n) = single_name(name) {
                *counts.entry(n).or_default() += 1;
            }
            ControlFlow::<()>::Continue(())
        });
    }
    counts
}

/// The shared CTEs of `sql` to compute once, registered as `<prefix><cte name>`; `None` when
/// there is none (or the statement is outside what is rewritten, see the module header).
/// `is_aggregate` says whether a (lower-case) function name is an aggregate function.
pub fn lift_shared_ctes(sql: &str, prefix: &str, is_aggregate: &dyn Fn(&str) -> bool) -> Option<Lifted> {
    let counts = reference_counts(sql);
    let mut statement = parse(sql)?;
    let Statement::Query(query) = &mut statement else {
        return None;
    };
    let with = query.with.as_ref()?;
    let nested = with.cte_tables.iter().any(|c| count_withs(&c.query) > 1) || count_withs(&query.body) > 0;
    if with.recursive || nested {
        return None;
    }
    let mut with = query.with.take()?;
    let mut tables = Vec::new();
    let mut lifted = BTreeSet::new();
    // Whether each CTE's rows are aggregated (see `reduces`).
    let mut reduced: BTreeMap<String, bool> = BTreeMap::new();
    for i in 0..with.cte_tables.len() {
        let cte = &with.cte_tables[i];
        let name = ident_name(&cte.alias.name);
        let aggregating = reduces(&cte.query, &reduced, is_aggregate);
        reduced.insert(name.clone(), aggregating);
        let lift = aggregating && counts.get(&name).copied().unwrap_or(0) >= 2;
        if !lift || !cte.alias.columns.is_empty() {
            continue;
        }
        let table = format!("{prefix}{name}");
        let mut own = Query::clone(&cte.query);
        let earlier: Vec<_> = (0..i)
            .filter(|j| !lifted.contains(j))
            .map(|j| with.cte_tables[j].clone())
            .collect();
        if !earlier.is_empty() {
            let mut w = with.clone();
            w.cte_tables = earlier;
            own.with = Some(w);
        }
        tables.push((table.clone(), own.to_string()));
        lifted.insert(i);
        reduced.insert(table.clone(), true);
        // Later CTEs and the body read the lifted table from now on.
        for later in &mut with.cte_tables[i + 1..] {
            rename(&mut later.query, &name, &table);
        }
        rename(&mut query.body, &name, &table);
    }
    if tables.is_empty() {
        return None;
    }
    let mut index = 0;
    with.cte_tables.retain(|_| {
        index += 1;
        !lifted.contains(&(index - 1))
    });
    if !with.cte_tables.is_empty() {
        query.with = Some(with);
    }
    Some(Lifted {
        tables,
        sql: statement.to_string(),
    })
}

fn parse(sql: &str) -> Option<Statement> {
    let mut statements = DFParser::parse_sql(sql).ok()?;
    match statements.pop_front()? {
        DFStatement::Statement(s) if statements.is_empty() => Some(*s),
        _ => None,
    }
}

/// An identifier as DataFusion resolves it: lower-case unless quoted.
fn ident_name(ident: &Ident) -> String {
    if ident.quote_style.is_some() {
        ident.value.clone()
    } else {
        ident.value.to_ascii_lowercase()
    }
}

fn single_name(name: &ObjectName) -> Option<String> {
    match name.0.as_slice() {
        [ObjectNamePart::Identifier(ident)] => Some(ident_name(ident)),
        _ => None,
    }
}

/// How many `WITH` clauses a node holds (a query's own included).
fn count_withs<V: Visit>(node: &V) -> usize {
    struct Withs(usize);
    impl Visitor for Withs {
        type Break = ();
        fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
            self.0 += usize::from(query.with.is_some());
            ControlFlow::Continue(())
        }
    }
    let mut v = Withs(0);
    let _ = node.visit(&mut v);
    v.0
}

/// Whether a query's rows are aggregated: its SELECT groups, de-duplicates, or calls an
/// aggregate or window function, or it only reads relations that are (`reduced`: CTEs known to
/// be, by name), through derived tables, or is a UNION with such a branch. A row-level SELECT that joins a small
/// aggregate to a large table is not.
fn reduces(query: &Query, reduced: &BTreeMap<String, bool>, is_aggregate: &dyn Fn(&str) -> bool) -> bool {
    set_reduces(&query.body, reduced, is_aggregate)
}

fn set_reduces(
    body: &SetExpr,
    reduced: &BTreeMap<String, bool>,
    is_aggregate: &dyn Fn(&str) -> bool,
) -> bool {
    match body {
        SetExpr::Select(select) => {
            select_aggregates(select, is_aggregate)
                || (!select.from.is_empty()
                    && select.from.iter().all(|t| {
                        std::iter::once(&t.relation)
                            .chain(t.joins.iter().map(|j| &j.relation))
                            .all(|f| factor_reduces(f, reduced, is_aggregate))
                    }))
        }
        SetExpr::Query(q) => reduces(q, reduced, is_aggregate),
        SetExpr::SetOperation { left, right, .. } => {
            set_reduces(left, reduced, is_aggregate) || set_reduces(right, reduced, is_aggregate)
        }
        _ => false,
    }
}

fn factor_reduces(
    factor: &TableFactor,
    reduced: &BTreeMap<String, bool>,
    is_aggregate: &dyn Fn(&str) -> bool,
) -> bool {
    match factor {
        TableFactor::Table { name, .. } => single_name(name).is_some_and(|n| reduced.get(&n) == Some(&true)),
        TableFactor::Derived { subquery, .. } => reduces(subquery, reduced, is_aggregate),
        _ => false,
    }
}

/// Whether a SELECT groups, de-duplicates, or calls an aggregate or window function.
fn select_aggregates(select: &Select, is_aggregate: &dyn Fn(&str) -> bool) -> bool {
    struct Finder<'a>(&'a dyn Fn(&str) -> bool);
    impl Visitor for Finder<'_> {
        type Break = ();
        fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
            if let Expr::Function(f) = expr
                && (f.over.is_some() || single_name(&f.name).is_some_and(|n| (self.0)(&n)))
            {
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        }
    }
    let grouped = match &select.group_by {
        GroupByExpr::All(_) => true,
        GroupByExpr::Expressions(exprs, _) => !exprs.is_empty(),
    };
    grouped || select.distinct.is_some() || select.projection.visit(&mut Finder(is_aggregate)).is_break()
}

/// Makes every `FROM name` in `node` read `table`, keeping `name` as the alias.
fn rename<V: VisitMut>(node: &mut V, name: &str, table: &str) {
    struct Renamer<'a>(&'a str, &'a str);
    impl VisitorMut for Renamer<'_> {
        type Break = ();
        fn pre_visit_table_factor(&mut self, factor: &mut TableFactor) -> ControlFlow<()> {
            if let TableFactor::Table { name, alias, .. } = factor
                && let [ObjectNamePart::Identifier(ident)] = name.0.as_slice()
                && ident_name(ident) == self.0
            {
                let ident = ident.clone();
                *name = ObjectName::from(vec![Ident::new(self.1)]);
                if alias.is_none() {
                    *alias = Some(TableAlias {
                        explicit: true,
                        name: ident,
                        columns: vec![],
                        at: None,
                    });
                }
            }
            ControlFlow::Continue(())
        }
    }
    let _ = node.visit(&mut Renamer(name, table));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aggregate(name: &str) -> bool {
        matches!(name, "count" | "sum" | "min" | "max")
    }

    fn lift(sql: &str) -> Option<Lifted> {
        lift_shared_ctes(sql, "t__", &aggregate)
    }

    #[test]
    fn counts_every_reference() {
        let counts = reference_counts(
            "WITH a AS (SELECT * FROM Staff JOIN \"Staff\" ON true) SELECT * FROM a JOIN a b ON true JOIN x.y ON true",
        );
        assert_eq!(counts.get("staff"), Some(&1));
        assert_eq!(counts.get("Staff"), Some(&1), "quoted keeps its case");
        assert_eq!(counts.get("a"), Some(&2));
        assert_eq!(counts.get("y"), None, "two-part names are not models");
    }

    #[test]
    fn an_aggregating_cte_read_twice_is_lifted_with_the_ctes_it_reads() {
        let sql = "WITH base AS (SELECT org, person FROM staff), \
                   counted AS (SELECT org, COUNT(DISTINCT person) AS n FROM base GROUP BY org), \
                   total AS (SELECT SUM(n) AS n FROM counted) \
                   SELECT c.org, c.n, t.n FROM counted AS c CROSS JOIN total AS t \
                   UNION ALL SELECT counted.org, counted.n, 0 FROM counted";
        let lifted = lift(sql).expect("counted is read three times");
        assert_eq!(
            lifted.tables,
            vec![(
                "t__counted".to_string(),
                "WITH base AS (SELECT org, person FROM staff) \
                 SELECT org, COUNT(DISTINCT person) AS n FROM base GROUP BY org"
                    .to_string()
            )]
        );
        assert_eq!(
            lifted.sql,
            "WITH base AS (SELECT org, person FROM staff), \
             total AS (SELECT SUM(n) AS n FROM t__counted AS counted) \
             SELECT c.org, c.n, t.n FROM t__counted AS c CROSS JOIN total AS t \
             UNION ALL SELECT counted.org, counted.n, 0 FROM t__counted AS counted"
        );
    }

    #[test]
    fn a_union_of_aggregates_is_lifted_and_a_row_level_join_is_not() {
        // `rows` is read three times but only selects; `joined` is read twice but is a row-level
        // join to a small aggregate: both stay inline. `grouped`, read twice, is lifted; `both`,
        // a UNION of two aggregates read twice, too, carrying the earlier CTEs it may read.
        let sql = "WITH rows AS (SELECT a FROM t), grouped AS (SELECT a, MAX(a) AS m FROM rows GROUP BY a), \
                   distinct_rows AS (SELECT DISTINCT a FROM rows), \
                   both AS (SELECT a FROM grouped UNION ALL SELECT a FROM distinct_rows), \
                   joined AS (SELECT r.a FROM rows AS r JOIN grouped AS g ON g.a = r.a) \
                   SELECT * FROM both JOIN both AS b2 ON both.a = b2.a \
                   UNION ALL SELECT j.a, k.a FROM joined AS j JOIN joined AS k ON true";
        let lifted = lift(sql).unwrap();
        let names: Vec<&str> = lifted.tables.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["t__grouped", "t__both"]);
        assert_eq!(
            lifted.tables[1].1,
            "WITH rows AS (SELECT a FROM t), distinct_rows AS (SELECT DISTINCT a FROM rows) \
             SELECT a FROM t__grouped AS grouped UNION ALL SELECT a FROM distinct_rows"
        );
        assert!(
            lifted
                .sql
                .contains("FROM t__both AS both JOIN t__both AS b2 ON both.a = b2.a"),
            "{}",
            lifted.sql
        );
        assert!(
            lifted
                .sql
                .contains("joined AS (SELECT r.a FROM rows AS r JOIN t__grouped AS g"),
            "{}",
            lifted.sql
        );
    }

    #[test]
    fn distinct_window_functions_unions_and_derived_tables_count_as_aggregated() {
        for inner in [
            "SELECT DISTINCT a FROM t",
            "SELECT a, ROW_NUMBER() OVER (ORDER BY a) AS r FROM t",
            "SELECT a FROM t UNION ALL SELECT COUNT(*) FROM t",
            "SELECT a FROM (SELECT MIN(a) AS a FROM t) AS m",
        ] {
            let sql = format!("WITH x AS ({inner}) SELECT * FROM x JOIN x AS y ON true");
            assert!(lift(&sql).is_some(), "{inner}");
        }
    }

    #[test]
    fn left_as_written() {
        for sql in [
            "SELECT 1",
            "WITH x AS (SELECT COUNT(*) AS n FROM t) SELECT * FROM x",
            "WITH x AS (SELECT a FROM t) SELECT * FROM x JOIN x AS y ON true",
            "WITH RECURSIVE x AS (SELECT COUNT(*) AS n FROM t) SELECT * FROM x JOIN x AS y ON true",
            "WITH x (n) AS (SELECT COUNT(*) FROM t) SELECT * FROM x JOIN x AS y ON true",
            "WITH x AS (SELECT COUNT(*) AS n FROM t) SELECT * FROM x JOIN (WITH x AS (SELECT 1 AS n) SELECT * FROM x) AS y ON true",
            "not sql",
        ] {
            assert_eq!(lift(sql), None, "{sql}");
        }
    }
}
