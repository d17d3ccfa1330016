//! Chart geometry for inline SVG: horizontal grouped bar charts and line charts.
//!
//! The page model holds finished coordinates (rounded to 0.1 px) so the template only emits
//! elements; no arithmetic happens in the template. Every mark carries a `title` (the tooltip
//! and what a screen reader announces) and colours come from the Okabe-Ito palette, which stays
//! distinguishable with the common colour-vision deficiencies; line series also differ by dash
//! pattern and marker shape, so the charts read in greyscale print too.
//!
//! Suppressed values are never drawn as zero-length bars: the bar is left out and the word
//! "suppressed" is written where it would start.

use serde::Serialize;

use super::data::{Cell, CellState, Format};

/// Okabe-Ito colours, most distinct first (yellow last: low contrast on white).
pub const PALETTE: &[&str] = &[
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#000000", "#F0E442",
];
/// SVG stroke-dasharray per line series (solid first).
const DASHES: &[&str] = &["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"];
/// Marker shape per line series.
const SHAPES: &[&str] = &["circle", "square", "triangle", "diamond", "circle", "square"];

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// One legend entry.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Legend {
    pub name: String,
    pub colour: String,
    pub dash: String,
    pub shape: String,
}

/// An axis tick.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Tick {
    pub pos: f64,
    pub label: String,
}

/// One bar (or the "suppressed" mark where a bar would be).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub colour: String,
    /// The value as written in the data table ("suppressed" when withheld).
    pub label: String,
    pub label_x: f64,
    pub label_y: f64,
    /// "value", "suppressed" or "not_applicable".
    pub state: CellState,
    pub title: String,
}

/// The bars of one category.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BarGroup {
    pub label: String,
    pub label_y: f64,
    pub bars: Vec<Bar>,
    /// A shaded band behind alternate groups (readability).
    pub band_y: f64,
    pub band_h: f64,
    pub shaded: bool,
}

/// A reference line (benchmark, whole-workforce share) across the plot or one group.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Reference {
    pub x: f64,
    pub y1: f64,
    pub y2: f64,
    pub label: String,
    pub title: String,
}

/// What every chart has: its kind (`bars`, `lines`), its size and the plot area inside it (px).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Frame {
    pub kind: &'static str,
    pub width: f64,
    pub height: f64,
    pub plot_left: f64,
    pub plot_right: f64,
    pub plot_top: f64,
    pub plot_bottom: f64,
}

/// A horizontal grouped bar chart, ready to draw.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BarChart {
    #[serde(flatten)]
    pub frame: Frame,
    pub zero_x: f64,
    pub ticks: Vec<Tick>,
    pub groups: Vec<BarGroup>,
    pub legend: Vec<Legend>,
    pub references: Vec<Reference>,
}

/// What a bar chart shows: for each category, one cell per series.
#[derive(Debug, Clone, Default)]
pub struct BarSpec {
    pub categories: Vec<String>,
    pub series: Vec<String>,
    /// `values[category][series]`.
    pub values: Vec<Vec<Cell>>,
    /// How axis ticks are written.
    pub format: Option<Format>,
    /// Reference values: `(category index or None for the whole plot, value, label)`.
    pub references: Vec<(Option<usize>, f64, String)>,
}

const WIDTH: f64 = 780.0;
const LABEL_W: f64 = 230.0;
const RIGHT_PAD: f64 = 90.0;
const TOP: f64 = 8.0;
const AXIS_H: f64 = 28.0;
const BAR_H: f64 = 14.0;
const BAR_GAP: f64 = 3.0;
const GROUP_GAP: f64 = 10.0;

impl BarSpec {
    /// A chart of `series` (no category yet), its axis written in `format`.
    pub fn new(series: &[&str], format: Format) -> BarSpec {
        BarSpec {
            series: series.iter().map(|s| s.to_string()).collect(),
            format: Some(format),
            ..Default::default()
        }
    }
}

