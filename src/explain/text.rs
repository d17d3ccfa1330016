//! The plain-text rendering of an explanation, as `talentpipe explain` prints it (the JSON
//! rendering is the model serialised).

use super::{CellExplanation, CellStatus, Explanation, Role};

/// Formats a JSON cell value for text: numbers as published, text as is, null as "(null)".
fn show(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "(null)".into(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The plain-text rendering `talentpipe explain` prints.
pub fn render_text(e: &Explanation) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    let t = &e.table;
    line(format!(
        "{} — {}",
        t.name,
        t.title.as_deref().unwrap_or("(no title)")
    ));
    line(format!(
        "  run      {} ({} run, region {}, finished {}) in {}",
        e.run.run_id, e.run.kind, e.run.region, e.run.finished_at, e.run.output
    ));
    line(format!("  file     {}  (sql sha256 {})", t.file, t.sql_sha256));
    line(format!(
        "  grain    {}",
        t.grain.as_deref().unwrap_or("(not stated)")
    ));
    line(format!(
        "  source   {}",
        t.source.as_deref().unwrap_or("(not stated)")
    ));
    if let Some(needs) = &t.needs {
        line(format!(
            "  needs    {}",
            if needs.is_empty() {
                "none".into()
            } else {
                needs.join(", ")
            }
        ));
    }
    line(format!("  reads    {}", t.reads.join(", ")));
    for (i, n) in t.notes.iter().enumerate() {
        line(format!("  {}{n}", if i == 0 { "notes    " } else { "         " }));
    }
    line(String::new());
    line(format!("models read ({}, in run order)", e.chain.len()));
    for m in &e.chain {
        let mut reads: Vec<String> = m.reads_models.clone();
        reads.extend(m.reads_extracts.iter().map(|k| format!("{k} (extract)")));
        reads.extend(m.reads_other.iter().cloned());
        line(format!("  {:<36} {}  [{}]", m.name, m.file, m.status));
        let reads = if reads.is_empty() {
            "no table (constants)".to_string()
        } else {
            reads.join(", ")
        };
        line(format!("  {:<36}   reads {reads}", ""));
    }
    line(String::new());
    let s = &e.selection;
    let filters: Vec<String> = s
        .filters
        .iter()
        .map(|f| format!("{} = '{}'", f.column, f.value))
        .collect();
    line(format!(
        "rows: {} of {} match{}",
        s.rows_matched,
        s.rows_in_table,
        if filters.is_empty() {
            " (no filter)".to_string()
        } else {
            format!(" {}", filters.join(" and "))
        }
    ));
    if let Some(note) = &s.note {
        line(format!("  {note}"));
    }
    line(format!(
        "suppression: threshold {} ({})",
        e.suppression.threshold, e.suppression.rule
    ));
    for r in &e.rows {
        let keys: Vec<String> = r
            .cells
            .iter()
            .filter(|c| c.role == Role::Key && c.status == CellStatus::Published)
            .map(|c| format!("{} {}", c.column, show(&c.value)))
            .collect();
        line(String::new());
        line(format!(
            "row {} of {}: {}{}",
            r.row_number,
            s.rows_in_table,
            keys.join(", "),
            if r.suppressed {
                "  (suppressed: something in it is withheld)"
            } else {
                ""
            }
        ));
        for (role, heading) in [
            (Role::Count, "counts (numerators and denominators, as published)"),
            (Role::Rate, "rates (header derived: rate <- counts)"),
            (Role::Other, "other columns"),
            (Role::Key, "totals"),
        ] {
            let cells: Vec<&CellExplanation> = r
                .cells
                .iter()
                .filter(|c| c.role == role && !(role == Role::Key && c.status == CellStatus::Published))
                .collect();
            if cells.is_empty() {
                continue;
            }
            line(format!("  {heading}"));
            for c in cells {
                let mut text = format!("    {:<34} {:>10}", c.column, show(&c.value));
                if !c.derived_from.is_empty() {
                    let parts: Vec<String> = c
                        .derived_from
                        .iter()
                        .map(|d| {
                            let v = r
                                .cells
                                .iter()
                                .find(|x| &x.column == d)
                                .map_or("?".into(), |x| show(&x.value));
                            format!("{d} {v}")
                        })
                        .collect();
                    text.push_str(&format!("  <- {}", parts.join(", ")));
                }
                // Expressions of counts and rates only: a note's CASE would drown the line.
                if let Some(x) = c
                    .expression
                    .as_ref()
                    .filter(|_| matches!(c.role, Role::Count | Role::Rate))
                {
                    text.push_str(&format!("  SQL: {x}"));
                }
                if let Some(why) = &c.reason {
                    text.push_str(&format!("  [{why}]"));
                }
                line(text);
            }
        }
    }
    line(String::new());
    if e.inputs.is_empty() && e.sources.is_empty() {
        line("inputs: none recorded".into());
    }
    for i in &e.inputs {
        line(format!(
            "input {} ({}): {} files, {} rows read, {} accepted, {} quarantined",
            i.kind,
            i.status,
            i.files.len(),
            i.rows_read,
            i.rows_accepted,
            i.rows_quarantined
        ));
        for f in &i.files {
            line(format!(
                "  {}  {} bytes  sha256 {}  {} read, {} accepted, {} quarantined",
                f.path, f.size, f.sha256, f.rows_read, f.rows_accepted, f.rows_quarantined
            ));
        }
        if !i.quarantine_reasons.is_empty() {
            line(format!("  quarantine reasons (from the {})", i.reasons_from));
            for r in &i.quarantine_reasons {
                line(format!("    {:>7} x {}", r.count, r.reason));
            }
        }
        if let Some(note) = &i.reasons_note {
            line(format!("  note: {note}"));
        }
    }
    for src in &e.sources {
        line(format!(
            "source {} run {} from {} (manifest sha256 {})",
            src.region, src.run_id, src.url, src.manifest_sha256
        ));
    }
    for x in &e.regions_excluded {
        line(format!(
            "regions excluded: {} was not computed in region(s) {} (an extract not supplied there): the national figures built on it exclude them",
            x.table,
            x.regions.join(", ")
        ));
    }
    out
}
