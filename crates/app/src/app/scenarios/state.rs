//! The Scenarios area's state: the learner's confirmed attempts, the session in progress and
//! the answer being drafted. Drawing lives in `scenarios_view`, `scenario_question` and
//! `scenario_results`.

use std::collections::HashSet;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::app::notices::Notice;
use crate::content::{CriterionRef, Pack, Scenario};
pub use crate::practice::Draft;
use crate::practice::{self, Response, Scope, Shown, Verdict, Weakness};
use crate::practice::{AttemptRecord, WeakKind};
use crate::store::worker::{Outcome, Request};

/// Read from the store before the window opens.
#[derive(Debug, Clone, Default)]
pub struct PracticeRecords {
    pub attempts: Vec<AttemptRecord>,
    pub weak_spots: Vec<crate::practice::WeakSpot>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ScopeKind {
    Mixed,
    Unit,
    Criterion,
}

/// What the menu has selected; kept between runs with the interface state.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct MenuChoice {
    pub kind: ScopeKind,
    pub unit: Option<String>,
    /// (unit id, criterion number)
    pub criterion: Option<CriterionRef>,
    pub test_questions: usize,
    pub test_minutes: u32,
}

impl Default for MenuChoice {
    fn default() -> Self {
        Self {
            kind: ScopeKind::Mixed,
            unit: None,
            criterion: None,
            test_questions: 10,
            test_minutes: 15,
        }
    }
}

/// One answered question of a session.
#[derive(Debug, Clone)]
pub struct Answered {
    pub scenario_id: String,
    pub attempt_key: String,
    pub response: Response,
    /// The order the question's parts were shown in, so the review shows them the same way.
    pub shown: Shown,
    pub verdict: Verdict,
    /// True once the store has confirmed the attempt.
    pub saved: bool,
    pub failed: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Session {
    /// Shared by every attempt of the session.
    pub key: String,
    pub queue: Vec<String>,
    pub index: usize,
    /// A timed test: feedback waits for the results page.
    pub test: bool,
    /// When a timed test ends (egui time, seconds).
    pub ends_at: Option<f64>,
    pub draft: Draft,
    pub answered: Vec<Answered>,
    /// In practice mode, feedback on the question just answered is shown until "Next".
    pub showing_feedback: bool,
    pub finished: bool,
    pub timed_out: bool,
}

impl Session {
    pub fn current(&self) -> Option<&str> {
        self.queue.get(self.index).map(String::as_str)
    }

    pub fn missed_ids(&self) -> Vec<String> {
        let answered_ok: HashSet<&str> = self
            .answered
            .iter()
            .filter(|a| a.verdict.full_marks())
            .map(|a| a.scenario_id.as_str())
            .collect();
        self.queue
            .iter()
            .filter(|id| !answered_ok.contains(id.as_str()))
            .cloned()
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Practise,
    History,
}

pub struct ScenariosState {
    pub attempts: Vec<AttemptRecord>,
    pub weakness: Weakness,
    pub menu: MenuChoice,
    pub tab: Tab,
    pub session: Option<Session>,
    /// Whether the written answer box had the keyboard focus at the end of the last frame.
    pub answer_box_focused: bool,
    /// Breaks ties in the queue and orders each question's options; seeded at startup.
    rng: StdRng,
}

impl ScenariosState {
    pub fn new(records: PracticeRecords, seed: u64) -> Self {
        Self {
            weakness: Weakness::from_spots(&records.weak_spots),
            attempts: records.attempts,
            menu: MenuChoice::default(),
            tab: Tab::default(),
            session: None,
            answer_box_focused: false,
            rng: StdRng::seed_from_u64(seed),
        }
    }

    fn new_key(&mut self, prefix: &str) -> String {
        let r: u64 = self.rng.random();
        format!("{prefix}-{}-{r:x}", crate::store::now_seconds())
    }

