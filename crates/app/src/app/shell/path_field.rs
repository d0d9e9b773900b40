//! A file or folder path: typed, or chosen in a file dialog drawn inside the window.
//!
//! The dialog is `egui_file`'s: an egui window, so it needs no system library (GTK) nor an
//! xdg-desktop-portal over D-Bus, which `rfd` would (and a desktop without a portal would get no
//! dialog at all); it is keyboard-usable like every egui widget, follows the app's theme, and
//! adds one small dependency (`dyn-clone`) to the build. Only choosing a path happens here:
//! reading and writing the file stay on the background worker. The dialog lists a folder when it
//! opens or moves to another one, never every frame.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use egui_file::{FileDialog, State};

/// What the field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// An existing file to read, with the extensions offered (lower case, no dot).
    Open(&'static [&'static str]),
    /// A file to write.
    Save,
    /// A folder to write into.
    Folder,
}

/// The open dialog of a field, kept in egui's memory under the field's id.
type Shared = Arc<Mutex<FileDialog>>;

/// The label, the path's text field and a "Choose…" button that opens the dialog (titled
/// `title`), on one row. Returns true on the frame the dialog sets the path. `id_salt` must be
/// unique on the page.
pub fn path_field(
    ui: &mut egui::Ui,
    id_salt: &str,
    label: &str,
    title: &str,
    path: &mut String,
    pick: Pick,
    hint: &str,
) -> bool {
    let id = ui.make_persistent_id(("path_field", id_salt));
    ui.horizontal(|ui| {
        let l = ui.label(label);
        // The field takes what the row leaves after the button, up to 420 points, so the button
        // stays inside a narrow window.
        let button_width = 110.0;
        let width = (ui.available_width() - button_width).clamp(120.0, 420.0);
        ui.add(
            egui::TextEdit::singleline(path)
                .id_salt(id_salt)
                .hint_text(hint)
                .desired_width(width),
        )
        .labelled_by(l.id);
        if ui
            .button("Choose…")
            .on_hover_text(match pick {
                Pick::Open(_) => "Pick the file in a file dialog",
                Pick::Save => "Pick where to save, in a file dialog",
                Pick::Folder => "Pick the folder in a file dialog",
            })
            .clicked()
        {
            let dialog = open_dialog(path, pick, title);
            ui.data_mut(|d| d.insert_temp::<Shared>(id, Arc::new(Mutex::new(dialog))));
        }
    });
    let Some(dialog) = ui.data(|d| d.get_temp::<Shared>(id)) else {
        return false;
    };
    let mut dialog = dialog.lock().unwrap_or_else(|e| e.into_inner());
    let state = dialog.show(ui.ctx()).state();
    match state {
        State::Open => false,
        State::Selected => {
            let chosen = dialog.path().map(Path::to_path_buf);
            drop(dialog);
            ui.data_mut(|d| d.remove::<Shared>(id));
            match chosen {
                Some(p) => {
                    *path = p.display().to_string();
                    true
                }
                None => false,
            }
        }
        State::Closed | State::Cancelled => {
            drop(dialog);
            ui.data_mut(|d| d.remove::<Shared>(id));
            false
        }
    }
}

/// A dialog starting where the typed path points (its folder, or the home folder).
fn open_dialog(typed: &str, pick: Pick, title: &str) -> FileDialog {
    let typed = PathBuf::from(typed.trim());
    // The folder to list: the typed one, or the typed file's folder, or home.
    let folder = [Some(typed.as_path()), typed.parent()]
        .into_iter()
        .flatten()
        .find(|p| !p.as_os_str().is_empty() && p.is_dir())
        .map_or_else(home, Path::to_path_buf);
    let mut dialog = match pick {
        Pick::Open(exts) => FileDialog::open_file()
            .initial_path(folder)
            .show_files_filter(Box::new(move |p: &Path| {
                p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| exts.iter().any(|x| x.eq_ignore_ascii_case(e)))
            })),
        Pick::Save => {
            let name = typed
                .file_name()
                .filter(|_| !typed.is_dir())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            FileDialog::save_file()
                .initial_path(folder)
                .default_filename(name)
        }
        Pick::Folder => FileDialog::select_folder().initial_path(folder),
    }
    .title(title)
    .show_rename(false)
    .default_size(egui::vec2(560.0, 380.0))
    .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO);
    dialog.open();
    dialog
}

fn home() -> PathBuf {
    directories::UserDirs::new()
        .map(|d| d.home_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("."))
}
