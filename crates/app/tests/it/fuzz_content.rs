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

/// Cloze text: plain words and deletions, well formed or not, up to past the deletion limit.
fn cloze_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => (1u32..400, "[a-z ]{1,8}").prop_map(|(n, w)| format!("{{{{c{n}::{w}}}}}")),
        2 => (1u32..400, "[a-z]{1,6}", "[a-z]{0,4}")
            .prop_map(|(n, w, h)| format!("{{{{c{n}::{w}::{h}}}}}")),
        2 => "[a-zA-Z ,.]{0,20}",
        1 => proptest::sample::select(vec![
            "{{", "}}", "{{c0::x}}", "{{c::x}}", "{{c1::}}", "{{x1::y}}", "{{c1::a::b::c}}",
            "{{c99999999999::x}}", "\\", "\"",
        ])
        .prop_map(str::to_owned),
    ];
    prop_oneof![
        vec(piece, 0..40).prop_map(|v| v.concat()),
        // Many deletions of one card, around the limit of 100.
        (90usize..260, 1u32..4).prop_map(|(n, step)| {
            (0..n)
                .map(|i| format!("{{{{c{}::w{i}}}}} ", i as u32 / step + 1))
                .collect()
        }),
    ]
}

/// A deck of cloze (and some question) cards for a built-in or missing unit.
fn cloze_deck() -> impl Strategy<Value = (String, Vec<u8>)> {
    let unit = proptest::sample::select(vec!["athe-l6-personal-development", "fuzz-unit", ""]);
    let card = prop_oneof![
        4 => ("[a-z0-9-]{1,6}", cloze_text(), proptest::option::of("[a-z ]{0,12}")).prop_map(
            |(id, cloze, back)| match back {
                Some(b) => format!("Card(id: {id:?}, cloze: {cloze:?}, back: {b:?})"),
                None => format!("Card(id: {id:?}, cloze: {cloze:?})"),
            }
        ),
        1 => ("[a-z0-9-]{1,6}", "[a-z ]{0,12}", "[a-z ]{0,12}")
            .prop_map(|(id, f, b)| format!("Card(id: {id:?}, front: {f:?}, back: {b:?})")),
    ];
    (unit, "[a-z-]{1,10}", vec(card, 0..6)).prop_map(|(unit, id, cards)| {
        let text = format!(
            "Deck(id: {id:?}, title: \"T\", unit: {unit:?}, section: \"S\", topic: \"T\", \
             cards: [{}])",
            cards.join(",\n")
        );
        ("cards/fuzz.ron".to_owned(), text.into_bytes())
    })
}

