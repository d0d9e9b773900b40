//! A tutor's pack stays inside its folder: figure paths that climb out (`..`), absolute paths,
//! symbolic links (to a file or a folder) and non-images are refused with a message naming the
//! file and line; nothing in a pack is run; and a good figure shows on the unit page.

use std::path::Path;

use egui_kittest::kittest::Queryable;
use rapport::content::{Problem, check_folder, load_with_folders};

use crate::common;

const PNG: &[u8] = include_bytes!("../../../../content/figures/grow.png");

/// A unit with one figure whose file is `file`.
fn unit_with_figure(file: &str) -> String {
    format!(
        r#"Unit(
    id: "tutor-figures",
    title: "A unit with a figure",
    synopsis: "Written by a tutor for a class.",
    figures: [
        Figure(
            id: "tutor-figures/fig/one",
            file: "{file}",
            caption: "A diagram.",
            alt: "Four boxes in a row.",
        ),
    ],
)"#
    )
}

/// A pack folder inside `base/pack` with the unit, and a valid PNG outside it at `base/outside.png`.
fn pack_in(base: &Path, figure: &str) -> std::path::PathBuf {
    let pack = base.join("pack");
    std::fs::create_dir_all(pack.join("units")).unwrap();
    std::fs::write(pack.join("units/u.ron"), unit_with_figure(figure)).unwrap();
    std::fs::write(base.join("outside.png"), PNG).unwrap();
    pack
}

/// The one problem loading the pack gives, checked to point into the unit's file.
fn refused(pack: &Path) -> Problem {
    let loaded = check_folder(pack);
    assert_eq!(
        loaded.problems.len(),
        1,
        "expected one problem: {:#?}",
        loaded.problems
    );
    let unit = loaded
        .pack
        .unit("tutor-figures")
        .expect("the unit itself still loads");
    assert!(unit.unit.figures.is_empty(), "the figure is left out");
    assert!(unit.images.is_empty());
    let problem = loaded.problems.into_iter().next().unwrap();
    assert!(problem.file.ends_with("u.ron"), "{problem}");
    assert!(problem.line.is_some(), "the message has a line: {problem}");
    problem
}

#[test]
fn a_path_that_climbs_out_of_the_pack_is_refused() {
    let base = tempfile::tempdir().unwrap();
    for path in ["../outside.png", "figures/../../outside.png"] {
        let pack = pack_in(base.path(), path);
        let p = refused(&pack);
        assert!(p.message.contains("`..` is not allowed"), "{p}");
    }
}

#[test]
fn an_absolute_path_is_refused() {
    let base = tempfile::tempdir().unwrap();
    let outside = base.path().join("outside.png");
    let pack = pack_in(base.path(), &outside.display().to_string());
    let p = refused(&pack);
    assert!(p.message.contains("relative to the pack folder"), "{p}");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_to_a_file_or_folder_outside_is_refused() {
    let base = tempfile::tempdir().unwrap();
    let pack = pack_in(base.path(), "figures/link.png");
    std::fs::create_dir_all(pack.join("figures")).unwrap();
    std::os::unix::fs::symlink(
        base.path().join("outside.png"),
        pack.join("figures/link.png"),
    )
    .unwrap();
    let p = refused(&pack);
    assert!(p.message.contains("symbolic link"), "{p}");

    // A folder on the way that is a link out of the pack.
    let base = tempfile::tempdir().unwrap();
    let pack = pack_in(base.path(), "elsewhere/outside.png");
    std::os::unix::fs::symlink(base.path(), pack.join("elsewhere")).unwrap();
    let loaded = check_folder(&pack);
    let unit = loaded.pack.unit("tutor-figures").unwrap();
    assert!(unit.images.is_empty(), "the figure is left out");
    let messages: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("u.ron:") && m.contains("outside the pack folder")),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("elsewhere") && m.contains("symbolic link")),
        "the linked folder is reported too: {messages:#?}"
    );
}

