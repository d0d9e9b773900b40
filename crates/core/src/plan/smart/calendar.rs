//! The calendar the date reader needs: month ends, Easter, school terms and half-terms in
//! England, seasons, quarters, weekdays and periods counted from today.

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};

pub fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1)?
        .checked_add_months(Months::new(1))?
        .pred_opt()
}

pub fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Easter Sunday (the Gregorian computus).
pub fn easter(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(year, month as u32, day as u32)
}

/// The first of `candidates(year)` for this year and the next few that is on or after `today`.
pub fn upcoming(today: NaiveDate, f: impl Fn(i32) -> Option<NaiveDate>) -> Option<NaiveDate> {
    (today.year() - 1..=today.year() + 8)
        .filter_map(f)
        .find(|d| *d >= today)
}

/// School terms in England, by the day each ends: spring, summer, autumn.
pub fn term_end(year: i32, term: &str) -> Option<NaiveDate> {
    match term {
        "spring" => ymd(year, 3, 31),
        "summer" => ymd(year, 7, 22),
        "autumn" | "fall" => ymd(year, 12, 20),
        _ => None,
    }
}

pub fn half_term_start(year: i32, term: &str) -> Option<NaiveDate> {
    match term {
        "spring" => ymd(year, 2, 14),
        "summer" => ymd(year, 5, 25),
        "autumn" | "fall" => ymd(year, 10, 24),
        _ => None,
    }
}

/// Every term end from last year on, in order.
pub fn term_ends(today: NaiveDate) -> Vec<NaiveDate> {
    (today.year() - 1..=today.year() + 2)
        .flat_map(|y| ["spring", "summer", "autumn"].map(|t| term_end(y, t)))
        .flatten()
        .collect()
}

/// The last day of a season (spring March-May, summer June-August, autumn September-November,
/// winter December-February, named by the year it starts in).
pub fn season_end(year: i32, season: &str) -> Option<NaiveDate> {
    match season {
        "spring" => ymd(year, 5, 31),
        "summer" => ymd(year, 8, 31),
        "autumn" | "fall" => ymd(year, 11, 30),
        "winter" => last_day_of_month(year + 1, 2),
        _ => None,
    }
}

pub fn season_start(year: i32, season: &str) -> Option<NaiveDate> {
    match season {
        "spring" => ymd(year, 3, 1),
        "summer" => ymd(year, 6, 1),
        "autumn" | "fall" => ymd(year, 9, 1),
        "winter" => ymd(year, 12, 1),
        _ => None,
    }
}

pub fn quarter_end(year: i32, q: u32) -> Option<NaiveDate> {
    last_day_of_month(year, q * 3)
}

pub fn weekday_of(word: &str) -> Option<Weekday> {
    Some(match word {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

pub fn add_units(today: NaiveDate, n: u32, unit: &str) -> Option<NaiveDate> {
    if n > 1000 {
        return None; // no plan runs for a thousand years
    }
    let unit = unit.trim_end_matches('\'');
    let unit = unit.strip_suffix('s').unwrap_or(unit);
    match unit {
        "hour" => today.checked_add_signed(Duration::days(i64::from(n.div_ceil(24)))),
        "day" => today.checked_add_signed(Duration::days(i64::from(n))),
        "week" => today.checked_add_signed(Duration::weeks(i64::from(n))),
        "fortnight" => today.checked_add_signed(Duration::weeks(2 * i64::from(n))),
        "month" => today.checked_add_months(Months::new(n)),
        "quarter" => today.checked_add_months(Months::new(3 * n)),
        "year" => today.checked_add_months(Months::new(12 * n)),
        "term" => {
            let ends = term_ends(today);
            let i = ends.iter().position(|d| *d >= today)?;
            ends.get(i + n as usize).copied()
        }
        _ => None,
    }
}