/// One fuzzed pack.
fn fuzz_pack(real: Vec<SourceFile>) -> impl Strategy<Value = FuzzPack> {
    let place = proptest::sample::select(PLACES).prop_map(str::to_owned);
    let one = prop_oneof![
        // A deck of cloze cards.
        cloze_deck(),
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

/// Most time one `rapport check` may take, as the README promises (a watchdog per case).
const CASE_SECONDS: u64 = 30;
/// Most memory one `rapport check` may use.
const CASE_MEMORY: u64 = 400 * 1024 * 1024;

/// Runs `rapport check DIR`, failing if it panics, is killed, or does not finish in
/// [`CASE_SECONDS`].
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
    let output = match rx.recv_timeout(Duration::from_secs(CASE_SECONDS)) {
        Ok(output) => output,
        Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "rapport check {} did not finish in {CASE_SECONDS} s",
                dir.display()
            );
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

/// A grey PNG: tiny on disk whatever its size in pixels.
fn grey_png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::GrayImage::from_pixel(w, h, image::Luma([128]))
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: `name` is a NUL-terminated path that lives across the call.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0, "mkfifo");
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Hostile files, each checked by the real binary with its memory measured.
#[test]
fn hostile_files_are_refused_with_bounded_memory() {
    const LIMIT: u64 = CASE_MEMORY;
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
            "a cloze card of 20,000 deletions",
            Box::new(|d: &Path| {
                let text: Vec<String> = (1..=20_000).map(|i| format!("{{{{c{i}::w}}}}")).collect();
                let deck = format!(
                    "Deck(id: \"big\", title: \"B\", unit: \"athe-l6-personal-development\", \
                     section: \"S\", topic: \"T\", cards: [Card(id: \"c\", cloze: \"{}\")])",
                    text.join(" ")
                );
                write(d, "cards/big.ron", deck.as_bytes());
            }),
            "has 20000 cloze deletions",
        ),
        (
            "sixteen 8192x8192 figures",
            Box::new(|d: &Path| {
                let png = grey_png(8192, 8192);
                let mut figures = Vec::new();
                for i in 0..16 {
                    write(d, &format!("figures/{i}.png"), &png);
                    figures.push(format!(
                        "Figure(id: \"f/{i}\", file: \"figures/{i}.png\", caption: \"C\", alt: \"A\")"
                    ));
                }
                let unit = format!(
                    "Unit(id: \"figs\", title: \"F\", synopsis: \"S\", figures: [{}])",
                    figures.join(", ")
                );
                write(d, "units/figs.ron", unit.as_bytes());
            }),
            "8192×8192 pixels (67.1 million)",
        ),
        (
            "a truncated figure",
            Box::new(|d: &Path| {
                let png = grey_png(400, 300);
                write(d, "figures/cut.png", &png[..png.len() / 2]);
                write(
                    d,
                    "units/cut.ron",
                    b"Unit(id: \"cut\", title: \"C\", synopsis: \"S\", figures: [Figure(id: \"f\", \
                      file: \"figures/cut.png\", caption: \"C\", alt: \"A\")])",
                );
            }),
            "the image cannot be read",
        ),
        (
            "a FIFO named units/pipe.ron",
            Box::new(|d: &Path| {
                std::fs::create_dir_all(d.join("units")).unwrap();
                mkfifo(&d.join("units/pipe.ron"));
            }),
            "pipe.ron: not read: not a regular file",
        ),
        (
            "a unit nine folders deep",
            Box::new(|d: &Path| {
                write(
                    d,
                    &format!("units/{}a.ron", "d/".repeat(9)),
                    b"Unit(id: \"a\", title: \"A\", synopsis: \"S\")",
                );
            }),
            "folders more than 8 deep",
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

/// A figure file: a real one, cut short, mutated, random bytes, or a grey picture of any size.
#[derive(Debug, Clone)]
enum FigureFile {
    Real,
    Cut(usize),
    Mutated(Vec<Mutation>),
    Bytes(Vec<u8>),
    Grey(u32, u32),
}

impl FigureFile {
    fn bytes(&self) -> Vec<u8> {
        const REAL: &[u8] = include_bytes!("../../../../content/figures/grow.png");
        match self {
            FigureFile::Real => REAL.to_vec(),
            FigureFile::Cut(n) => REAL[..n % REAL.len()].to_vec(),
            FigureFile::Mutated(ms) => {
                let mut b = REAL.to_vec();
                for m in ms {
                    apply(&mut b, m);
                }
                b
            }
            FigureFile::Bytes(b) => b.clone(),
            FigureFile::Grey(w, h) => grey_png(*w, *h),
        }
    }
}

fn figure_file() -> impl Strategy<Value = FigureFile> {
    prop_oneof![
        Just(FigureFile::Real),
        any::<usize>().prop_map(FigureFile::Cut),
        vec(mutation(), 1..4).prop_map(FigureFile::Mutated),
        vec(any::<u8>(), 0..512).prop_map(FigureFile::Bytes),
        (1u32..9000, 1u32..9000).prop_map(|(w, h)| FigureFile::Grey(w, h)),
    ]
}

/// Something in a pack folder that is not an ordinary file, or is where it should not be.
#[derive(Debug, Clone, Copy)]
enum OddEntry {
    Fifo,
    DeviceLink,
    FolderNamedRon,
    TooDeep,
    Nothing,
}

/// A pack on disk: a unit with figures, a cloze deck, and an odd entry.
fn disk_pack() -> impl Strategy<Value = (Vec<FigureFile>, (String, Vec<u8>), OddEntry)> {
    (
        vec(figure_file(), 0..5),
        cloze_deck(),
        proptest::sample::select(vec![
            OddEntry::Fifo,
            OddEntry::DeviceLink,
            OddEntry::FolderNamedRon,
            OddEntry::TooDeep,
            OddEntry::Nothing,
        ]),
    )
}

fn write_disk_pack(dir: &Path, figures: &[FigureFile], deck: &(String, Vec<u8>), odd: OddEntry) {
    let mut listed = Vec::new();
    for (i, f) in figures.iter().enumerate() {
        write(dir, &format!("figures/{i}.png"), &f.bytes());
        listed.push(format!(
            "Figure(id: \"fuzz-figs/fig/{i}\", file: \"figures/{i}.png\", caption: \"C\", alt: \"A\")"
        ));
    }
    let unit = format!(
        "Unit(id: \"fuzz-figs\", title: \"Figures\", synopsis: \"S\", figures: [{}])",
        listed.join(", ")
    );
    write(dir, "units/figs.ron", unit.as_bytes());
    write(dir, &deck.0, &deck.1);
    match odd {
        OddEntry::Fifo => mkfifo(&dir.join("units/pipe.ron")),
        OddEntry::DeviceLink => {
            std::os::unix::fs::symlink("/dev/zero", dir.join("units/zero.ron")).unwrap();
        }
        OddEntry::FolderNamedRon => std::fs::create_dir_all(dir.join("cards/odd.ron")).unwrap(),
        OddEntry::TooDeep => write(
            dir,
            &format!("units/{}deep.ron", "d/".repeat(9)),
            b"Unit(id: \"deep\", title: \"D\", synopsis: \"S\")",
        ),
        OddEntry::Nothing => {}
    }
}

/// Random packs with figures (good, cut, mutated, random, huge), cloze decks and pipes, links
/// to devices, folders named like files and deep folders, through the real binary: each within
/// the time and memory ceilings.
#[test]
fn rapport_check_survives_packs_with_figures_cloze_and_odd_files() {
    let cases = env_u64("RAPPORT_FUZZ_DISK_CASES").unwrap_or(12) as u32;
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let peak_seen = std::cell::Cell::new(0u64);
    runner
        .run(&disk_pack(), |(figures, deck, odd)| {
            let dir = tempfile::tempdir().unwrap();
            write_disk_pack(dir.path(), &figures, &deck, odd);
            let (code, output, peak) = run_check(dir.path());
            prop_assert!(code == 0 || code == 1, "exit {code}:\n{output}");
            prop_assert!(
                peak < CASE_MEMORY,
                "{} MB on {figures:?} {odd:?}",
                peak / (1024 * 1024)
            );
            peak_seen.set(peak_seen.get().max(peak));
            Ok(())
        })
        .unwrap();
    eprintln!(
        "{cases} packs on disk: no panic, no hang; `rapport check` peaked at {} MB",
        peak_seen.get() / (1024 * 1024)
    );
}

/// A pack a tutor could write: units whose ids may reuse built-in ones, cloze decks for them
/// or for built-in units, and copies of built-in files (as they are, or with one word changed).
fn plausible_pack(real: Vec<SourceFile>) -> impl Strategy<Value = FuzzPack> {
    let builtin_ids = vec![
        "athe-l6-personal-development/kc/mentoring-models",
        "athe-l6-personal-development/mp/framework-based-self-assessment",
        "athe-l6-personal-development",
    ];
    let id = prop_oneof![
        4 => "[a-z]{1,6}".prop_map(|s| format!("tutor/{s}")),
        1 => proptest::sample::select(builtin_ids).prop_map(str::to_owned),
    ];
    let unit = (id.clone(), vec(id, 0..4)).prop_map(|(uid, kcs)| {
        let kcs: Vec<String> = kcs
            .iter()
            .map(|k| format!("KeyConcept(id: {k:?}, term: \"T {k}\", explanation: \"E.\")"))
            .collect();
        (
            "units/tutor.ron".to_owned(),
            format!(
                "Unit(id: {uid:?}, title: \"Tutor\", synopsis: \"S.\", key_concepts: [{}])",
                kcs.join(", ")
            )
            .into_bytes(),
        )
    });
    let copy = (proptest::sample::select(real), any::<bool>()).prop_map(|(file, edit)| {
        let text = String::from_utf8_lossy(&file.bytes).into_owned();
        let text = if edit {
            text.replacen("the ", "a ", 1)
        } else {
            text
        };
        (file.relative.clone(), text.into_bytes())
    });
    let one = prop_oneof![unit, cloze_deck(), copy];
    vec(one, 1..4)
}

/// `check` and the app load a folder through the same code, so they report the same problems;
/// and a pack `check` passes loads in the app with nothing reported, its cards all distinct.
#[test]
fn check_and_the_app_agree_and_a_clean_pack_loads_in_the_app() {
    let real: Vec<SourceFile> = embedded_files()
        .into_iter()
        .filter(|f| !f.relative.starts_with("units/") || f.relative.contains("athe"))
        .collect();
    let mut runner = TestRunner::new(Config {
        cases: env_u64("RAPPORT_FUZZ_AGREE_CASES").unwrap_or(48) as u32,
        failure_persistence: None,
        ..Config::default()
    });
    let clean = std::cell::Cell::new(0u32);
    runner
        .run(&plausible_pack(real), |files| {
            let dir = tempfile::tempdir().unwrap();
            for (i, (place, bytes)) in files.iter().enumerate() {
                let place = if i == 0 {
                    place.clone()
                } else {
                    place.replacen(".ron", &format!("-{i}.ron"), 1)
                };
                write(dir.path(), &place, bytes);
            }
            let checked = rapport::content::check_folder(dir.path());
            let data = tempfile::tempdir().unwrap();
            let startup = rapport::app::Startup::prepare(&[dir.path().to_path_buf()], data.path());
            prop_assert_eq!(&checked.problems, &startup.loaded.problems);
            if checked.problems.is_empty() {
                clean.set(clean.get() + 1);
                let cards = rapport::flashcards::all_cards(&startup.loaded.pack);
                let ids: std::collections::HashSet<&str> =
                    cards.iter().map(|c| c.id.as_str()).collect();
                prop_assert_eq!(ids.len(), cards.len());
                // The app itself: no notice of content problems.
                if clean.get() <= 3 {
                    let app = crate::common::launch(startup);
                    let notices: Vec<String> = app
                        .state()
                        .notices()
                        .iter()
                        .map(|n| n.text.clone())
                        .collect();
                    prop_assert!(
                        !notices.iter().any(|n| n.contains("problem")),
                        "{notices:?}"
                    );
                }
            }
            Ok(())
        })
        .unwrap();
    eprintln!(
        "{} of the packs were check-clean and loaded clean",
        clean.get()
    );
    assert!(clean.get() > 0, "no check-clean pack was generated");
}
