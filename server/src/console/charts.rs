//! Charts drawn on the server as SVG, with no JavaScript and no chart service. This module is the
//! pure half: it lays a chart out (every bar, point and label with its coordinates); the template
//! macro `chart` in `pages/console/_console.html` writes the `<svg role="img">` from the layout,
//! escaped like any other text, named by its `<title>` and `<desc>` through `aria-labelledby`, with
//! the same numbers in a table beside it. Labels come in already translated.

use serde::Serialize;

/// One labelled value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub value: u64,
}

pub const WIDTH: u32 = 640;
const LABEL_WIDTH: u32 = 200;
const ROW_HEIGHT: u32 = 28;
const BAR_HEIGHT: u32 = 18;

/// A chart ready to draw: `kind` is `bars` or `line`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layout {
    pub kind: &'static str,
    pub width: u32,
    pub height: u32,
    pub bars: Vec<BarShape>,
    pub points: Vec<PointShape>,
    /// The polyline's `points` attribute (line charts).
    pub polyline: String,
    /// The x axis of a line chart: from (left, baseline) to (right, baseline).
    pub axis: [u32; 3],
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BarShape {
    pub label: String,
    pub value: u64,
    /// Top of the bar.
    pub y: u32,
    pub length: u32,
    /// Baseline of the label and value texts.
    pub text_y: u32,
    pub label_x: u32,
    pub bar_x: u32,
    pub value_x: u32,
    pub bar_height: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PointShape {
    pub label: String,
    pub value: u64,
    pub x: u32,
    pub y: u32,
    pub value_y: u32,
    pub label_y: u32,
}

/// Horizontal bars, one a row, the longest for the largest value. For the funnel (in step order)
/// and for matches by category or prefecture.
pub fn bars(bars: &[Bar]) -> Layout {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let room = WIDTH - LABEL_WIDTH - 60;
    let shapes = bars
        .iter()
        .enumerate()
        .map(|(i, bar)| {
            let y = i as u32 * ROW_HEIGHT + 4;
            let length = (bar.value as f64 / max as f64 * f64::from(room)).round() as u32;
            BarShape {
                label: bar.label.clone(),
                value: bar.value,
                y,
                length,
                text_y: y + BAR_HEIGHT - 4,
                label_x: LABEL_WIDTH - 8,
                bar_x: LABEL_WIDTH,
                value_x: LABEL_WIDTH + length + 6,
                bar_height: BAR_HEIGHT,
            }
        })
        .collect();
    Layout {
        kind: "bars",
        width: WIDTH,
        height: (bars.len().max(1) as u32) * ROW_HEIGHT + 8,
        bars: shapes,
        points: Vec::new(),
        polyline: String::new(),
        axis: [0; 3],
    }
}

/// A line over time: points in order (e.g. sessions by date), each with its value above the point
/// and its label under the axis (alternating rows, so that dates do not overlap).
pub fn line(points: &[Bar]) -> Layout {
    const HEIGHT: u32 = 260;
    const TOP: u32 = 24;
    const BASELINE: u32 = 200;
    const LEFT: u32 = 48;
    const RIGHT: u32 = WIDTH - 48;
    let max = points.iter().map(|p| p.value).max().unwrap_or(0).max(1);
    let x_of = |i: usize| match points.len() {
        0 | 1 => (LEFT + RIGHT) / 2,
        n => LEFT + ((RIGHT - LEFT) as f64 * i as f64 / (n - 1) as f64).round() as u32,
    };
    let shapes: Vec<PointShape> = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let y = BASELINE - (p.value as f64 / max as f64 * f64::from(BASELINE - TOP)).round() as u32;
            PointShape {
                label: p.label.clone(),
                value: p.value,
                x: x_of(i),
                y,
                value_y: y.saturating_sub(8),
                label_y: BASELINE + 18 + if i % 2 == 1 { 16 } else { 0 },
            }
        })
        .collect();
    let polyline = shapes.iter().map(|p| format!("{},{}", p.x, p.y)).collect::<Vec<_>>().join(" ");
    Layout {
        kind: "line",
        width: WIDTH,
        height: HEIGHT,
        bars: Vec::new(),
        points: shapes,
        polyline,
        axis: [LEFT, RIGHT, BASELINE],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Bar> {
        vec![Bar { label: "提案".to_owned(), value: 10 }, Bar { label: "関心".to_owned(), value: 5 }]
    }

    #[test]
    fn bars_scale_to_the_largest_value_one_row_each() {
        let layout = bars(&sample());
        assert_eq!(layout.kind, "bars");
        assert_eq!(layout.bars.len(), 2);
        assert_eq!((layout.bars[0].length, layout.bars[1].length), (380, 190));
        assert!(layout.bars[1].y > layout.bars[0].y);
        assert_eq!(layout.bars[1].value_x, 200 + 190 + 6);
        assert_eq!(layout.height, 2 * 28 + 8);
    }

    #[test]
    fn empty_and_zero_charts_draw_without_dividing_by_zero() {
        assert!(bars(&[]).bars.is_empty());
        let zero = bars(&[Bar { label: "x".to_owned(), value: 0 }]);
        assert_eq!(zero.bars[0].length, 0);
        assert_eq!(line(&[]).polyline, "");
    }

    #[test]
    fn a_line_puts_higher_values_higher_and_spreads_points_evenly() {
        let layout = line(&[
            Bar { label: "6/30".to_owned(), value: 133 },
            Bar { label: "9/7".to_owned(), value: 145 },
            Bar { label: "12/3".to_owned(), value: 93 },
        ]);
        let [a, b, c] = [&layout.points[0], &layout.points[1], &layout.points[2]];
        assert!(b.y < a.y && a.y < c.y, "svg y grows downwards");
        assert_eq!(b.y, 24, "the largest value touches the top");
        assert_eq!(b.x - a.x, c.x - b.x);
        assert_eq!(layout.polyline.split(' ').count(), 3);
        assert_ne!(a.label_y, b.label_y, "neighbouring labels alternate rows");
        assert_eq!(line(&layout_one()).points[0].x, 320);
    }

    fn layout_one() -> Vec<Bar> {
        vec![Bar { label: "1/14".to_owned(), value: 171 }]
    }
}
