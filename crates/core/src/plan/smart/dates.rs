//! Date phrases inside an objective: absolute dates in the usual UK forms, months, seasons,
//! terms, quarters and years, relative periods, named events with a date and the plan's end.
//!
//! Each phrase found says what it is for: a deadline, a start ("from January"), or a year that
//! only names something ("my 2027 diploma"). Every phrase's words are taken out before the other
//! letters are judged, so a year or a date is never the measure. Conventions where the calendar
//! has no single answer (docs/self-assessment-and-plan.md lists them): "by 2027" is 1 January
//! 2027, a month or season ends on its last day, school terms end on 31 March (spring), 22 July
//! (summer) and 20 December (autumn), half-terms start on 14 February, 25 May and 24 October,
//! and the academic year ends on 31 July.

use chrono::{Datelike, Duration, Months, NaiveDate};

use super::calendar::{
    add_units, easter, half_term_start, last_day_of_month, quarter_end, season_end, season_start,
    term_end, term_ends, upcoming, weekday_of, ymd,
};
use super::text::{Token, parse_count};

/// What a date phrase does in the objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// When the work is due: "by 31 March 2027", "within six weeks", "during 2027".
    Deadline,
    /// When it starts, which alone is no deadline: "from January 2027", "starting next week".
    Start,
    /// A year that names something, not a time: "my 2027 diploma".
    Label,
}

/// A date phrase found in the objective.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// `None` when the phrase names no real day (see `problem`).
    pub date: Option<NaiveDate>,
    /// Byte span in the objective, including the word that introduces it ("by", "within").
    pub start: usize,
    pub end: usize,
    pub role: Role,
    /// Why the phrase gives no date: "31 February 2027 is not a real date (February 2027 has
    /// 28 days)".
    pub problem: Option<String>,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// "march", "mar", "sept", "dec" -> 3, 3, 9, 12.
pub fn month_of(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| *m == word || (word.len() <= 4 && m.starts_with(word)))
        .map(|i| i as u32 + 1)
}

fn day_number(word: &str) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| word.strip_suffix(s))
        .unwrap_or(word);
    if digits.is_empty() || digits.len() > 2 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u32>().ok().filter(|d| (1..=31).contains(d))
}

fn year_of(word: &str) -> Option<i32> {
    if word.len() != 4 {
        return None;
    }
    word.parse::<i32>()
        .ok()
        .filter(|y| (1990..=2100).contains(y))
}

/// Why day/month/year is no date, or the date.
fn real_date(day: u32, month: u32, year: i32) -> Result<NaiveDate, String> {
    ymd(year, month, day).ok_or_else(|| {
        let name = capitalised(MONTHS[(month - 1) as usize % 12]);
        match last_day_of_month(year, month) {
            Some(last) if month <= 12 => format!(
                "{day} {name} {year} is not a real date ({name} {year} has {} days)",
                last.day()
            ),
            _ => format!("{day}/{month}/{year} is not a real date"),
        }
    })
}

fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// What a phrase parser found: the date (or why none), how many tokens it used, and whether the
/// phrase was a bare year (whose meaning depends on the word before it).
struct Parsed {
    date: Result<NaiveDate, String>,
    used: usize,
    year_only: Option<i32>,
    /// Written with a year, or as "next/this ...": a date even with no word introducing it.
    explicit: bool,
}

impl Parsed {
    fn new(date: Option<NaiveDate>, used: usize, explicit: bool) -> Option<Parsed> {
        Some(Parsed {
            date: Ok(date?),
            used,
            year_only: None,
            explicit,
        })
    }
}

/// Words that introduce a deadline.
const DEADLINE_WORDS: &[&str] = &[
    "by",
    "before",
    "until",
    "till",
    "til",
    "to",
    "in",
    "on",
    "during",
    "within",
    "over",
    "for",
    "through",
    "throughout",
    "ahead",
    "at",
];
/// Words that introduce a start.
const START_WORDS: &[&str] = &[
    "from",
    "starting",
    "start",
    "beginning",
    "begin",
    "since",
    "after",
    "commencing",
];