/// Nice tick step for a range (1, 2, 2.5 or 5 times a power of ten).
fn nice_step(span: f64, target_ticks: f64) -> f64 {
    if span <= 0.0 || !span.is_finite() {
        return 1.0;
    }
    let raw = span / target_ticks;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let nice = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 2.5 {
        2.5
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

fn tick_format(format: Format, step: f64) -> impl Fn(f64) -> String {
    move |v: f64| match format {
        Format::Percent if step * 100.0 >= 1.0 => format!("{:.0}%", v * 100.0),
        Format::PercentPoints if step >= 1.0 => format!("{v:.0}%"),
        Format::Count | Format::OneDecimal | Format::Ratio if step.fract() == 0.0 && v.fract() == 0.0 => {
            Format::Count.show(v)
        }
        other => other.show(v),
    }
}

/// Lays out a bar chart; `None` when there is nothing to draw.
pub fn bar_chart(spec: &BarSpec) -> Option<BarChart> {
    if spec.categories.is_empty() || spec.series.is_empty() {
        return None;
    }
    let values = spec
        .values
        .iter()
        .flatten()
        .filter_map(|c| c.value)
        .chain(spec.references.iter().map(|r| r.1));
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for v in values {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if hi <= lo {
        hi = lo + 1.0;
    }
    let format = spec.format.unwrap_or(Format::Ratio);
    let step = nice_step(hi - lo, 5.0);
    let lo = (lo / step).floor() * step;
    let hi = (hi / step).ceil() * step;
    let plot_left = LABEL_W;
    let plot_right = WIDTH - RIGHT_PAD;
    let scale = |v: f64| plot_left + (v - lo) / (hi - lo) * (plot_right - plot_left);
    let zero_x = round1(scale(0.0));
    let show_tick = tick_format(format, step);
    let mut ticks = Vec::new();
    let mut t = lo;
    while t <= hi + step * 1e-6 {
        ticks.push(Tick {
            pos: round1(scale(t)),
            label: show_tick(t),
        });
        t += step;
    }

    let n_series = spec.series.len() as f64;
    let group_h = n_series * BAR_H + (n_series - 1.0) * BAR_GAP;
    let mut groups = Vec::with_capacity(spec.categories.len());
    let mut y = TOP;
    for (ci, category) in spec.categories.iter().enumerate() {
        let mut bars = Vec::with_capacity(spec.series.len());
        for (si, series) in spec.series.iter().enumerate() {
            let by = y + si as f64 * (BAR_H + BAR_GAP);
            let colour = PALETTE[si % PALETTE.len()].to_string();
            let cell = spec.values.get(ci).and_then(|row| row.get(si));
            let (state, label, value) = match cell {
                // Long reasons belong in the table's footnotes, not beside a bar.
                Some(c) if c.state == CellState::NotApplicable && c.text.chars().count() > 16 => {
                    (c.state, "n/a".to_string(), c.value)
                }
                Some(c) => (c.state, c.text.clone(), c.value),
                None => (CellState::NotApplicable, "n/a".to_string(), None),
            };
            let bar = match value {
                Some(v) if state == CellState::Value => {
                    let (x0, x1) = (scale(0.0f64.max(lo)), scale(v));
                    let (x, w) = if x1 >= x0 { (x0, x1 - x0) } else { (x1, x0 - x1) };
                    Bar {
                        x: round1(x),
                        y: round1(by),
                        w: round1(w.max(0.0)),
                        h: BAR_H,
                        colour,
                        label_x: round1(if v >= 0.0 { x + w + 4.0 } else { x - 4.0 }),
                        label_y: round1(by + BAR_H - 3.0),
                        title: format!("{category}, {series}: {label}"),
                        label,
                        state,
                    }
                }
                _ => Bar {
                    x: zero_x,
                    y: round1(by),
                    w: 0.0,
                    h: BAR_H,
                    colour,
                    label_x: round1(zero_x + 4.0),
                    label_y: round1(by + BAR_H - 3.0),
                    title: format!("{category}, {series}: {label}"),
                    label,
                    state: if state == CellState::Value {
                        CellState::NotApplicable
                    } else {
                        state
                    },
                },
            };
            bars.push(bar);
        }
        groups.push(BarGroup {
            label: category.clone(),
            label_y: round1(y + group_h / 2.0 + 4.0),
            bars,
            band_y: round1(y - GROUP_GAP / 2.0),
            band_h: round1(group_h + GROUP_GAP),
            shaded: ci % 2 == 1,
        });
        y += group_h + GROUP_GAP;
    }
    let plot_bottom = round1(y - GROUP_GAP / 2.0);
    let references = spec
        .references
        .iter()
        .map(|(group, v, label)| {
            let (y1, y2) = match group.and_then(|g| groups.get(g)) {
                Some(g) => (g.band_y, round1(g.band_y + g.band_h)),
                None => (TOP - 4.0, plot_bottom),
            };
            Reference {
                x: round1(scale(*v)),
                y1,
                y2,
                label: label.clone(),
                title: format!("{label}: {}", format.show(*v)),
            }
        })
        .collect();
    Some(BarChart {
        frame: Frame {
            kind: "bars",
            width: WIDTH,
            height: round1(plot_bottom + AXIS_H),
            plot_left,
            plot_right,
            plot_top: TOP - 4.0,
            plot_bottom,
        },
        zero_x,
        ticks,
        groups,
        legend: legend(&spec.series),
        references,
    })
}

fn legend(series: &[String]) -> Vec<Legend> {
    series
        .iter()
        .enumerate()
        .map(|(i, name)| Legend {
            name: name.clone(),
            colour: PALETTE[i % PALETTE.len()].to_string(),
            dash: DASHES[i % DASHES.len()].to_string(),
            shape: SHAPES[i % SHAPES.len()].to_string(),
        })
        .collect()
}

/// One point of a line series.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    pub title: String,
}

/// One line: its drawn segments (a gap where a value is suppressed or missing) and points.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LineSeries {
    pub name: String,
    pub colour: String,
    pub dash: String,
    pub shape: String,
    /// SVG path data, one `M ... L ...` run per unbroken stretch.
    pub path: String,
    pub points: Vec<Point>,
    /// Periods where the value is suppressed.
    pub suppressed: Vec<Tick>,
}

/// A line chart over periods, ready to draw.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LineChart {
    #[serde(flatten)]
    pub frame: Frame,
    pub x_ticks: Vec<Tick>,
    pub y_ticks: Vec<Tick>,
    pub series: Vec<LineSeries>,
    pub legend: Vec<Legend>,
}

