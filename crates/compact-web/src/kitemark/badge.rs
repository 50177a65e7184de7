//! The badge image: an SVG of about 240 × 80 that says, in text a screen
//! reader reads as one sentence, "Signed up to the <Compact> since <date>".
//! White on near-black (contrast above 19:1) with a yellow tick, so it
//! stands out on light and dark pages alike. Not the GOV.UK crown.

use crate::i18n::{Lang, Tr};
use askama::Template;
use compact_core::Date;

pub const WIDTH: u32 = 240;
pub const HEIGHT: u32 = 80;
/// Where the text starts (after the tick) and how wide it may run.
const TEXT_X: u32 = 72;
const TEXT_WIDTH: u32 = WIDTH - TEXT_X - 8;

/// The badge's sentence, as its `<title>` and an embed's `alt` say it.
pub fn sentence(t: &Tr, compact_name: &str, since: Date) -> String {
    t.with(
        "kitemark-badge-sentence",
        &[
            ("compact", super::after_the(compact_name).into()),
            ("date", t.date(&since).into()),
        ],
    )
}

/// One line of text on the badge.
pub struct Line {
    pub y: u32,
    pub size: u32,
    pub bold: bool,
    pub text: String,
    /// When the text would run past the edge: the width to fit it into.
    pub squeeze_to: Option<u32>,
}

#[derive(Template)]
#[template(path = "kitemark/badge.svg", escape = "html")]
pub struct Badge {
    pub lang: &'static str,
    pub width: u32,
    pub height: u32,
    pub title: String,
    pub text_x: u32,
    pub lines: Vec<Line>,
}

impl Badge {
    pub fn new(lang: Lang, compact_name: &str, since: Date) -> Badge {
        let t = Tr::new(lang);
        let before = t.get("kitemark-badge-before");
        let after = t.with("kitemark-badge-since", &[("date", t.date(&since).into())]);
        let name = name_lines(super::after_the(compact_name));
        let mut lines = Vec::new();
        let (mut y, step) = if name.len() == 1 { (20, 20) } else { (16, 16) };
        lines.push(line(y, 12, false, before));
        let name_size = if name.len() == 1 { 15 } else { 13 };
        for text in name {
            y += step;
            lines.push(line(y, name_size, true, text));
        }
        lines.push(line(y + step, 12, false, after));
        Badge {
            lang: lang.code(),
            width: WIDTH,
            height: HEIGHT,
            title: sentence(&t, compact_name, since),
            text_x: TEXT_X,
            lines,
        }
    }
}

fn line(y: u32, size: u32, bold: bool, text: String) -> Line {
    let squeeze_to = (estimated_width(&text, size, bold) > TEXT_WIDTH).then_some(TEXT_WIDTH);
    Line {
        y,
        size,
        bold,
        text,
        squeeze_to,
    }
}

/// A generous guess at how wide text is in a sans-serif face: SVG has no
/// wrapping, so lines are broken and, if still too long, squeezed to fit
/// (`textLength`) rather than cut off.
fn estimated_width(text: &str, size: u32, bold: bool) -> u32 {
    let per_char = if bold { 0.62 } else { 0.56 };
    (text.chars().count() as f64 * f64::from(size) * per_char).ceil() as u32
}

/// The Compact's name on one line when it fits at the large size, else
/// broken at a space into two lines of about equal length.
fn name_lines(name: &str) -> Vec<String> {
    let name = name.trim();
    if estimated_width(name, 15, true) <= TEXT_WIDTH {
        return vec![name.to_string()];
    }
    let middle = name.chars().count() / 2;
    let spaces: Vec<usize> = name
        .char_indices()
        .filter(|(_, c)| *c == ' ')
        .map(|(i, _)| i)
        .collect();
    let best = spaces
        .iter()
        .min_by_key(|i| name[..**i].chars().count().abs_diff(middle));
    match best {
        Some(&i) => vec![name[..i].to_string(), name[i + 1..].to_string()],
        None => vec![name.to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> Date {
        Date::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_short_name_sits_on_one_line_and_the_sentence_reads_whole() {
        let badge = Badge::new(Lang::En, "Wiltshire Compact", date(2025, 4, 1));
        assert_eq!(
            badge.title,
            "Signed up to the Wiltshire Compact since 1 April 2025"
        );
        let texts: Vec<&str> = badge.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Signed up to the",
                "Wiltshire Compact",
                "since 1 April 2025"
            ]
        );
        assert!(badge.lines.iter().all(|l| l.squeeze_to.is_none()));
    }

    #[test]
    fn a_long_name_is_broken_at_a_space_and_stays_inside_the_badge() {
        let badge = Badge::new(
            Lang::En,
            "North Yorkshire and York Voluntary Sector Compact",
            date(2025, 4, 1),
        );
        assert_eq!(badge.lines.len(), 4);
        assert_eq!(badge.lines[1].text, "North Yorkshire and York");
        assert_eq!(badge.lines[2].text, "Voluntary Sector Compact");
        assert!(badge.lines.iter().all(|l| l.y < HEIGHT));
        let svg = badge.render().unwrap();
        assert!(svg.contains(r#"role="img""#), "{svg}");
    }

    #[test]
    fn a_name_that_starts_with_the_does_not_say_it_twice() {
        let badge = Badge::new(Lang::En, "The Wiltshire Compact", date(2020, 3, 11));
        assert_eq!(
            badge.title,
            "Signed up to the Wiltshire Compact since 11 March 2020"
        );
        assert_eq!(badge.lines[1].text, "Wiltshire Compact");
        assert_eq!(
            super::super::after_the("Theatre Compact"),
            "Theatre Compact"
        );
    }

    #[test]
    fn markup_in_a_name_is_escaped() {
        let svg = Badge::new(Lang::En, "<script>alert(1)</script>", date(2025, 4, 1))
            .render()
            .unwrap();
        assert!(!svg.contains("<script>"), "{svg}");
    }
}
