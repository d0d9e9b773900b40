//! The SMART checker: reads an objective (and, in the app, the rest of its plan entry) and says,
//! letter by letter, what is missing, with a one-line suggestion for each failing letter.
//!
//! It is a heuristic, not a judge: word lists and a date reader tuned on the labelled set in
//! `tests/data/smart_objectives.ron`, whose agreement with the checker a test measures. It errs
//! towards passing an objective a human would pass, because a false "fail" on a good objective
//! teaches the learner to ignore the checker.

use chrono::{Datelike, Duration, Months, NaiveDate};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Letter {
    S,
    M,
    A,
    R,
    T,
}

impl Letter {
    pub const ALL: [Letter; 5] = [Letter::S, Letter::M, Letter::A, Letter::R, Letter::T];

    pub fn name(self) -> &'static str {
        match self {
            Letter::S => "Specific",
            Letter::M => "Measurable",
            Letter::A => "Achievable",
            Letter::R => "Relevant",
            Letter::T => "Time-bound",
        }
    }

    pub fn initial(self) -> &'static str {
        match self {
            Letter::S => "S",
            Letter::M => "M",
            Letter::A => "A",
            Letter::R => "R",
            Letter::T => "T",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub letter: Letter,
    pub name: &'static str,
    pub pass: bool,
    /// Why it passed or failed, in one sentence.
    pub reason: String,
    /// What to add, for a failing letter.
    pub suggestion: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub objective: String,
    pub passes: bool,
    /// The deadline the checker used, when it found one.
    pub deadline: Option<NaiveDate>,
    pub letters: Vec<Verdict>,
}

impl Report {
    pub fn verdict(&self, letter: Letter) -> &Verdict {
        // Every report holds all five letters in order.
        &self.letters[letter as usize]
    }

    pub fn failing(&self) -> impl Iterator<Item = &Verdict> {
        self.letters.iter().filter(|v| !v.pass)
    }
}

/// What the checker knows beside the objective's text. On the command line only `today` (and
/// perhaps `plan_end`) is known; in the plan view the rest of the entry fills it in.
#[derive(Debug, Clone, Default)]
pub struct Context<'a> {
    pub today: NaiveDate,
    pub plan_end: Option<NaiveDate>,
    pub actions: &'a str,
    pub resources: &'a str,
    /// The linked competency's label, e.g. "ICF 6 Listens Actively".
    pub competency: Option<&'a str>,
    /// Target minus current for that competency in the learner's latest self-assessment, when
    /// it was assessed.
    pub competency_gap: Option<f32>,
    /// The entry's target date field; wins over a date in the text.
    pub target_date: Option<NaiveDate>,
}

impl<'a> Context<'a> {
    pub fn text_only(today: NaiveDate) -> Self {
        Context {
            today,
            ..Default::default()
        }
    }
}

pub fn check(objective: &str, ctx: &Context) -> Report {
    let lower = objective.to_lowercase();
    let dates = find_dates(&lower, ctx.today);
    let bad = bad_dates(&lower, &dates);
    let mut spans = dates.clone();
    spans.extend(bad.iter().cloned());
    spans.sort_by_key(|d| d.start);
    let words = words_outside(&lower, &spans);
    let deadline = ctx.target_date.or_else(|| {
        dates
            .iter()
            .filter(|d| !starts_only(&lower, d))
            .map(|d| d.date)
            .max()
    });
    let letters = vec![
        specific(&lower, &words),
        measurable(&lower, &words),
        achievable(&lower, &words, ctx),
        relevant(&words, ctx),
        time_bound(
            &lower,
            deadline,
            bad.first().map(|b| &lower[b.start..b.end]),
            ctx,
        ),
    ];
    Report {
        objective: objective.to_owned(),
        passes: letters.iter().all(|v| v.pass),
        deadline,
        letters,
    }
}

fn pass(letter: Letter, reason: impl Into<String>) -> Verdict {
    Verdict {
        letter,
        name: letter.name(),
        pass: true,
        reason: reason.into(),
        suggestion: None,
    }
}

