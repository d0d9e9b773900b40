//! Files a pack refers to besides its RON files: the images of a unit's figures.
//!
//! A tutor's pack may only use files inside its own folder. A path is checked as written (no
//! `..`, nothing absolute, `/` between folders) and again once resolved (no symbolic link on the
//! way out of the folder), and only images are read. Nothing in a pack is ever run.

use std::path::{Component, Path};
use std::sync::Arc;

use super::source::{Origin, embedded_file};

/// An image larger than this on disk is refused.
pub const MAX_IMAGE_BYTES: u64 = 8 * 1024 * 1024;
/// Neither side of an image may be longer than this, so that decoding it cannot take all the
/// memory (a small file can claim to be a huge picture).
pub const MAX_IMAGE_SIDE: u32 = 8192;
/// Most pixels one figure may have (4096×4096): it is decoded whole once, at load (64 MB).
pub const MAX_FIGURE_PIXELS: u64 = 4096 * 4096;
/// Most pixels all the figures of one pack may have together. Sixteen valid 8192×8192 PNGs of
/// 255 KB each took the unit page past 10 GB.
pub const MAX_PACK_PIXELS: u64 = 4 * MAX_FIGURE_PIXELS;
/// Figures are kept at most this many pixels a side: the page shows them at most 640 points
/// wide, so this is sharp up to twice that scale. A larger image is scaled down at load.
pub const DISPLAY_SIDE: u32 = 1280;

/// What the path of a figure must look like, before anything is read.
pub fn check_asset_path(path: &str) -> Result<(), String> {
    let fail = |why: &str| Err(format!("figure file `{path}`: {why}"));
    if path.trim().is_empty() {
        return fail("the path is empty");
    }
    if path.contains('\0') {
        return fail("the path contains a NUL character");
    }
    if path.contains('\\') {
        return fail("use / between folders, e.g. figures/grow.png");
    }
    if path.starts_with('/') || Path::new(path).is_absolute() || has_drive_prefix(path) {
        return fail("the path must be relative to the pack folder, e.g. figures/grow.png");
    }
    for component in Path::new(path).components() {
        match component {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => {
                return fail("`..` is not allowed: a pack may only use files inside its folder");
            }
            Component::RootDir | Component::Prefix(_) => {
                return fail("the path must be relative to the pack folder");
            }
        }
    }
    let lower = path.to_ascii_lowercase();
    if ![".png", ".jpg", ".jpeg"]
        .iter()
        .any(|ext| lower.ends_with(ext))
    {
        return fail("only PNG and JPEG images can be used (.png, .jpg, .jpeg)");
    }
    Ok(())
}

/// `C:...`: a Windows drive, absolute or not, is outside the pack either way.
fn has_drive_prefix(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':'
}

/// Reads the figure image at `path` of the pack at `origin`, after checking the path and that
/// the file really is inside the pack and is an image of a sensible size. `pixels_left` is what
/// remains of the pack's budget of decoded pixels: a figure that would go past it is refused
/// before it is decoded, and one that fits is taken from it.
///
/// The image is decoded whole, so a truncated or damaged file is refused here (by `check` as
/// by the app) rather than failing on the page; one larger than [`DISPLAY_SIDE`] is kept
/// scaled down (as a PNG), so the page never holds more than it shows.
pub fn read_image(origin: &Origin, path: &str, pixels_left: &mut u64) -> Result<Arc<[u8]>, String> {
    check_asset_path(path)?;
    let bytes = match origin {
        Origin::BuiltIn => embedded_file(path)
            .ok_or_else(|| format!("figure file `{path}` is not in the built-in pack"))?
            .to_vec(),
        Origin::Folder(root) => read_inside(root, path)?,
    };
    let (width, height) = image_size(&bytes).map_err(|e| format!("figure file `{path}`: {e}"))?;
    if width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
        return Err(format!(
            "figure file `{path}` is {width}×{height} pixels; images are limited to \
             {MAX_IMAGE_SIDE} pixels a side"
        ));
    }
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_FIGURE_PIXELS {
        return Err(format!(
            "figure file `{path}` is {width}×{height} pixels ({:.1} million); a figure may have \
             at most {:.1} million pixels (scale it down, e.g. to 2000 pixels wide)",
            pixels as f64 / 1e6,
            MAX_FIGURE_PIXELS as f64 / 1e6
        ));
    }
    if pixels > *pixels_left {
        return Err(format!(
            "figure file `{path}` ({width}×{height} pixels) would take the pack's figures past \
             {:.0} million pixels in all; it was not loaded (scale the figures down)",
            MAX_PACK_PIXELS as f64 / 1e6
        ));
    }
    let shown = decode_for_display(&bytes, width, height)
        .map_err(|e| format!("figure file `{path}`: the image cannot be read: {e}"))?;
    *pixels_left -= pixels;
    Ok(shown.unwrap_or(bytes).into())
}

