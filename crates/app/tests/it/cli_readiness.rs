//! `rapport readiness` on the command line.

use std::process::Command;

use rapport::practice::{AttemptRecord, PointRecord};
use rapport::store::Store;

fn readiness(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
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