fn fail(letter: Letter, reason: impl Into<String>, suggestion: impl Into<String>) -> Verdict {
    Verdict {
        letter,
        name: letter.name(),
        pass: false,
        reason: reason.into(),
        suggestion: Some(suggestion.into()),
    }
}

/// Verbs naming something another person could see the learner do.
const CONCRETE_VERBS: &[&str] = &[
    "ask",
    "use",
    "summarise",
    "summarize",
    "paraphrase",
    "record",
    "hold",
    "agree",
    "contract",
    "write",
    "complete",
    "attend",
    "deliver",
    "observe",
    "run",
    "practise",
    "practice",
    "read",
    "seek",
    "request",
    "book",
    "keep",
    "open",
    "close",
    "send",
    "review",
    "pause",
    "leave",
    "name",
    "check",
    "explain",
    "introduce",
    "present",
    "collect",
    "gather",
    "lead",
    "facilitate",
    "shadow",
    "submit",
    "log",
    "map",
    "share",
    "give",
    "apply",
    "trial",
    "try",
    "schedule",
    "finish",
    "obtain",
    "enrol",
    "enroll",
    "join",
    "coach",
    "mentor",
    "listen",
    "reflect",
    "draft",
    "design",
    "set",
    "document",
    "replay",
    "transcribe",
    "study",
    "invite",
    "meet",
    "discuss",
    "prepare",
    "test",
    "allow",
    "offer",
    "state",
    "stop",
    "start",
    "note",
    "video",
    "audit",
    "refer",
    "compare",
    "rate",
    "score",
    "identify",
    "list",
    "plan",
    "recontract",
    "pass",
    "gain",
    "achieve",
    "publish",
    "teach",
    "train",
    "supervise",
    "take",
];

/// Verbs that say a direction but not a behaviour.
const VAGUE_VERBS: &[&str] = &[
    "improve",
    "develop",
    "enhance",
    "better",
    "understand",
    "learn",
    "know",
    "become",
    "grow",
    "strengthen",
    "boost",
    "increase",
    "work",
    "focus",
    "be",
    "get",
    "feel",
    "explore",
    "aim",
    "try",
    "think",
    "consider",
    "look",
];

/// Words that tie an objective to coaching or mentoring practice when no competency is linked.
const PRACTICE_WORDS: &[&str] = &[
    // Generic words ("coach", "client", "session") are left out on purpose: "become a better
    // coach" names no competency, and the labelled set marks it not relevant.
    "mentoring",
    "supervision",
    "supervisor",
    "listening",
    "listen",
    "listener",
    "questions",
    "question",
    "questioning",
    "contract",
    "contracting",
    "agreement",
    "agreements",
    "rapport",
    "trust",
    "presence",
    "present",
    "feedback",
    "reflective",
    "reflection",
    "reflect",
    "ethics",
    "ethical",
    "confidentiality",
    "competency",
    "competencies",
    "icf",
    "emcc",
    "acc",
    "pcc",
    "mcc",
    "summarise",
    "summarising",
    "summaries",
    "paraphrase",
    "paraphrasing",
    "silence",
    "grow",
    "oskar",
    "clear",
    "gibbs",
    "goals",
    "goal-setting",
    "boundaries",
    "safeguarding",
    "cpd",
    "accreditation",
    "credential",
    "qualification",
    "evaluation",
    "kirkpatrick",
    "johari",
    "kolb",
    "egan",
    "scaling",
    "solution-focused",
    "recording",
    "recordings",
    "markers",
    "chemistry",
    "sponsor",
    "sponsors",
    "three-way",
];

/// Words after which a number or frequency is a measure.
const FREQUENCY_WORDS: &[&str] = &[
    "weekly",
    "daily",
    "monthly",
    "fortnightly",
    "quarterly",
    "every",
    "each",
    "per",
    "twice",
    "once",
    "thrice",
    "annually",
    "all",
];

