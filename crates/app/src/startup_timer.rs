//! `rapport --startup-time`: open the window, and once the first frame has been drawn print how
//! long that took from launch and the peak memory, then quit. For measuring startup on the
//! built-in pack and on a large one (see README, "Scale and speed").

use std::sync::OnceLock;
use std::time::Instant;

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

/// Wraps the app: the first frame is drawn as usual; the call after it is the proof that it
/// was painted, so that is when the time is taken and the window closed.
pub struct FirstFrameTimer<A> {
    app: A,
    frames: u32,
}

impl<A> FirstFrameTimer<A> {
    pub fn new(app: A) -> Self {
        FirstFrameTimer { app, frames: 0 }
    }
}

impl<A: eframe::App> eframe::App for FirstFrameTimer<A> {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.frames += 1;
        if self.frames == 2 {
            let memory = peak_memory_bytes().map_or_else(
                || "unknown on this platform".to_owned(),
                |b| format!("{:.1} MB", b as f64 / 1_048_576.0),
            );
            println!(
                "first frame drawn {:.0} ms after launch; peak memory {memory}",
                since_launch_ms()
            );
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            return;
        }
        self.app.ui(ui, frame);
        ui.ctx().request_repaint();
    }
}
