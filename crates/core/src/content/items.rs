//! Every piece of text in a unit, each with the section it belongs to and an anchor that
//! locates it on the unit page. Validation, search and statistics all walk the same list.

use super::model::{TipKind, Unit};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Section {
    Overview,
    Outcomes,
    KeyConcepts,
    Misconceptions,
    MarkingPoints,
    Tips,
    Requirements,
    PriorKnowledge,
}

impl Section {
    pub const ALL: [Section; 8] = [
        Section::Overview,
        Section::Outcomes,
        Section::KeyConcepts,
        Section::Misconceptions,
        Section::MarkingPoints,
        Section::Tips,
        Section::Requirements,
        Section::PriorKnowledge,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Section::Overview => "Overview",
            Section::Outcomes => "Learning outcomes and criteria",
            Section::KeyConcepts => "Key concepts",
            Section::Misconceptions => "Common misconceptions",
            Section::MarkingPoints => "Examiner marking points",
            Section::Tips => "Exam tips and assessment guidance",
            Section::Requirements => "Assessment requirements and evidence",
            Section::PriorKnowledge => "Before you start",
        }
    }

    /// Stable key used when the section's state is stored.
    pub fn key(self) -> &'static str {
        match self {
            Section::Overview => "overview",
            Section::Outcomes => "outcomes",
            Section::KeyConcepts => "key_concepts",
            Section::Misconceptions => "misconceptions",
            Section::MarkingPoints => "marking_points",
            Section::Tips => "tips",
            Section::Requirements => "requirements",
            Section::PriorKnowledge => "prior_knowledge",
        }
    }

    pub fn from_key(key: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// Where an item sits on its unit page.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Anchor {
    Title,
    Synopsis,
    Summary,
    Overview(usize),
    Qualification(usize),
    Outcome(String),
    Criterion(String),
    Indicative(String, usize),
    Concept(String),
    Misconception(String),
    MarkingPoint(String),
    Tip(String),
    Requirement(usize),
    Evidence(usize),
    Prior(usize),
}

impl Anchor {
    pub fn section(&self) -> Section {
        match self {
            Anchor::Title
            | Anchor::Synopsis
            | Anchor::Summary
            | Anchor::Overview(_)
            | Anchor::Qualification(_) => Section::Overview,
            Anchor::Outcome(_) | Anchor::Criterion(_) | Anchor::Indicative(..) => Section::Outcomes,
            Anchor::Concept(_) => Section::KeyConcepts,
            Anchor::Misconception(_) => Section::Misconceptions,
            Anchor::MarkingPoint(_) => Section::MarkingPoints,
            Anchor::Tip(_) => Section::Tips,
            Anchor::Requirement(_) | Anchor::Evidence(_) => Section::Requirements,
            Anchor::Prior(_) => Section::PriorKnowledge,
        }
    }
}

/// One piece of text of a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextItem<'a> {
    pub anchor: Anchor,
    /// What the text is, for messages and search results: "term", "correction", "criterion 2.1".
    pub label: String,
    pub text: &'a str,
}

impl TextItem<'_> {
    pub fn section(&self) -> Section {
        self.anchor.section()
    }
}

/// Every text of the unit in page order.
pub fn text_items(unit: &Unit) -> Vec<TextItem<'_>> {
    fn item(anchor: Anchor, label: impl Into<String>, text: &str) -> TextItem<'_> {
        TextItem {
            anchor,
            label: label.into(),
            text,
        }
    }
    let mut out = vec![
        item(Anchor::Title, "title", &unit.title),
        item(Anchor::Synopsis, "synopsis", &unit.synopsis),
    ];
    if let Some(summary) = &unit.summary {
        out.push(item(Anchor::Summary, "summary", summary));
    }
    for (i, q) in unit.qualifications.iter().enumerate() {
        out.push(item(Anchor::Qualification(i), "qualification", q));
    }
    for (i, p) in unit.overview.iter().enumerate() {
        out.push(item(Anchor::Overview(i), "overview", p));
    }
    for lo in &unit.learning_outcomes {
        let label = format!("learning outcome {}", lo.number);
        out.push(item(Anchor::Outcome(lo.number.clone()), label, &lo.text));
        for c in &lo.criteria {
            let label = format!("criterion {}", c.number);
            out.push(item(Anchor::Criterion(c.number.clone()), label, &c.text));
            for (i, ic) in c.indicative_content.iter().enumerate() {
                let label = format!("indicative content {}", c.number);
                out.push(item(Anchor::Indicative(c.number.clone(), i), label, ic));
            }
        }
    }
    for kc in &unit.key_concepts {
        out.push(item(
            Anchor::Concept(kc.id.clone()),
            "key concept",
            &kc.term,
        ));
        out.push(item(
            Anchor::Concept(kc.id.clone()),
            "explanation",
            &kc.explanation,
        ));
    }
    for m in &unit.misconceptions {
        out.push(item(
            Anchor::Misconception(m.id.clone()),
            "misconception",
            &m.text,
        ));
        if let Some(c) = &m.correction {
            out.push(item(Anchor::Misconception(m.id.clone()), "correction", c));
        }
    }
    for mp in &unit.marking_points {
        out.push(item(
            Anchor::MarkingPoint(mp.id.clone()),
            "marking point",
            &mp.text,
        ));
    }
    for t in &unit.tips {
        out.push(item(
            Anchor::Tip(t.id.clone()),
            tip_kind_label(t.kind),
            &t.text,
        ));
    }
    for (i, r) in unit.assessment_requirements.iter().enumerate() {
        out.push(item(
            Anchor::Requirement(i),
            "assessment requirement",
            &r.text,
        ));
    }
    for (i, e) in unit.evidence_methods.iter().enumerate() {
        out.push(item(Anchor::Evidence(i), "evidence method", e));
    }
    for (i, p) in unit.prior_knowledge.iter().enumerate() {
        out.push(item(Anchor::Prior(i), "prior knowledge", p));
    }
    out
}

pub fn tip_kind_label(kind: TipKind) -> &'static str {
    match kind {
        TipKind::Exam => "exam tip",
        TipKind::Guidance => "assessment guidance",
    }
}
