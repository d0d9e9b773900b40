//! The date reader on the forms learners write.

use chrono::NaiveDate;

use super::super::calendar::easter;
use super::super::text::tokens;
use super::*;

/// Thursday 3 December 2026.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
}

fn found(text: &str, plan_end: Option<NaiveDate>) -> Vec<FoundDate> {
    find_dates(&tokens(text), today(), plan_end)
}

fn deadline(text: &str) -> Option<NaiveDate> {
    found(text, None)
        .into_iter()
        .filter(|d| d.role == Role::Deadline)
        .filter_map(|d| d.date)
        .max()
}

fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, day)
}

#[test]
fn absolute_dates_in_the_usual_uk_forms() {
    for (text, want) in [
        ("by 2027-02-01", d(2027, 2, 1)),
        ("by 1/2/2027", d(2027, 2, 1)),
        ("by 01/02/27", d(2027, 2, 1)),
        ("by 1.2.2027", d(2027, 2, 1)),
        ("by 1st February 2027", d(2027, 2, 1)),
        ("by the 1st of February 2027", d(2027, 2, 1)),
        ("by February 1, 2027", d(2027, 2, 1)),
        ("by 14 Feb 2027", d(2027, 2, 14)),
        ("on 20 May 2027", d(2027, 5, 20)),
        ("by 31 March", d(2027, 3, 31)),
    ] {
        assert_eq!(deadline(text), want, "{text}");
    }
}

#[test]
fn months_years_and_periods() {
    for (text, want) in [
        ("by February 2027", d(2027, 2, 28)),
        ("by dec 2027", d(2027, 12, 31)),
        ("by March", d(2027, 3, 31)),
        ("till june 2027", d(2027, 6, 30)),
        ("by the end of 2027", d(2027, 12, 31)),
        ("by end of march 2027", d(2027, 3, 31)),
        ("during 2027", d(2027, 12, 31)),
        ("in 2027", d(2027, 12, 31)),
        ("by 2028", d(2028, 1, 1)),
        ("by the end of the year", d(2026, 12, 31)),
        ("by the end of the month", d(2026, 12, 31)),
        ("before the end of Q2 2027", d(2027, 6, 30)),
        ("next quarter", d(2027, 3, 31)),
        ("by next summer", d(2027, 8, 31)),
        ("in autumn 2027", d(2027, 11, 30)),
        ("by Easter", d(2027, 3, 28)),
        ("by the end of the summer term 2027", d(2027, 7, 22)),
        ("until the end of the summer term", d(2027, 7, 22)),
        ("during the spring term 2027", d(2027, 3, 31)),
        ("before the spring half-term", d(2027, 2, 14)),
        ("by the end of the academic year", d(2027, 7, 31)),
        ("for the rest of the academic year", d(2027, 7, 31)),
        ("over the next term", d(2027, 3, 31)),
        ("by Friday", d(2026, 12, 4)),
        ("by mid-March 2027", d(2027, 3, 15)),
        ("by early 2027", d(2027, 1, 1)),
        ("by late March", d(2027, 3, 31)),
        ("by the end of term", d(2026, 12, 20)),
        ("by half-term", d(2027, 2, 14)),
        ("before Christmas", d(2026, 12, 25)),
        ("by the new year", d(2027, 1, 1)),
        ("by the end of next month", d(2027, 1, 31)),
        ("by March 1st", d(2027, 3, 1)),
        ("by the end of Q1", d(2027, 3, 31)),
        ("over the coming year", d(2027, 12, 31)),
        ("by spring 2027", d(2027, 5, 31)),
    ] {
        assert_eq!(deadline(text), want, "{text}");
    }
}

#[test]
fn relative_periods() {
    for (text, want) in [
        ("within 6 weeks", d(2027, 1, 14)),
        ("within six weeks", d(2027, 1, 14)),
        ("in three months", d(2027, 3, 3)),
        ("over the next 12 weeks", d(2027, 2, 25)),
        ("for the next 3 months", d(2027, 3, 3)),
        ("within a month", d(2027, 1, 3)),
        ("in the next month", d(2027, 1, 31)),
        ("in 4 weeks' time", d(2026, 12, 31)),
        ("within the next fortnight", d(2026, 12, 17)),
        ("in the next two weeks", d(2026, 12, 17)),
        ("for six weeks", d(2027, 1, 14)),
    ] {
        assert_eq!(deadline(text), want, "{text}");
    }
}

#[test]
fn named_events_with_a_date_and_the_plan_end() {
    assert_eq!(
        deadline("before my appraisal on 14 January 2028"),
        d(2028, 1, 14)
    );
    assert_eq!(
        deadline("until my end-point assessment in July 2027"),
        d(2027, 7, 31)
    );
    let end = d(2027, 6, 30);
    let f = found("by the end of my plan", end);
    assert_eq!(f[0].date, end);
    let f = found("before my plan ends", None);
    assert!(
        f[0].problem
            .as_deref()
            .is_some_and(|p| p.contains("no end date"))
    );
}

#[test]
fn starts_labels_and_frequencies_are_not_deadlines() {
    for text in [
        "from January 2027",
        "starting next week",
        "starting in September",
        "from the start of next term",
    ] {
        let f = found(text, None);
        assert_eq!(f.len(), 1, "{text}");
        assert_eq!(f[0].role, Role::Start, "{text}");
    }
    let f = found("module 4 of my 2027 diploma", None);
    assert_eq!(f[0].role, Role::Label);
    for text in [
        "one a month",
        "every Friday",
        "within 24 hours of each session",
        "in 8 of my next 10 sessions",
        "may I ask one question",
        "at the end of every session",
        "to level 3",
        "Plan one piece of work",
        "at my next appraisal",
        "by the end of the programme",
        "until further notice",
    ] {
        assert!(deadline(text).is_none(), "{text}: {:?}", found(text, None));
    }
}

#[test]
fn impossible_dates_are_named() {
    for (text, named) in [
        (
            "by 31 February 2027",
            "31 February 2027 is not a real date (February 2027 has 28 days)",
        ),
        ("by 30/02/2027", "30 February 2027"),
        ("by 2027-13-01", "no month 13"),
        ("by 31 April", "31 April"),
        ("by 29 February 2027", "February 2027 has 28 days"),
    ] {
        let f = found(text, None);
        let problem = f.iter().find_map(|d| d.problem.clone()).unwrap_or_default();
        assert!(problem.contains(named), "{text}: {problem}");
        assert!(f.iter().all(|d| d.date.is_none()), "{text}");
    }
    // A leap day is real in a leap year.
    assert_eq!(deadline("by 29 February 2028"), d(2028, 2, 29));
}

#[test]
fn easter_follows_the_computus() {
    assert_eq!(easter(2027), d(2027, 3, 28));
    assert_eq!(easter(2028), d(2028, 4, 16));
    assert_eq!(easter(2026), d(2026, 4, 5));
}