/// Every date phrase in the objective, in order.
pub fn find_dates(toks: &[Token], today: NaiveDate, plan_end: Option<NaiveDate>) -> Vec<FoundDate> {
    let w = |k: usize| toks.get(k).map_or("", |t| t.lower.as_str());
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let intro = w(i);
        let introduced = DEADLINE_WORDS.contains(&intro) || START_WORDS.contains(&intro);
        let at = if introduced { i + 1 } else { i };
        let Some(p) = phrase(toks, at, today, plan_end, introduced) else {
            i += 1;
            continue;
        };
        if !introduced && !p.explicit {
            i += 1;
            continue;
        }
        let first = if introduced { i } else { at };
        let last = at + p.used - 1;
        // "from the start of next term", "starting in September", "after Easter".
        let before = |k: usize| first.checked_sub(k).map_or("", w);
        let starts = START_WORDS.contains(&intro)
            || START_WORDS.contains(&before(1))
            || matches!(w(at), "start" | "beginning")
            || (w(at) == "the" && matches!(w(at + 1), "start" | "beginning"));
        let mut role = if starts { Role::Start } else { Role::Deadline };
        let mut date = p.date;
        if let Some(year) = p.year_only {
            // "by 2027" is by the time 2027 comes; "in/during/until 2027" is within it.
            date = match intro {
                "by" | "before" | "ahead" => ymd(year, 1, 1).ok_or_default(),
                _ if introduced => ymd(year, 12, 31).ok_or_default(),
                _ => {
                    role = Role::Label;
                    ymd(year, 12, 31).ok_or_default()
                }
            };
        }
        let (date, problem) = match date {
            Ok(d) => (Some(d), None),
            Err(why) => (None, Some(why)),
        };
        out.push(FoundDate {
            date,
            start: toks[first].start,
            end: toks[last].end,
            role,
            problem,
        });
        i = last + 1;
    }
    out
}

trait OrDefault {
    fn ok_or_default(self) -> Result<NaiveDate, String>;
}

impl OrDefault for Option<NaiveDate> {
    fn ok_or_default(self) -> Result<NaiveDate, String> {
        self.ok_or_else(|| "the date is out of range".to_owned())
    }
}

/// A date phrase starting at token `i`.
fn phrase(
    toks: &[Token],
    i: usize,
    today: NaiveDate,
    plan_end: Option<NaiveDate>,
    introduced: bool,
) -> Option<Parsed> {
    let w = |k: usize| toks.get(k).map_or("", |t| t.lower.as_str());
    let first = w(i);
    if first.is_empty() {
        return None;
    }
    if let Some(p) = numeric(first) {
        return Some(p);
    }
    // "early 2027", "late March", "mid-June 2027": read as the period itself.
    if matches!(first, "early" | "late" | "mid" | "the")
        && matches!(w(i + 1), "early" | "late" | "mid")
    {
        let inner = phrase(toks, i + 2, today, plan_end, true)?;
        return Some(Parsed {
            used: inner.used + 2,
            ..inner
        });
    }
    if matches!(first, "early" | "late" | "mid") {
        let inner = phrase(toks, i + 1, today, plan_end, true)?;
        return Some(Parsed {
            used: inner.used + 1,
            ..inner
        });
    }
    if let Some(rest) = first.strip_prefix("mid-")
        && let Some(month) = month_of(rest)
    {
        let year = year_of(w(i + 1));
        let date = match year {
            Some(y) => ymd(y, month, 15),
            None => upcoming(today, |y| ymd(y, month, 15)),
        };
        return Parsed::new(date, 1 + usize::from(year.is_some()), year.is_some());
    }
    // "the new year"
    let skip_the = usize::from(first == "the");
    if w(i + skip_the) == "new" && w(i + skip_the + 1) == "year" {
        return Parsed::new(ymd(today.year() + 1, 1, 1), skip_the + 2, false);
    }
    // [the] end of / start of / rest of <period>
    let the = usize::from(first == "the");
    if matches!(w(i + the), "end" | "start" | "beginning" | "rest" | "close")
        && w(i + the + 1) == "of"
    {
        let at = i + the + 2;
        let inner = phrase(toks, at, today, plan_end, true)?;
        let date = match inner.year_only {
            Some(y) => ymd(y, 12, 31).ok_or_default(),
            None => inner.date,
        };
        return Some(Parsed {
            date,
            used: the + 2 + inner.used,
            year_only: None,
            explicit: true,
        });
    }
    // [the] 31st [of] March [2027]
    let day_at = i + the;
    if let Some(day) = day_number(w(day_at)) {
        let of = usize::from(w(day_at + 1) == "of");
        if let Some(month) = month_of(w(day_at + 1 + of)) {
            let year = year_of(w(day_at + 2 + of));
            let used = the + 2 + of + usize::from(year.is_some());
            let date = match year {
                Some(y) => real_date(day, month, y),
                None => upcoming(today, |y| ymd(y, month, day)).ok_or_else(|| {
                    format!(
                        "{day} {} is not a real date",
                        capitalised(MONTHS[month as usize - 1])
                    )
                }),
            };
            return Some(Parsed {
                date,
                used,
                year_only: None,
                explicit: year.is_some(),
            });
        }
    }
    // March [31][,] [2027]
    if let Some(month) = month_of(first) {
        let day = day_number(w(i + 1)).filter(|_| year_of(w(i + 1)).is_none());
        let year_at = i + 1 + usize::from(day.is_some());
        let year = year_of(w(year_at));
        // "may" and "march" are words too: a month needs a year, a day or a word before it.
        if year.is_none() && day.is_none() && !introduced {
            return None;
        }
        let used = year_at - i + usize::from(year.is_some());
        let date = match (day, year) {
            (Some(d), Some(y)) => real_date(d, month, y),
            (None, Some(y)) => last_day_of_month(y, month).ok_or_default(),
            (Some(d), None) => upcoming(today, |y| ymd(y, month, d)).ok_or_default(),
            (None, None) => upcoming(today, |y| last_day_of_month(y, month)).ok_or_default(),
        };
        return Some(Parsed {
            date,
            used,
            year_only: None,
            explicit: year.is_some(),
        });
    }
    if let Some(year) = year_of(first) {
        return Some(Parsed {
            date: ymd(year, 12, 31).ok_or_default(),
            used: 1,
            year_only: Some(year),
            explicit: true,
        });
    }
    period(toks, i, today, plan_end)
}

