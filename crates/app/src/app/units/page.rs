//! One unit, section by section, each section collapsible and markable as revised.

use egui::{Align, RichText};

use crate::app::Focus;
use crate::app::command::{Command, Page};
use crate::app::style;
use crate::app::units::list::sections_with_content;
use crate::content::{Anchor, LoadedUnit, Section, TipKind, Unit};
use crate::store::worker::RequestId;
use crate::store::{SectionProgress, now_seconds};

/// What the page reads besides the unit.
pub struct PageState<'a> {
    pub progress: &'a SectionProgress,
    pub saving: &'a [(RequestId, String, Section)],
    pub store_available: bool,
}

/// The item to highlight on this page, if the focus is on this unit.
struct Target<'a> {
    anchor: Option<&'a Anchor>,
    /// Scroll to the item this frame (once its section has finished opening).
    scroll: bool,
    scrolled: bool,
}

pub fn show(
    ui: &mut egui::Ui,
    loaded: &LoadedUnit,
    state: &PageState<'_>,
    focus: &mut Option<Focus>,
    commands: &mut Vec<Command>,
) {
    let unit = &loaded.unit;
    let focus_here = focus.as_ref().filter(|f| f.unit_id == unit.id);
    let mut target = Target {
        anchor: focus_here.map(|f| &f.anchor),
        scroll: focus_here.is_some_and(|f| f.scroll_pending),
        scrolled: false,
    };
    crate::app::shell::scroll::page(ui, ("unit_page", &unit.id), |ui| {
        style::reading_column(ui, |ui| {
            ui.add_space(8.0);
            if ui.link("Back to all units").clicked() {
                commands.push(Command::Navigate(Page::Units));
            }
            header(ui, unit, &mut target);
            figures(ui, loaded);
            for section in sections_with_content(loaded) {
                section_block(ui, unit, section, state, &mut target, commands);
            }
            ui.add_space(40.0);
        });
    });
    if target.scrolled
        && let Some(f) = focus.as_mut()
    {
        f.scroll_pending = false;
    }
}

/// The name a figure's image is cached under by egui (freed when its page is left).
pub(crate) fn figure_uri(unit_id: &str, file: &str) -> String {
    format!("bytes://figure/{unit_id}/{file}")
}

/// The unit's diagrams, each with its caption; the image is described by its alt text.
fn figures(ui: &mut egui::Ui, loaded: &LoadedUnit) {
    let unit = &loaded.unit;
    if unit.figures.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(
        RichText::new(format!("Figures ({})", unit.figures.len())).text_style(style::subheading()),
    )
    .id_salt(("figures", &unit.id))
    .default_open(true)
    .show(ui, |ui| {
        for (figure, bytes) in unit.figures.iter().zip(&loaded.images) {
            let uri = figure_uri(&unit.id, &figure.file);
            ui.add(
                egui::Image::from_bytes(uri, egui::load::Bytes::Shared(bytes.clone()))
                    .max_width(ui.available_width().min(640.0))
                    .alt_text(&figure.alt),
            );
            ui.weak(&figure.caption);
            ui.add_space(8.0);
        }
    });
}

fn header(ui: &mut egui::Ui, unit: &Unit, target: &mut Target<'_>) {
    item(ui, Anchor::Title, target, |ui| {
        ui.heading(RichText::new(&unit.title).strong());
    });
    let mut facts = vec![unit.qualification_label()];
    if let Some(r) = &unit.unit_reference {
        facts.push(format!("Unit {r}"));
    }
    if let Some(c) = unit.credit_value {
        facts.push(format!("{c} credits"));
    }
    if let Some(h) = unit.guided_learning_hours {
        facts.push(format!("{h} guided learning hours"));
    }
    ui.weak(facts.join(" · "));
    ui.add_space(6.0);
}