    /// The menu as kept from the last run, with a unit or criterion the loaded content no
    /// longer has put back to mixed practice.
    pub fn restore_menu(&mut self, menu: MenuChoice, pack: &Pack) {
        let mut menu = menu;
        if menu.unit.as_deref().is_some_and(|u| pack.unit(u).is_none()) {
            menu.unit = None;
        }
        if menu
            .criterion
            .as_ref()
            .is_some_and(|c| pack.unit(&c.unit).is_none())
        {
            menu.criterion = None;
        }
        let usable = match menu.kind {
            ScopeKind::Mixed => true,
            ScopeKind::Unit => menu.unit.is_some(),
            ScopeKind::Criterion => menu.criterion.is_some(),
        };
        if !usable {
            menu.kind = ScopeKind::Mixed;
        }
        menu.test_questions = menu.test_questions.clamp(1, 100);
        menu.test_minutes = menu.test_minutes.clamp(1, 180);
        self.menu = menu;
    }

    pub fn scope(&self) -> Scope {
        match (self.menu.kind, &self.menu.unit, &self.menu.criterion) {
            (ScopeKind::Unit, Some(u), _) => Scope::Unit(u.clone()),
            (ScopeKind::Criterion, _, Some(c)) => Scope::Criterion(c.clone()),
            _ => Scope::Mixed,
        }
    }

    /// Starts a session; `test_len` and `ends_at` make it a timed test.
    pub fn start(&mut self, pack: &Pack, scope: Scope, test: Option<(usize, f64)>) {
        let attempted: HashSet<String> = self
            .attempts
            .iter()
            .map(|a| a.scenario_id.clone())
            .collect();
        let weakness = self.weakness.clone();
        let mut queue: Vec<String> =
            practice::queue(pack, &scope, &weakness, &attempted, &mut self.rng)
                .into_iter()
                .map(|s| s.scenario.id.clone())
                .collect();
        if let Some((n, _)) = test {
            queue.truncate(n.max(1));
        }
        let key = self.new_key("session");
        let mut session = Session {
            key,
            queue,
            index: 0,
            test: test.is_some(),
            ends_at: test.map(|(_, t)| t),
            draft: Draft::default(),
            answered: Vec::new(),
            showing_feedback: false,
            finished: false,
            timed_out: false,
        };
        self.fresh_draft(pack, &mut session);
        session.finished = session.queue.is_empty();
        self.session = Some(session);
    }

    fn fresh_draft(&mut self, pack: &Pack, session: &mut Session) {
        session.draft = match session.current().and_then(|id| pack.scenario(id)) {
            Some(s) => Draft::for_question(&s.scenario.question, &mut self.rng),
            None => Draft::default(),
        };
    }

    /// Scores the draft, keeps it in the session and returns the record to save.
    pub fn submit(&mut self, pack: &Pack) -> Option<AttemptRecord> {
        let mut session = self.session.take()?;
        let record = (|| {
            let scenario = &pack.scenario(session.current()?)?.scenario;
            if !session.draft.complete(&scenario.question) || session.showing_feedback {
                return None;
            }
            let response = session.draft.response(&scenario.question);
            let verdict = practice::score(scenario, &response);
            let attempt_key = self.new_key("attempt");
            let record = attempt_record(scenario, &session, &attempt_key, &response, &verdict);
            session.answered.push(Answered {
                scenario_id: scenario.id.clone(),
                attempt_key,
                response,
                shown: session.draft.shown.clone(),
                verdict,
                saved: false,
                failed: None,
            });
            Some(record)
        })();
        if record.is_some() {
            if session.test {
                self.advance(pack, &mut session);
            } else {
                session.showing_feedback = true;
            }
        }
        self.session = Some(session);
        record
    }

    /// Moves on from the feedback (practice) to the next question.
    pub fn next(&mut self, pack: &Pack) {
        if let Some(mut session) = self.session.take() {
            session.showing_feedback = false;
            self.advance(pack, &mut session);
            self.session = Some(session);
        }
    }

