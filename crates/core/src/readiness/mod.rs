//! Exam readiness: for each unit, assessment criterion and marking point, a number from 0 to 100
//! that predicts the share of marks the learner would get on a fresh practice test of the
//! unit, with its parts, how much evidence it rests on, and what to do next.
//!
//! The parts:
//! - **Scenario marks**: the learner's marks on the point in practice, each answer weighted by
//!   how recent it is (half its weight every [`HALF_LIFE_DAYS`] days), drawn towards the
//!   learner's own average on the unit when there are few of them.
//! - **Card recall**: FSRS's predicted chance of recalling each linked card now and on the
//!   exam date (a card never studied counts as not recalled: that is the coverage gap).
//! - **Coverage**: the share of the point's cards studied and whether it was ever practised.
//! - **Misconceptions** an answer showed and that no later answer or card review corrected:
//!   each takes [`MISCONCEPTION_PENALTY`] off.
//!
//! With no evidence at all the readiness is `None` ("not enough evidence yet"), never 0.
//! How the parts combine was checked against simulated learners (see [`simulate`] and
//! docs/readiness.md).

pub mod cache;
pub mod links;
pub mod plan;
pub mod simulate;
pub mod weakest;

use std::collections::{BTreeMap, HashMap};

use serde::{Serialize, Serializer};

use crate::flashcards::schedule::{CardState, DAY, Phase};
use crate::flashcards::stats::recall_now;
use crate::practice::{AttemptRecord, WeakKind, WeakSpot};
pub use links::{CardIndex, Links, PointLinks, UnitLinks};

/// Scenario answers lose half their weight every this many days.
pub const HALF_LIFE_DAYS: f64 = 30.0;
/// How many answers' worth the learner's average on the unit counts for, against a point's own.
pub const PRIOR_WEIGHT: f64 = 1.5;
/// The share of readiness that comes from card recall when the point has linked cards.
pub const CARD_SHARE: f64 = 0.3;
/// Taken off (as a share) per misconception shown and not since corrected, at most three.
pub const MISCONCEPTION_PENALTY: f64 = 0.08;
/// What a learner with no evidence on anything is assumed to score, only to fill gaps in a unit
/// that has some evidence.
const DEFAULT_PRIOR: f64 = 0.6;

/// What the learner has done, as the store holds it.
#[derive(Debug, Clone, Copy)]
pub struct Evidence<'a> {
    pub states: &'a HashMap<String, CardState>,
    pub attempts: &'a [AttemptRecord],
    pub weak_spots: &'a [WeakSpot],
    /// The forgetting curve's decay for the learner's FSRS parameters.
    pub decay: f32,
    /// Unix seconds.
    pub now: i64,
}

/// How much the figure rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Nothing practised or studied: no figure is given.
    NotEnoughEvidence,
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn label(self) -> &'static str {
        match self {
            Confidence::NotEnoughEvidence => "not enough evidence yet",
            Confidence::Low => "low confidence",
            Confidence::Medium => "medium confidence",
            Confidence::High => "high confidence",
        }
    }

    fn of(evidence: f64) -> Confidence {
        if evidence <= 0.0 {
            Confidence::NotEnoughEvidence
        } else if evidence < 3.0 {
            Confidence::Low
        } else if evidence < 8.0 {
            Confidence::Medium
        } else {
            Confidence::High
        }
    }
}

/// What to do next for a criterion or marking point. Written as an object with `kind`
/// (`study_cards`, `practise_scenarios`, `try_written`) among its fields, in alphabetical order.
#[derive(Debug, Clone, PartialEq)]
pub enum NextAction {
    /// Study these cards (due now, or never studied).
    StudyCards { cards: Vec<String>, due: usize },
    /// Practise these scenarios (weakest first).
    PractiseScenarios { scenarios: Vec<String> },
    /// Answer this written question: the point has never been tried.
    TryWritten { scenario: String },
}

