//! Fuzzing the content loader and `rapport check`: arbitrary bytes, arbitrary RON built from the
//! schema's own names, and real pack files mutated at random, in every place a pack file can
//! go. The loader must never panic or hang, must name the file in every message, and must keep
//! its memory bounded on hostile inputs (deep nesting, huge strings, a 50 MB file, a pack of
//! many large files, a file with tens of thousands of errors).
//!
//! The random part runs for `RAPPORT_FUZZ_SECONDS` (20 by default, the short run CI does). The
//! long run, ten minutes, optimised:
//!
//!     RAPPORT_FUZZ_SECONDS=600 cargo test --release --test fuzz_content -- --nocapture
//!
//! A failure prints the seed; `RAPPORT_FUZZ_SEED=<seed>` replays the same inputs.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use rapport::content::load::check_files_with;
use rapport::content::source::{SourceFile, embedded_files};
use rapport::content::{Loaded, load_builtin};

/// Where a fuzzed file may be put in a pack.
const PLACES: &[&str] = &[
    "units/fuzz.ron",
    "cards/fuzz.ron",
    "scenarios/fuzz.ron",
    "frameworks/fuzz.ron",
    "pack.ron",
];

const STRUCT_NAMES: &[&str] = &[
    "Unit",
    "LearningOutcome",
    "Criterion",
    "KeyConcept",
    "Misconception",
    "MarkingPoint",
    "Tip",
    "Requirement",
    "Figure",
    "Deck",
    "Card",
    "Scenario",
    "Choice",
    "MatchPair",
    "ClassifyItem",
    "RubricPoint",
    "SingleBest",
    "MultipleAnswers",
    "OrderStages",
    "MatchTerms",
    "Classify",
    "Written",
    "Framework",
    "Competency",
    "Behaviour",
    "Scale",
    "ScalePoint",
    "PackManifest",
    "Some",
];

const FIELD_NAMES: &[&str] = &[
    "id",
    "title",
    "synopsis",
    "summary",
    "overview",
    "level",
    "awarding_body",
    "qualifications",
    "learning_outcomes",
    "criteria",
    "number",
    "text",
    "indicative_content",
    "key_concepts",
    "term",
    "explanation",
    "misconceptions",
    "correction",
    "marking_points",
    "tips",
    "kind",
    "figures",
    "file",
    "caption",
    "alt",
    "unit",
    "section",
    "topic",
    "cards",
    "front",
    "back",
    "cloze",
    "tags",
    "setting",
    "situation",
    "prompt",
    "question",
    "options",
    "correct",
    "misconception",
    "stages",
    "pairs",
    "categories",
    "items",
    "category",
    "model_answer",
    "rubric",
    "ideas",
    "max_mark",
    "must_have",
    "synonyms",
    "name",
    "competencies",
    "behaviours",
    "scale",
    "points",
    "value",
];

/// RON-like text: schema names, nested values, odd strings and numbers.
fn ron_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| format!("{f:?}")),
        "\\PC{0,24}".prop_map(|s| format!("{s:?}")),
        ".{0,12}".prop_map(|s| format!("\"{s}\"")),
        any::<char>().prop_map(|c| format!("{c:?}")),
        Just("true".to_owned()),
        Just("None".to_owned()),
        Just("()".to_owned()),
        Just("r#\"raw \" text\"#".to_owned()),
        Just("\"{{c1::cloze::hint}} and {{c2::\"".to_owned()),
        proptest::sample::select(STRUCT_NAMES).prop_map(str::to_owned),
        "[A-Za-z_][A-Za-z0-9_]{0,10}",
    ];
    leaf.prop_recursive(6, 96, 8, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(", "))),
            (
                proptest::sample::select(STRUCT_NAMES),
                vec((proptest::sample::select(FIELD_NAMES), inner.clone()), 0..8)
            )
                .prop_map(|(name, fields)| {
                    let body: Vec<String> =
                        fields.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                    format!("{name}({})", body.join(", "))
                }),
            vec(inner.clone(), 1..4).prop_map(|v| format!("({})", v.join(", "))),
            vec((inner.clone(), inner), 0..4).prop_map(|kv| {
                let body: Vec<String> = kv.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                format!("{{{}}}", body.join(", "))
            }),
        ]
    })
}

