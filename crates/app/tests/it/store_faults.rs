//! A data file or folder in a bad state: the learner gets a clear message, a damaged file is
//! kept aside (never deleted), the app still opens, and nothing saved before is lost.
//!
//! The full-disk and read-only cases need a real small or read-only file system. Each runs in a
//! child process inside its own user and mount namespace (`unshare`, from util-linux), where
//! it mounts a tiny tmpfs, so no root rights or changes to the machine are needed.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use egui_kittest::kittest::Queryable;
use rapport::app::Startup;
use rapport::flashcards::schedule::{Clock, Grade, Scheduler, Settings};
use rapport::store::worker::{Outcome, Request, StoreClient};
use rapport::store::{LATEST_VERSION, STORE_FILE, Store};

const MODE_ENV: &str = "RAPPORT_FAULT_CHILD";
const DIR_ENV: &str = "RAPPORT_FAULT_DIR";

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A store holding one revised section, closed cleanly.
fn store_with_progress(data: &Path) {
    let (mut store, _) = Store::open(data).unwrap();
    store.set_section_revised("u", "tips", true, 1).unwrap();
}

/// Opens the app on `data` and returns the texts of its notices.
fn app_notices(data: &Path) -> (common::App, Vec<String>) {
    let app = common::harness(data);
    let notices = app
        .state()
        .notices()
        .iter()
        .map(|n| n.text.clone())
        .collect();
    (app, notices)
}

/// The app is usable: its navigation is there and a unit opens.
fn assert_app_works(app: &mut common::App) {
    app.get_by_label("Personal Development for Coaches and Mentors")
        .click();
    app.run();
    app.get_by_label_contains("Key concepts");
}

#[test]
fn a_file_of_random_bytes_is_kept_aside_and_the_app_opens() {
    let data = tempfile::tempdir().unwrap();
    let junk: Vec<u8> = (0..50_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 7) as u8)
        .collect();
    std::fs::write(data.path().join(STORE_FILE), &junk).unwrap();

    let (mut app, notices) = app_notices(data.path());
    let notice = notices
        .iter()
        .find(|n| n.contains("could not be read") && n.contains("kept at"))
        .unwrap_or_else(|| panic!("no kept-aside notice in {notices:?}"));
    let kept: Vec<String> = files_in(data.path())
        .into_iter()
        .filter(|n| n.contains(".corrupt-"))
        .collect();
    assert_eq!(kept.len(), 1, "one copy kept aside: {kept:?}");
    assert!(notice.contains(&kept[0]), "the notice names the copy");
    assert_eq!(
        std::fs::read(data.path().join(&kept[0])).unwrap(),
        junk,
        "kept byte for byte"
    );
    app.get_by_label_contains("kept at");
    assert_app_works(&mut app);
}

#[test]
fn a_truncated_store_is_kept_aside_and_the_app_opens() {
    let data = tempfile::tempdir().unwrap();
    {
        let (mut store, _) = Store::open(data.path()).unwrap();
        for i in 0..300 {
            store
                .set_section_revised(&format!("unit-{i}"), "tips", true, i)
                .unwrap();
        }
        store.checkpoint().unwrap();
    }
    let path = data.path().join(STORE_FILE);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 3]).unwrap();

    let (mut app, notices) = app_notices(data.path());
    assert!(notices.iter().any(|n| n.contains("kept at")), "{notices:?}");
    assert!(
        files_in(data.path())
            .iter()
            .any(|n| n.contains(".corrupt-")),
        "the truncated file is kept"
    );
    assert_app_works(&mut app);
}

#[test]
fn a_store_from_a_newer_version_is_left_untouched_and_the_app_opens() {
    let data = tempfile::tempdir().unwrap();
    store_with_progress(data.path());
    let path = data.path().join(STORE_FILE);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 3)
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();

    let (mut app, notices) = app_notices(data.path());
    assert!(
        notices
            .iter()
            .any(|n| n.contains("newer version of Rapport") && n.contains("cannot be saved")),
        "{notices:?}"
    );
    assert_app_works(&mut app);
    drop(app);
    assert_eq!(std::fs::read(&path).unwrap(), before, "left as it was");
    assert!(
        !files_in(data.path())
            .iter()
            .any(|n| n.contains(".corrupt-")),
        "a newer file is not 'corrupt' and is not moved"
    );
}

#[test]
fn a_folder_where_the_data_file_should_be_is_reported_and_the_app_opens() {
    let data = tempfile::tempdir().unwrap();
    std::fs::create_dir(data.path().join(STORE_FILE)).unwrap();
    let (mut app, notices) = app_notices(data.path());
    assert!(
        notices.iter().any(|n| n.contains("cannot be saved")),
        "{notices:?}"
    );
    assert_app_works(&mut app);
    assert!(data.path().join(STORE_FILE).is_dir(), "nothing was removed");
}