/// Decodes the whole image (so damage anywhere is found) and, if it is larger than
/// [`DISPLAY_SIDE`], returns it scaled down and encoded as PNG; `None` keeps the file as it is.
fn decode_for_display(bytes: &[u8], width: u32, height: u32) -> Result<Option<Vec<u8>>, String> {
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_FIGURE_PIXELS * 8);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| e.to_string())?;
    if width <= DISPLAY_SIDE && height <= DISPLAY_SIDE {
        return Ok(None);
    }
    let small = image.thumbnail(DISPLAY_SIDE, DISPLAY_SIDE);
    drop(image);
    let mut out = Vec::new();
    small
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    Ok(Some(out))
}

fn read_inside(root: &Path, path: &str) -> Result<Vec<u8>, String> {
    let full = root.join(path);
    let meta = std::fs::symlink_metadata(&full)
        .map_err(|e| format!("figure file `{path}` cannot be read: {e}"))?;
    if meta.file_type().is_symlink() {
        return Err(format!(
            "figure file `{path}` is a symbolic link; copy the image into the pack instead"
        ));
    }
    if !meta.is_file() {
        return Err(format!("figure file `{path}` is not a file"));
    }
    if meta.len() > MAX_IMAGE_BYTES {
        return Err(format!(
            "figure file `{path}` is {} bytes; images are limited to {MAX_IMAGE_BYTES} bytes",
            meta.len()
        ));
    }
    // A folder on the way may itself be a link to somewhere else.
    let inside = match (root.canonicalize(), full.canonicalize()) {
        (Ok(root), Ok(file)) => file.starts_with(root),
        _ => false,
    };
    if !inside {
        return Err(format!(
            "figure file `{path}` resolves to a place outside the pack folder"
        ));
    }
    super::source::read_limited(&full, MAX_IMAGE_BYTES)
        .map_err(|e| format!("figure file `{path}`: {e}"))
}

/// The width and height an image file declares, read from its header only.
fn image_size(bytes: &[u8]) -> Result<(u32, u32), String> {
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    match reader.format() {
        Some(image::ImageFormat::Png | image::ImageFormat::Jpeg) => {}
        _ => return Err("the file is not a PNG or JPEG image".into()),
    }
    reader
        .into_dimensions()
        .map_err(|e| format!("the image cannot be read: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_pack_are_refused() {
        for bad in [
            "../secret.png",
            "figures/../../secret.png",
            "/etc/passwd.png",
            "C:/Windows/a.png",
            "c:a.png",
            "figures\\grow.png",
            "",
            "figures/run.sh",
            "figures/grow.svg",
        ] {
            assert!(check_asset_path(bad).is_err(), "{bad:?} should be refused");
        }
        for good in ["grow.png", "figures/grow.PNG", "./figures/kolb.jpeg"] {
            assert_eq!(check_asset_path(good), Ok(()), "{good}");
        }
    }

    #[test]
    fn messages_say_what_is_wrong() {
        let e = check_asset_path("../x.png").unwrap_err();
        assert!(e.contains("..") && e.contains("inside its folder"), "{e}");
        let e = check_asset_path("x.exe").unwrap_err();
        assert!(e.contains("PNG and JPEG"), "{e}");
    }
}
