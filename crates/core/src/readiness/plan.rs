//! An exam date per unit, and a daily plan to it: how many cards and scenarios a day, today's
//! progress against that, the forecast on the day, and a warning when the plan no longer fits.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Evidence, Links, UnitReadiness};
use crate::flashcards::schedule::{Clock, Settings};

/// Scenarios a day beyond which the plan is said not to fit.
pub const MAX_SCENARIOS_PER_DAY: u32 = 12;
/// Answers each weak or untried marking point should get before the exam.
pub const ANSWERS_PER_WEAK_POINT: u32 = 2;
/// Below this readiness a point counts as weak.
pub const WEAK_BELOW: f64 = 75.0;
/// Hours after the start of the learner's day that the exam is taken to be (recall is forecast
/// for then).
pub const EXAM_HOUR_AFTER_DAY_START: i64 = 5;

/// The learner's day number (days since 1970-01-01) of a calendar date.
pub fn day_number(date: NaiveDate) -> i64 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date");
    (date - epoch).num_days()
}

/// Reads an exam date typed by the learner or given on the command line: `YYYY-MM-DD`, today
/// or later. The error is a sentence.
pub fn parse_exam_date(text: &str, today: i64) -> Result<NaiveDate, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("type the exam date as YYYY-MM-DD, e.g. 2027-06-14".to_owned());
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        format!("`{text}` is not a date; write the exam date as YYYY-MM-DD, e.g. 2027-06-14")
    })?;
    check_exam_date(date, today)?;
    Ok(date)
}

/// An exam date before today is refused.
pub fn check_exam_date(date: NaiveDate, today: i64) -> Result<(), String> {
    if day_number(date) < today {
        return Err(format!(
            "the exam date {date} is in the past (today is {}); give today or a later date",
            crate::practice::iso_date(today)
        ));
    }
    Ok(())
}

/// When on `date` the exam is taken to be, in Unix seconds.
pub fn exam_time(date: NaiveDate, clock: &Clock) -> i64 {
    clock.day_start(day_number(date)) + EXAM_HOUR_AFTER_DAY_START * 3600
}

/// (Fields in alphabetical order: see the note above [`super::Parts`].)
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DailyPlan {
    pub cards_per_day: u32,
    /// The unit's cards studied today.
    pub cards_today: u32,
    /// Days of study left, today included.
    pub days_left: i64,
    pub exam_date: String,
    /// Forecast readiness on the day with no more study (0 to 100).
    pub forecast: Option<f64>,
    /// Cards never studied.
    pub new_cards: u32,
    /// Cards due by the exam.
    pub reviews_due: u32,
    pub scenarios_per_day: u32,
    /// Scenarios of the unit answered today.
    pub scenarios_today: u32,
    /// Why the plan no longer fits, as sentences.
    pub warnings: Vec<String>,
    /// Weak or untried marking points.
    pub weak_points: u32,
}

fn per_day(total: u32, days: i64) -> u32 {
    if total == 0 {
        0
    } else {
        total.div_ceil(days.max(1) as u32)
    }
}

/// The plan to `exam` for one unit (`links` are the whole pack's).
pub fn daily_plan(
    unit: &UnitReadiness,
    links: &Links,
    evidence: &Evidence<'_>,
    clock: &Clock,
    settings: &Settings,
    exam: NaiveDate,
) -> DailyPlan {
    let today = clock.today();
    let exam_day = day_number(exam);
    // The exam day itself is not a study day, unless it is today.
    let days_left = (exam_day - today).max(1);
    let exam_start = clock.day_start(exam_day);
    let mut reviews_due = 0u32;
    let mut new_cards = 0u32;
    let mut cards_today = 0u32;
    let cards = links
        .unit(&unit.unit)
        .map_or(&[][..], |l| l.cards.as_slice());
    for &card in cards {
        match evidence.states.get(&links.card_ids[card as usize]) {
            Some(s) if s.suspended => {}
            Some(s) if s.memory.is_some() => {
                if s.due < exam_start {
                    reviews_due += 1;
                }
                if s.last_review.is_some_and(|t| clock.day_of(t) == today) {
                    cards_today += 1;
                }
            }
            _ => new_cards += 1,
        }
    }
    let scenarios_today = evidence
        .attempts
        .iter()
        .filter(|a| a.unit_id == unit.unit && clock.day_of(a.answered_at) == today)
        .count() as u32;
    let weak_points = unit
        .points
        .iter()
        .filter(|p| p.readiness.is_none_or(|r| r < WEAK_BELOW))
        .count() as u32;
    let cards_per_day = per_day(reviews_due + new_cards, days_left);
    let new_per_day = per_day(new_cards, days_left);
    let scenarios_per_day = per_day(weak_points * ANSWERS_PER_WEAK_POINT, days_left);
    let mut warnings = Vec::new();
    if exam_day <= today {
        warnings.push("The exam is today: there is no time left to plan for.".to_owned());
    }
    if new_per_day > settings.new_per_day {
        warnings.push(format!(
            "Too many new cards: {new_per_day} a day to see every card of the unit by the exam, \
             more than your limit of {} new cards a day.",
            settings.new_per_day
        ));
    }
    if cards_per_day > settings.reviews_per_day + settings.new_per_day {
        warnings.push(format!(
            "Too many cards: {cards_per_day} a day, more than your daily limits allow ({}).",
            settings.reviews_per_day + settings.new_per_day
        ));
    }
    if scenarios_per_day > MAX_SCENARIOS_PER_DAY {
        warnings.push(format!(
            "Too little time: {scenarios_per_day} scenarios a day would be needed to practise \
             every weak marking point twice (more than {MAX_SCENARIOS_PER_DAY})."
        ));
    }
    DailyPlan {
        exam_date: exam.to_string(),
        days_left,
        cards_per_day,
        scenarios_per_day,
        cards_today,
        scenarios_today,
        reviews_due,
        new_cards,
        weak_points,
        forecast: unit.on_exam.or(unit.readiness),
        warnings,
    }
}