fn section_block(
    ui: &mut egui::Ui,
    unit: &Unit,
    section: Section,
    state: &PageState<'_>,
    target: &mut Target<'_>,
    commands: &mut Vec<Command>,
) {
    let targeted = target.anchor.is_some_and(|a| a.section() == section);
    let salt = ("section", unit.id.as_str(), section.key());
    let mut header =
        egui::CollapsingHeader::new(RichText::new(section.title()).text_style(style::subheading()))
            .id_salt(salt)
            .default_open(section == Section::Overview);
    if targeted && target.scroll {
        header = header.open(Some(true));
    }
    let scrolling_here = targeted && target.scroll;
    let response = header.show(ui, |ui| {
        revised_toggle(ui, unit, section, state, commands);
        let mut item_target = Target {
            anchor: if targeted { target.anchor } else { None },
            scroll: scrolling_here,
            scrolled: false,
        };
        section_body(ui, unit, section, &mut item_target);
    });
    if scrolling_here {
        if response.openness >= 1.0 {
            // The section is fully open, so this frame's scroll went to the item's final place.
            target.scrolled = true;
        } else {
            ui.ctx().request_repaint();
        }
    }
}

fn revised_toggle(
    ui: &mut egui::Ui,
    unit: &Unit,
    section: Section,
    state: &PageState<'_>,
    commands: &mut Vec<Command>,
) {
    let key = (unit.id.clone(), section.key().to_owned());
    let revised_at = state.progress.get(&key).copied();
    let saving = state
        .saving
        .iter()
        .any(|(_, u, s)| *u == unit.id && *s == section);
    ui.horizontal(|ui| {
        let mut checked = revised_at.is_some();
        let enabled = state.store_available && !saving;
        let response = ui.add_enabled(
            enabled,
            egui::Checkbox::new(&mut checked, "I've revised this section"),
        );
        if response.changed() {
            commands.push(Command::SetSectionRevised {
                unit_id: unit.id.clone(),
                section,
                revised: checked,
            });
        }
        if saving {
            ui.spinner();
            ui.weak("saving…");
        } else if let Some(at) = revised_at {
            ui.weak(when(at));
        }
    });
}

fn when(at: i64) -> String {
    let days = (now_seconds() - at).max(0) / 86_400;
    match days {
        0 => "revised today".to_owned(),
        1 => "revised yesterday".to_owned(),
        n => format!("revised {n} days ago"),
    }
}

/// Draws one item, highlighted and scrolled to when it is the target.
fn item(
    ui: &mut egui::Ui,
    anchor: Anchor,
    target: &mut Target<'_>,
    add: impl FnOnce(&mut egui::Ui),
) {
    if target.anchor == Some(&anchor) {
        let response = egui::Frame::new()
            .fill(ui.visuals().selection.bg_fill.gamma_multiply(0.35))
            .stroke(ui.visuals().selection.stroke)
            .inner_margin(6.0)
            .corner_radius(4.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                add(ui);
            })
            .response;
        if target.scroll {
            response.scroll_to_me(Some(Align::Center));
        }
    } else {
        add(ui);
    }
}

fn bullet(ui: &mut egui::Ui, text: &str) {
    ui.horizontal_top(|ui| {
        ui.label("•");
        ui.add(egui::Label::new(text).wrap());
    });
}