    fn advance(&mut self, pack: &Pack, session: &mut Session) {
        session.index += 1;
        if session.index >= session.queue.len() {
            session.finished = true;
        } else {
            self.fresh_draft(pack, session);
        }
    }

    /// Ends a timed test whose time is up; unanswered questions count as missed.
    pub fn time_up(&mut self) {
        if let Some(s) = &mut self.session
            && !s.finished
        {
            s.finished = true;
            s.timed_out = true;
        }
    }

    /// A new session of just the questions missed (or not reached) in this one; a test stays a
    /// test, with the same time per question.
    pub fn retry_missed(&mut self, pack: &Pack, now: f64) {
        let Some(session) = &self.session else { return };
        let missed = session.missed_ids();
        let test = session.test.then(|| {
            let per_question =
                f64::from(self.menu.test_minutes) * 60.0 / session.queue.len().max(1) as f64;
            (missed.len(), now + per_question * missed.len() as f64)
        });
        self.start(pack, Scope::Only(missed), test);
    }

    /// Applies the store's answer to a request this area sent.
    pub fn apply_done(&mut self, request: Request, outcome: Outcome, notices: &mut Vec<Notice>) {
        match (request, outcome) {
            (Request::RecordAttempt(record), Outcome::Saved { .. }) => {
                let record = *record;
                for p in record.points.iter().filter(|p| !p.earned()) {
                    self.weakness
                        .add(WeakKind::MarkingPoint, &p.marking_point, 1);
                }
                for m in &record.misconceptions {
                    self.weakness.add(WeakKind::Misconception, m, 1);
                }
                if record.score < record.max_score {
                    self.weakness
                        .add(WeakKind::Scenario, &record.scenario_id, 1);
                }
                if let Some(a) = self.answered_mut(&record.key) {
                    a.saved = true;
                }
                self.attempts.push(record);
            }
            (
                Request::DisputePoint {
                    attempt_key,
                    point_id,
                    learner_earned,
                },
                Outcome::Saved { .. },
            ) => {
                if let Some(a) = self.attempts.iter_mut().find(|a| a.key == attempt_key)
                    && let Some(p) = a.points.iter_mut().find(|p| p.point_id == point_id)
                {
                    p.learner_earned = learner_earned;
                }
                if let Some(a) = self.answered_mut(&attempt_key)
                    && let Some(p) = a.verdict.points.iter_mut().find(|p| p.point_id == point_id)
                {
                    p.learner_earned = learner_earned;
                }
            }
            (Request::RecordAttempt(record), Outcome::Failed(reason)) => {
                if let Some(a) = self.answered_mut(&record.key) {
                    a.failed = Some(reason.clone());
                }
                notices.push(Notice::error(format!(
                    "Your answer was not saved: {reason}"
                )));
            }
            (_, Outcome::Failed(reason)) => {
                notices.push(Notice::error(format!(
                    "Your dispute was not saved: {reason}"
                )));
            }
            _ => {}
        }
    }

    fn answered_mut(&mut self, key: &str) -> Option<&mut Answered> {
        self.session
            .as_mut()?
            .answered
            .iter_mut()
            .find(|a| a.attempt_key == key)
    }

    /// The session's results by criterion and marking point, disputes counted the learner's
    /// way once saved; questions never reached count as missed.
    pub fn session_summary(&self, pack: &Pack) -> Option<practice::Summary> {
        let s = self.session.as_ref()?;
        let records: Vec<AttemptRecord> = s
            .answered
            .iter()
            .filter_map(|a| {
                let scenario = &pack.scenario(&a.scenario_id)?.scenario;
                // Saved attempts carry the learner's disputes; unsaved ones the marker's verdict.
                let points = self
                    .attempts
                    .iter()
                    .find(|r| r.key == a.attempt_key)
                    .map_or_else(|| a.verdict.points.clone(), |r| r.points.clone());
                Some(AttemptRecord {
                    key: a.attempt_key.clone(),
                    scenario_id: a.scenario_id.clone(),
                    unit_id: scenario.unit.clone(),
                    criteria: scenario.criteria.clone(),
                    test_key: Some(s.key.clone()),
                    answered_at: 0,
                    score: a.verdict.score,
                    max_score: a.verdict.max,
                    answer: String::new(),
                    points,
                    misconceptions: a.verdict.misconceptions.clone(),
                })
            })
            .collect();
        let mut summary = practice::summarise(&records);
        for id in s.queue.iter().skip(s.answered.len()) {
            if let Some(found) = pack.scenario(id) {
                summary.add_unanswered(&found.scenario);
            }
        }
        Some(summary)
    }

