//! The window's icon and application id, so the taskbar and window switcher show Rapport's icon
//! and match the window to the installed desktop entry (`rapport.desktop`).

use std::sync::{Arc, OnceLock};

/// The application id: the Wayland app id and the X11 window class, the same as the desktop
/// entry's name (`rapport.desktop`) and its `StartupWMClass`.
pub const APP_ID: &str = "rapport";

/// The icon as drawn from `assets/icon/rapport.svg` by `assets/icon/make-icons.sh`, the same
/// PNG the packages install in the icon theme.
const ICON_PNG: &[u8] = include_bytes!("../../../assets/icon/hicolor/256x256/apps/rapport.png");

/// The window icon, decoded once from the PNG built into the binary. `None` (the platform's
/// default icon) if it cannot be decoded, which a test rules out. The same `Arc` every time, so
/// a viewport built every frame (the drill's presenter view) is not sent its icon again.
pub fn icon() -> Option<Arc<egui::IconData>> {
    static ICON: OnceLock<Option<Arc<egui::IconData>>> = OnceLock::new();
    ICON.get_or_init(|| {
        eframe::icon_data::from_png_bytes(ICON_PNG)
            .ok()
            .map(Arc::new)
    })
    .clone()
}

/// `builder` with Rapport's application id and, when it decodes, its icon.
pub fn identify(builder: egui::ViewportBuilder) -> egui::ViewportBuilder {
    let builder = builder.with_app_id(APP_ID);
    match icon() {
        Some(icon) => builder.with_icon(icon),
        None => builder,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_built_in_icon_decodes_to_a_square_picture_with_transparent_corners() {
        let icon = super::icon().expect("the icon decodes");
        assert_eq!((icon.width, icon.height), (256, 256));
        assert_eq!(icon.rgba.len(), 256 * 256 * 4);
        let alpha = |x: usize, y: usize| icon.rgba[(y * 256 + x) * 4 + 3];
        // Rounded tile: the corners are transparent, the middle is opaque.
        assert_eq!(alpha(0, 0), 0);
        assert_eq!(alpha(255, 255), 0);
        assert_eq!(alpha(128, 128), 255);
        // Decoded once: the same icon each time.
        assert!(std::sync::Arc::ptr_eq(&icon, &super::icon().unwrap()));
    }
}