#[cfg(unix)]
#[test]
fn a_linked_content_file_is_reported_and_not_read() {
    let base = tempfile::tempdir().unwrap();
    let pack = base.path().join("pack");
    std::fs::create_dir_all(pack.join("units")).unwrap();
    std::fs::write(base.path().join("secret.ron"), unit_with_figure("x.png")).unwrap();
    std::os::unix::fs::symlink(
        base.path().join("secret.ron"),
        pack.join("units/linked.ron"),
    )
    .unwrap();
    let loaded = check_folder(&pack);
    assert!(loaded.pack.unit("tutor-figures").is_none(), "not read");
    assert!(
        loaded
            .problems
            .iter()
            .any(|p| p.file.ends_with("linked.ron") && p.message.contains("symbolic link")),
        "{:#?}",
        loaded.problems
    );
}

#[test]
fn a_file_that_is_not_an_image_is_refused() {
    let base = tempfile::tempdir().unwrap();
    let pack = pack_in(base.path(), "figures/run.png");
    std::fs::create_dir_all(pack.join("figures")).unwrap();
    std::fs::write(pack.join("figures/run.png"), "#!/bin/sh\necho hi\n").unwrap();
    let p = refused(&pack);
    assert!(p.message.contains("not a PNG or JPEG"), "{p}");

    let pack = pack_in(base.path(), "figures/tool.exe");
    let p = refused(&pack);
    assert!(p.message.contains("only PNG and JPEG"), "{p}");
}

#[cfg(unix)]
#[test]
fn nothing_in_a_pack_is_run() {
    use std::os::unix::fs::PermissionsExt;
    let base = tempfile::tempdir().unwrap();
    let marker = base.path().join("ran");
    let pack = pack_in(base.path(), "figures/grow.png");
    std::fs::create_dir_all(pack.join("figures")).unwrap();
    std::fs::write(pack.join("figures/grow.png"), PNG).unwrap();
    // Scripts that would leave a mark if anything ran them, under every name a loader might
    // be tempted to run.
    let script = format!("#!/bin/sh\ntouch '{}'\n", marker.display());
    for name in [
        "build.rs",
        "install.sh",
        "pack.sh",
        "units/setup.sh",
        "figures/grow.sh",
    ] {
        let path = pack.join(name);
        std::fs::write(&path, &script).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let loaded = check_folder(&pack);
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let data = tempfile::tempdir().unwrap();
    let app = common::harness_with(std::slice::from_ref(&pack), data.path());
    drop(app);
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("check")
        .arg(&pack)
        .status()
        .unwrap();
    assert!(status.success());
    assert!(!marker.exists(), "a script in the pack was run");
}

#[test]
fn a_figure_inside_the_pack_shows_on_the_unit_page() {
    let base = tempfile::tempdir().unwrap();
    let pack = pack_in(base.path(), "./figures/grow.png");
    std::fs::create_dir_all(pack.join("figures")).unwrap();
    std::fs::write(pack.join("figures/grow.png"), PNG).unwrap();
    let loaded = load_with_folders(std::slice::from_ref(&pack));
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let unit = loaded.pack.unit("tutor-figures").unwrap();
    assert_eq!(unit.images.len(), 1);
    assert_eq!(&*unit.images[0], PNG);

    let data = tempfile::tempdir().unwrap();
    let mut app = common::harness_with(&[pack], data.path());
    app.get_by_label("A unit with a figure").click();
    app.run();
    app.get_by_label("Figures (1)");
    app.get_by_label("A diagram.");
}

#[test]
fn the_built_in_grow_figure_loads() {
    let loaded = rapport::content::load_builtin();
    let unit = loaded.pack.unit("proqual-l3-mc-relationship").unwrap();
    assert_eq!(unit.unit.figures.len(), 1);
    assert_eq!(&*unit.images[0], PNG);
}
