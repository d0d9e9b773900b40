//! Messages the learner must see: a data file kept aside, content that did not load, a failed save.

use super::command::{Command, Page};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// Something done that the user should know of (a file written after leaving its page).
    Info,
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

    pub fn info(text: impl Into<String>) -> Self {
        Self {
            kind: NoticeKind::Info,
            text: text.into(),
        }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Self {
            kind: NoticeKind::Error,
            text: text.into(),
        }
    }

    /// The content's problems: `errors` that kept something from loading, `warnings` about gaps
    /// in what loaded (which block nothing).
    pub fn content_problems(errors: usize, warnings: usize) -> Self {
        let s = |n: usize| if n == 1 { "" } else { "s" };
        let text = match (errors, warnings) {
            (0, w) => format!(
                "{w} warning{} about the loaded content: gaps for a tutor to fix. Everything \
                 loaded.",
                s(w)
            ),
            (e, 0) => format!(
                "{e} problem{} in the loaded content. The units that are valid are open as usual.",
                s(e)
            ),
            (e, w) => format!(
                "{e} problem{} and {w} warning{} in the loaded content. The units that are valid \
                 are open as usual.",
                s(e),
                s(w)
            ),
        };
        Self {
            kind: NoticeKind::ContentProblems,
            text,
        }
    }
}

pub fn show(ui: &mut egui::Ui, notices: &[Notice], commands: &mut Vec<Command>) {
    for (i, notice) in notices.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            let color = match notice.kind {
                NoticeKind::Info => ui.visuals().text_color(),
                NoticeKind::Error => ui.visuals().error_fg_color,
                NoticeKind::Warning | NoticeKind::ContentProblems => ui.visuals().warn_fg_color,
            };
            ui.colored_label(
                color,
                if notice.kind == NoticeKind::Info {
                    "✔"
                } else {
                    "⚠"
                },
            );
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