/// A change to a real file's bytes.
#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Delete(usize, usize),
    Duplicate(usize, usize),
    Insert(usize, String),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let token = prop_oneof![
        proptest::sample::select(vec![
            "(", ")", "[", "]", "{", "}", ",", ":", "\"", "Some(", "None", "r#\"", "\"#", "//",
            "/*", "\\u{", "\\", "{{c1::", "}}", "-1", "1e999", "\u{feff}", "\u{0}", "é",
        ])
        .prop_map(str::to_owned),
        proptest::sample::select(FIELD_NAMES).prop_map(|f| format!("{f}: ")),
        ron_value(),
    ];
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), 0usize..200).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<usize>(), 0usize..400).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
        (any::<usize>(), token).prop_map(|(i, t)| Mutation::Insert(i, t)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
    match m {
        Mutation::Flip(i, b) if !bytes.is_empty() => {
            let i = i % bytes.len();
            bytes[i] = *b;
        }
        Mutation::Flip(..) => {}
        Mutation::Delete(i, n) => {
            let start = at(*i, bytes.len());
            let end = (start + n).min(bytes.len());
            bytes.drain(start..end);
        }
        Mutation::Duplicate(i, n) => {
            let start = at(*i, bytes.len());
            let end = (start + n).min(bytes.len());
            let piece = bytes[start..end].to_vec();
            bytes.splice(end..end, piece);
        }
        Mutation::Insert(i, t) => {
            let i = at(*i, bytes.len());
            bytes.splice(i..i, t.bytes());
        }
        Mutation::Truncate(i) => {
            let i = at(*i, bytes.len());
            bytes.truncate(i);
        }
    }
}

/// A fuzzed pack: (place in the pack, bytes) for each file.
type FuzzPack = Vec<(String, Vec<u8>)>;

/// A hostile case: what it is, how to write it into a folder, what the output must say.
type Hostile = (&'static str, Box<dyn Fn(&Path)>, &'static str);

/// One fuzzed pack.
fn fuzz_pack(real: Vec<SourceFile>) -> impl Strategy<Value = FuzzPack> {
    let place = proptest::sample::select(PLACES).prop_map(str::to_owned);
    let one = prop_oneof![
        // Arbitrary bytes.
        (place.clone(), vec(any::<u8>(), 0..2048)),
        // Arbitrary RON.
        (place.clone(), ron_value().prop_map(String::into_bytes)),
        // A real file, mutated, in its own place or another.
        (
            proptest::sample::select(real),
            vec(mutation(), 1..8),
            proptest::option::of(place),
        )
            .prop_map(|(file, mutations, elsewhere)| {
                let mut bytes = file.bytes.clone();
                for m in &mutations {
                    apply(&mut bytes, m);
                }
                (elsewhere.unwrap_or(file.relative), bytes)
            }),
    ];
    vec(one, 1..4)
}