fn section_body(ui: &mut egui::Ui, unit: &Unit, section: Section, target: &mut Target<'_>) {
    match section {
        Section::Overview => {
            item(ui, Anchor::Synopsis, target, |ui| {
                ui.label(&unit.synopsis);
            });
            if let Some(summary) = &unit.summary {
                item(ui, Anchor::Summary, target, |ui| {
                    ui.label(summary);
                });
            }
            if !unit.qualifications.is_empty() {
                ui.label(RichText::new("Qualifications").strong());
                for (i, q) in unit.qualifications.iter().enumerate() {
                    item(ui, Anchor::Qualification(i), target, |ui| bullet(ui, q));
                }
            }
            if !unit.overview.is_empty() {
                ui.label(RichText::new("Topic overview").strong());
            }
            for (i, p) in unit.overview.iter().enumerate() {
                item(ui, Anchor::Overview(i), target, |ui| {
                    ui.label(p);
                });
            }
            // The source document, when the header has not already named it (a unit without
            // an awarding body or level is labelled by its source).
            let header_names_source = unit.awarding_body.is_none() && unit.level.is_none();
            if let Some(source) = unit.source_in_plain_words()
                && !header_names_source
            {
                ui.small(format!("Source document: {source}"));
            }
        }
        Section::Outcomes => {
            for lo in &unit.learning_outcomes {
                item(ui, Anchor::Outcome(lo.number.clone()), target, |ui| {
                    ui.label(RichText::new(format!("LO{}  {}", lo.number, lo.text)).strong());
                });
                for c in &lo.criteria {
                    ui.indent(("criterion", &c.number), |ui| {
                        item(ui, Anchor::Criterion(c.number.clone()), target, |ui| {
                            ui.label(format!("{}  {}", c.number, c.text));
                        });
                        if !c.indicative_content.is_empty() {
                            ui.indent(("indicative", &c.number), |ui| {
                                ui.weak("Indicative content");
                                for (i, ic) in c.indicative_content.iter().enumerate() {
                                    item(
                                        ui,
                                        Anchor::Indicative(c.number.clone(), i),
                                        target,
                                        |ui| bullet(ui, ic),
                                    );
                                }
                            });
                        }
                    });
                }
                ui.add_space(6.0);
            }
        }
        Section::KeyConcepts => {
            for kc in &unit.key_concepts {
                item(ui, Anchor::Concept(kc.id.clone()), target, |ui| {
                    ui.label(RichText::new(&kc.term).strong());
                    ui.label(&kc.explanation);
                });
                ui.add_space(4.0);
            }
        }
        Section::Misconceptions => {
            for m in &unit.misconceptions {
                item(ui, Anchor::Misconception(m.id.clone()), target, |ui| {
                    ui.horizontal_top(|ui| {
                        ui.colored_label(ui.visuals().warn_fg_color, "✖");
                        ui.add(egui::Label::new(&m.text).wrap());
                    });
                    if let Some(c) = &m.correction {
                        ui.horizontal_top(|ui| {
                            ui.colored_label(egui::Color32::from_rgb(60, 160, 90), "✔");
                            ui.add(egui::Label::new(c).wrap());
                        });
                    }
                });
                ui.add_space(4.0);
            }
        }
        Section::MarkingPoints => {
            for mp in &unit.marking_points {
                item(ui, Anchor::MarkingPoint(mp.id.clone()), target, |ui| {
                    bullet(ui, &mp.text);
                    if !mp.criteria.is_empty() {
                        ui.small(format!("Criteria: {}", mp.criteria.join(", ")));
                    }
                });
            }
        }
        Section::Tips => {
            for (kind, heading) in [
                (TipKind::Exam, "Exam tips and revision strategies"),
                (TipKind::Guidance, "Assessment guidance"),
            ] {
                let tips: Vec<_> = unit.tips.iter().filter(|t| t.kind == kind).collect();
                if tips.is_empty() {
                    continue;
                }
                ui.label(RichText::new(heading).strong());
                for t in tips {
                    item(ui, Anchor::Tip(t.id.clone()), target, |ui| {
                        bullet(ui, &t.text)
                    });
                }
            }
        }
        Section::Requirements => {
            for (i, r) in unit.assessment_requirements.iter().enumerate() {
                item(ui, Anchor::Requirement(i), target, |ui| {
                    if r.criteria.is_empty() {
                        ui.label(&r.text);
                    } else {
                        ui.label(format!("AC {}: {}", r.criteria.join(", "), r.text));
                    }
                });
            }
            if !unit.evidence_methods.is_empty() {
                ui.label(RichText::new("Evidence methods").strong());
                for (i, e) in unit.evidence_methods.iter().enumerate() {
                    item(ui, Anchor::Evidence(i), target, |ui| bullet(ui, e));
                }
            }
        }
        Section::PriorKnowledge => {
            for (i, p) in unit.prior_knowledge.iter().enumerate() {
                item(ui, Anchor::Prior(i), target, |ui| bullet(ui, p));
            }
        }
    }
}