impl Serialize for NextAction {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        match self {
            NextAction::StudyCards { cards, due } => {
                let mut st = s.serialize_struct("NextAction", 3)?;
                st.serialize_field("cards", cards)?;
                st.serialize_field("due", due)?;
                st.serialize_field("kind", "study_cards")?;
                st.end()
            }
            NextAction::PractiseScenarios { scenarios } => {
                let mut st = s.serialize_struct("NextAction", 2)?;
                st.serialize_field("kind", "practise_scenarios")?;
                st.serialize_field("scenarios", scenarios)?;
                st.end()
            }
            NextAction::TryWritten { scenario } => {
                let mut st = s.serialize_struct("NextAction", 2)?;
                st.serialize_field("kind", "try_written")?;
                st.serialize_field("scenario", scenario)?;
                st.end()
            }
        }
    }
}

impl NextAction {
    pub fn label(&self) -> String {
        match self {
            NextAction::StudyCards { due, .. } if *due > 0 => {
                format!("Study {due} due card{}", plural(*due))
            }
            NextAction::StudyCards { cards, .. } => {
                format!("Learn {} new card{}", cards.len(), plural(cards.len()))
            }
            NextAction::PractiseScenarios { scenarios } => format!(
                "Practise {} scenario{}",
                scenarios.len(),
                plural(scenarios.len())
            ),
            NextAction::TryWritten { .. } => "Try a written question".to_owned(),
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn round_opt<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_some(&(v.round() as i64)),
        None => s.serialize_none(),
    }
}

fn round<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_i64(v.round() as i64)
}

// The fields of what is printed are declared in alphabetical order: `rapport readiness` writes
// them as declared, and its output has always had its keys sorted (it was made through
// `serde_json::Value`, whose maps sort them). A test compares the two.

/// The parts a readiness figure is made of, each 0 to 100 (`None`: nothing to go on).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Parts {
    /// Scenario answers the figure rests on (recency weighted).
    pub answers: f64,
    /// Linked cards, and (`cards_studied`) those of them studied.
    pub cards: usize,
    pub cards_studied: usize,
    /// Share of the marking points (for a point: 100 or 0) practised at least once.
    #[serde(serialize_with = "round")]
    pub coverage: f64,
    /// Misconceptions shown and not since corrected.
    pub open_misconceptions: Vec<String>,
    /// Predicted recall of the linked cards now (cards never studied count as 0).
    #[serde(serialize_with = "round_opt")]
    pub recall_now: Option<f64>,
    /// The same on the exam date, with no more study.
    #[serde(serialize_with = "round_opt")]
    pub recall_on_exam: Option<f64>,
    /// Recent scenario marks, recency weighted.
    #[serde(serialize_with = "round_opt")]
    pub scenario_marks: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PointReadiness {
    pub confidence: Confidence,
    pub criteria: Vec<String>,
    pub id: String,
    pub next: Option<NextAction>,
    /// Forecast on the exam date with no more study.
    #[serde(serialize_with = "round_opt")]
    pub on_exam: Option<f64>,
    pub parts: Parts,
    #[serde(serialize_with = "round_opt")]
    pub readiness: Option<f64>,
    pub text: String,
    /// The estimate used when adding up the unit, also when too little is known to show it.
    #[serde(skip)]
    pub estimate: f64,
    #[serde(skip)]
    pub estimate_on_exam: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionReadiness {
    pub confidence: Confidence,
    pub next: Option<NextAction>,
    pub number: String,
    #[serde(serialize_with = "round_opt")]
    pub on_exam: Option<f64>,
    pub parts: Parts,
    /// Marking point ids of the criterion, weakest first.
    pub points: Vec<String>,
    #[serde(serialize_with = "round_opt")]
    pub readiness: Option<f64>,
    pub text: String,
    #[serde(skip)]
    pub estimate: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitReadiness {
    pub confidence: Confidence,
    /// "not enough evidence yet" and the like, for people.
    pub confidence_label: &'static str,
    pub criteria: Vec<CriterionReadiness>,
    /// `YYYY-MM-DD`, when an exam date is set.
    pub exam_date: Option<String>,
    #[serde(serialize_with = "round_opt")]
    pub on_exam: Option<f64>,
    pub parts: Parts,
    /// Weakest first; those with no evidence after the rest.
    pub points: Vec<PointReadiness>,
    #[serde(serialize_with = "round_opt")]
    pub readiness: Option<f64>,
    pub title: String,
    pub unit: String,
    #[serde(skip)]
    pub estimate: f64,
}

/// A unit's readiness with its plan to the exam date, as `rapport readiness` prints it: the
/// unit's fields with `plan` among them (in alphabetical order, as [`UnitReadiness`]'s).
pub struct WithPlan<'a>(pub &'a UnitReadiness, pub Option<&'a plan::DailyPlan>);

impl Serialize for WithPlan<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Rounded(Option<f64>);
        impl Serialize for Rounded {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                round_opt(&self.0, s)
            }
        }
        let (u, plan) = (self.0, self.1);
        let mut st = s.serialize_struct("UnitReadiness", 12)?;
        st.serialize_field("confidence", &u.confidence)?;
        st.serialize_field("confidence_label", u.confidence_label)?;
        st.serialize_field("criteria", &u.criteria)?;
        st.serialize_field("exam_date", &u.exam_date)?;
        st.serialize_field("on_exam", &Rounded(u.on_exam))?;
        st.serialize_field("parts", &u.parts)?;
        if let Some(plan) = plan {
            st.serialize_field("plan", plan)?;
        }
        st.serialize_field("points", &u.points)?;
        st.serialize_field("readiness", &Rounded(u.readiness))?;
        st.serialize_field("title", &u.title)?;
        st.serialize_field("unit", &u.unit)?;
        st.end()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub units: Vec<UnitReadiness>,
}

