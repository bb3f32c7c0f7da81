//! A line chart over days, drawn by the server as SVG (no chart library, no
//! canvas), readable on a phone and printable, with the same numbers as a
//! table for screen readers and for anyone who wants the figures.

use crate::domain::area::Chart;
use crate::i18n;
use leptos::prelude::*;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 36.0;

/// Stroke styles of the series, in order (colour and dash, so that lines
/// differ without colour too).
const STYLES: [(&str, &str); 3] = [("#0017c1", ""), ("#c0392b", "6 4"), ("#1d7a3a", "2 3")];

fn number(v: f64, unit: &str) -> String {
    if unit == "%" { format!("{v:.1}%") } else { format!("{v:.0}") }
}

#[component]
pub fn LineChart(chart: Chart, id: String) -> impl IntoView {
    let a = i18n::t().area();
    let max = chart.axis_max();
    let n = chart.days.len().max(1);
    let x = move |i: usize| LEFT + (WIDTH - LEFT - RIGHT) * if n > 1 { i as f64 / (n - 1) as f64 } else { 0.5 };
    let y = move |v: f64| TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - (v / max).clamp(0.0, 1.0));
    let title_id = format!("{id}-title");
    let unit = chart.unit.clone();
    let grid: Vec<f64> = vec![0.0, max / 2.0, max];
    let ticks: Vec<usize> = if n > 2 { vec![0, n / 2, n - 1] } else { (0..n).collect() };
    let paths: Vec<(String, &str, &str, String)> = chart
        .series
        .iter()
        .enumerate()
        .map(|(s, series)| {
            let mut d = String::new();
            let mut pen_down = false;
            for (i, v) in series.values.iter().enumerate() {
                match v {
                    Some(v) => {
                        d.push_str(&format!("{}{:.1},{:.1} ", if pen_down { "L" } else { "M" }, x(i), y(*v)));
                        pen_down = true;
                    }
                    None => pen_down = false,
                }
            }
            let (color, dash) = STYLES[s % STYLES.len()];
            (d, color, dash, series.label.clone())
        })
        .collect();
    let legend =
        paths.iter().map(|(_, c, dash, label)| (c.to_string(), dash.to_string(), label.clone())).collect::<Vec<_>>();
    let days = chart.days.clone();
    let series = chart.series.clone();
    view! {
        <figure class="chart">
            <figcaption id=title_id.clone()>{chart.title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-labelledby=title_id class="chart__svg">
                {grid.into_iter().map(|g| {
                    let unit = unit.clone();
                    view! {
                        <line x1=LEFT x2=WIDTH - RIGHT y1=y(g) y2=y(g) class="chart__grid" />
                        <text x=LEFT - 6.0 y=y(g) + 4.0 text-anchor="end" class="chart__label">{number(g, &unit)}</text>
                    }
                }).collect_view()}
                {ticks.into_iter().map(|i| view! {
                    <text x=x(i) y=HEIGHT - 12.0 text-anchor="middle" class="chart__label">
                        {days.get(i).map(|d| d.format("%-m/%-d").to_string()).unwrap_or_default()}
                    </text>
                }).collect_view()}
                {paths.into_iter().map(|(d, color, dash, _)| view! {
                    <path d=d fill="none" stroke=color stroke-width="2.5" stroke-dasharray=dash />
                }).collect_view()}
            </svg>
            <ul class="chart__legend">
                {legend.into_iter().map(|(color, dash, label)| view! {
                    <li>
                        <svg width="28" height="10" aria-hidden="true"><line x1="0" x2="28" y1="5" y2="5" stroke=color stroke-width="3" stroke-dasharray=dash /></svg>
                        {label}
                    </li>
                }).collect_view()}
            </ul>
            <details class="chart__data">
                <summary>{(a.chart_table)(&chart.title)}</summary>
                <div class="table-wrap">
                    <table class="table">
                        <caption class="visually-hidden">{(a.chart_table)(&chart.title)}</caption>
                        <thead><tr>
                            <th scope="col">{a.chart_day}</th>
                            {series.iter().map(|s| view! { <th scope="col">{s.label.clone()}</th> }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {chart.days.iter().enumerate().map(|(i, d)| view! {
                                <tr>
                                    <th scope="row">{d.format("%Y-%m-%d").to_string()}</th>
                                    {series.iter().map(|s| {
                                        let v = s.values.get(i).copied().flatten();
                                        view! { <td>{v.map_or_else(|| "—".to_owned(), |v| number(v, &chart.unit))}</td> }
                                    }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}
