//! Achievable, Relevant and Time-bound: how it will be done, what practice it serves, and when
//! it is due. Each may draw on the rest of the plan entry as well as the text.

use chrono::NaiveDate;

use super::dates::{FoundDate, Role};
use super::letters::Seen;
use super::lexicon::kind;
use super::text::parse_count;
use super::{Context, Letter, Verdict, fail, pass};

/// Beyond these a week, a development objective crowds out the learner's other work.
const MAX_HOURS_A_WEEK: f64 = 25.0;
const MAX_SESSIONS_A_WEEK: f64 = 20.0;

/// A load no learner could keep up beside their work: an absolute, or too many hours or sessions
/// a week (said as "a week"/"a day", or as a total before the deadline).
fn implausible_load(seen: &Seen, today: NaiveDate, deadline: Option<NaiveDate>) -> Option<String> {
    let w = &seen.lower;
    if let Some(word) = w
        .iter()
        .zip(&seen.kinds)
        .find(|(_, k)| *k & kind::ABSOLUTE != 0)
        .map(|(word, _)| word)
    {
        return Some(format!(
            "\u{201c}{word}\u{201d} sets a bar nobody meets every time"
        ));
    }
    if let Some(p) = seen.phrase_with(kind::ABSOLUTE) {
        return Some(format!(
            "\u{201c}{p}\u{201d} sets a bar nobody meets every time"
        ));
    }
    for i in 0..w.len() {
        let Some(n) = parse_count(w[i]).filter(|_| !matches!(w[i], "a" | "an")) else {
            continue;
        };
        // "40 coaching hours", "30 clients"
        let Some(unit_at) = (i + 1..w.len().min(i + 4)).find(|&k| {
            matches!(
                w[k],
                "hours" | "hour" | "hrs" | "sessions" | "clients" | "conversations"
            )
        }) else {
            continue;
        };
        let unit = w[unit_at];
        let hours = unit.starts_with('h');
        let per: Vec<&str> = w.iter().skip(unit_at + 1).take(3).copied().collect();
        let per_day = per.iter().any(|w| matches!(*w, "day" | "daily"));
        let per_week = per.iter().any(|w| matches!(*w, "week" | "weekly"));
        let weekly = if per_day {
            f64::from(n) * 5.0
        } else if per_week {
            f64::from(n)
        } else if let Some(d) = deadline.filter(|d| *d > today) {
            f64::from(n) / ((d - today).num_days() as f64 / 7.0).max(1.0)
        } else {
            continue;
        };
        let limit = if hours {
            MAX_HOURS_A_WEEK
        } else {
            MAX_SESSIONS_A_WEEK
        };
        if weekly > limit {
            return Some(format!(
                "{n} {unit} comes to about {weekly:.0} a week, more than anyone can sustain beside other work"
            ));
        }
    }
    None
}

