//! The saved window state (`window.ron`: eframe's window size and egui's memory beside the
//! app's own preferences), checked before eframe reads it. eframe trusts the file: a `NaN` zoom
//! or window size in it panicked on every start. A file that is not sound is kept aside and the
//! defaults are used, with a notice; the app never fails to start because of it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::app::{MAX_ZOOM, MIN_ZOOM, PREFS_KEY, UiPrefs};

/// Checks the window file at `path`; if it cannot be used, moves it aside (or, failing that,
/// removes it) and returns the sentence to tell the learner. `None` if it is fine or absent.
pub fn check(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    let problem = match String::from_utf8(bytes) {
        Ok(text) => problem(&text)?,
        Err(_) => "it is not text".to_owned(),
    };
    let kept = aside(path);
    let fate = match std::fs::rename(path, &kept) {
        Ok(()) => format!("the old file was kept at {}", kept.display()),
        Err(e) => match std::fs::remove_file(path) {
            Ok(()) => format!("the old file could not be kept ({e}) and was removed"),
            Err(e) => format!("the old file could not be moved or removed ({e})"),
        },
    };
    Some(format!(
        "The saved window layout and preferences could not be used ({problem}), so the defaults \
         are used; {fate}."
    ))
}

fn aside(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".bad-{}", crate::store::now_seconds()));
    PathBuf::from(name)
}

/// What is wrong with the file's text, or `None`.
pub fn problem(text: &str) -> Option<String> {
    let entries: HashMap<String, String> = match ron::from_str(text) {
        Ok(entries) => entries,
        Err(e) => return Some(format!("it cannot be read: {e}")),
    };
    let mut keys: Vec<&String> = entries.keys().collect();
    keys.sort();
    for key in keys {
        let mut value: ron::Value = match ron::from_str(&entries[key]) {
            Ok(value) => value,
            Err(e) => return Some(format!("`{key}` cannot be read: {e}")),
        };
        // The kept drill setup holds counts and a shuffle number, not sizes: a shuffle number
        // may well be above the largest window. `DrillSetup::check` judges it when it is used.
        if key == PREFS_KEY
            && let ron::Value::Map(map) = &mut value
        {
            map.remove(&ron::Value::String("drill".into()));
        }
        // egui's own memory may hold infinities on purpose; never a NaN.
        let strict = key != "egui";
        if let Some(bad) = not_finite(&value, strict) {
            return Some(format!("`{key}` holds the number {bad}"));
        }
    }
    if let Some(text) = entries.get(PREFS_KEY) {
        let prefs: UiPrefs = match ron::from_str(text) {
            Ok(prefs) => prefs,
            Err(e) => return Some(format!("the preferences cannot be read: {e}")),
        };
        if let Some(bad) = prefs_problem(&prefs) {
            return Some(bad);
        }
    }
    None
}

/// What is wrong with restored preferences, or `None`.
pub fn prefs_problem(prefs: &UiPrefs) -> Option<String> {
    (!(MIN_ZOOM..=MAX_ZOOM).contains(&prefs.zoom)).then(|| {
        format!(
            "the zoom is {}; it must be from {MIN_ZOOM} to {MAX_ZOOM}",
            prefs.zoom
        )
    })
}

/// The first number in `value` that is NaN or, if `strict`, infinite or so large no window
/// could have it.
fn not_finite(value: &ron::Value, strict: bool) -> Option<f64> {
    let check = |v: &ron::Value| not_finite(v, strict);
    match value {
        ron::Value::Number(n) => {
            let f = n.into_f64();
            (f.is_nan() || (strict && (!f.is_finite() || f.abs() > 1e7))).then_some(f)
        }
        ron::Value::Seq(items) => items.iter().find_map(check),
        ron::Value::Map(map) => map.iter().find_map(|(k, v)| check(k).or_else(|| check(v))),
        ron::Value::Option(Some(v)) => check(v),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(entries: &[(&str, &str)]) -> String {
        let map: HashMap<String, String> = entries
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        ron::to_string(&map).unwrap()
    }

    /// Issue 15, item 6: `zoom: NaN` in window.ron panicked on every start (exit 101).
    #[test]
    fn a_nan_zoom_or_window_size_resets_the_file_with_a_notice() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("window.ron");
        for bad in [
            file(&[(PREFS_KEY, "(page: Units, theme: Dark, zoom: NaN)")]),
            file(&[(PREFS_KEY, "(zoom: 40.0)")]),
            file(&[(
                "window",
                "(inner_size_points: Some((x: inf, y: 800.0)), fullscreen: false)",
            )]),
            file(&[("egui", "(areas: {\"a\": (pos: (x: NaN, y: 0.0))})")]),
            "not ron at all".to_owned(),
        ] {
            std::fs::write(&path, &bad).unwrap();
            let notice = check(&path).unwrap_or_else(|| panic!("accepted {bad}"));
            assert!(notice.contains("defaults are used"), "{notice}");
            assert!(!path.exists(), "the bad file is not read by eframe");
            let kept: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            assert_eq!(kept.len(), 1);
            assert_eq!(
                std::fs::read_to_string(&kept[0]).unwrap(),
                bad,
                "kept as it was"
            );
            std::fs::remove_file(&kept[0]).unwrap();
        }
        let good = file(&[
            (PREFS_KEY, "(page: Units, theme: Dark, zoom: 1.25)"),
            ("window", "(inner_size_points: Some((x: 1200.0, y: 800.0)))"),
        ]);
        std::fs::write(&path, &good).unwrap();
        assert_eq!(check(&path), None);
        assert!(path.exists());
        assert_eq!(check(&dir.path().join("absent.ron")), None);
    }

    /// The drill setup is kept with the interface state, its shuffle number included, so a
    /// handout and an answer key exported in different sessions agree. A shuffle number is
    /// not a window size: a large one must not make the file look broken.
    #[test]
    fn the_drill_setup_and_its_shuffle_are_kept_between_runs() {
        let prefs = UiPrefs {
            drill: crate::drill::DrillSetup {
                name: "Tuesday group".into(),
                units: vec!["unit-2".into()],
                count: 7,
                teams: vec!["Owls".into(), "Larks".into()],
                seed: 987_654_321,
                ..Default::default()
            },
            ..UiPrefs::default()
        };
        let text = file(&[(PREFS_KEY, &ron::to_string(&prefs).unwrap())]);
        assert_eq!(problem(&text), None);
        let entries: HashMap<String, String> = ron::from_str(&text).unwrap();
        let back: UiPrefs = ron::from_str(&entries[PREFS_KEY]).unwrap();
        assert_eq!(back, prefs);
        // A window file written before the drill was kept reads as the default setup.
        let old: UiPrefs = ron::from_str("(page: Units, theme: Dark, zoom: 1.0)").unwrap();
        assert_eq!(old.drill, crate::drill::DrillSetup::default());
        // Sizes elsewhere in the preferences are still checked.
        let huge = file(&[(PREFS_KEY, "(zoom: 1.0, size: 1e9, drill: (seed: 5))")]);
        assert!(problem(&huge).is_some());
    }
}