const CRITERION_WORDS: &[&str] = &[
    "rated",
    "rating",
    "score",
    "scored",
    "scoring",
    "percent",
    "certificate",
    "certified",
    "accredited",
    "accreditation",
    "credential",
    "checklist",
    "markers",
    "marker",
    "least",
    "transcript",
    "logged",
    "signed",
    "pass",
    "passed",
    "assessment",
    "assessed",
];

const NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "hundred", "dozen", "half",
];

/// Means to an end: a resource or support named inside the objective.
const MEANS_WORDS: &[&str] = &[
    "supervisor",
    "supervision",
    "mentor",
    "course",
    "workshop",
    "book",
    "reading",
    "training",
    "peer",
    "peers",
    "buddy",
    "recording",
    "recordings",
    "budget",
    "module",
    "webinar",
    "programme",
    "program",
    "triad",
    "triads",
    "tutor",
    "funding",
    "library",
    "podcast",
    "checklist",
    "journal",
    "log",
    "template",
    "markers",
    "group",
    "colleague",
    "colleagues",
    "manager",
    "learning",
    "study",
    "books",
    "notes",
    "webinars",
    "cpd",
    "questionnaire",
    "policy",
    "help",
    "support",
];

fn inflections(base: &str) -> Vec<String> {
    let mut forms = vec![
        base.to_owned(),
        format!("{base}s"),
        format!("{base}ed"),
        format!("{base}d"),
        format!("{base}ing"),
        format!("{base}es"),
    ];
    if let Some(stem) = base.strip_suffix('e') {
        forms.push(format!("{stem}ing"));
    }
    if let Some(stem) = base.strip_suffix('y') {
        forms.push(format!("{stem}ied"));
        forms.push(format!("{stem}ies"));
    }
    // run -> running, plan -> planned
    if let Some(last) = base.chars().last()
        && base.len() <= 4
        && !"aeiouwy".contains(last)
    {
        forms.push(format!("{base}{last}ing"));
        forms.push(format!("{base}{last}ed"));
    }
    forms
}

fn has_any_form(words: &[String], verbs: &[&str]) -> Option<String> {
    for verb in verbs {
        let forms = inflections(verb);
        if let Some(w) = words.iter().find(|w| forms.iter().any(|f| f == *w)) {
            return Some(w.clone());
        }
    }
    None
}

fn contains_word(words: &[String], list: &[&str]) -> Option<String> {
    words.iter().find(|w| list.contains(&w.as_str())).cloned()
}

fn specific(lower: &str, words: &[String]) -> Verdict {
    let concrete = has_any_form(words, CONCRETE_VERBS);
    let vague = has_any_form(words, VAGUE_VERBS);
    match (concrete, vague) {
        (Some(verb), _) if words.len() >= 5 => pass(
            Letter::S,
            format!("names a behaviour someone could see (\u{201c}{verb}\u{201d})"),
        ),
        (Some(_), _) => fail(
            Letter::S,
            "too short to say what, with whom and in what situation",
            "Say what you will do, with whom and when, e.g. \u{201c}summarise the client's goal in my own words at the start of each session\u{201d}.",
        ),
        (None, Some(verb)) => fail(
            Letter::S,
            format!("\u{201c}{verb}\u{201d} says a direction, not a behaviour anyone could see"),
            format!(
                "Replace \u{201c}{verb}\u{201d} with what you will actually do, e.g. \u{201c}ask one open question at a time\u{201d} or \u{201c}summarise before moving on\u{201d}."
            ),
        ),
        (None, None) if lower.trim().is_empty() => fail(
            Letter::S,
            "there is no objective yet",
            "Write one sentence starting with what you will do, e.g. \u{201c}Use a written agreement with every new client\u{201d}.",
        ),
        (None, None) => fail(
            Letter::S,
            "no action verb names what you will do",
            "Start with a verb for something you will do, e.g. \u{201c}ask\u{201d}, \u{201c}record\u{201d}, \u{201c}agree\u{201d}, \u{201c}summarise\u{201d}.",
        ),
    }
}