/// Checks one pack: no panic (the runner catches it), and every message names a file.
fn check_pack(builtin: &Loaded, files: &[(String, Vec<u8>)]) -> Result<(), TestCaseError> {
    let folder = Path::new("fuzz-pack");
    let sources: Vec<SourceFile> = files
        .iter()
        .enumerate()
        .map(|(i, (relative, bytes))| {
            // Two files may land on the same place; keep both, as a folder could not.
            let relative = if i == 0 {
                relative.clone()
            } else {
                relative.replacen(".ron", &format!("{i}.ron"), 1)
            };
            SourceFile {
                display: format!("fuzz-pack/{relative}"),
                relative,
                bytes: bytes.clone(),
            }
        })
        .collect();
    let loaded = check_files_with(builtin, sources, Vec::new(), folder);
    for p in &loaded.problems {
        prop_assert!(!p.message.trim().is_empty(), "an empty message: {p:?}");
        prop_assert!(
            p.file.starts_with("fuzz-pack"),
            "a message names no file: {p}"
        );
    }
    Ok(())
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

#[test]
fn the_loader_survives_random_packs() {
    let budget = Duration::from_secs(env_u64("RAPPORT_FUZZ_SECONDS").unwrap_or(20));
    let seed = env_u64("RAPPORT_FUZZ_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
    });
    eprintln!("fuzzing the loader for {budget:?} with RAPPORT_FUZZ_SEED={seed}");
    let progress = Arc::new(AtomicU64::new(0));
    let current: Arc<Mutex<FuzzPack>> = Arc::default();
    let (done_tx, done_rx) = mpsc::channel();
    let worker = {
        let (progress, current) = (progress.clone(), current.clone());
        std::thread::spawn(move || {
            let builtin = load_builtin();
            let real = embedded_files();
            let start = Instant::now();
            let mut cases = 0u64;
            let mut round = 0u64;
            while start.elapsed() < budget {
                let mut bytes = [0u8; 32];
                bytes[..8].copy_from_slice(&seed.to_le_bytes());
                bytes[8..16].copy_from_slice(&round.to_le_bytes());
                let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
                let config = Config {
                    cases: 64,
                    failure_persistence: None,
                    ..Config::default()
                };
                let mut runner = TestRunner::new_with_rng(config, rng);
                let result = runner.run(&fuzz_pack(real.clone()), |files| {
                    *current.lock().unwrap() = files.clone();
                    let r = check_pack(&builtin, &files);
                    progress.fetch_add(1, Ordering::Relaxed);
                    r
                });
                if let Err(e) = result {
                    return Err(format!("round {round} (seed {seed}): {e}"));
                }
                cases += 64;
                round += 1;
            }
            Ok(cases)
        })
    };
    // Watch for a case that never ends: progress must move at least every 30 s.
    let mut last = (0, Instant::now());
    let watcher = std::thread::spawn(move || {
        let r = worker.join();
        let _ = done_tx.send(());
        r
    });
    loop {
        match done_rx.recv_timeout(Duration::from_secs(1)) {
            Ok(()) | Err(RecvTimeoutError::Disconnected) => break,
            Err(RecvTimeoutError::Timeout) => {
                let now = progress.load(Ordering::Relaxed);
                if now != last.0 {
                    last = (now, Instant::now());
                } else if last.1.elapsed() > Duration::from_secs(30) {
                    let stuck = current.lock().map(|c| c.clone()).unwrap_or_default();
                    let path = std::env::temp_dir().join(format!("rapport-fuzz-hang-{seed}.txt"));
                    let _ = std::fs::write(&path, format!("{stuck:?}"));
                    panic!(
                        "the loader made no progress for 30 s (seed {seed}); the input is in {}",
                        path.display()
                    );
                }
            }
        }
    }
    match watcher.join().expect("the watcher thread") {
        Ok(Ok(cases)) => eprintln!("{cases} random packs checked, no panic, no hang"),
        Ok(Err(failure)) => panic!("{failure}"),
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// Waits for `child` and returns its exit status with its own peak resident memory in bytes.
/// `wait4` reports on that child alone: the test binary runs many other children (the Anki
/// import, pdftotext), which a process-wide figure would include.
fn wait_with_peak(child: &std::process::Child) -> (std::process::ExitStatus, u64) {
    use std::os::unix::process::ExitStatusExt;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: wait4 only writes into the two values we pass.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4");
    (
        std::process::ExitStatus::from_raw(status),
        usage.ru_maxrss as u64 * 1024,
    )
}

/// Runs `rapport check DIR`, failing if it panics, is killed, or does not finish in a minute.
/// Returns its exit code, its output and its peak memory in bytes.
// The child is reaped by `wait_with_peak` (wait4), which clippy does not see.
#[allow(clippy::zombie_processes)]
fn run_check(dir: &Path) -> (i32, String, u64) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("check")
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        use std::io::Read;
        let (mut out, mut err) = (String::new(), String::new());
        let _ = { stdout }.read_to_string(&mut out);
        let _ = { stderr }.read_to_string(&mut err);
        let _ = tx.send(out + &err);
    });
    let output = match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(output) => output,
        Err(_) => {
            let _ = child.kill();
            panic!("rapport check {} did not finish in a minute", dir.display());
        }
    };
    let (status, peak) = wait_with_peak(&child);
    let code = status
        .code()
        .unwrap_or_else(|| panic!("rapport check was killed by a signal: {status:?}\n{output}"));
    assert!(
        !output.contains("panicked"),
        "rapport check panicked:\n{output}"
    );
    (code, output, peak)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Hostile files, each checked by the real binary with its memory measured.
