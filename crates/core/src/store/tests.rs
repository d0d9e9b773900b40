use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use super::*;

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

#[test]
fn a_new_store_has_the_latest_schema_and_keeps_what_was_written() {
    let dir = temp();
    let (mut store, notice) = Store::open(dir.path()).unwrap();
    assert_eq!(notice, None);
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    store.set_section_revised("u1", "tips", true, 100).unwrap();
    store
        .set_section_revised("u1", "overview", true, 101)
        .unwrap();
    store
        .set_section_revised("u1", "overview", false, 102)
        .unwrap();
    drop(store);

    let (store, _) = Store::open(dir.path()).unwrap();
    let progress = store.section_progress().unwrap();
    assert_eq!(progress.len(), 1);
    assert_eq!(progress.get(&("u1".into(), "tips".into())), Some(&100));
}

#[test]
fn a_file_of_random_bytes_is_kept_aside_and_reported() {
    let dir = temp();
    let path = dir.path().join(STORE_FILE);
    let junk: Vec<u8> = (0..10_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&path, &junk).unwrap();

    let (store, notice) = Store::open(dir.path()).unwrap();
    let Some(OpenNotice::KeptAside { kept_at, reason }) = notice else {
        panic!("expected the file to be kept aside, got {notice:?}");
    };
    assert!(!reason.is_empty());
    assert_eq!(
        std::fs::read(&kept_at).unwrap(),
        junk,
        "the unreadable file is kept byte for byte"
    );
    assert!(
        kept_at
            .file_name()
            .unwrap()
            .to_string_lossy()
            .contains("corrupt")
    );
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    assert!(store.section_progress().unwrap().is_empty());
}

#[test]
fn a_truncated_store_is_kept_aside() {
    let dir = temp();
    {
        let (mut store, _) = Store::open(dir.path()).unwrap();
        for i in 0..200 {
            store
                .set_section_revised(&format!("unit-{i}"), "tips", true, i)
                .unwrap();
        }
        // Fold the WAL into the main file so that truncating it loses pages.
        store
            .conn
            .pragma_update(None, "wal_checkpoint", "TRUNCATE")
            .unwrap();
    }
    let path = dir.path().join(STORE_FILE);
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 4096);
    std::fs::write(&path, &bytes[..bytes.len() / 2 + 100]).unwrap();

    let (_, notice) = Store::open(dir.path()).unwrap();
    assert!(
        matches!(notice, Some(OpenNotice::KeptAside { .. })),
        "truncated file should be reported, got {notice:?}"
    );
}