/// Runs this test binary's `test` in a new user and mount namespace with `mode` set.
fn run_in_namespace(test: &str, mode: &str) {
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let output = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "--"])
        .arg(exe)
        // Tests are named by their module in the one test binary.
        .args([
            "--exact",
            &format!("{}::{test}", module_path!().trim_start_matches("it::")),
            "--nocapture",
            "--test-threads=1",
        ])
        .env(MODE_ENV, mode)
        .env(DIR_ENV, dir.path())
        .output()
        .unwrap_or_else(|e| panic!("cannot run `unshare` (util-linux) for the {mode} test: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains(&format!("{mode}: all checks passed")),
        "the {mode} child failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
}

/// Mounts a tmpfs of `size` at `dir` (inside the child's own mount namespace).
fn mount_tmpfs(dir: &Path, size: &str) {
    let status = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(dir)
        .status()
        .expect("mount runs");
    assert!(status.success(), "mounting a tmpfs at {}", dir.display());
}

fn child_dir() -> Option<(String, PathBuf)> {
    Some((
        std::env::var(MODE_ENV).ok()?,
        PathBuf::from(std::env::var_os(DIR_ENV)?),
    ))
}

fn grade_request(n: i64, scheduler: &Scheduler, clock: &Clock) -> Request {
    let (state, entry) = scheduler.grade(
        None,
        &format!("fault:card:{n}"),
        Grade::Good,
        clock,
        1_000 + n,
        2000,
    );
    Request::SaveGrade { state, entry }
}

#[test]
fn a_full_disk_refuses_the_write_clearly_and_keeps_everything_saved_before() {
    let Some((mode, dir)) = child_dir() else {
        run_in_namespace(
            "a_full_disk_refuses_the_write_clearly_and_keeps_everything_saved_before",
            "full-disk",
        );
        return;
    };
    assert_eq!(mode, "full-disk");
    mount_tmpfs(&dir, "2m");
    let data = dir.join("data");
    let (store, _) = Store::open(&data).unwrap();
    let mut client = StoreClient::spawn(store, || {});
    let clock = Clock::local_now(4);
    let scheduler = Scheduler::new(Settings::default()).0;

    // Fill the rest of the disk with another file, as a full disk would be.
    let filler = dir.join("filler");
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&filler).unwrap();
        let chunk = vec![7u8; 4096];
        while f.write_all(&chunk).is_ok() {}
    }
    let mut saved = Vec::new();
    let mut failure = None;
    for n in 0..20_000 {
        client.send(grade_request(n, &scheduler, &clock));
        let done = client.wait_idle().pop().unwrap();
        match done.outcome {
            Outcome::Saved { .. } => saved.push(1_000 + n),
            Outcome::Failed(reason) => {
                failure = Some((1_000 + n, reason));
                break;
            }
        }
    }
    let (failed_id, reason) = failure.expect("a write fails once the disk is full");
    assert!(
        reason.contains("disk is full") && reason.contains("free some space"),
        "the learner is told what to do: {reason}"
    );

    // Space is freed: saving works again, on the same store thread.
    std::fs::remove_file(&filler).unwrap();
    client.send(grade_request(failed_id - 1_000, &scheduler, &clock));
    let done = client.wait_idle().pop().unwrap();
    assert!(
        matches!(done.outcome, Outcome::Saved { .. }),
        "after space is freed the same action saves: {:?}",
        done.outcome
    );
    saved.push(failed_id);
    drop(client);

    let (store, notice) = Store::open(&data).unwrap();
    assert_eq!(notice, None, "the store is whole after a full disk");
    let log: Vec<i64> = store.review_log().unwrap().iter().map(|r| r.id).collect();
    assert_eq!(log.len(), saved.len(), "nothing more, nothing less");
    for id in &saved {
        assert!(log.contains(id), "saved grade {id} is missing");
    }
    println!(
        "full-disk: all checks passed ({} grades saved before the disk filled)",
        saved.len() - 1
    );
}

#[test]
fn a_read_only_data_folder_is_reported_left_untouched_and_the_app_opens() {
    let Some((mode, dir)) = child_dir() else {
        run_in_namespace(
            "a_read_only_data_folder_is_reported_left_untouched_and_the_app_opens",
            "read-only",
        );
        return;
    };
    assert_eq!(mode, "read-only");
    mount_tmpfs(&dir, "4m");
    let data = dir.join("data");
    store_with_progress(&data);
    let status = Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(&dir)
        .status()
        .unwrap();
    assert!(status.success(), "remounting read-only");
    let before = files_in(&data);
    let bytes = std::fs::read(data.join(STORE_FILE)).unwrap();

    let startup = Startup::prepare(&[], &data);
    assert!(startup.store.is_none(), "no store to write to");
    let mut app = common::launch(startup);
    let notices: Vec<String> = app
        .state()
        .notices()
        .iter()
        .map(|n| n.text.clone())
        .collect();
    assert!(
        notices
            .iter()
            .any(|n| n.contains("cannot be saved") && n.contains("read-only")),
        "{notices:?}"
    );
    assert_app_works(&mut app);
    drop(app);
    assert_eq!(files_in(&data), before, "no file added, moved or removed");
    assert_eq!(std::fs::read(data.join(STORE_FILE)).unwrap(), bytes);
    println!("read-only: all checks passed");
}
