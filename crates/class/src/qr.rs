//! The join address as a QR code: a square of dark and light modules, drawn by the app as
//! rectangles (no image is made).

/// A QR code's modules, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Qr {
    pub width: usize,
    pub dark: Vec<bool>,
}

impl Qr {
    /// The code for `text` (an address), or `None` when it is too long for a QR code.
    pub fn new(text: &str) -> Option<Qr> {
        let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M).ok()?;
        let width = code.width();
        let dark = code
            .to_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect();
        Some(Qr { width, dark })
    }

    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && self.dark.get(y * self.width + x).copied().unwrap_or(false)
    }

    /// The code as text for a terminal: two rows of modules per line in half blocks, with the
    /// quiet zone around it (light on dark terminals too: the light modules are printed).
    pub fn to_text(&self) -> String {
        let w = self.width as isize;
        let dark = |x: isize, y: isize| {
            x >= 0 && y >= 0 && x < w && y < w && self.is_dark(x as usize, y as usize)
        };
        let mut out = String::new();
        let mut y = -2;
        while y < w + 2 {
            for x in -2..w + 2 {
                out.push(match (dark(x, y), dark(x, y + 1)) {
                    (false, false) => '█',
                    (false, true) => '▀',
                    (true, false) => '▄',
                    (true, true) => ' ',
                });
            }
            out.push('\n');
            y += 2;
        }
        out
    }
}