/// What a line chart shows: periods in order, and per series one cell per period.
#[derive(Debug, Clone, Default)]
pub struct LineSpec {
    pub periods: Vec<String>,
    pub series: Vec<(String, Vec<Cell>)>,
    pub format: Option<Format>,
}

const LINE_W: f64 = 560.0;
const LINE_H: f64 = 230.0;

/// Lays out a line chart; `None` when there is nothing to draw.
pub fn line_chart(spec: &LineSpec) -> Option<LineChart> {
    if spec.periods.is_empty() || spec.series.is_empty() {
        return None;
    }
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in spec
        .series
        .iter()
        .flat_map(|s| s.1.iter())
        .filter_map(|c| c.value)
    {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    lo = lo.min(0.0);
    if hi <= lo {
        hi = lo + 1.0;
    }
    let format = spec.format.unwrap_or(Format::Ratio);
    let step = nice_step(hi - lo, 4.0);
    let lo = (lo / step).floor() * step;
    let hi = (hi / step).ceil() * step;
    let (left, right, top, bottom) = (70.0, LINE_W - 20.0, 10.0, LINE_H - 40.0);
    let n = spec.periods.len();
    let x_of = |i: usize| {
        if n == 1 {
            (left + right) / 2.0
        } else {
            left + i as f64 * (right - left) / (n - 1) as f64
        }
    };
    let y_of = |v: f64| bottom - (v - lo) / (hi - lo) * (bottom - top);
    // Label at most ~12 periods so they do not overlap.
    let every = n.div_ceil(12).max(1);
    let x_ticks = spec
        .periods
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0 || *i == n - 1)
        .map(|(i, p)| Tick {
            pos: round1(x_of(i)),
            label: p.clone(),
        })
        .collect();
    let show_tick = tick_format(format, step);
    let mut y_ticks = Vec::new();
    let mut t = lo;
    while t <= hi + step * 1e-6 {
        y_ticks.push(Tick {
            pos: round1(y_of(t)),
            label: show_tick(t),
        });
        t += step;
    }
    let legend = legend(&spec.series.iter().map(|s| s.0.clone()).collect::<Vec<_>>());
    let series = spec
        .series
        .iter()
        .zip(&legend)
        .map(|((name, cells), l)| {
            let mut path = String::new();
            let mut points = Vec::new();
            let mut suppressed = Vec::new();
            let mut pen_down = false;
            for (i, cell) in cells.iter().enumerate().take(n) {
                match (cell.state, cell.value) {
                    (CellState::Value, Some(v)) => {
                        let (x, y) = (round1(x_of(i)), round1(y_of(v)));
                        path.push_str(&format!("{}{x} {y} ", if pen_down { "L" } else { "M" }));
                        pen_down = true;
                        points.push(Point {
                            x,
                            y,
                            title: format!("{name}, {}: {}", spec.periods[i], cell.text),
                        });
                    }
                    (CellState::Suppressed, _) => {
                        pen_down = false;
                        suppressed.push(Tick {
                            pos: round1(x_of(i)),
                            label: format!("{name}, {}: suppressed", spec.periods[i]),
                        });
                    }
                    _ => pen_down = false,
                }
            }
            LineSeries {
                name: name.clone(),
                colour: l.colour.clone(),
                dash: l.dash.clone(),
                shape: l.shape.clone(),
                path: path.trim_end().to_string(),
                points,
                suppressed,
            }
        })
        .collect();
    Some(LineChart {
        frame: Frame {
            kind: "lines",
            width: LINE_W,
            height: LINE_H,
            plot_left: left,
            plot_right: right,
            plot_top: top,
            plot_bottom: bottom,
        },
        x_ticks,
        y_ticks,
        series,
        legend,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(v: f64) -> Cell {
        Cell::constant(v, Format::Count)
    }

    fn suppressed() -> Cell {
        Cell {
            state: CellState::Suppressed,
            text: "suppressed".into(),
            ..Cell::label("")
        }
    }

    #[test]
    fn bars_scale_and_suppressed_is_not_zero() {
        let spec = BarSpec {
            categories: vec!["CEO".into(), "DON".into()],
            series: vec!["supply".into(), "demand".into()],
            values: vec![vec![value(10.0), value(5.0)], vec![suppressed(), value(0.0)]],
            format: Some(Format::Count),
            references: vec![(Some(1), 2.0, "benchmark".into())],
        };
        let chart = bar_chart(&spec).expect("chart");
        let ceo = &chart.groups[0].bars;
        assert!((ceo[0].w - 2.0 * ceo[1].w).abs() < 0.2, "10 is twice 5: {ceo:?}");
        let don = &chart.groups[1].bars;
        assert_eq!(don[0].state, CellState::Suppressed);
        assert_eq!(don[0].label, "suppressed");
        assert_eq!(don[0].w, 0.0);
        assert_eq!((don[1].state, don[1].label.as_str()), (CellState::Value, "0"));
        assert_eq!(chart.references.len(), 1);
        assert_eq!(chart.ticks.first().map(|t| t.label.as_str()), Some("0"));
        assert_eq!(chart.ticks.last().map(|t| t.label.as_str()), Some("10"));
    }

    #[test]
    fn negative_values_extend_left_of_zero() {
        let spec = BarSpec {
            categories: vec!["gap".into()],
            series: vec!["x".into()],
            values: vec![vec![value(-4.0)]],
            format: Some(Format::Count),
            references: vec![],
        };
        let chart = bar_chart(&spec).expect("chart");
        let bar = &chart.groups[0].bars[0];
        assert!(bar.x < chart.zero_x && (bar.x + bar.w - chart.zero_x).abs() < 0.2);
    }

    #[test]
    fn lines_break_at_suppressed_points() {
        let spec = LineSpec {
            periods: vec!["2024".into(), "2025".into(), "2026".into()],
            series: vec![("BME".into(), vec![value(1.0), suppressed(), value(3.0)])],
            format: Some(Format::Count),
        };
        let chart = line_chart(&spec).expect("chart");
        let s = &chart.series[0];
        assert_eq!(s.points.len(), 2);
        assert_eq!(s.path.matches('M').count(), 2, "{}", s.path);
        assert_eq!(s.suppressed.len(), 1);
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(10.0, 5.0), 2.0);
        assert_eq!(nice_step(1.0, 5.0), 0.2);
        assert_eq!(nice_step(0.35, 5.0), 0.1);
    }
}
