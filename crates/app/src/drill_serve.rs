//! `rapport drill-serve`: a classroom drill with class answers and no window. The tutor reads
//! the stages here and advances with Enter; learners answer from their browsers. For a tutor
//! who projects from another machine, and for tests.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rapport_class::{Bind, ClassServer, Qr, Session, follow, fresh_code, results_csv};

use crate::content;
use crate::drill::{DrillSetup, Position};

pub struct Options {
    pub seed: u64,
    pub count: usize,
    pub port: u16,
    pub discussion: u32,
    pub teams: Vec<String>,
    pub loopback: bool,
    pub csv: Option<PathBuf>,
}

macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, $($arg)*);
        let _ = out.flush();
    }};
}

pub fn run(content_dirs: &[PathBuf], o: &Options) -> ExitCode {
    let fail = |what: String| {
        eprintln!("rapport drill-serve: {what}");
        ExitCode::FAILURE
    };
    let loaded = content::load_with_folders(content_dirs);
    if let Some(problem) = loaded.errors().next() {
        return fail(format!("the content has errors; first: {problem}"));
    }
    let pack = &loaded.pack;
    let setup = DrillSetup {
        count: o.count,
        seed: o.seed,
        discussion_seconds: o.discussion,
        teams: o.teams.clone(),
        ..DrillSetup::default()
    };
    let (mut drill, _) = match setup.prepare(pack) {
        Ok(d) => d,
        Err(e) => return fail(e.to_string()),
    };
    let session = Session::new(&drill, pack, fresh_code());
    let code = session.code().to_owned();
    let bind = if o.loopback {
        Bind::Loopback
    } else {
        Bind::Lan
    };
    let mut server = match ClassServer::start(session, o.port, bind) {
        Ok(s) => s,
        Err(e) => return fail(e.to_string()),
    };
    let origin = Instant::now();
    let now = || origin.elapsed().as_secs_f64();
    // The first question is open before the address is printed: a learner who joins at once
    // finds it open, not waiting (seen as a flaky test on a loaded machine).
    server.follow(follow(&drill, now()));
    let url = server.url();
    if let Some(qr) = Qr::new(&url) {
        say!("{}", qr.to_text());
    }
    say!("Class answers: open {url} and join with the code {code}");
    say!(
        "Drill of {} scenarios, seed {}. Press Enter to go on, b Enter to go back, q Enter to stop.",
        drill.items.len(),
        o.seed
    );

    // Standard input is read on its own thread; the drill's countdown runs meanwhile.
    let (keys, lines) = mpsc::channel::<Option<String>>();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            if keys.send(line.ok()).is_err() {
                return;
            }
        }
        let _ = keys.send(None);
    });
    let mut shown = String::new();
    let mut revealed_printed = vec![false; drill.items.len()];
    loop {
        let t = now();
        let f = follow(&drill, t);
        server.follow(f);
        let line = status_line(&drill, &server, t);
        if line != shown {
            say!("{line}");
            shown = line;
        }
        if let Some(item) = f.item
            && f.phase == rapport_class::Phase::Revealed
            && !revealed_printed[item]
        {
            revealed_printed[item] = true;
            print_tally(&server, item);
        }
        if drill.position() == Position::Ranking {
            break;
        }
        match lines.recv_timeout(Duration::from_millis(200)) {
            Ok(Some(l)) => match l.trim() {
                "q" | "quit" => break,
                "b" | "back" => drill.previous(now()),
                _ => drill.next(now()),
            },
            // Standard input closed: the drill stops here.
            Ok(None) | Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
    }
    server.follow(follow(&drill, now()));
    let (scores, teams, csv) = server.with_session(|s, _| {
        let mut teams = vec![0i64; s.teams().len()];
        for i in 0..s.questions().len() {
            for (t, p) in s.team_points(i).into_iter().enumerate() {
                teams[t] += p;
            }
        }
        (s.learner_scores(), teams, results_csv(s))
    });
    server.stop();
    say!("End of the drill. {} learners answered.", scores.len());
    for (team, points) in o.teams.iter().zip(&teams) {
        say!("  {team}: {points} points");
    }
    match &o.csv {
        Some(path) => match write_new(path, &csv) {
            Ok(()) => say!(
                "Results by question, criterion and marking point: {}",
                path.display()
            ),
            Err(e) => return fail(format!("cannot write {}: {e}", path.display())),
        },
        None => say!("{csv}"),
    }
    // Nothing about a learner is kept: the session ends with this process.
    ExitCode::SUCCESS
}

fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(text.as_bytes())
}

fn status_line(drill: &crate::drill::Drill, server: &ClassServer, now: f64) -> String {
    let Some((item, it, stage)) = drill.current() else {
        return "End of the drill".to_owned();
    };
    let (answered, learners) = server.with_session(|s, _| (s.answered(item), s.learners().len()));
    let timer = drill
        .timer(now)
        .map(|t| {
            format!(
                " · {}",
                if t.over {
                    "time is up".into()
                } else {
                    t.clock()
                }
            )
        })
        .unwrap_or_default();
    format!(
        "{} · {} · {}{timer} · {answered} of {learners} answered",
        drill.progress_label(),
        stage.label(),
        it.title
    )
}

fn print_tally(server: &ClassServer, item: usize) {
    let Some(t) = server.with_session(|s, _| s.tally(item)) else {
        return;
    };
    say!("  {} answers:", t.answered);
    for r in &t.rows {
        say!(
            "    {:>3}  {}{}",
            r.count,
            r.label,
            if r.right { "" } else { "  (wrong)" }
        );
    }
    if let Some(top) = t.top_wrong {
        say!("  Most chosen wrong answer: {} ({})", top.label, top.count);
        if let Some(m) = top.misconception {
            say!("  Misconception: {}", m.text);
            if let Some(c) = m.correction {
                say!("  Instead: {c}");
            }
        }
    }
}
