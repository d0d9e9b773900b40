//! `rapport --startup-time`: open the window, and once the app has drawn its first frame and
//! the later part of opening (readiness links, search index) has been merged into it, print how
//! long the first frame, the app and the later part took from launch, each phase of opening and
//! the peak memory, then quit. For measuring startup on the built-in pack and on a large one (see README,
//! "Scale and speed").

use std::sync::OnceLock;
use std::time::Instant;

use crate::app::Launch;

static LAUNCHED: OnceLock<Instant> = OnceLock::new();

/// Call first thing in `main`, so the time includes loading the content and the store.
pub fn mark_launch() {
    let _ = LAUNCHED.set(Instant::now());
}

fn since_launch_ms() -> f64 {
    LAUNCHED
        .get()
        .map_or(0.0, |t| t.elapsed().as_secs_f64() * 1000.0)
}

/// The process's peak resident memory in bytes, where the platform tells it (Linux).
pub fn peak_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

/// Wraps the app as it launches: times the first frame (the loading page, drawn while data
/// loads in the background) and the first frame of the app itself, prints both with each
/// phase of opening and the peak memory, then closes the window.
pub struct FirstFrameTimer {
    launch: Launch,
    frames: u32,
    first_frame_ms: Option<f64>,
    ready_ms: Option<f64>,
    complete_ms: Option<f64>,
}

impl FirstFrameTimer {
    pub fn new(launch: Launch) -> Self {
        FirstFrameTimer {
            launch,
            frames: 0,
            first_frame_ms: None,
            ready_ms: None,
            complete_ms: None,
        }
    }

    fn report(&self) -> String {
        let memory = peak_memory_bytes().map_or_else(
            || "unknown on this platform".to_owned(),
            |b| format!("{:.1} MB", b as f64 / 1_048_576.0),
        );
        let mut out = format!(
            "first frame drawn {:.0} ms after launch; app ready {:.0} ms after launch; \
             search and readiness ready {:.0} ms after launch; peak memory {memory}",
            self.first_frame_ms.unwrap_or_default(),
            self.ready_ms.unwrap_or_default(),
            self.complete_ms.unwrap_or_default(),
        );
        for (phase, took) in self.launch.phases() {
            out.push_str(&format!(
                "\n  {:<34}{:>8.1} ms",
                phase.label(),
                took.as_secs_f64() * 1000.0
            ));
        }
        out
    }
}

impl eframe::App for FirstFrameTimer {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.frames += 1;
        // A call is the proof that the frame before it was painted.
        if self.frames == 2 {
            self.first_frame_ms = Some(since_launch_ms());
        }
        if self.frames >= 2 && self.ready_ms.is_none() && self.launch.app().is_some() {
            // The app drew its first frame in the previous call.
            self.ready_ms = Some(since_launch_ms());
        }
        if self.ready_ms.is_some() && self.complete_ms.is_none() && self.launch.complete() {
            // The later part was merged in the previous call.
            self.complete_ms = Some(since_launch_ms());
            println!("{}", self.report());
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            return;
        }
        self.launch.ui(ui, frame);
        ui.ctx().request_repaint();
    }
}