/// Per marking point, what the learner's history says, gathered in one pass.
#[derive(Default, Clone, Copy)]
struct Marks {
    earned: f64,
    weight: f64,
}

/// The weight of an answer given `age` seconds ago.
pub fn recency_weight(age: i64) -> f64 {
    let days = age.max(0) as f64 / DAY as f64;
    0.5f64.powf(days / HALF_LIFE_DAYS)
}

/// A misconception shown at `shown_at` is corrected by a later full-marks answer to a scenario
/// that could reveal it, or by a later review of its card that was not a lapse.
fn open_misconceptions(evidence: &Evidence<'_>, links: &Links) -> HashMap<String, i64> {
    let mut open: HashMap<String, i64> = evidence
        .weak_spots
        .iter()
        .filter(|w| w.kind == WeakKind::Misconception)
        .map(|w| (w.item_id.clone(), w.last_missed_at))
        .collect();
    if open.is_empty() {
        return open;
    }
    for a in evidence.attempts {
        if a.score < a.max_score || a.max_score == 0 {
            continue;
        }
        let Some(&s) = links.scenario_index.get(&a.scenario_id) else {
            continue;
        };
        for m in &links.scenarios[s].misconceptions {
            if open.get(m).is_some_and(|&at| a.answered_at > at) {
                open.remove(m);
            }
        }
    }
    for (card, m) in &links.misconception_cards {
        if let Some(at) = open.get(m)
            && let Some(state) = evidence.states.get(&links.card_ids[*card as usize])
            && state.last_review.is_some_and(|r| r > *at)
            && state.phase == Phase::Review
        {
            open.remove(m);
        }
    }
    open
}

