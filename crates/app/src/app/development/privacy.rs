//! "Your data": where it is kept, an export of everything held, and deleting all of it after a
//! confirmation (UK GDPR rights of access and erasure).

use crate::app::development::state::DevState;

pub fn show(ui: &mut egui::Ui, dev: &mut DevState) {
    egui::CollapsingHeader::new("Your data")
        .id_salt("your_data")
        .show(ui, |ui| {
            ui.label(format!(
                "Your ratings, plans, reviews and revision progress are kept only on this computer, \
                 in {}. Nothing is sent anywhere.",
                dev.data_dir.display()
            ));
            export_folder(ui, dev);
            ui.horizontal(|ui| {
                if ui
                    .button("Export everything held about me")
                    .on_hover_text("Writes every record Rapport keeps, as JSON, to the folder above")
                    .clicked()
                {
                    dev.export_everything();
                }
                if ui.button("Delete all my data…").clicked() {
                    dev.confirm_delete_all = true;
                }
            });
        });
}

/// The folder exports are written to, editable.
pub fn export_folder(ui: &mut egui::Ui, dev: &mut DevState) {
    crate::app::shell::path_field::path_field(
        ui,
        "export_folder",
        "Save exports in",
        "Folder for exports",
        &mut dev.export_folder,
        crate::app::shell::path_field::Pick::Folder,
        "/path/to/a/folder",
    );
}

/// The confirmations that float above every page: delete everything, replace a file.
pub fn modals(ctx: &egui::Context, dev: &mut DevState) {
    if dev.confirm_delete_all {
        let modal = egui::Modal::new(egui::Id::unique("confirm_delete_all")).show(ctx, |ui| {
            ui.heading("Delete all your data?");
            ui.label(
                "This deletes every self-assessment, plan entry, review and your revision \
                 progress from this computer. It cannot be undone. Export first if you want a copy.",
            );
            ui.horizontal(|ui| {
                if ui.button("Delete everything").clicked() {
                    dev.delete_everything();
                }
                if ui.button("Cancel").clicked() {
                    dev.confirm_delete_all = false;
                }
            });
        });
        if modal.should_close() {
            dev.confirm_delete_all = false;
        }
    }
    if let Some(pending) = &dev.overwrite {
        let path = pending.path().display().to_string();
        let modal = egui::Modal::new(egui::Id::unique("confirm_overwrite")).show(ctx, |ui| {
            ui.heading("Replace the existing file?");
            ui.label(format!("{path} already exists."));
            let mut choice = None;
            ui.horizontal(|ui| {
                if ui.button("Replace it").clicked() {
                    choice = Some(true);
                }
                if ui.button("Keep the existing file").clicked() {
                    choice = Some(false);
                }
            });
            choice
        });
        match modal.inner {
            Some(true) => dev.confirm_overwrite(),
            Some(false) => dev.overwrite = None,
            None if modal.should_close() => dev.overwrite = None,
            None => {}
        }
    }
}