fn measurable(lower: &str, words: &[String]) -> Verdict {
    if let Some(w) = words.iter().find(|w| w.chars().any(|c| c.is_ascii_digit())) {
        return pass(Letter::M, format!("has a number to count against ({w})"));
    }
    if lower.contains('%') {
        return pass(Letter::M, "has a percentage to measure against");
    }
    if let Some(w) = contains_word(words, NUMBER_WORDS) {
        return pass(Letter::M, format!("has a number to count against ({w})"));
    }
    if let Some(w) = contains_word(words, FREQUENCY_WORDS) {
        return pass(Letter::M, format!("says how often (\u{201c}{w}\u{201d})"));
    }
    if let Some(w) = contains_word(words, CRITERION_WORDS) {
        return pass(
            Letter::M,
            format!("names an observable criterion (\u{201c}{w}\u{201d})"),
        );
    }
    fail(
        Letter::M,
        "nothing to count or check: no number, frequency or observable criterion",
        "Add how you will know it happened: a number (\u{201c}in 6 sessions\u{201d}), a frequency (\u{201c}every session\u{201d}) or a criterion (\u{201c}rated 4 of 5 by my supervisor\u{201d}).",
    )
}

fn achievable(lower: &str, words: &[String], ctx: &Context) -> Verdict {
    if let Some(why) = implausible_load(lower, words) {
        return fail(
            Letter::A,
            why,
            "Scale it to what your week allows: fewer sessions or hours, or a later date.",
        );
    }
    let has_actions = !ctx.actions.trim().is_empty();
    let has_resources = !ctx.resources.trim().is_empty();
    let means = contains_word(words, MEANS_WORDS).or_else(|| means_phrase(lower));
    match (has_actions, has_resources, means) {
        (true, true, _) => pass(Letter::A, "actions and resources are planned for it"),
        (true, false, Some(m)) | (false, true, Some(m)) | (false, false, Some(m)) => pass(
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
            "no actions or resources say how this will be done",
            "Say how: the steps you will take and the support you will use (supervisor, course, peer practice).",
        ),
    }
}

/// "by attending …", "through …", "using …", "with the help of …".
fn means_phrase(lower: &str) -> Option<String> {
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    for pair in words.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a == "by" && b.ends_with("ing") && b.len() > 4 {
            return Some(format!("{a} {b}"));
        }
        if matches!(a, "through" | "using" | "via") {
            return Some(format!("{a} {b}"));
        }
        if a == "with" && matches!(b, "support" | "help") {
            return Some(format!("{a} {b}"));
        }
    }
    None
}

/// Beyond these a week, a development objective crowds out the learner's other work.
const MAX_HOURS_A_WEEK: u32 = 25;
const MAX_SESSIONS_A_WEEK: u32 = 20;

/// A load no learner could keep up beside their work: absolutes, or too many hours or
/// sessions a week.
fn implausible_load(lower: &str, words: &[String]) -> Option<String> {
    for phrase in [
        "100%",
        "every single",
        "perfect",
        "perfectly",
        "never again",
        "all the time",
        "flawless",
    ] {
        if lower.contains(phrase) {
            return Some(format!(
                "\u{201c}{phrase}\u{201d} sets a bar nobody meets every time"
            ));
        }
    }
    // "<n> hours/sessions a|per|each|every day|week"
    for i in 0..words.len() {
        let Some(n) = parse_count(&words[i]) else {
            continue;
        };
        let Some(unit) = words.get(i + 1) else {
            continue;
        };
        let per: Vec<&str> = words
            .iter()
            .skip(i + 2)
            .take(3)
            .map(String::as_str)
            .collect();
        let per_day = per.iter().any(|w| matches!(*w, "day" | "daily"));
        let per_week = per.iter().any(|w| matches!(*w, "week" | "weekly"));
        let hours = matches!(unit.as_str(), "hours" | "hour" | "hrs" | "h");
        let sessions = matches!(
            unit.as_str(),
            "sessions" | "clients" | "coaching" | "conversations"
        );
        let weekly = if per_day {
            n * 5
        } else if per_week {
            n
        } else {
            continue;
        };
        if (hours && weekly > MAX_HOURS_A_WEEK) || (sessions && weekly > MAX_SESSIONS_A_WEEK) {
            return Some(format!(
                "{n} {unit} {} is more than anyone can sustain beside other work",
                if per_day { "a day" } else { "a week" }
            ));
        }
    }
    None
}

