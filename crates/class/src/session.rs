//! The class's answers to one drill: who joined, what each learner answered to each question,
//! and where the drill is (which question is open, locked or revealed). No I/O and no clock:
//! every call that depends on time takes `now` (seconds from the caller's origin).

use std::collections::{BTreeMap, HashMap};

use rapport_core::content::Pack;
use rapport_core::content::questions::{ItemResult, Response, Scored};
use rapport_core::drill::{Drill, Stage};
use serde::Serialize;

use crate::question::{ClassQuestion, Form, Misconception, Submission};

/// At most this many learners join one session.
pub const MAX_LEARNERS: usize = 300;
/// The longest display name, in characters.
pub const MAX_NAME_CHARS: usize = 40;
/// Letters of the join code: no 0/O, 1/I/L, so it is read off a projector without doubt.
const CODE_LETTERS: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
pub const CODE_LEN: usize = 6;

/// A learner's session cookie: 128 random bits from the operating system's generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Token(pub u128);

impl Token {
    pub fn fresh() -> Token {
        let mut bytes = [0u8; 16];
        rand::fill(&mut bytes);
        Token(u128::from_le_bytes(bytes))
    }

    pub fn to_hex(self) -> String {
        format!("{:032x}", self.0)
    }

    /// Exactly 32 lowercase hex digits; anything else is not a token.
    pub fn parse(s: &str) -> Option<Token> {
        if s.len() != 32
            || !s
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return None;
        }
        u128::from_str_radix(s, 16).ok().map(Token)
    }
}

/// A fresh join code, e.g. "K7QX2M".
pub fn fresh_code() -> String {
    (0..CODE_LEN)
        .map(|_| CODE_LETTERS[rand::random_range(0..CODE_LETTERS.len())] as char)
        .collect()
}

/// Where a question is. It only ever moves forward, so an answer refused once is never taken
/// later, and going back on the projector does not reopen a question.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Not reached yet.
    Waiting,
    /// Answers are taken (until `deadline`, when there is one).
    Open,
    /// The countdown ended: no more answers, the result not shown yet.
    Locked,
    /// The answer is on the projector: each learner sees theirs marked.
    Revealed,
}

impl Phase {
    fn rank(self) -> u8 {
        match self {
            Phase::Waiting => 0,
            Phase::Open => 1,
            Phase::Locked => 2,
            Phase::Revealed => 3,
        }
    }
}

/// Where the drill is, as the class answers follow it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Follow {
    /// The question on the projector; `None` at the end of the drill.
    pub item: Option<usize>,
    pub phase: Phase,
    /// Seconds left on the running countdown (none when paused or without one).
    pub remaining: Option<f64>,
}

/// What the class answers do at the drill's position: a question is open from its scenario
/// until the discussion countdown runs out or the answer is revealed, whichever comes first.
pub fn follow(drill: &Drill, now: f64) -> Follow {
    let Some((item, _, stage)) = drill.current() else {
        return Follow {
            item: None,
            phase: Phase::Revealed,
            remaining: None,
        };
    };
    let timer = drill.timer(now);
    let (phase, remaining) = match stage {
        Stage::Scenario | Stage::Question => (Phase::Open, None),
        Stage::Discussion => match timer {
            Some(t) if t.over => (Phase::Locked, None),
            Some(t) if !t.paused => (Phase::Open, Some(f64::from(t.seconds_left))),
            _ => (Phase::Open, None),
        },
        Stage::Answer | Stage::MarkingPoint(_) | Stage::Misconceptions => (Phase::Revealed, None),
    };
    Follow {
        item: Some(item),
        phase,
        remaining,
    }
}

#[derive(Debug, Clone)]
pub struct Learner {
    pub name: String,
    pub team: Option<usize>,
}

/// One learner's answer to one question.
#[derive(Debug, Clone)]
pub struct Given {
    pub submission: Submission,
    pub response: Response,
    pub scored: Scored,
}