#[test]
fn hostile_files_are_refused_with_bounded_memory() {
    const LIMIT: u64 = 400 * 1024 * 1024;
    let cases: Vec<Hostile> = vec![
        (
            "deep nesting",
            Box::new(|d: &Path| {
                let text = format!("Unit(id: {}", "[".repeat(200_000));
                write(d, "units/deep.ron", text.as_bytes());
            }),
            "deep.ron:1:",
        ),
        (
            "a 7 MB string",
            Box::new(|d: &Path| {
                let text = format!(
                    "Unit(id: \"big\", title: \"Big\", synopsis: \"{}\", level: Some(99))",
                    "word ".repeat(1_400_000)
                );
                write(d, "units/big.ron", text.as_bytes());
            }),
            "the synopsis of unit `big` is 7000000 characters long",
        ),
        (
            "a 50 MB file",
            Box::new(|d: &Path| {
                let f = std::fs::File::create({
                    std::fs::create_dir_all(d.join("units")).unwrap();
                    d.join("units/huge.ron")
                })
                .unwrap();
                f.set_len(50 * 1024 * 1024).unwrap();
            }),
            "pack files are limited to",
        ),
        (
            "a pack of many large files",
            Box::new(|d: &Path| {
                let text = format!(
                    "Unit(id: \"u\", title: \"T\", synopsis: \"{}\")",
                    "x".repeat(7 * 1024 * 1024)
                );
                for i in 0..12 {
                    write(d, &format!("units/u{i:02}.ron"), text.as_bytes());
                }
            }),
            "more than 64 MB",
        ),
        (
            "a unit of 40,000 badly named key concepts",
            Box::new(|d: &Path| {
                let mut text =
                    String::from("Unit(id: \"u\", title: \"T\", synopsis: \"S\", key_concepts: [");
                for i in 0..40_000 {
                    text.push_str(&format!(
                        "KeyConcept(id: \"bad id {i}\", term: \"t{i}\", explanation: \"e\"),\n"
                    ));
                }
                text.push_str("])");
                write(d, "units/names.ron", text.as_bytes());
            }),
            "40000 problems",
        ),
        (
            "a deck of 40,000 broken cards",
            Box::new(|d: &Path| {
                let mut text = String::from(
                    "Deck(id: \"d\", title: \"D\", unit: \"nowhere\", section: \"S\", topic: \"T\", cards: [",
                );
                for i in 0..40_000 {
                    text.push_str(&format!("Card(id: \"c{i}\", front: \"\"),\n"));
                }
                text.push_str("])");
                write(d, "cards/broken.ron", text.as_bytes());
            }),
            "more problems in this file",
        ),
    ];
    for (what, make, expect) in cases {
        let dir = tempfile::tempdir().unwrap();
        make(dir.path());
        let (code, output, peak) = run_check(dir.path());
        assert_eq!(
            code, 1,
            "{what}: problems are reported with exit 1:\n{output}"
        );
        assert!(
            output.contains(expect),
            "{what}: expected `{expect}` in:\n{}",
            &output[..output.len().min(2000)]
        );
        let lines = output.lines().count();
        assert!(lines <= 60, "{what}: {lines} lines of output");
        eprintln!(
            "{what}: refused; `rapport check` peaked at {} MB",
            peak / (1024 * 1024)
        );
        assert!(
            peak < LIMIT,
            "{what}: rapport check used {} MB",
            peak / (1024 * 1024)
        );
    }
}

/// A few random packs through the real binary too, as a tutor would run it.
#[test]
fn rapport_check_survives_random_packs_on_disk() {
    let real = embedded_files();
    let mut runner = TestRunner::new(Config {
        cases: 12,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&fuzz_pack(real), |files| {
            let dir = tempfile::tempdir().unwrap();
            for (i, (place, bytes)) in files.iter().enumerate() {
                write(dir.path(), &format!("{i}/{place}"), bytes);
            }
            let root: PathBuf = dir.path().join("0");
            if root.is_dir() {
                let (code, output, _) = run_check(&root);
                prop_assert!(code == 0 || code == 1, "exit {code}:\n{output}");
            }
            Ok(())
        })
        .unwrap();
}