#[test]
fn a_store_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = temp();
    drop(Store::open(dir.path()).unwrap());
    let path = dir.path().join(STORE_FILE);
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 5)
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = match Store::open(dir.path()) {
        Err(e) => e,
        Ok(_) => panic!("a newer store must not be opened"),
    };
    assert!(matches!(err, StoreError::NewerSchema { found, .. } if found == LATEST_VERSION + 5));
    assert!(err.to_string().contains("newer version of Rapport"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_data_folder_that_cannot_be_created_is_an_error_not_a_panic() {
    let dir = temp();
    // A folder cannot be created inside a regular file, whoever runs the test (root included).
    let file = dir.path().join("plain-file");
    std::fs::write(&file, b"x").unwrap();
    let err = Store::open(&file.join("data"))
        .err()
        .expect("no store inside a file");
    assert!(matches!(err, StoreError::Folder { .. }), "{err}");
    assert!(
        err.to_string().contains("plain-file"),
        "the message names the folder: {err}"
    );
}

const CHILD_ENV: &str = "RAPPORT_STORE_KILL_CHILD_DIR";

/// The child side of the kill test: write and acknowledge, one record at a time, until killed.
fn child_writer(dir: &Path) {
    use std::io::Write;
    let (mut store, _) = Store::open(dir).unwrap();
    let mut out = std::io::stdout().lock();
    for i in 0..1_000_000 {
        store
            .set_section_revised("unit", &format!("s{i}"), true, i)
            .unwrap();
        writeln!(out, "ack {i}").unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn acknowledged_writes_survive_sigkill() {
    if let Some(dir) = std::env::var_os(CHILD_ENV) {
        child_writer(Path::new(&dir));
        return;
    }
    let dir = temp();
    let exe = std::env::current_exe().unwrap();
    let mut child = Command::new(exe)
        .args([
            "--exact",
            "store::tests::acknowledged_writes_survive_sigkill",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut acked = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        if let Some(n) = line.strip_prefix("ack ") {
            acked.push(n.parse::<i64>().unwrap());
            if acked.len() == 40 {
                break;
            }
        }
    }
    child.kill().unwrap(); // SIGKILL on Unix: no destructors, no flush.
    child.wait().unwrap();
    assert_eq!(
        acked.len(),
        40,
        "the child should have acknowledged 40 writes"
    );

    let (store, notice) = Store::open(dir.path()).unwrap();
    assert_eq!(notice, None);
    let progress = store.section_progress().unwrap();
    for i in acked {
        assert!(
            progress.contains_key(&("unit".to_owned(), format!("s{i}"))),
            "acknowledged write {i} was lost"
        );
    }
}

#[test]
fn the_worker_reports_a_save_only_after_it_is_committed() {
    let dir = temp();
    let (store, _) = Store::open(dir.path()).unwrap();
    let mut client = worker::StoreClient::spawn(store, || {});
    let id = client.send(worker::Request::SetSectionRevised {
        unit_id: "u".into(),
        section: "tips".into(),
        revised: true,
    });
    let done = client.wait_idle();
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].id, id);
    assert!(matches!(done[0].outcome, worker::Outcome::Saved { .. }));
    // A second connection sees the committed row while the worker still holds its own.
    let other = Connection::open(dir.path().join(STORE_FILE)).unwrap();
    let n: i64 = other
        .query_row(
            "SELECT COUNT(*) FROM section_progress WHERE unit_id = 'u'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

mod practice {
    use super::super::practice::*;
    use super::*;

    fn attempt(key: &str, marker: &[(&str, bool)], misconceptions: &[&str]) -> AttemptRecord {
        let points: Vec<PointRecord> = marker
            .iter()
            .map(|(mp, earned)| PointRecord {
                point_id: format!("p-{mp}"),
                marking_point: (*mp).to_owned(),
                marker_earned: *earned,
                learner_earned: None,
                quote: earned.then(|| "a quote".to_owned()),
            })
            .collect();
        let score = points.iter().filter(|p| p.marker_earned).count() as u32;
        AttemptRecord {
            key: key.into(),
            scenario_id: "sc/1".into(),
            unit_id: "u".into(),
            criteria: vec!["1.1".into(), "2.2".into()],
            test_key: Some("t1".into()),
            answered_at: 0,
            score,
            max_score: points.len() as u32,
            answer: "my answer".into(),
            points,
            misconceptions: misconceptions.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn attempts_and_weak_spots_survive_reopening() {
        let dir = temp();
        let (mut store, _) = Store::open(dir.path()).unwrap();
        store
            .record_attempt(
                &attempt("a1", &[("mp/a", true), ("mp/b", false)], &["mis/x"]),
                10,
            )
            .unwrap();
        store
            .record_attempt(&attempt("a2", &[("mp/a", false), ("mp/b", false)], &[]), 20)
            .unwrap();
        drop(store);
        let (store, _) = Store::open(dir.path()).unwrap();
        let attempts = store.attempts().unwrap();
        assert_eq!(attempts.len(), 2);
        assert_eq!(attempts[0].key, "a1");
        assert_eq!(attempts[0].answered_at, 10);
        assert_eq!(attempts[0].criteria, ["1.1", "2.2"]);
        assert_eq!(attempts[0].points.len(), 2);
        assert_eq!(attempts[0].points[0].quote.as_deref(), Some("a quote"));
        let weak = store.weak_spots().unwrap();
        let find = |kind: WeakKind, id: &str| {
            weak.iter()
                .find(|w| w.kind == kind && w.item_id == id)
                .map(|w| (w.misses, w.last_missed_at))
        };
        assert_eq!(find(WeakKind::MarkingPoint, "mp/b"), Some((2, 20)));
        assert_eq!(find(WeakKind::MarkingPoint, "mp/a"), Some((1, 20)));
        assert_eq!(find(WeakKind::Misconception, "mis/x"), Some((1, 10)));
        assert_eq!(find(WeakKind::Scenario, "sc/1"), Some((2, 20)));
        assert_eq!(weak[0].item_id, "mp/b", "most missed first");
    }

    #[test]
    fn a_dispute_keeps_both_views_and_can_be_withdrawn() {
        let dir = temp();
        let (mut store, _) = Store::open(dir.path()).unwrap();
        store
            .record_attempt(&attempt("a1", &[("mp/a", false)], &[]), 10)
            .unwrap();
        store.dispute_point("a1", "p-mp/a", Some(true), 11).unwrap();
        let p = &store.attempts().unwrap()[0].points[0];
        assert!(!p.marker_earned);
        assert_eq!(p.learner_earned, Some(true));
        assert!(p.earned());
        store.dispute_point("a1", "p-mp/a", None, 12).unwrap();
        assert_eq!(store.attempts().unwrap()[0].points[0].learner_earned, None);
        assert!(
            store
                .dispute_point("nope", "p-mp/a", Some(true), 13)
                .is_err()
        );
        assert!(store.dispute_point("a1", "nope", Some(true), 13).is_err());
    }

    #[test]
    fn a_store_from_before_practice_is_migrated_in_place() {
        let dir = temp();
        let path = dir.path().join(STORE_FILE);
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(super::super::schema::MIGRATIONS[0])
                .unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.execute("INSERT INTO section_progress VALUES ('u', 'tips', 5)", [])
                .unwrap();
        }
        let (mut store, notice) = Store::open(dir.path()).unwrap();
        assert_eq!(notice, None);
        assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
        assert_eq!(store.section_progress().unwrap().len(), 1);
        store
            .record_attempt(&attempt("a1", &[("mp/a", true)], &[]), 10)
            .unwrap();
        assert!(store.weak_spots().unwrap().is_empty());
    }
}

/// Issue 15, item 8: a store whose schema version is 0, 3 or -5 while its tables exist said
/// "the data file could not be written: table ... already exists" and 30 lines of SQL.
#[test]
fn a_wrong_schema_version_is_explained_in_a_sentence_with_the_sql_in_a_log() {
    for version in [0, 3, -5] {
        let dir = tempfile::tempdir().unwrap();
        {
            let (mut store, _) = Store::open(dir.path()).unwrap();
            store.set_section_revised("u", "tips", true, 1).unwrap();
        }
        let path = dir.path().join(STORE_FILE);
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", version).unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let Err(err) = Store::open(dir.path()) else {
            panic!("version {version} opened");
        };
        let text = err.to_string();
        assert!(
            text.contains(&format!("data format {version}")) && text.contains("left as it is"),
            "{text}"
        );
        assert!(
            !text.contains("CREATE") && !text.contains("could not be written"),
            "{text}"
        );
        assert!(text.lines().count() == 1, "{text}");
        let log = std::fs::read_to_string(dir.path().join("rapport-errors.log")).unwrap();
        assert!(
            log.contains("already exists"),
            "the SQL detail is logged: {log}"
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "the file is untouched"
        );
    }
}

#[test]
fn the_whole_file_is_checked_only_after_a_close_that_was_not_clean() {
    let dir = temp();
    let (mut store, _) = Store::open(dir.path()).unwrap();
    assert!(store.checked_integrity(), "a first open has no clean close");
    store.set_section_revised("u1", "tips", true, 100).unwrap();
    drop(store);

    let (store, _) = Store::open(dir.path()).unwrap();
    assert!(!store.checked_integrity(), "closed cleanly and unchanged");
    // A session that ends without closing (a crash, a kill) leaves no marker behind.
    std::mem::forget(store);
    let (store, _) = Store::open(dir.path()).unwrap();
    assert!(store.checked_integrity(), "the last session did not close");
    assert_eq!(store.section_progress().unwrap().len(), 1);
    drop(store);
    let (store, _) = Store::open(dir.path()).unwrap();
    assert!(!store.checked_integrity());
}

#[test]
fn a_file_damaged_after_a_clean_close_is_still_checked_and_kept_aside() {
    let dir = temp();
    {
        let (mut store, _) = Store::open(dir.path()).unwrap();
        for i in 0..200 {
            store
                .set_section_revised(&format!("unit-{i}"), "tips", true, i)
                .unwrap();
        }
    }
    let path = dir.path().join(STORE_FILE);
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 8192, "the rows reached the main file");
    // Same length, a page of garbage (a disk error or a bad copy), written later.
    for (i, b) in bytes[4096..8192].iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(37) ^ 0xa5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(2);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(later)
        .unwrap();

    let (store, notice) = Store::open(dir.path()).unwrap();
    assert!(
        matches!(notice, Some(OpenNotice::KeptAside { .. })),
        "the damaged file should be kept aside, got {notice:?}"
    );
    assert!(store.section_progress().unwrap().is_empty());
}

/// Every file in `dir` with its bytes, to show that something changed none of them.
fn folder_contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_read_only_open_reads_without_changing_a_file_or_the_clean_marker() {
    let dir = temp();
    {
        let (mut store, _) = Store::open(dir.path()).unwrap();
        store.set_section_revised("u1", "tips", true, 100).unwrap();
    }
    let before = folder_contents(dir.path());
    assert!(
        before.iter().any(|(name, _)| name.ends_with(".clean")),
        "a clean close leaves its marker: {:?}",
        before.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    for _ in 0..2 {
        let store = Store::open_read_only(dir.path()).unwrap().expect("a store");
        assert!(!store.checked_integrity(), "the marker was there: no check");
        let progress = store.section_progress().unwrap();
        assert_eq!(progress.get(&("u1".into(), "tips".into())), Some(&100));
        drop(store);
        assert_eq!(folder_contents(dir.path()), before);
    }
    // The app's next open still finds the marker, so it skips the whole-file check too.
    let (store, _) = Store::open(dir.path()).unwrap();
    assert!(!store.checked_integrity());
}

#[test]
fn a_read_only_open_of_no_file_creates_nothing() {
    let dir = temp();
    let data = dir.path().join("data");
    assert!(Store::open_read_only(&data).unwrap().is_none());
    assert!(!data.exists());
}

#[test]
fn a_read_only_open_of_an_unreadable_file_is_a_clear_error_and_leaves_it_alone() {
    let dir = temp();
    let path = dir.path().join(STORE_FILE);
    let junk: Vec<u8> = (0..10_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&path, &junk).unwrap();
    let before = folder_contents(dir.path());
    let err = Store::open_read_only(dir.path())
        .err()
        .expect("junk is not a store");
    let text = err.to_string();
    assert!(
        text.contains(&path.display().to_string()) && text.contains("left as it is"),
        "{text}"
    );
    assert_eq!(
        folder_contents(dir.path()),
        before,
        "nothing moved or written"
    );
}

#[test]
fn a_read_only_open_checks_a_file_that_was_not_closed_cleanly() {
    let dir = temp();
    {
        let (mut store, _) = Store::open(dir.path()).unwrap();
        store.set_section_revised("u1", "tips", true, 100).unwrap();
    }
    let path = dir.path().join(STORE_FILE);
    let mut marker = path.as_os_str().to_owned();
    marker.push(".clean");
    std::fs::remove_file(PathBuf::from(marker)).unwrap();
    let store = Store::open_read_only(dir.path()).unwrap().expect("a store");
    assert!(store.checked_integrity());
    assert_eq!(store.section_progress().unwrap().len(), 1);
}