impl Given {
    pub fn right(&self) -> bool {
        self.scored.max > 0 && self.scored.score == self.scored.max
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JoinError {
    WrongCode,
    BadName(String),
    NameTaken(String),
    NoSuchTeam,
    Full,
}

impl std::fmt::Display for JoinError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JoinError::WrongCode => write!(
                f,
                "That join code is not this class's: check the code on the projector."
            ),
            JoinError::BadName(why) => write!(f, "{why}"),
            JoinError::NameTaken(name) => write!(
                f,
                "Someone has already joined as {name}: add an initial or a number."
            ),
            JoinError::NoSuchTeam => write!(f, "There is no such team: pick one from the list."),
            JoinError::Full => write!(f, "The class is full ({MAX_LEARNERS} learners)."),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerError {
    /// The question is not the one on the projector, or not open yet.
    NotOpen,
    /// The countdown ended or the answer was revealed.
    Closed,
    AlreadyAnswered,
    Invalid(String),
}

impl std::fmt::Display for AnswerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AnswerError::NotOpen => write!(f, "That question is not open for answers."),
            AnswerError::Closed => write!(f, "Time is up: answers for this question are closed."),
            AnswerError::AlreadyAnswered => {
                write!(f, "You have already answered this question.")
            }
            AnswerError::Invalid(why) => write!(f, "{why}"),
        }
    }
}