fn parse_count(word: &str) -> Option<u32> {
    if let Ok(n) = word.parse::<u32>() {
        return Some(n);
    }
    let n = match word {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "twelve" => 12,
        "fifteen" => 15,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        _ => return None,
    };
    Some(n)
}

fn relevant(words: &[String], ctx: &Context) -> Verdict {
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
    if let Some(w) = contains_word(words, PRACTICE_WORDS) {
        return pass(
            Letter::R,
            format!("tied to coaching or mentoring practice (\u{201c}{w}\u{201d})"),
        );
    }
    fail(
        Letter::R,
        "not linked to a competency or to your coaching practice",
        "Link it to the competency and gap it closes, e.g. \u{201c}(ICF 6 Listens Actively, gap 2)\u{201d}, or say how it serves your clients.",
    )
}

fn time_bound(
    lower: &str,
    deadline: Option<NaiveDate>,
    bad_date: Option<&str>,
    ctx: &Context,
) -> Verdict {
    if let (None, Some(bad)) = (deadline, bad_date) {
        return fail(
            Letter::T,
            format!("\u{201c}{bad}\u{201d} is not a real date"),
            "Check the day and month, e.g. 28/02/2027 or 2027-02-28.",
        );
    }
    let Some(date) = deadline else {
        let vague = [
            "soon",
            "eventually",
            "asap",
            "one day",
            "someday",
            "in future",
        ]
        .into_iter()
        .find(|p| lower.contains(p));
        let reason = match vague {
            Some(p) => format!("\u{201c}{p}\u{201d} is not a date"),
            None => "no date or deadline".to_owned(),
        };
        return fail(
            Letter::T,
            reason,
            "Add a deadline, e.g. \u{201c}by 31 March\u{201d} or \u{201c}within 8 weeks\u{201d}.",
        );
    };
    let shown = date.format("%-d %B %Y");
    if date <= ctx.today {
        return fail(
            Letter::T,
            format!("the date {shown} is not in the future"),
            "Choose a date after today.",
        );
    }
    if let Some(end) = ctx.plan_end
        && date > end
    {
        return fail(
            Letter::T,
            format!(
                "{shown} is after the plan ends ({})",
                end.format("%-d %B %Y")
            ),
            "Bring the date inside the plan, or split the objective into a first step that fits.",
        );
    }
    pass(Letter::T, format!("has a deadline in the future ({shown})"))
}

/// "from January 2027" or "starting in March" says when work begins, not when it is due.
fn starts_only(lower: &str, date: &FoundDate) -> bool {
    let before: Vec<&str> = lower[..date.start]
        .split_whitespace()
        .rev()
        .take(2)
        .collect();
    let starts = ["from", "starting", "beginning", "since", "start", "begin"];
    match before.as_slice() {
        [w, ..] if starts.contains(w) => true,
        ["in" | "on", w, ..] => starts.contains(w),
        _ => false,
    }
}

/// A date found in the objective, with where it was, so that its digits are not taken for a
/// measure.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FoundDate {
    date: NaiveDate,
    start: usize,
    end: usize,
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

fn month_of(word: &str) -> Option<u32> {
    MONTHS
        .iter()
        .position(|m| {
            *m == word
                || (word.len() >= 3 && word != "mar" && m.starts_with(word) && word.len() <= 4)
        })
        .or_else(|| (word == "mar").then_some(2))
        .map(|i| i as u32 + 1)
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    first
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())
}

/// Tokens with their byte spans, for the date reader.
fn tokens(lower: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in lower.char_indices() {
        let part = c.is_alphanumeric() || c == '/' || c == '-' || c == '\'';
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i, &lower[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, lower.len(), &lower[s..]));
    }
    out
}

fn day_number(word: &str) -> Option<u32> {
    let digits = word
        .trim_end_matches("st")
        .trim_end_matches("nd")
        .trim_end_matches("rd")
        .trim_end_matches("th");
    digits.parse::<u32>().ok().filter(|d| (1..=31).contains(d))
}

