//! A page's scroll area that keeps the keyboard focus in view. egui moves focus with Tab but
//! does not scroll to it, so a learner tabbing down a long page would lose sight of where they
//! are.

/// A vertical scroll area filling the page, scrolled so a widget that just took the keyboard
/// focus is visible.
pub fn page<R>(
    ui: &mut egui::Ui,
    id_salt: impl egui::AsIdSalt,
    add_contents: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    egui::ScrollArea::vertical()
        .id_salt(id_salt)
        .auto_shrink(false)
        .show(ui, |ui| {
            follow_focus(ui);
            add_contents(ui)
        })
        .inner
}

/// Asks this scroll area to show the widget that took the keyboard focus since the last frame,
/// when that widget is one of its own (same layer, and last frame it was drawn within this
/// area's columns). Each focus change is followed once, so scrolling away from a focused field
/// with the wheel is not undone. egui hands focus on with Tab in the middle of a frame, so the
/// change is seen on the next one, with last frame's rectangle, which is where the widget is.
pub fn follow_focus(ui: &egui::Ui) {
    let ctx = ui.ctx();
    let key = ui.scope_id().with("followed focus");
    let focused = ctx.memory(|m| m.focused());
    let followed = ctx.data(|d| d.get_temp::<Option<egui::Id>>(key)).flatten();
    if focused == followed {
        return;
    }
    ctx.data_mut(|d| d.insert_temp(key, focused));
    let Some(widget) = focused.and_then(|id| ctx.read_response(id)) else {
        return;
    };
    let area = ui.clip_rect();
    if widget.layer_id == ui.layer_id()
        && widget.rect.x_range().intersects(area.x_range())
        && !area.contains_rect(widget.rect)
    {
        ui.scroll_to_rect(widget.rect.expand(8.0), None);
    }
}
