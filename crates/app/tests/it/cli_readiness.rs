//! `rapport readiness` on the command line.

use std::process::Command;

use rapport::practice::{AttemptRecord, PointRecord};
use rapport::store::Store;

fn readiness(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    // The content cache goes to a folder of the test's own.
    let cache = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_rapport"))
        .env("XDG_CACHE_HOME", cache.path())
        .arg("--data-dir")
        .arg(data)
        .arg("readiness")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn with_no_history_readiness_says_not_enough_evidence_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = readiness(&data, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let units = json["units"].as_array().unwrap();
    assert!(units.len() >= 5);
    for u in units {
        assert!(u["readiness"].is_null(), "{u}");
        assert_eq!(u["confidence"], "not_enough_evidence");
        assert_eq!(u["confidence_label"], "not enough evidence yet");
    }
    assert!(!data.exists(), "a read-only command made the data folder");
    // An empty data folder: the same, and it stays empty.
    std::fs::create_dir_all(&data).unwrap();
    let out = readiness(&data, &[]);
    assert!(out.status.success());
    let again: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for u in again["units"].as_array().unwrap() {
        assert_eq!(u["confidence_label"], "not enough evidence yet");
    }
    assert_eq!(std::fs::read_dir(&data).unwrap().count(), 0);
}

#[test]
fn answers_give_a_figure_with_parts_and_next_actions_and_an_exam_date_a_plan() {
    let dir = tempfile::tempdir().unwrap();
    let unit = "proqual-l3-mc-relationship";
    let scenarios: Vec<_> = rapport::content::load_builtin()
        .pack
        .scenarios
        .into_iter()
        .filter(|s| s.scenario.unit == unit)
        .collect();
    {
        let (mut store, _) = Store::open(dir.path()).unwrap();
        let now = rapport::store::now_seconds();
        let attempts: Vec<AttemptRecord> = scenarios
            .iter()
            .take(6)
            .enumerate()
            .map(|(i, s)| AttemptRecord {
                key: format!("a{i}"),
                scenario_id: s.scenario.id.clone(),
                unit_id: unit.into(),
                criteria: s.scenario.criteria.clone(),
                test_key: None,
                answered_at: now - 3600 * (i as i64 + 1),
                score: u32::from(i % 2 == 0),
                max_score: 1,
                answer: String::new(),
                points: s
                    .scenario
                    .marking_points
                    .iter()
                    .map(|m| PointRecord {
                        point_id: m.clone(),
                        marking_point: m.clone(),
                        marker_earned: i % 2 == 0,
                        learner_earned: None,
                        quote: None,
                    })
                    .collect(),
                misconceptions: Vec::new(),
            })
            .collect();
        store.record_attempts(&attempts).unwrap();
    }
    let date = (chrono::Local::now().date_naive() + chrono::Days::new(30)).to_string();
    let out = readiness(dir.path(), &["--unit", unit, "--exam-date", &date]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let units = json["units"].as_array().unwrap();
    assert_eq!(units.len(), 1);
    let u = &units[0];
    let r = u["readiness"].as_i64().unwrap();
    assert!((1..100).contains(&r), "{r}");
    assert_eq!(u["exam_date"], date.as_str());
    assert!(u["plan"]["days_left"].as_i64().unwrap() >= 29);
    let c = &u["criteria"][0];
    for key in ["readiness", "parts", "next", "points", "confidence"] {
        assert!(c.get(key).is_some(), "criterion has no {key}: {c}");
    }
    let p = &u["points"][0];
    assert!(p["parts"]["scenario_marks"].is_number() || p["readiness"].is_null());
    assert!(p["next"]["kind"].is_string(), "{p}");
}

#[test]
fn an_exam_date_in_the_past_or_unreadable_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let past = readiness(dir.path(), &["--exam-date", "2001-01-01"]);
    assert_eq!(past.status.code(), Some(2));
    let err = String::from_utf8_lossy(&past.stderr);
    assert!(err.contains("in the past"), "{err}");
    let bad = readiness(dir.path(), &["--exam-date", "31/02/2027"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("YYYY-MM-DD"));
    let unknown = readiness(dir.path(), &["--unit", "no-such-unit"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no unit has the id"));
}

/// A small synthetic pack and history at a fixed time, so that the report is the same on every
/// run and machine.
const GOLDEN_SIZE: rapport::synthetic::Size = rapport::synthetic::Size {
    units: 6,
    cards: 900,
    scenarios: 90,
    reviews: 6_000,
    answers: 400,
};
/// 2027-01-15 09:20 UTC.
const GOLDEN_NOW: i64 = 1_800_000_000;
const GOLDEN_FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/readiness/golden.json");

fn golden_setup(
    dir: &std::path::Path,
) -> (rapport::content::Pack, rapport::flashcards::schedule::Clock) {
    use rapport::synthetic;
    let clock = rapport::flashcards::schedule::Clock {
        now: GOLDEN_NOW,
        utc_offset: 0,
        day_starts_at_hour: 4,
    };
    let content = dir.join("content");
    synthetic::write_pack(&content, &synthetic::generate(&GOLDEN_SIZE)).unwrap();
    let loaded = rapport::content::load_with_folders(&[content]);
    assert_eq!(loaded.errors().count(), 0, "{:?}", loaded.errors().next());
    synthetic::write_store(&dir.join("data"), &loaded.pack, &GOLDEN_SIZE, &clock).unwrap();
    (loaded.pack, clock)
}

/// The report on a fixed pack and history is exactly what it was before readiness was made
/// faster (`tests/readiness/golden.json`, written by the code as it was then). A change that
/// means to change the figures rewrites it with `RAPPORT_BLESS_READINESS=1` and says why.
#[test]
fn the_report_on_a_fixed_pack_and_history_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let (pack, clock) = golden_setup(dir.path());
    let mut data = rapport::cli::ReadinessData::read(&dir.path().join("data")).unwrap();
    assert!(!data.states.is_empty() && !data.attempts.is_empty());
    // Two units with an exam date, so that their plans are compared too.
    for (u, days) in pack.units.iter().rev().take(2).zip([20, 45]) {
        let date = chrono::DateTime::from_timestamp(GOLDEN_NOW + days * 86_400, 0)
            .unwrap()
            .date_naive();
        data.exam_dates.insert(u.unit.id.clone(), date);
    }
    let printed = rapport::cli::readiness_text(&pack, &data, &clock, None);
    // As printed, with the new line after it; the file holds it without.
    let text = printed.strip_suffix('\n').expect("a new line at the end");
    let json: serde_json::Value = serde_json::from_str(text).unwrap();
    // Its keys are in alphabetical order, as `serde_json::Value` (which sorts them) printed
    // them before: the printed structs declare their fields in that order.
    assert_keys_sorted(text);
    let unsorted = "{\n  \"b\": 1,\n  \"a\": [\n    \"z\",\n    \"y\"\n  ]\n}";
    assert!(std::panic::catch_unwind(|| assert_keys_sorted(unsorted)).is_err());
    // The same from the links as the content cache keeps them.
    let links = rapport::readiness::Links::build(&pack, &rapport::flashcards::all_cards(&pack));
    let kept: rapport::readiness::Links =
        serde_json::from_str(&serde_json::to_string(&links).unwrap()).unwrap();
    assert!(kept.is_consistent());
    let mut from_cache = Vec::new();
    rapport::cli::write_readiness(&mut from_cache, &kept, &data, &clock, None).unwrap();
    assert!(
        from_cache == printed.as_bytes(),
        "the cached links give another report"
    );
    if std::env::var_os("RAPPORT_BLESS_READINESS").is_some() {
        std::fs::create_dir_all(std::path::Path::new(GOLDEN_FILE).parent().unwrap()).unwrap();
        std::fs::write(GOLDEN_FILE, text).unwrap();
    }
    let golden = std::fs::read_to_string(GOLDEN_FILE).expect("tests/readiness/golden.json");
    assert!(
        json["units"].as_array().unwrap().len() > GOLDEN_SIZE.units,
        "the built-in units are in the report too"
    );
    assert!(
        json["units"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["plan"].is_object())
    );
    if text != golden {
        let at = text
            .lines()
            .zip(golden.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "the report changed; first at line {}: now {:?}, was {:?}",
            at + 1,
            text.lines().nth(at),
            golden.lines().nth(at)
        );
    }
    // Each unit alone is the same as in the whole report.
    for u in json["units"].as_array().unwrap().iter().step_by(3) {
        let id = u["unit"].as_str().unwrap();
        let one: serde_json::Value = serde_json::from_str(&rapport::cli::readiness_text(
            &pack,
            &data,
            &clock,
            Some(id),
        ))
        .unwrap();
        assert_eq!(one["units"].as_array().unwrap().len(), 1);
        assert_eq!(&one["units"][0], u, "{id} alone");
    }
}

/// Sets the time of every file under `dir` an hour back, as for content that has not changed
/// for a while (a file changed in the last seconds is not cached).
fn settle(dir: &std::path::Path) {
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            settle(&path);
        } else {
            std::fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(hour_ago)
                .unwrap();
        }
    }
}

/// Each unit's id, confidence and number of points: what stays the same between two runs a
/// moment apart (recall fades, so the figures' last digits do not).
fn shape(out: &std::process::Output) -> Vec<(String, String, usize)> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["unit"].as_str().unwrap().to_owned(),
                u["confidence"].as_str().unwrap().to_owned(),
                u["points"].as_array().unwrap().len(),
            )
        })
        .collect()
}