fn unit_duration(today: NaiveDate, n: u32, unit: &str) -> Option<NaiveDate> {
    match unit.trim_end_matches('s') {
        "day" => today.checked_add_signed(Duration::days(n as i64)),
        "week" => today.checked_add_signed(Duration::weeks(n as i64)),
        "fortnight" => today.checked_add_signed(Duration::weeks(2 * n as i64)),
        "month" => today.checked_add_months(Months::new(n)),
        "year" => today.checked_add_months(Months::new(12 * n)),
        _ => None,
    }
}

/// Dates written in the ways learners write them: 2027-03-31, 31/03/2027, 31 March 2027,
/// March 31 2027, March 2027 (end of month), "by March" (the next March), "within 6 weeks",
/// "in three months", "by the end of the year".
fn find_dates(lower: &str, today: NaiveDate) -> Vec<FoundDate> {
    let toks = tokens(lower);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let (s, e, w) = toks[i];
        let next = |k: usize| toks.get(i + k).map(|t| t.2);
        let end_of = |k: usize| toks.get(i + k).map_or(e, |t| t.1);
        // ISO or UK numeric dates in one token.
        if let Ok(d) = NaiveDate::parse_from_str(w, "%Y-%m-%d") {
            out.push(FoundDate {
                date: d,
                start: s,
                end: e,
            });
            i += 1;
            continue;
        }
        if w.contains('/') {
            let d = NaiveDate::parse_from_str(w, "%d/%m/%Y")
                .ok()
                .filter(|d| d.year() > 1900)
                .or_else(|| {
                    NaiveDate::parse_from_str(w, "%d/%m/%y")
                        .ok()
                        .map(|d| d.with_year(2000 + d.year() % 100).unwrap_or(d))
                });
            if let Some(d) = d {
                out.push(FoundDate {
                    date: d,
                    start: s,
                    end: e,
                });
                i += 1;
                continue;
            }
        }
        // 31 March [2027]
        if let (Some(day), Some(month)) = (day_number(w), next(1).and_then(month_of)) {
            let year = next(2)
                .and_then(|y| y.parse::<i32>().ok())
                .filter(|y| *y > 1900);
            let date = match year {
                Some(y) => NaiveDate::from_ymd_opt(y, month, day),
                None => next_occurrence(today, month, Some(day)),
            };
            if let Some(d) = date {
                let span_end = end_of(if year.is_some() { 2 } else { 1 });
                out.push(FoundDate {
                    date: d,
                    start: s,
                    end: span_end,
                });
                i += if year.is_some() { 3 } else { 2 };
                continue;
            }
        }
        // March [31] [2027]
        if let Some(month) = month_of(w)
            && (w != "may" || next(1).is_some_and(|n| n.parse::<i32>().is_ok()))
        {
            let day = next(1)
                .and_then(day_number)
                .filter(|_| next(1).is_some_and(|n| n.parse::<i32>().map_or(true, |v| v <= 31)));
            let year_at = if day.is_some() { 2 } else { 1 };
            let year = next(year_at)
                .and_then(|y| y.parse::<i32>().ok())
                .filter(|y| *y > 1900);
            let date = match (day, year) {
                (Some(d), Some(y)) => NaiveDate::from_ymd_opt(y, month, d),
                (None, Some(y)) => last_day_of_month(y, month),
                (d, None) => next_occurrence(today, month, d),
            };
            if let Some(d) = date {
                let used = year_at - 1 + usize::from(year.is_some());
                out.push(FoundDate {
                    date: d,
                    start: s,
                    end: end_of(used),
                });
                i += used + 1;
                continue;
            }
        }
        // within / in / over the next N weeks
        let for_the_next = w == "for" && next(1) == Some("the") && next(2) == Some("next");
        if matches!(w, "within" | "in" | "over") || for_the_next {
            let mut k = 1;
            if next(k) == Some("the") {
                k += 1;
            }
            if next(k) == Some("next") {
                k += 1;
            }
            let n = next(k).and_then(parse_count).or_else(|| {
                // "within a month", "in a fortnight"
                matches!(next(k), Some("a") | Some("an")).then_some(1)
            });
            if let (Some(n), Some(unit)) = (n, next(k + 1))
                && let Some(d) = unit_duration(today, n, unit)
            {
                out.push(FoundDate {
                    date: d,
                    start: s,
                    end: end_of(k + 1),
                });
                i += k + 2;
                continue;
            }
        }
        // end of the year / end of this year / next month
        if w == "end" && next(1) == Some("of") {
            let rest: Vec<&str> = (2..5).filter_map(next).collect();
            if rest.starts_with(&["the", "year"]) || rest.starts_with(&["this", "year"]) {
                if let Some(d) = NaiveDate::from_ymd_opt(today.year(), 12, 31) {
                    out.push(FoundDate {
                        date: d,
                        start: s,
                        end: end_of(3),
                    });
                }
                i += 4;
                continue;
            }
            if rest.starts_with(&["next", "month"]) || rest.starts_with(&["the", "month"]) {
                let base = if rest[0] == "next" {
                    today.checked_add_months(Months::new(1))
                } else {
                    Some(today)
                };
                if let Some(d) = base.and_then(|b| last_day_of_month(b.year(), b.month())) {
                    out.push(FoundDate {
                        date: d,
                        start: s,
                        end: end_of(3),
                    });
                }
                i += 4;
                continue;
            }
        }
        if w == "next" && matches!(next(1), Some("week" | "month" | "year")) {
            if let Some(d) = unit_duration(today, 1, next(1).unwrap_or_default()) {
                out.push(FoundDate {
                    date: d,
                    start: s,
                    end: end_of(1),
                });
            }
            i += 2;
            continue;
        }
        i += 1;
    }
    out
}