/// 2027-03-31, 31/03/2027, 31/3/27, 31.03.2027; one written like a date that is not one is
/// named.
fn numeric(word: &str) -> Option<Parsed> {
    let parts: Vec<&str> = word.split(['/', '-', '.']).collect();
    if parts.len() != 3
        || !parts
            .iter()
            .all(|p| (1..=4).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let n: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
    let (day, month, year) = if parts[0].len() == 4 {
        (n[2], n[1], n[0] as i32)
    } else if parts[2].len() == 4 {
        (n[0], n[1], n[2] as i32)
    } else if parts[2].len() == 2 {
        (n[0], n[1], 2000 + n[2] as i32)
    } else {
        return None;
    };
    let date = if (1..=12).contains(&month) {
        real_date(day, month, year)
    } else {
        Err(format!(
            "{word} is not a real date (there is no month {month})"
        ))
    };
    Some(Parsed {
        date,
        used: 1,
        year_only: None,
        explicit: true,
    })
}

/// Named periods: [the|this|next] year/month/term/quarter/academic year, seasons and terms
/// with or without a year, half-terms, Q1-Q4, Easter, Christmas, weekdays, the plan's end, and
/// relative periods ("[the] next six weeks", "a month").
fn period(
    toks: &[Token],
    i: usize,
    today: NaiveDate,
    plan_end: Option<NaiveDate>,
) -> Option<Parsed> {
    let w = |k: usize| toks.get(k).map_or("", |t| t.lower.as_str());
    let mut k = i;
    if matches!(w(k), "the" | "my" | "our" | "your") {
        k += 1;
    }
    let which = match w(k) {
        q @ ("this" | "next" | "coming" | "following" | "current") => {
            k += 1;
            Some(q)
        }
        _ => None,
    };
    let explicit = which.is_some();
    let used = |end: usize| end - i;
    let word = w(k);
    // The plan's end: "the end of my plan", "before my plan ends", "by plan end".
    if word == "plan" && (k > i || matches!(w(k + 1), "end" | "ends")) {
        let extra = usize::from(matches!(w(k + 1), "end" | "ends"));
        return Some(Parsed {
            date: plan_end.ok_or_else(|| {
                "it names the plan's end, but the plan has no end date set".to_owned()
            }),
            used: used(k + 1 + extra),
            year_only: None,
            explicit: true,
        });
    }
    // Relative: [the] [next] six weeks, a month, 12 weeks' time.
    let count = parse_count(word);
    let (n, unit_at) = match count {
        Some(n) => (n, k + 1),
        None if which.is_some() => (1, k),
        None => (0, k),
    };
    let unit = w(unit_at);
    if n > 0 && (count.is_some() || matches!(which, Some("next" | "coming" | "following"))) {
        let plain = unit.trim_end_matches('\'');
        let plain = plain.strip_suffix('s').unwrap_or(plain);
        let relative = matches!(
            plain,
            "hour" | "day" | "week" | "fortnight" | "month" | "quarter" | "year" | "term"
        );
        // "within 48 hours of each session" counts from each session, not from today.
        if relative && w(unit_at + 1) != "of" {
            let date = match (count, plain) {
                // "the next month/quarter/year/term" as a whole period.
                (None, "month") => today
                    .checked_add_months(Months::new(1))
                    .and_then(|d| last_day_of_month(d.year(), d.month())),
                (None, "quarter") => {
                    let q = (today.month() - 1) / 3 + 1;
                    if q == 4 {
                        quarter_end(today.year() + 1, 1)
                    } else {
                        quarter_end(today.year(), q + 1)
                    }
                }
                (None, "year") => ymd(today.year() + 1, 12, 31),
                _ => add_units(today, n, plain),
            };
            let time = usize::from(w(unit_at + 1) == "time");
            // "a month" alone is a frequency ("one a month"); a period needs a word before it.
            return Parsed::new(date, used(unit_at + 1 + time), explicit);
        }
    }
    // Everything below may carry a year: "summer term 2027", "Q2 2027", "Easter 2027".
    let year_after = |at: usize| year_of(w(at));
    let when = |end_at: usize, f: &dyn Fn(i32) -> Option<NaiveDate>| -> Option<Parsed> {
        let year = year_after(end_at);
        let date = match year {
            Some(y) => f(y),
            None => upcoming(today, f),
        };
        Parsed::new(
            date,
            used(end_at + usize::from(year.is_some())),
            explicit || year.is_some(),
        )
    };
    match word {
        "spring" | "summer" | "autumn" | "fall" | "winter" => {
            let season = word;
            if w(k + 1) == "half-term" || (w(k + 1) == "half" && w(k + 2) == "term") {
                let end = k + if w(k + 1) == "half" { 3 } else { 2 };
                return when(end, &|y| half_term_start(y, season));
            }
            if matches!(w(k + 1), "term" | "semester") {
                return when(k + 2, &|y| term_end(y, season));
            }
            if which == Some("next") && year_after(k + 1).is_none() {
                // "next summer": the first one that has not begun.
                let date = (today.year()..=today.year() + 2)
                    .find(|y| season_start(*y, season).is_some_and(|s| s > today))
                    .and_then(|y| season_end(y, season));
                return Parsed::new(date, used(k + 1), true);
            }
            when(k + 1, &|y| season_end(y, season))
        }
        "half-term" => when(k + 1, &|y| {
            ["spring", "summer", "autumn"]
                .iter()
                .filter_map(|t| half_term_start(y, t))
                .find(|d| *d >= today)
        }),
        "easter" => when(k + 1, &easter),
        "christmas" | "xmas" => when(k + 1, &|y| ymd(y, 12, 25)),
        "term" | "semester" => {
            let ends = term_ends(today);
            let current = ends.iter().position(|d| *d >= today)?;
            let pick = if which == Some("next") {
                current + 1
            } else {
                current
            };
            Parsed::new(ends.get(pick).copied(), used(k + 1), explicit)
        }
        "academic" | "school" if w(k + 1) == "year" => {
            let mut year = if today.month() >= 8 {
                today.year() + 1
            } else {
                today.year()
            };
            if which == Some("next") {
                year += 1;
            }
            Parsed::new(ymd(year, 7, 31), used(k + 2), explicit)
        }
        "year" => Parsed::new(ymd(today.year(), 12, 31), used(k + 1), explicit),
        "month" => Parsed::new(
            last_day_of_month(today.year(), today.month()),
            used(k + 1),
            explicit,
        ),
        "week" => Parsed::new(
            today.checked_add_signed(Duration::days(
                7 - i64::from(today.weekday().num_days_from_monday()),
            )),
            used(k + 1),
            explicit,
        ),
        "quarter" => {
            let q = (today.month() - 1) / 3 + 1;
            Parsed::new(quarter_end(today.year(), q), used(k + 1), explicit)
        }
        q if q.len() == 2 && q.starts_with('q') => {
            let n = q[1..].parse::<u32>().ok().filter(|n| (1..=4).contains(n))?;
            when(k + 1, &|y| quarter_end(y, n))
        }
        day if weekday_of(day).is_some() && w(i.saturating_sub(1)) != "every" => {
            let target = weekday_of(day)?;
            let ahead = (7 + target.num_days_from_monday() as i64
                - today.weekday().num_days_from_monday() as i64)
                % 7;
            let ahead = if ahead == 0 { 7 } else { ahead };
            let ahead = if which == Some("next") && ahead < 7 {
                ahead + 7
            } else {
                ahead
            };
            Parsed::new(
                today.checked_add_signed(Duration::days(ahead)),
                used(k + 1),
                explicit,
            )
        }
        _ => None,
    }
}

#[cfg(test)]
#[path = "dates_tests.rs"]
mod tests;