#[test]
fn the_content_cache_gives_the_same_report_and_a_changed_file_is_loaded_again() {
    let dir = tempfile::tempdir().unwrap();
    golden_setup(dir.path());
    let content = dir.path().join("content");
    let cache = dir.path().join("cache");
    settle(&content);
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_rapport"))
            .env("XDG_CACHE_HOME", &cache)
            .arg("--content")
            .arg(&content)
            .arg("--data-dir")
            .arg(dir.path().join("data"))
            .arg("readiness")
            .args(args)
            .output()
            .unwrap()
    };
    let first = run(&[]);
    let cached: Vec<_> = std::fs::read_dir(cache.join("rapport"))
        .expect("a cache folder")
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(cached.len(), 1, "{cached:?}");
    let second = run(&[]);
    assert_eq!(shape(&second), shape(&first));
    assert!(shape(&first).len() > GOLDEN_SIZE.units);
    assert_eq!(first.stderr, second.stderr);
    // --unit from the cache.
    let unit = &shape(&first)[0].0;
    let one = run(&["--unit", unit]);
    assert_eq!(shape(&one), vec![shape(&first)[0].clone()]);

    // A unit file broken (its size changes): loaded again, and the error reported every time.
    let unit_file = std::fs::read_dir(content.join("units"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .min()
        .unwrap();
    let mut text = std::fs::read_to_string(&unit_file).unwrap();
    text.push_str("\n)))");
    std::fs::write(&unit_file, text).unwrap();
    let name = unit_file
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    for _ in 0..2 {
        let broken = run(&[]);
        let err = String::from_utf8_lossy(&broken.stderr);
        assert!(err.contains("warning:") && err.contains(&name), "{err}");
        assert_eq!(shape(&broken).len(), shape(&first).len() - 1);
    }
}

#[test]
fn a_data_file_that_cannot_be_read_is_a_clear_error_and_is_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(rapport::store::STORE_FILE);
    let junk: Vec<u8> = (0..20_000u32).map(|i| (i * 7 + 3) as u8).collect();
    std::fs::write(&file, &junk).unwrap();
    let out = readiness(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&file.display().to_string()) && err.contains("left as it is"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read(&file).unwrap(), junk);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "nothing moved aside or added: {names:?}");
}

/// Every object's keys in `pretty` (pretty-printed JSON) are in ascending order.
fn assert_keys_sorted(pretty: &str) {
    // Per open object, its last key; `None` for an open array.
    let mut open: Vec<Option<String>> = vec![None];
    for (n, line) in pretty.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('}') || t.starts_with(']') {
            open.pop();
            continue;
        }
        if let Some(Some(last)) = open.last_mut()
            && let Some(rest) = t.strip_prefix('"')
            && let Some(end) = rest.find("\": ")
        {
            let key = &rest[..end];
            assert!(
                key > last.as_str(),
                "line {}: key `{key}` after `{last}`: a printed struct's fields are no longer in \
                 alphabetical order",
                n + 1
            );
            *last = key.to_owned();
        }
        if t.ends_with('{') {
            open.push(Some(String::new()));
        } else if t.ends_with('[') {
            open.push(None);
        }
    }
}