/// Readiness of every unit (or only `unit`), with exam dates (unit id -> Unix seconds of the
/// exam day's start) where set. A unit's figures are the same whether it is asked for alone or
/// with the others (its points may be practised by other units' scenarios, and the learner's
/// average over every unit fills its gaps).
pub fn compute(
    links: &Links,
    evidence: &Evidence<'_>,
    exam_dates: &BTreeMap<String, i64>,
    only_unit: Option<&str>,
) -> Report {
    let mut marks: HashMap<&str, Marks> = HashMap::new();
    let mut unit_marks: HashMap<&str, Marks> = HashMap::new();
    let mut all = Marks::default();
    // Each unit's answers, in the order they were given.
    let mut unit_attempts: HashMap<&str, Vec<&AttemptRecord>> = HashMap::new();
    for a in evidence.attempts {
        unit_attempts.entry(a.unit_id.as_str()).or_default().push(a);
        let w = recency_weight(evidence.now - a.answered_at);
        for p in &a.points {
            let e = f64::from(u8::from(p.earned()));
            let m = marks.entry(p.marking_point.as_str()).or_default();
            m.earned += w * e;
            m.weight += w;
            let u = unit_marks.entry(a.unit_id.as_str()).or_default();
            u.earned += w * e;
            u.weight += w;
            all.earned += w * e;
            all.weight += w;
        }
    }
    let open = open_misconceptions(evidence, links);
    let global_prior = if all.weight > 0.0 {
        (all.earned + DEFAULT_PRIOR) / (all.weight + 1.0)
    } else {
        DEFAULT_PRIOR
    };
    let mut cards = CardRecall::new(links);
    let units = links
        .units
        .iter()
        .filter(|u| only_unit.is_none_or(|id| id == u.unit))
        .map(|u| {
            let prior = unit_marks.get(u.unit.as_str()).map_or(global_prior, |m| {
                (m.earned + 2.0 * global_prior) / (m.weight + 2.0)
            });
            let exam = exam_dates.get(&u.unit).copied();
            cards.fill(u, evidence, exam);
            let attempts = unit_attempts
                .get(u.unit.as_str())
                .map_or(&[][..], Vec::as_slice);
            unit_readiness(links, u, &cards, &marks, prior, &open, exam, attempts)
        })
        .collect();
    Report { units }
}

/// Each card's state and predicted recall, worked out once per unit rather than once for each
/// point, criterion and unit total the card counts in.
struct CardRecall<'a> {
    ids: &'a [String],
    /// By card index: `None` for a card not of the unit being computed.
    cards: Vec<Option<CardNow>>,
    /// The cards filled in last, to clear them for the next unit.
    filled: Vec<CardIndex>,
}

#[derive(Clone, Copy)]
enum CardNow {
    Suspended,
    /// Never studied (no memory state yet).
    New,
    Studied {
        due: bool,
        now: f64,
        on_exam: f64,
    },
}

impl<'a> CardRecall<'a> {
    fn new(links: &'a Links) -> Self {
        CardRecall {
            ids: &links.card_ids,
            cards: vec![None; links.card_ids.len()],
            filled: Vec::new(),
        }
    }

    /// The unit's cards (every card its points and criteria link to is one of them).
    fn fill(&mut self, u: &UnitLinks, evidence: &Evidence<'_>, exam: Option<i64>) {
        for i in self.filled.drain(..) {
            self.cards[i as usize] = None;
        }
        for &i in &u.cards {
            let state = evidence.states.get(&self.ids[i as usize]);
            self.cards[i as usize] = Some(match state {
                Some(s) if s.suspended => CardNow::Suspended,
                Some(s) if s.memory.is_some() => CardNow::Studied {
                    due: s.due <= evidence.now,
                    now: recall_now(evidence.decay, Some(s), evidence.now),
                    on_exam: recall_now(evidence.decay, Some(s), exam.unwrap_or(evidence.now)),
                },
                _ => CardNow::New,
            });
            self.filled.push(i);
        }
    }

    fn get(&self, i: CardIndex) -> CardNow {
        // A card outside the unit (links never make one) counts as never studied.
        self.cards[i as usize].unwrap_or(CardNow::New)
    }

    fn id(&self, i: CardIndex) -> &'a str {
        &self.ids[i as usize]
    }
}

struct Recall {
    now: f64,
    on_exam: f64,
    studied: usize,
    total: usize,
    due: Vec<CardIndex>,
    unstudied: Vec<CardIndex>,
}

fn recall_of(cards: &[CardIndex], known: &CardRecall<'_>) -> Recall {
    let mut r = Recall {
        now: 0.0,
        on_exam: 0.0,
        studied: 0,
        total: 0,
        due: Vec::new(),
        unstudied: Vec::new(),
    };
    for &i in cards {
        match known.get(i) {
            CardNow::Suspended => continue,
            CardNow::Studied { due, now, on_exam } => {
                r.total += 1;
                r.studied += 1;
                r.now += now;
                r.on_exam += on_exam;
                if due {
                    r.due.push(i);
                }
            }
            CardNow::New => {
                r.total += 1;
                r.unstudied.push(i);
            }
        }
    }
    if r.total > 0 {
        r.now /= r.total as f64;
        r.on_exam /= r.total as f64;
    }
    r
}