    /// The learner's view of a point of an answer in this session, once saved.
    pub fn point_view(&self, attempt_key: &str, point_id: &str) -> Option<Option<bool>> {
        self.attempts
            .iter()
            .find(|a| a.key == attempt_key)?
            .points
            .iter()
            .find(|p| p.point_id == point_id)
            .map(|p| p.learner_earned)
    }
}

fn attempt_record(
    scenario: &Scenario,
    session: &Session,
    key: &str,
    response: &Response,
    verdict: &Verdict,
) -> AttemptRecord {
    let answer = practice::answer_text(response, &session.draft.shown);
    AttemptRecord {
        key: key.to_owned(),
        scenario_id: scenario.id.clone(),
        unit_id: scenario.unit.clone(),
        criteria: scenario.criteria.clone(),
        test_key: Some(session.key.clone()),
        answered_at: crate::store::now_seconds(),
        score: verdict.score,
        max_score: verdict.max,
        answer,
        points: verdict.points.clone(),
        misconceptions: verdict.misconceptions.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_builtin;

    const ORDER: &str = "ers-coaching-mentoring-roles/sc/first-meeting-stages";
    const SINGLE: &str = "ers-coaching-mentoring-roles/sc/job-coach-or-mentor";

    /// The key (1-based) of the first option shown that is right (or wrong).
    fn place_of(draft: &Draft, q: &crate::content::Question, correct: bool) -> usize {
        let crate::content::Question::SingleBest(crate::content::questions::SingleBest { options }) =
            q
        else {
            panic!("a single-best question")
        };
        1 + draft
            .shown
            .order
            .iter()
            .position(|&i| options[i].correct == correct)
            .unwrap()
    }

    fn state() -> ScenariosState {
        ScenariosState::new(PracticeRecords::default(), 42)
    }

    #[test]
    fn the_menu_is_kept_between_runs_unless_its_unit_is_gone() {
        let pack = load_builtin().pack;
        let unit = pack.scenario(SINGLE).unwrap().scenario.unit.clone();
        let menu = MenuChoice {
            kind: ScopeKind::Unit,
            unit: Some(unit.clone()),
            test_questions: 5,
            ..MenuChoice::default()
        };
        let text = serde_json::to_string(&menu).unwrap();
        let back: MenuChoice = serde_json::from_str(&text).unwrap();
        let mut s = state();
        s.restore_menu(back, &pack);
        assert_eq!(s.menu, menu);
        assert_eq!(s.scope(), Scope::Unit(unit));
        // A unit the content no longer has falls back to mixed practice.
        s.restore_menu(
            MenuChoice {
                kind: ScopeKind::Unit,
                unit: Some("gone".into()),
                ..MenuChoice::default()
            },
            &pack,
        );
        assert_eq!(s.scope(), Scope::Mixed);
        // Interface state saved before the menu was kept reads as the default.
        let old: MenuChoice = serde_json::from_str("{}").unwrap();
        assert_eq!(old, MenuChoice::default());
    }

    #[test]
    fn keys_pressed_in_shown_order_give_the_content_order() {
        let pack = load_builtin().pack;
        let q = &pack.scenario(ORDER).unwrap().scenario.question;
        let mut d = Draft::for_question(q, &mut StdRng::seed_from_u64(1));
        assert_ne!(
            d.shown.order,
            vec![0, 1, 2, 3],
            "the stages are not shown in order"
        );
        // Press the shown positions of stages 0, 1, 2, 3.
        for stage in 0..4 {
            let k = d.shown.order.iter().position(|&s| s == stage).unwrap();
            d.press(q, k + 1);
        }
        d.press(q, 1); // already placed: ignored
        assert!(d.complete(q));
        assert_eq!(d.response(q), Response::Order(vec![0, 1, 2, 3]));
    }

    #[test]
    fn a_test_that_times_out_retries_what_was_missed_or_not_reached() {
        let pack = load_builtin().pack;
        let mut s = state();
        s.start(
            &pack,
            Scope::Only(vec![SINGLE.into(), ORDER.into()]),
            Some((2, 100.0)),
        );
        let session = s.session.as_mut().unwrap();
        assert!(session.test);
        assert_eq!(session.current(), Some(SINGLE));
        let q = &pack.scenario(SINGLE).unwrap().scenario.question;
        let right = place_of(&session.draft, q, true);
        session.draft.press(q, right);
        let record = s.submit(&pack).expect("a complete answer is submitted");
        assert_eq!((record.score, record.max_score), (1, 1));
        let session = s.session.as_ref().unwrap();
        assert!(!session.showing_feedback, "a test shows no feedback");
        assert_eq!(session.current(), Some(ORDER));
        assert!(
            s.submit(&pack).is_none(),
            "an incomplete answer is not submitted"
        );

        s.time_up();
        let session = s.session.as_ref().unwrap();
        assert!(session.finished && session.timed_out);
        assert_eq!(session.missed_ids(), vec![ORDER.to_owned()]);
        let total = s.session_summary(&pack).unwrap().total;
        assert_eq!(
            (total.earned, total.available, total.percent()),
            (1, 2, 50),
            "the question not reached counts as missed"
        );
        s.retry_missed(&pack, 200.0);
        let session = s.session.as_ref().unwrap();
        assert_eq!(session.queue, vec![ORDER.to_owned()]);
        assert!(session.test && session.ends_at.is_some_and(|t| t > 200.0));
    }

    #[test]
    fn a_saved_attempt_updates_history_and_weakness_and_a_failed_one_warns() {
        let pack = load_builtin().pack;
        let mut s = state();
        s.start(&pack, Scope::Only(vec![SINGLE.into()]), None);
        let q = pack.scenario(SINGLE).unwrap().scenario.question.clone();
        let draft = &mut s.session.as_mut().unwrap().draft;
        let wrong = place_of(draft, &q, false);
        draft.press(&q, wrong);
        let shown = draft.shown.clone();
        let record = s.submit(&pack).unwrap();
        assert!(s.session.as_ref().unwrap().showing_feedback);
        // The order the options were shown in goes with the attempt, for the review and the store.
        let answered = &s.session.as_ref().unwrap().answered[0];
        assert_eq!(answered.shown, shown);
        assert_eq!(
            practice::read_answer(&record.answer, &q),
            Some((answered.response.clone(), shown))
        );
        let mut notices = Vec::new();
        s.apply_done(
            Request::RecordAttempt(Box::new(record.clone())),
            Outcome::Failed("disk full".into()),
            &mut notices,
        );
        assert_eq!(notices.len(), 1);
        assert!(s.attempts.is_empty(), "nothing unsaved is shown as history");
        s.apply_done(
            Request::RecordAttempt(Box::new(record.clone())),
            Outcome::Saved { at: 5 },
            &mut notices,
        );
        assert_eq!(s.attempts.len(), 1);
        assert!(s.session.as_ref().unwrap().answered[0].saved);
        assert!(s.weakness.misses(WeakKind::Scenario, SINGLE) == 1);
        assert!(
            s.weakness
                .priority(&pack.scenario(SINGLE).unwrap().scenario)
                > s.weakness.priority(&pack.scenario(ORDER).unwrap().scenario)
        );
    }
}