/// The class's answers to one question, as the projector shows them after the reveal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tally {
    pub answered: usize,
    pub learners: usize,
    /// One row per option (choice questions), per item or term (classify, match), per rubric
    /// point (written), or right and wrong orders (order): the label, how many, and whether the
    /// row is right (for items, terms and points: how many got it right).
    pub rows: Vec<TallyRow>,
    /// The misconception behind the most chosen wrong option (or the most misplaced item, or
    /// the question's when any order or match was wrong).
    pub top_wrong: Option<TopWrong>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TallyRow {
    pub label: String,
    pub count: usize,
    pub right: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopWrong {
    pub label: String,
    pub count: usize,
    pub misconception: Option<Misconception>,
}

pub struct Session {
    code: String,
    teams: Vec<String>,
    questions: Vec<ClassQuestion>,
    learners: Vec<Learner>,
    tokens: HashMap<Token, usize>,
    phases: Vec<Phase>,
    deadline: Option<f64>,
    current: Option<usize>,
    /// For each question, each learner's answer (by learner index).
    answers: Vec<BTreeMap<usize, Given>>,
    /// Bumped on every change the learners' pages or the projector show.
    version: u64,
}

impl Session {
    /// A session for `drill`, prepared from `pack`, with the join code `code`.
    pub fn new(drill: &Drill, pack: &Pack, code: String) -> Session {
        let questions: Vec<ClassQuestion> = drill
            .items
            .iter()
            .filter_map(|it| ClassQuestion::new(it, pack))
            .collect();
        let n = questions.len();
        Session {
            code,
            teams: drill.teams().to_vec(),
            questions,
            learners: Vec::new(),
            tokens: HashMap::new(),
            phases: vec![Phase::Waiting; n],
            deadline: None,
            current: None,
            answers: vec![BTreeMap::new(); n],
            version: 1,
        }
    }

    pub fn code(&self) -> &str {
        &self.code
    }

    pub fn teams(&self) -> &[String] {
        &self.teams
    }

    pub fn questions(&self) -> &[ClassQuestion] {
        &self.questions
    }

    pub fn learners(&self) -> &[Learner] {
        &self.learners
    }

    pub fn version(&self) -> u64 {
        self.version
    }

    /// Whether the drill has shown its first question (before, the pages wait).
    pub fn started(&self) -> bool {
        self.current.is_some() || self.phases.iter().any(|p| *p != Phase::Waiting)
    }

    pub fn current(&self) -> Option<usize> {
        self.current
    }

    /// The phase of question `item` at `now` (an open question whose deadline has passed is
    /// locked).
    pub fn phase(&self, item: usize, now: f64) -> Phase {
        let p = self.phases.get(item).copied().unwrap_or(Phase::Waiting);
        if p == Phase::Open && self.current == Some(item) && self.deadline.is_some_and(|d| now >= d)
        {
            Phase::Locked
        } else {
            p
        }
    }

    /// Seconds left to answer the current question, when a countdown runs.
    pub fn seconds_left(&self, now: f64) -> Option<f64> {
        let item = self.current?;
        (self.phase(item, now) == Phase::Open)
            .then_some(self.deadline.map(|d| (d - now).max(0.0)))
            .flatten()
    }

    /// Follows the drill: the question on the projector and where it is. Phases only move
    /// forward; moving to another question locks the one left if it was still open.
    pub fn follow(&mut self, f: Follow, now: f64) {
        let before = (self.current, self.deadline, self.phases.clone());
        // The deadline may have passed since the last call: that locks for good.
        if let Some(item) = self.current
            && self.phase(item, now) == Phase::Locked
            && let Some(p) = self.phases.get_mut(item)
            && *p == Phase::Open
        {
            *p = Phase::Locked;
        }
        if let Some(old) = self.current
            && Some(old) != f.item
            && let Some(p) = self.phases.get_mut(old)
            && *p == Phase::Open
        {
            *p = Phase::Locked;
        }
        self.current = f.item.filter(|&i| i < self.questions.len());
        if let Some(item) = self.current {
            let p = &mut self.phases[item];
            if f.phase.rank() > p.rank() {
                *p = f.phase;
            }
            self.deadline = match (*p, f.remaining) {
                (Phase::Open, Some(r)) => Some(now + r.max(0.0)),
                _ => None,
            };
        } else {
            // The end of the drill: every question shows its result.
            for p in &mut self.phases {
                *p = Phase::Revealed;
            }
            self.deadline = None;
        }
        let after = (self.current, self.deadline, self.phases.clone());
        if before.0 != after.0 || before.2 != after.2 || deadline_moved(before.1, after.1) {
            self.version += 1;
        }
    }

    pub fn learner(&self, token: Token) -> Option<usize> {
        self.tokens.get(&token).copied()
    }

    /// A learner joins with the code on the projector and a display name (and a team, when
    /// the drill has teams). Names are kept as typed (trimmed) but may not hold markup or
    /// control characters.
    pub fn join(
        &mut self,
        code: &str,
        name: &str,
        team: Option<usize>,
    ) -> Result<(Token, usize), JoinError> {
        if !same_code(code.trim(), &self.code) {
            return Err(JoinError::WrongCode);
        }
        let name = check_name(name)?;
        if self.learners.len() >= MAX_LEARNERS {
            return Err(JoinError::Full);
        }
        let team = match (team, self.teams.len()) {
            (Some(t), n) if t < n => Some(t),
            (Some(_), _) => return Err(JoinError::NoSuchTeam),
            (None, 0) => None,
            (None, _) => return Err(JoinError::BadName("Pick your team.".to_owned())),
        };
        let lower = name.to_lowercase();
        if self.learners.iter().any(|l| l.name.to_lowercase() == lower) {
            return Err(JoinError::NameTaken(name));
        }
        let token = loop {
            let t = Token::fresh();
            if !self.tokens.contains_key(&t) {
                break t;
            }
        };
        let id = self.learners.len();
        self.learners.push(Learner { name, team });
        self.tokens.insert(token, id);
        self.version += 1;
        Ok((token, id))
    }

    /// Checks that `learner` may answer `s.item` now; returns the question to score it with.
    pub fn admit(
        &self,
        learner: usize,
        s: &Submission,
        now: f64,
    ) -> Result<&ClassQuestion, AnswerError> {
        if self.current != Some(s.item) {
            return match self.phases.get(s.item) {
                Some(Phase::Locked | Phase::Revealed) => Err(AnswerError::Closed),
                _ => Err(AnswerError::NotOpen),
            };
        }
        match self.phase(s.item, now) {
            Phase::Waiting => return Err(AnswerError::NotOpen),
            Phase::Locked | Phase::Revealed => return Err(AnswerError::Closed),
            Phase::Open => {}
        }
        if self.answers[s.item].contains_key(&learner) {
            return Err(AnswerError::AlreadyAnswered);
        }
        Ok(&self.questions[s.item])
    }

    /// Takes a learner's answer: admitted, checked and scored. The server scores between
    /// [`Session::admit`] and [`Session::record`] so that the marker runs outside its lock;
    /// this does all three, for callers without one.
    pub fn answer(&mut self, learner: usize, s: Submission, now: f64) -> Result<(), AnswerError> {
        let q = self.admit(learner, &s, now)?;
        let response = q.response(&s).map_err(|e| AnswerError::Invalid(e.0))?;
        let scored = q.score(&response);
        self.record(learner, s, response, scored)
    }

    /// Stores an answer admitted and scored. Refused when the learner answered meanwhile.
    pub fn record(
        &mut self,
        learner: usize,
        submission: Submission,
        response: Response,
        scored: Scored,
    ) -> Result<(), AnswerError> {
        let Some(answers) = self.answers.get_mut(submission.item) else {
            return Err(AnswerError::NotOpen);
        };
        if answers.contains_key(&learner) {
            return Err(AnswerError::AlreadyAnswered);
        }
        answers.insert(
            learner,
            Given {
                submission,
                response,
                scored,
            },
        );
        self.version += 1;
        Ok(())
    }

    pub fn given(&self, item: usize, learner: usize) -> Option<&Given> {
        self.answers.get(item)?.get(&learner)
    }

    pub fn answers(&self, item: usize) -> impl Iterator<Item = (usize, &Given)> {
        self.answers
            .get(item)
            .into_iter()
            .flat_map(|m| m.iter().map(|(&l, g)| (l, g)))
    }

    pub fn answered(&self, item: usize) -> usize {
        self.answers.get(item).map_or(0, BTreeMap::len)
    }

    /// The names of those who have not answered `item`, in the order they joined.
    pub fn not_answered(&self, item: usize) -> Vec<&str> {
        let Some(a) = self.answers.get(item) else {
            return Vec::new();
        };
        self.learners
            .iter()
            .enumerate()
            .filter(|(i, _)| !a.contains_key(i))
            .map(|(_, l)| l.name.as_str())
            .collect()
    }

    /// The class's answers to `item`: counts per option, item or point, and the most chosen
    /// wrong answer with its misconception.
    pub fn tally(&self, item: usize) -> Option<Tally> {
        let q = self.questions.get(item)?;
        let given: Vec<&Given> = self.answers[item].values().collect();
        let mut rows = Vec::new();
        let mut top: Option<(usize, usize)> = None; // (row, count) of the most chosen wrong
        let consider = |row: usize, count: usize, top: &mut Option<(usize, usize)>| {
            if count > 0 && top.is_none_or(|(_, c)| count > c) {
                *top = Some((row, count));
            }
        };
        match &q.form {
            Form::Single {
                options, content, ..
            }
            | Form::Multiple {
                options, content, ..
            } => {
                for (k, label) in options.iter().enumerate() {
                    let c = content[k];
                    let count = given
                        .iter()
                        .filter(|g| matches!(&g.response, Response::Choices(v) if v.contains(&c)))
                        .count();
                    let right = q.correct.get(k).copied().unwrap_or(false);
                    if !right {
                        consider(k, count, &mut top);
                    }
                    rows.push(TallyRow {
                        label: label.clone(),
                        count,
                        right,
                    });
                }
            }
            Form::Order { .. } => {
                let right = given.iter().filter(|g| g.right()).count();
                rows.push(TallyRow {
                    label: "In the right order".into(),
                    count: right,
                    right: true,
                });
                rows.push(TallyRow {
                    label: "In another order".into(),
                    count: given.len() - right,
                    right: false,
                });
                consider(1, given.len() - right, &mut top);
            }
            Form::Match { terms, .. } => {
                for (i, term) in terms.iter().enumerate() {
                    rows.push(TallyRow {
                        label: term.clone(),
                        count: placed_right(&given, i),
                        right: true,
                    });
                }
                let wrong = given.iter().filter(|g| !g.right()).count();
                if wrong > 0 {
                    top = Some((usize::MAX, wrong));
                }
            }
            Form::Classify { items, content, .. } => {
                for (k, label) in items.iter().enumerate() {
                    let ok = placed_right(&given, content[k]);
                    consider(k, given.len() - ok, &mut top);
                    rows.push(TallyRow {
                        label: label.clone(),
                        count: ok,
                        right: true,
                    });
                }
            }
            Form::Written => {
                for (i, label) in q.rubric.iter().enumerate() {
                    let earned = given
                        .iter()
                        .filter(|g| {
                            g.scored
                                .mark
                                .as_ref()
                                .and_then(|m| m.points.get(i))
                                .is_some_and(|p| p.earned)
                        })
                        .count();
                    rows.push(TallyRow {
                        label: label.clone(),
                        count: earned,
                        right: true,
                    });
                }
            }
        }
        let top_wrong = top.map(|(row, count)| {
            let (label, misconception) = match &q.form {
                Form::Match { .. } | Form::Order { .. } => (
                    if matches!(q.form, Form::Order { .. }) {
                        "In another order".to_owned()
                    } else {
                        "A definition mismatched".to_owned()
                    },
                    q.misconceptions.first().cloned().flatten(),
                ),
                _ => (
                    rows.get(row).map(|r| r.label.clone()).unwrap_or_default(),
                    q.misconceptions.get(row).cloned().flatten(),
                ),
            };
            TopWrong {
                label,
                count,
                misconception,
            }
        });
        Some(Tally {
            answered: given.len(),
            learners: self.learners.len(),
            rows,
            top_wrong,
        })
    }

    /// Each learner's marks over the revealed questions, in the order they joined.
    pub fn learner_scores(&self) -> Vec<(String, Option<usize>, u32)> {
        self.learners
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let total = self
                    .answers
                    .iter()
                    .zip(&self.phases)
                    .filter(|(_, p)| **p == Phase::Revealed)
                    .filter_map(|(a, _)| a.get(&i))
                    .map(|g| g.scored.score)
                    .sum();
                (l.name.clone(), l.team, total)
            })
            .collect()
    }

    /// The marks each team's learners earned for question `item` (for the drill's scoreboard,
    /// given once when the question is revealed).
    pub fn team_points(&self, item: usize) -> Vec<i64> {
        let mut points = vec![0i64; self.teams.len()];
        for (l, g) in self.answers(item) {
            if let Some(t) = self.learners.get(l).and_then(|l| l.team)
                && let Some(p) = points.get_mut(t)
            {
                *p += i64::from(g.scored.score);
            }
        }
        points
    }

    /// Forgets every learner and answer (after the export, unless the tutor saves them).
    pub fn forget_learners(&mut self) {
        self.learners.clear();
        self.tokens.clear();
        for a in &mut self.answers {
            a.clear();
        }
        self.version += 1;
    }
}

fn deadline_moved(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() > 0.5,
        (None, None) => false,
        _ => true,
    }
}

fn placed_right(given: &[&Given], content_index: usize) -> usize {
    given
        .iter()
        .filter(|g| {
            matches!(
                g.scored.items.get(content_index),
                Some(ItemResult::Placed { right: true, .. })
            )
        })
        .count()
}

/// Compares in time independent of where the codes first differ.
fn same_code(given: &str, code: &str) -> bool {
    let given = given.to_ascii_uppercase();
    given.len() == code.len()
        && given
            .bytes()
            .zip(code.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// The name as it will be shown, or why it cannot be.
pub fn check_name(name: &str) -> Result<String, JoinError> {
    let name = name.trim();
    let bad = |m: &str| Err(JoinError::BadName(m.to_owned()));
    if name.is_empty() {
        return bad("Type the name the tutor will see.");
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return bad("That name is too long: at most 40 characters.");
    }
    if name
        .chars()
        .any(|c| matches!(c, '<' | '>' | '&' | '"' | '`') || c.is_control())
    {
        return bad(
            "A name can only hold letters, numbers, spaces and simple punctuation (no < > & \" `).",
        );
    }
    Ok(name.split_whitespace().collect::<Vec<_>>().join(" "))
}
