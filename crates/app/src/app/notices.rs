//! Messages the learner must see: a data file kept aside, content that did not load, a failed save.

use super::command::{Command, Page};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    Warning,
    Error,
    ContentProblems,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub text: String,
}

impl Notice {
    pub fn warning(text: impl Into<String>) -> Self {
        Self {
            kind: NoticeKind::Warning,
            text: text.into(),
        }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Self {
            kind: NoticeKind::Error,
            text: text.into(),
        }
    }

    pub fn content_problems(count: usize) -> Self {
        let s = if count == 1 { "" } else { "s" };
        Self {
            kind: NoticeKind::ContentProblems,
            text: format!(
                "{count} problem{s} in the loaded content. The units that are valid are open as usual."
            ),
        }
    }
}

pub fn show(ui: &mut egui::Ui, notices: &[Notice], commands: &mut Vec<Command>) {
    for (i, notice) in notices.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            let color = match notice.kind {
                NoticeKind::Error => ui.visuals().error_fg_color,
                NoticeKind::Warning | NoticeKind::ContentProblems => ui.visuals().warn_fg_color,
            };
            ui.colored_label(color, "⚠");
            ui.label(&notice.text);
            if notice.kind == NoticeKind::ContentProblems && ui.button("Show problems").clicked() {
                commands.push(Command::Navigate(Page::Problems));
            }
            if ui.small_button("Dismiss").clicked() {
                commands.push(Command::DismissNotice(i));
            }
        });
    }
}