#[allow(clippy::too_many_arguments)]
fn unit_readiness(
    links: &Links,
    u: &UnitLinks,
    cards: &CardRecall<'_>,
    marks: &HashMap<&str, Marks>,
    prior: f64,
    open: &HashMap<String, i64>,
    exam: Option<i64>,
    unit_attempts: &[&AttemptRecord],
) -> UnitReadiness {
    let attempted: HashMap<&str, f64> = {
        let mut m: HashMap<&str, f64> = HashMap::new();
        for a in unit_attempts {
            let (s, max) = crate::practice::adjusted_score(a);
            let share = if max == 0 {
                0.0
            } else {
                f64::from(s) / f64::from(max)
            };
            m.insert(a.scenario_id.as_str(), share);
        }
        m
    };
    let points: Vec<PointReadiness> = u
        .points
        .iter()
        .map(|p| point_readiness(links, p, cards, marks, prior, open, &attempted))
        .collect();
    let mut criteria: Vec<CriterionReadiness> = u
        .criteria
        .iter()
        .map(|(number, text)| {
            let members: Vec<usize> = (0..points.len())
                .filter(|&i| u.points[i].criteria.contains(number))
                .collect();
            let own = recall_of(
                u.criterion_cards.get(number).map_or(&[][..], Vec::as_slice),
                cards,
            );
            let action = card_action(&own, cards);
            let mut c = aggregate(&points, &members, u.weights.get(number), own, false);
            let mut order = members.clone();
            sort_weakest_first(&points, &mut order);
            let next = order
                .iter()
                .find_map(|&i| points[i].next.clone())
                .or(action);
            c.next = next;
            CriterionReadiness {
                number: number.clone(),
                text: text.clone(),
                readiness: c.readiness,
                on_exam: c.on_exam,
                confidence: c.confidence,
                parts: c.parts,
                next: c.next,
                points: order.iter().map(|&i| points[i].id.clone()).collect(),
                estimate: c.estimate,
            }
        })
        .collect();
    criteria.retain(|c| !c.text.is_empty() || !c.points.is_empty());
    let all: Vec<usize> = (0..points.len()).collect();
    let whole = aggregate(
        &points,
        &all,
        u.weights.get(""),
        recall_of(&u.cards, cards),
        true,
    );
    let mut order = all;
    sort_weakest_first(&points, &mut order);
    let mut by_index: Vec<Option<PointReadiness>> = points.into_iter().map(Some).collect();
    let points = order.iter().filter_map(|&i| by_index[i].take()).collect();
    UnitReadiness {
        unit: u.unit.clone(),
        title: u.title.clone(),
        readiness: whole.readiness,
        on_exam: whole.on_exam.filter(|_| exam.is_some()),
        confidence: whole.confidence,
        confidence_label: whole.confidence.label(),
        parts: whole.parts,
        exam_date: exam.map(|t| crate::practice::iso_date(t.div_euclid(DAY))),
        criteria,
        points,
        estimate: whole.estimate,
    }
}

/// Weakest first by the figure shown; points without one after those with one.
fn sort_weakest_first(points: &[PointReadiness], order: &mut [usize]) {
    order.sort_by(|&a, &b| {
        let key = |i: usize| {
            (
                points[i].readiness.is_none(),
                points[i].readiness.unwrap_or(0.0),
            )
        };
        let (ka, kb) = (key(a), key(b));
        ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
    });
}

struct Aggregate {
    readiness: Option<f64>,
    on_exam: Option<f64>,
    confidence: Confidence,
    parts: Parts,
    next: Option<NextAction>,
    estimate: f64,
}