/// A means named in the objective: "using ...", "through ...", "by doing ...", "with my
/// supervisor", "my peer buddy will ...", "bring it to supervision".
///
/// Words inside quotation marks are not read for it: they quote what is to be practised (a
/// drafted objective quotes its behaviour, e.g. “Closes the session by asking what the client
/// is taking away”), and "by asking" there is part of the behaviour, not how the learner will
/// get there.
fn means(seen: &Seen) -> Option<String> {
    let w = &seen.lower;
    let free = |i: usize| !seen.quoted[i];
    if let Some(&i) = seen.by_doing.iter().find(|&&i| free(i) && free(i - 1)) {
        return Some(format!("{} {}", w[i - 1], w[i]));
    }
    for i in (0..w.len()).filter(|&i| free(i)) {
        // "using the GROW model", but not "confidence in using silence".
        let after_preposition =
            i > 0 && matches!(w[i - 1], "in" | "at" | "about" | "of" | "on" | "for");
        if seen.kinds[i] & kind::MEANS != 0 && !after_preposition {
            return Some(w[i].to_owned());
        }
        let support_within = |from: usize, n: usize| {
            (from..w.len().min(from + n)).find(|&k| {
                seen.kinds[k] & kind::SUPPORT != 0
                    || seen
                        .lexicon
                        .phrases_at(&w[k..w.len().min(k + 3)])
                        .iter()
                        .any(|(_, pk)| pk & kind::SUPPORT != 0)
            })
        };
        let support_word = |k: usize| {
            let bare = w[k].trim_end_matches("'s");
            seen.lexicon.kind(bare) & kind::SUPPORT != 0
        };
        match w[i] {
            // "with my supervisor", "with the local college", "with Jo"
            "with" | "alongside" => {
                if let Some(k) = support_within(i + 1, 4) {
                    return Some(format!("with … {}", w[k]));
                }
                if let Some(name) = seen.words.get(i + 1)
                    && name.capitalised
                    && !name.capitals
                    && !name.after_break
                {
                    return Some(format!("with {}", name.lower));
                }
            }
            // "ask my supervisor to", "have my line manager audit", "tallied by my peer coach"
            "ask" | "have" | "get" | "by" | "from" | "meet"
                if matches!(w.get(i + 1), Some(&"my" | &"our" | &"a")) =>
            {
                if let Some(k) = support_within(i + 2, 3) {
                    return Some(format!("{} {} {}", w[i], w[i + 1], w[k]));
                }
            }
            // "bring it to supervision", "in supervision"
            "to" | "in" | "at" | "into" => {
                if let Some(k) =
                    (i + 1..w.len().min(i + 4)).find(|&k| w[k].starts_with("supervision"))
                {
                    if (i + 1..k).all(|m| !seen.words[m].after_break) {
                        return Some(format!("{} … {}", w[i], w[k]));
                    }
                }
            }
            _ => {}
        }
        // "my supervisor's help", "my employers funding", "my peer buddy will"
        if support_word(i)
            && let Some(next) = w.get(i + 1)
            && matches!(
                *next,
                "help"
                    | "support"
                    | "reference"
                    | "funding"
                    | "guidance"
                    | "advice"
                    | "feedback"
                    | "will"
            )
        {
            return Some(format!("{} {next}", w[i]));
        }
    }
    seen.phrase_from(kind::MEANS, free)
}

pub fn achievable(seen: &Seen, ctx: &Context, deadline: Option<NaiveDate>) -> Verdict {
    if let Some(why) = implausible_load(seen, ctx.today, deadline) {
        return fail(
            Letter::A,
            why,
            "Scale it to what your week allows: fewer sessions or hours, or a later date.",
        );
    }
    let has_actions = !ctx.actions.trim().is_empty();
    let has_resources = !ctx.resources.trim().is_empty();
    match (has_actions, has_resources, means(seen)) {
        (true, true, _) => pass(Letter::A, "actions and resources are planned for it"),
        (_, _, Some(m)) => pass(
            Letter::A,
            format!("names how it will be done (\u{201c}{m}\u{201d})"),
        ),
        (true, false, None) => fail(
            Letter::A,
            "actions are planned but no resource or support",
            "Add the support you will use: supervision, a mentor, a course, a book, time set aside.",
        ),
        (false, true, None) => fail(
            Letter::A,
            "resources are listed but no actions",
            "List the steps you will take, e.g. \u{201c}book supervision; review two recordings\u{201d}.",
        ),
        (false, false, None) => fail(
            Letter::A,
            "does not say how: no steps, support or resources",
            "Say how: the steps you will take and the support you will use (\u{201c}with my supervisor\u{201d}, \u{201c}using the GROW model\u{201d}, \u{201c}by recording two sessions\u{201d}).",
        ),
    }
}

