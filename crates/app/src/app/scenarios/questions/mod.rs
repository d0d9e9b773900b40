//! The views of the question types, one file each, beside the core's `content::questions`:
//! the answer controls while the learner answers, and how each part of the answer was marked
//! in the feedback (read from the verdict, never worked out again here). The frame around them
//! (header, keys, submit, marks, misconceptions, tips) is `question.rs`.

use egui::RichText;

use super::question::{ok_color, wrong_color};
use super::state::{Answered, Draft};
use crate::app::command::Command;
use crate::content::Question;
use crate::content::questions::ItemResult;

/// What the feedback of any type may need besides the question.
pub struct Feedback<'a> {
    pub answered: &'a Answered,
    /// The learner's own view of a rubric point: `None` until saved, then `Some(None)` when
    /// not disputed.
    pub learner_views: &'a dyn Fn(&str) -> Option<Option<bool>>,
    pub commands: &'a mut Vec<Command>,
}

/// What a question type draws.
pub trait QuestionView {
    /// The controls for answering: buttons and fields that act as the number keys do.
    fn answer(
        &self,
        ui: &mut egui::Ui,
        draft: &mut Draft,
        input: &mut super::question::QuestionInput,
    );

    /// How each part of the answer was marked.
    fn feedback(&self, ui: &mut egui::Ui, feedback: &mut Feedback<'_>);
}

/// Declares the view of each question type: its file, and the one match that finds it.
macro_rules! question_views {
    ($( $Type:ident => $module:ident, )+) => {
        $( mod $module; )+

        /// The view of `question`'s type.
        pub fn view(question: &Question) -> &dyn QuestionView {
            match question {
                $( Question::$Type(q) => q, )+
            }
        }
    };
}

// One line per question type.
question_views! {
    SingleBest => single_best,
    MultipleAnswers => multiple_answers,
    OrderStages => order_stages,
    MatchTerms => match_terms,
    Classify => classify,
    Written => written,
}

/// The options of a choice question as marked, in the order this attempt showed them.
fn option_rows(ui: &mut egui::Ui, answered: &Answered) {
    for (k, &i) in answered.shown.order.iter().enumerate() {
        let Some(ItemResult::Option {
            text,
            correct,
            picked,
            why,
        }) = answered.verdict.items.get(i)
        else {
            continue;
        };
        let why = why.as_deref().filter(|_| *picked || *correct);
        choice_row(ui, k + 1, text, *correct, *picked, why);
    }
}

/// One option of a choice question after answering: the symbol and the colour both say right
/// or wrong (for learners who cannot tell the colours apart), and the learner's choice is
/// framed and filled.
fn choice_row(
    ui: &mut egui::Ui,
    number: usize,
    text: &str,
    correct: bool,
    picked: bool,
    why: Option<&str>,
) {
    let (symbol, verdict, color) = match (correct, picked) {
        (true, true) => ("✔", "Right answer · your choice", ok_color(ui)),
        (true, false) => ("✔", "Right answer · you did not choose it", ok_color(ui)),
        (false, true) => ("✖", "Wrong · your choice", wrong_color(ui)),
        (false, false) => ("·", "Wrong", ui.visuals().weak_text_color()),
    };
    let mut frame = egui::Frame::new()
        .inner_margin(egui::Margin::symmetric(8, 4))
        .corner_radius(4);
    frame = if picked {
        frame
            .fill(ui.visuals().selection.bg_fill.gamma_multiply(0.25))
            .stroke(egui::Stroke::new(2.0, color))
    } else {
        frame.stroke(ui.visuals().widgets.noninteractive.bg_stroke)
    };
    frame.show(ui, |ui| {
        ui.set_width(ui.available_width());
        let line = RichText::new(format!("{symbol} {number}. {text}")).color(color);
        ui.label(if picked { line.strong() } else { line });
        ui.label(RichText::new(verdict).small().color(color));
        if let Some(why) = why {
            ui.label(RichText::new(why).italics());
        }
    });
    ui.add_space(2.0);
}

/// A part given something (a term its definition, an item its category) as marked: right, or
/// wrong with the right answer under it. `sep` joins the part and the answer; `quote` puts the
/// learner's wrong answer in quotation marks (a definition, which is a sentence).
fn placed_row(ui: &mut egui::Ui, item: &ItemResult, sep: &str, quote: bool) {
    let ItemResult::Placed {
        text,
        given,
        right,
        expected,
    } = item
    else {
        return;
    };
    if *right {
        marked_line(ui, true, &format!("{text}{sep}{expected}"));
    } else {
        let yours = match given {
            Some(g) if quote => format!("“{g}”"),
            Some(g) => g.clone(),
            None => "nothing".to_owned(),
        };
        marked_line(ui, false, &format!("{text}{sep}you chose {yours}"));
        right_line(ui, expected);
    }
}

/// A line marked right (✔, green) or wrong (✖, red): symbol and colour together.
fn marked_line(ui: &mut egui::Ui, ok: bool, text: &str) {
    let (symbol, color) = if ok {
        ("✔", ok_color(ui))
    } else {
        ("✖", wrong_color(ui))
    };
    ui.label(RichText::new(format!("{symbol} {text}")).color(color));
}

/// The right answer under a wrong one, indented.
fn right_line(ui: &mut egui::Ui, text: &str) {
    ui.horizontal_wrapped(|ui| {
        ui.add_space(18.0);
        ui.label(RichText::new(format!("✔ right: {text}")).color(ok_color(ui)));
    });
}