/// The next date with this month (and day) after today; the last day of the month if no day.
fn next_occurrence(today: NaiveDate, month: u32, day: Option<u32>) -> Option<NaiveDate> {
    for year in [today.year(), today.year() + 1] {
        let d = match day {
            Some(day) => NaiveDate::from_ymd_opt(year, month, day),
            None => last_day_of_month(year, month),
        };
        if let Some(d) = d
            && d > today
        {
            return Some(d);
        }
    }
    None
}

/// Tokens written like a date (31/02/2027, 2027-13-01) that are not one, so that the learner is
/// told instead of the digits passing for a measure.
fn bad_dates(lower: &str, found: &[FoundDate]) -> Vec<FoundDate> {
    tokens(lower)
        .into_iter()
        .filter(|(s, _, _)| !found.iter().any(|f| f.start <= *s && *s < f.end))
        .filter(|(_, _, w)| {
            let parts: Vec<&str> = w.split(['/', '-']).collect();
            parts.len() == 3
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
                && (parts[0].len() == 4 || parts[2].len() >= 2)
        })
        .map(|(start, end, _)| FoundDate {
            date: NaiveDate::MIN,
            start,
            end,
        })
        .collect()
}

/// The words of the objective outside the dates found in it.
fn words_outside(lower: &str, dates: &[FoundDate]) -> Vec<String> {
    let mut text = String::with_capacity(lower.len());
    let mut last = 0;
    for d in dates {
        if d.start >= last {
            text.push_str(&lower[last..d.start]);
            text.push(' ');
            last = d.end;
        }
    }
    text.push_str(&lower[last.min(lower.len())..]);
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '-').to_owned())
        .filter(|w| !w.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    fn report(text: &str) -> Report {
        check(text, &Context::text_only(today()))
    }

    #[test]
    fn improve_communication_fails_every_letter() {
        let r = report("Improve communication");
        assert!(!r.passes);
        for v in &r.letters {
            assert!(!v.pass, "{:?} should fail: {}", v.letter, v.reason);
            assert!(v.suggestion.as_deref().is_some_and(|s| !s.is_empty()));
        }
    }

    #[test]
    fn a_good_objective_passes_every_letter() {
        let r = report(
            "Summarise the client's words before asking my next question in 8 of my next 10 \
             coaching sessions, checked by reviewing two recordings with my supervisor, by 31 March 2027",
        );
        for v in &r.letters {
            assert!(v.pass, "{:?} should pass: {}", v.letter, v.reason);
        }
        assert_eq!(r.deadline, NaiveDate::from_ymd_opt(2027, 3, 31));
    }

    #[test]
    fn the_digits_of_a_date_are_not_a_measure() {
        let r = report("Listen better to clients by 31/03/2027");
        assert!(!r.verdict(Letter::M).pass, "{:?}", r.verdict(Letter::M));
        assert!(r.verdict(Letter::T).pass);
    }

    #[test]
    fn dates_are_read_in_the_forms_learners_write() {
        let cases = [
            ("by 2027-02-01", (2027, 2, 1)),
            ("by 1/2/2027", (2027, 2, 1)),
            ("by 1st February 2027", (2027, 2, 1)),
            ("by February 1, 2027", (2027, 2, 1)),
            ("by February 2027", (2027, 2, 28)),
            ("by March", (2027, 3, 31)),
            ("within 6 weeks", (2027, 1, 7)),
            ("in three months", (2027, 2, 26)),
            ("by the end of the year", (2026, 12, 31)),
        ];
        for (text, (y, m, d)) in cases {
            let found = find_dates(&text.to_lowercase(), today());
            assert_eq!(
                found.first().map(|f| f.date),
                NaiveDate::from_ymd_opt(y, m, d),
                "{text}"
            );
        }
        assert!(find_dates("may I ask one question", today()).is_empty());
    }

    #[test]
    fn a_past_date_or_one_after_the_plan_fails_time_bound() {
        let past = report("Record six sessions with clients by 1 January 2025");
        assert!(!past.verdict(Letter::T).pass);
        assert!(past.verdict(Letter::T).reason.contains("not in the future"));
        let ctx = Context {
            plan_end: NaiveDate::from_ymd_opt(2027, 6, 30),
            ..Context::text_only(today())
        };
        let late = check("Record six sessions with clients by 1 January 2028", &ctx);
        assert!(
            late.verdict(Letter::T)
                .reason
                .contains("after the plan ends")
        );
    }

    #[test]
    fn the_entry_fields_supply_achievable_relevant_and_time_bound() {
        let ctx = Context {
            actions: "Book two supervision sessions",
            resources: "Supervisor; ICF PCC markers",
            competency: Some("ICF 6 Listens Actively"),
            target_date: NaiveDate::from_ymd_opt(2027, 4, 30),
            ..Context::text_only(today())
        };
        let r = check(
            "Paraphrase before every new question in 5 recorded sessions",
            &ctx,
        );
        assert!(r.passes, "{:#?}", r.failing().collect::<Vec<_>>());
        assert!(r.verdict(Letter::R).reason.contains("Listens Actively"));
    }

    #[test]
    fn a_competency_without_a_gap_is_not_relevant_to_the_plan() {
        let ctx = |gap| Context {
            competency: Some("ICF 1 Demonstrates Ethical Practice"),
            competency_gap: gap,
            ..Context::text_only(today())
        };
        let text = "Record 6 sessions by June 2027";
        assert!(!check(text, &ctx(Some(0.0))).verdict(Letter::R).pass);
        let with_gap = check(text, &ctx(Some(1.5)));
        assert!(with_gap.verdict(Letter::R).reason.contains("gap of 1.5"));
        assert!(check(text, &ctx(None)).verdict(Letter::R).pass);
    }

    #[test]
    fn an_impossible_date_is_named_and_not_taken_for_a_measure() {
        let r = report("Ask one question at a time in all sessions by 30/02/2027");
        let t = r.verdict(Letter::T);
        assert!(!t.pass);
        assert!(t.reason.contains("30/02/2027"), "{}", t.reason);
        assert!(!r.verdict(Letter::M).reason.contains("30"));
    }

    #[test]
    fn an_impossible_load_fails_achievable() {
        let r = report("Coach 40 sessions a week with a supervisor by June 2027");
        assert!(!r.verdict(Letter::A).pass);
    }
}