/// The coaching or mentoring word, model, credential or framework in the objective.
fn practice(seen: &Seen) -> Option<String> {
    let lex = seen.lexicon;
    for (i, t) in seen.words.iter().enumerate() {
        let k = seen.kinds[i];
        if k & kind::PRACTICE != 0 {
            return Some(t.lower.clone());
        }
        // "GROW", "GROW-structured": a model in capitals.
        for part in t.lower.split('-') {
            if lex.kind(part) & kind::MODEL_CAPITALS != 0 && t.capitals_part(part) {
                return Some(part.to_uppercase());
            }
            if part != t.lower && lex.kind(part) & kind::PRACTICE != 0 {
                return Some(part.to_owned());
            }
        }
        if lex.is_framework(&t.lower) {
            return Some(t.lower.clone());
        }
        if i > 0 && t.capitalised && lex.is_level(&t.lower) {
            return Some(t.lower.clone());
        }
    }
    if let Some(p) = seen.phrase_with(kind::PRACTICE) {
        return Some(p);
    }
    // A misspelt practice word: "supervison", "silance", "qestion".
    seen.words
        .iter()
        .find(|t| t.lower.chars().count() >= 6 && lex.near_practice(&t.lower))
        .map(|t| t.lower.clone())
}

pub fn relevant(seen: &Seen, ctx: &Context) -> Verdict {
    if let Some(c) = ctx.competency {
        return match ctx.competency_gap {
            Some(gap) if gap <= 0.0 => fail(
                Letter::R,
                format!("{c} is already at or above your target in your self-assessment"),
                "Link the objective to a competency with a gap, or raise that competency's target if you mean to stretch it.",
            ),
            Some(gap) => pass(
                Letter::R,
                format!("linked to {c}, a gap of {gap:.1} in your self-assessment"),
            ),
            None => pass(Letter::R, format!("linked to {c}")),
        };
    }
    if let Some(w) = practice(seen) {
        return pass(
            Letter::R,
            format!("tied to coaching or mentoring practice (\u{201c}{w}\u{201d})"),
        );
    }
    fail(
        Letter::R,
        "not tied to a competency or to your coaching or mentoring practice",
        "Link it to the competency and gap it closes, e.g. \u{201c}(ICF 6 Listens Actively, gap 2)\u{201d}, or say how it serves your clients or mentees.",
    )
}

pub fn time_bound(
    objective: &str,
    found: &[FoundDate],
    deadline: Option<NaiveDate>,
    ctx: &Context,
) -> Verdict {
    let shown = |d: NaiveDate| d.format("%-d %B %Y").to_string();
    if ctx.target_date.is_none()
        && let Some(problem) = found.iter().find_map(|d| d.problem.as_deref())
    {
        return fail(
            Letter::T,
            problem.to_owned(),
            "Check the day and month, e.g. 28 February 2027 or 2027-02-28.",
        );
    }
    let Some(date) = deadline else {
        let lower = objective.to_lowercase();
        let vague = [
            "soon",
            "eventually",
            "asap",
            "one day",
            "someday",
            "in future",
            "from now on",
        ]
        .into_iter()
        .find(|p| lower.contains(p));
        let start = found
            .iter()
            .find(|d| d.role == Role::Start)
            .map(|d| objective[d.start..d.end].to_owned());
        let reason = match (vague, start) {
            (Some(p), _) => format!("\u{201c}{p}\u{201d} is not a deadline"),
            (None, Some(s)) => {
                format!("\u{201c}{s}\u{201d} says when it starts, not when it is due")
            }
            (None, None) => "no date or deadline".to_owned(),
        };
        return fail(
            Letter::T,
            reason,
            "Add a deadline, e.g. \u{201c}by 31 March 2027\u{201d}, \u{201c}within 8 weeks\u{201d} or \u{201c}by the end of the summer term\u{201d}.",
        );
    };
    if date <= ctx.today {
        return fail(
            Letter::T,
            format!("the deadline {} has already passed", shown(date)),
            "Choose a date after today.",
        );
    }
    if let Some(end) = ctx.plan_end
        && date > end
    {
        return fail(
            Letter::T,
            format!("{} is after the plan ends ({})", shown(date), shown(end)),
            "Bring the date inside the plan, or split the objective into a first step that fits.",
        );
    }
    pass(
        Letter::T,
        format!("has a deadline in the future ({})", shown(date)),
    )
}