/// A criterion's or unit's figure: its points' estimates weighted by the marks a practice test
/// gives them (equal weights where no scenario does).
fn aggregate(
    points: &[PointReadiness],
    members: &[usize],
    weights: Option<&Vec<f64>>,
    own_cards: Recall,
    whole_unit: bool,
) -> Aggregate {
    let weight = |i: usize| weights.map_or(1.0, |w| w[i]);
    let mut total = members.iter().map(|&i| weight(i)).sum::<f64>();
    let equal = total <= 0.0;
    if equal {
        total = members.len() as f64;
    }
    let w = |i: usize| if equal { 1.0 } else { weight(i) };
    let mut estimate = 0.0;
    let mut on_exam = 0.0;
    let mut practised = 0.0;
    let mut answers = 0.0;
    let mut scenario = 0.0;
    let mut scenario_w = 0.0;
    let mut recall = 0.0;
    let mut recall_exam = 0.0;
    let mut recall_w = 0.0;
    let mut cards = own_cards.total;
    let mut studied = own_cards.studied;
    let count_points_cards = !whole_unit;
    let mut open = Vec::new();
    let mut any_evidence = own_cards.studied > 0;
    for &i in members {
        let p = &points[i];
        let wi = w(i) / total.max(f64::MIN_POSITIVE);
        estimate += wi * p.estimate;
        on_exam += wi * p.estimate_on_exam;
        if p.parts.answers > 0.0 {
            practised += wi;
        }
        answers += p.parts.answers;
        if let Some(s) = p.parts.scenario_marks {
            scenario += wi * s;
            scenario_w += wi;
        }
        if let (Some(r), Some(e)) = (p.parts.recall_now, p.parts.recall_on_exam) {
            recall += wi * r;
            recall_exam += wi * e;
            recall_w += wi;
        }
        if count_points_cards {
            cards += p.parts.cards;
            studied += p.parts.cards_studied;
        }
        for m in &p.parts.open_misconceptions {
            if !open.contains(m) {
                open.push(m.clone());
            }
        }
        any_evidence |= p.confidence != Confidence::NotEnoughEvidence;
    }
    let studied_share = |r: f64| r * own_cards.total as f64 / own_cards.studied.max(1) as f64;
    if members.is_empty() && own_cards.studied > 0 {
        // A criterion with no marking point: only its own cards tell.
        estimate = studied_share(own_cards.now);
        on_exam = studied_share(own_cards.on_exam);
    }
    if own_cards.studied > 0 && (members.is_empty() || whole_unit || recall_w == 0.0) {
        // The recall shown is that of the cards studied (the unit's, or the criterion's own).
        recall = 100.0 * studied_share(own_cards.now);
        recall_exam = 100.0 * studied_share(own_cards.on_exam);
        recall_w = 1.0;
    }
    let evidence = answers + 0.2 * studied as f64;
    let mut confidence = if any_evidence {
        Confidence::of(evidence)
    } else {
        Confidence::NotEnoughEvidence
    };
    // A figure that leaves most of the marks unpractised is never more than a low-confidence one.
    if confidence > Confidence::Low && !members.is_empty() && practised < 0.5 {
        confidence = Confidence::Low;
    } else if confidence > Confidence::Medium && practised < 0.8 {
        confidence = Confidence::Medium;
    }
    let shown = confidence != Confidence::NotEnoughEvidence;
    Aggregate {
        readiness: shown.then_some(100.0 * estimate),
        on_exam: shown.then_some(100.0 * on_exam),
        confidence,
        parts: Parts {
            recall_now: (recall_w > 0.0).then(|| recall / recall_w),
            recall_on_exam: (recall_w > 0.0).then(|| recall_exam / recall_w),
            scenario_marks: (scenario_w > 0.0).then(|| scenario / scenario_w),
            answers,
            cards_studied: studied,
            cards,
            coverage: if members.is_empty() {
                0.0
            } else {
                100.0 * practised
            },
            open_misconceptions: open,
        },
        next: None,
        estimate,
    }
}

fn card_action(recall: &Recall, known: &CardRecall<'_>) -> Option<NextAction> {
    let ids = |cards: &[CardIndex]| cards.iter().map(|&i| known.id(i).to_owned()).collect();
    if !recall.due.is_empty() {
        return Some(NextAction::StudyCards {
            cards: ids(&recall.due),
            due: recall.due.len(),
        });
    }
    if !recall.unstudied.is_empty() {
        return Some(NextAction::StudyCards {
            cards: ids(&recall.unstudied),
            due: 0,
        });
    }
    None
}

#[allow(clippy::too_many_arguments)]
fn point_readiness(
    links: &Links,
    p: &PointLinks,
    cards: &CardRecall<'_>,
    marks: &HashMap<&str, Marks>,
    prior: f64,
    open: &HashMap<String, i64>,
    attempted: &HashMap<&str, f64>,
) -> PointReadiness {
    let m = marks.get(p.id.as_str()).copied().unwrap_or_default();
    let rate = (m.earned + PRIOR_WEIGHT * prior) / (m.weight + PRIOR_WEIGHT);
    let recall = recall_of(&p.cards, cards);
    let open_here: Vec<String> = p
        .misconceptions
        .iter()
        .filter(|id| open.contains_key(*id))
        .cloned()
        .collect();
    let penalty = 1.0 - MISCONCEPTION_PENALTY * open_here.len().min(3) as f64;
    // Card recall counts in proportion to the share of the point's cards studied, as the
    // recall of those studied (a learner who does not use flashcards is judged on answers).
    let share = if recall.total > 0 {
        CARD_SHARE * recall.studied as f64 / recall.total as f64
    } else {
        0.0
    };
    let of_studied = |r: f64| {
        if recall.studied > 0 {
            r * recall.total as f64 / recall.studied as f64
        } else {
            0.0
        }
    };
    let blend = |r: f64| (1.0 - share) * rate + share * of_studied(r);
    let estimate = (blend(recall.now) * penalty).clamp(0.0, 1.0);
    let estimate_on_exam = (blend(recall.on_exam) * penalty).clamp(0.0, 1.0);
    let evidence_amount = m.weight + 0.2 * recall.studied as f64;
    let confidence = if m.weight == 0.0 && recall.studied == 0 {
        Confidence::NotEnoughEvidence
    } else {
        Confidence::of(evidence_amount)
    };
    let shown = confidence != Confidence::NotEnoughEvidence;
    let readiness = shown.then_some(100.0 * estimate);
    let never_tried = m.weight == 0.0;
    let next = if never_tried {
        p.written
            .first()
            .map(|&s| NextAction::TryWritten {
                scenario: links.scenarios[s].id.clone(),
            })
            .or_else(|| card_action(&recall, cards))
            .or_else(|| practise(links, p, attempted))
    } else if !recall.due.is_empty() {
        card_action(&recall, cards)
    } else if estimate < 0.75 {
        practise(links, p, attempted).or_else(|| card_action(&recall, cards))
    } else if !recall.unstudied.is_empty() {
        card_action(&recall, cards)
    } else {
        None
    };
    PointReadiness {
        id: p.id.clone(),
        text: p.text.clone(),
        criteria: p.criteria.clone(),
        readiness,
        on_exam: shown.then_some(100.0 * estimate_on_exam),
        confidence,
        parts: Parts {
            recall_now: (recall.studied > 0).then_some(100.0 * recall.now),
            recall_on_exam: (recall.studied > 0).then_some(100.0 * recall.on_exam),
            scenario_marks: (m.weight > 0.0).then(|| 100.0 * m.earned / m.weight),
            answers: m.weight,
            cards_studied: recall.studied,
            cards: recall.total,
            coverage: if never_tried { 0.0 } else { 100.0 },
            open_misconceptions: open_here,
        },
        next,
        estimate,
        estimate_on_exam,
    }
}

/// The point's scenarios, those never tried or scored lowest first (at most five).
fn practise(links: &Links, p: &PointLinks, attempted: &HashMap<&str, f64>) -> Option<NextAction> {
    let mut ids: Vec<(f64, &str)> = p
        .scenarios
        .iter()
        .map(|&s| {
            let id = links.scenarios[s].id.as_str();
            (attempted.get(id).copied().unwrap_or(-1.0), id)
        })
        .collect();
    ids.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
    let scenarios: Vec<String> = ids.iter().take(5).map(|(_, id)| (*id).to_owned()).collect();
    (!scenarios.is_empty()).then_some(NextAction::PractiseScenarios { scenarios })
}

#[cfg(test)]
mod tests;
