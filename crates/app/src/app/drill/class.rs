//! Class answers in the drill: the server started from the setup, what the projector shows of
//! it (the address, its QR code and the join code; how many have answered; after the reveal the
//! distribution and the most chosen wrong answer's misconception) and the presenter's part
//! (who has not answered, each written answer with its marks, the stop button).
//!
//! Each frame reads the session once, in a short lock, into a [`Snapshot`]; the server runs on
//! its own thread, so the frame never waits on the network.

use egui::{Color32, RichText};
use rapport_class::session::Phase;
use rapport_class::{Bind, ClassResults, ClassServer, Qr, Session, Tally, follow, fresh_code};

use crate::content::Pack;
use crate::drill::Drill;

/// Class answers during a presentation.
#[derive(Default)]
pub enum ClassState {
    #[default]
    Off,
    On(Box<ClassAnswers>),
    /// Could not start: the message, shown to the tutor.
    Failed(String),
}

pub struct ClassAnswers {
    server: ClassServer,
    pub url: String,
    pub code: String,
    qr: Option<Qr>,
    /// Questions whose marks have gone to the teams' scores.
    awarded: Vec<bool>,
    pub snapshot: Snapshot,
    /// The session's version when the results and the learners' ranking were last worked
    /// out: they are worked out again only when an answer, a join or a reveal changed them.
    seen: u64,
}

/// What the views show, read once a frame.
#[derive(Default, Clone)]
pub struct Snapshot {
    pub learners: usize,
    pub item: Option<usize>,
    pub phase: Option<Phase>,
    pub answered: usize,
    pub tally: Option<Tally>,
    pub not_answered: Vec<String>,
    /// Written answers: name, text, marks, out of, each point as "✓ label".
    pub written: Vec<(String, String, u32, u32, Vec<String>)>,
    /// Each learner's place, display name and marks over the revealed questions, best first
    /// (for the scoreboard of a drill without teams).
    pub ranked: Vec<(usize, String, u32)>,
}

impl ClassState {
    /// Starts the server for `drill` on the room's network (loopback for tests).
    pub fn start(drill: &Drill, pack: &Pack, port: u16, bind: Bind) -> ClassState {
        let session = Session::new(drill, pack, fresh_code());
        let code = session.code().to_owned();
        match ClassServer::start(session, port, bind) {
            Ok(server) => {
                let url = server.url();
                ClassState::On(Box::new(ClassAnswers {
                    qr: Qr::new(&url),
                    url,
                    code,
                    server,
                    awarded: vec![false; drill.items.len()],
                    snapshot: Snapshot::default(),
                    seen: 0,
                }))
            }
            Err(e) => ClassState::Failed(format!("Class answers could not start: {e}.")),
        }
    }

    pub fn is_off(&self) -> bool {
        matches!(self, ClassState::Off)
    }

    /// The learners' ranking while the server runs (empty otherwise).
    pub fn ranked(&self) -> &[(usize, String, u32)] {
        match self {
            ClassState::On(c) => &c.snapshot.ranked,
            _ => &[],
        }
    }

    /// The server's address, while it runs.
    pub fn url(&self) -> Option<&str> {
        match self {
            ClassState::On(c) => Some(&c.url),
            _ => None,
        }
    }

    pub fn code(&self) -> Option<&str> {
        match self {
            ClassState::On(c) => Some(&c.code),
            _ => None,
        }
    }

    /// Tells the server where the drill is, reads the snapshot, and gives each team the marks
    /// its learners earned for a question once it is revealed. `results` gets the class's
    /// results whenever they change: they outlive the server (stopped, or at the drill's end)
    /// until the tutor saves or discards them.
    pub fn sync(&mut self, drill: &mut Drill, now: f64, results: &mut Option<ClassResults>) {
        let ClassState::On(c) = self else {
            return;
        };
        let f = follow(drill, now);
        c.server.follow(f);
        let seen = c.seen;
        let (snapshot, award, changed) = c.server.with_session(|s, t| {
            // Worked out again only when something changed (not every frame).
            let changed = (s.version() != seen).then(|| {
                let scores: Vec<(String, u32)> = s
                    .learner_scores()
                    .into_iter()
                    .map(|(name, _, total)| (name, total))
                    .collect();
                (
                    s.version(),
                    ClassResults::of(s),
                    rapport_class::results::rank(&scores),
                )
            });
            let item = s.current();
            let phase = item.map(|i| s.phase(i, t));
            let award = item
                .filter(|_| phase == Some(Phase::Revealed))
                .map(|i| (i, s.team_points(i)));
            let snap = Snapshot {
                learners: s.learners().len(),
                item,
                phase,
                answered: item.map_or(0, |i| s.answered(i)),
                tally: item
                    .filter(|_| phase == Some(Phase::Revealed))
                    .and_then(|i| s.tally(i)),
                not_answered: item
                    .map(|i| s.not_answered(i).into_iter().map(str::to_owned).collect())
                    .unwrap_or_default(),
                written: item
                    .filter(|&i| s.questions()[i].takes_text())
                    .map(|i| {
                        s.answers(i)
                            .map(|(l, g)| {
                                let points = g
                                    .scored
                                    .mark
                                    .as_ref()
                                    .map(rapport_class::view::point_lines)
                                    .unwrap_or_default();
                                (
                                    s.learners()[l].name.clone(),
                                    g.submission.text.clone().unwrap_or_default(),
                                    g.scored.score,
                                    g.scored.max,
                                    points,
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                ranked: Vec::new(),
            };
            (snap, award, changed)
        });
        let ranked = std::mem::take(&mut c.snapshot.ranked);
        c.snapshot = snapshot;
        c.snapshot.ranked = ranked;
        if let Some((version, r, ranked)) = changed {
            c.seen = version;
            *results = Some(r);
            c.snapshot.ranked = ranked;
        }
        if let Some((item, points)) = award
            && !c.awarded.get(item).copied().unwrap_or(true)
        {
            c.awarded[item] = true;
            for (team, p) in points.into_iter().enumerate() {
                if p > 0 {
                    drill.award(team, p);
                }
            }
        }
    }
}

/// The projector's column: how to join, how many answered, the class's answers after the
/// reveal. Never a learner's name.
pub fn projector(ui: &mut egui::Ui, state: &ClassState, s: f32, text: Color32, accent: Color32) {
    let c = match state {
        ClassState::Off => return,
        ClassState::Failed(e) => {
            ui.label(RichText::new(e).size(s * 0.6).color(accent));
            return;
        }
        ClassState::On(c) => c,
    };
    let size = |k: f32| s * k;
    ui.label(
        RichText::new("Answer on your phone")
            .size(size(0.7))
            .color(text),
    );
    if let Some(qr) = &c.qr {
        let side = (ui.available_width()).min(size(6.0));
        let (rect, response) = ui.allocate_exact_size(egui::vec2(side, side), egui::Sense::hover());
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Image, true, format!("QR code for {}", c.url))
        });
        let modules = qr.width as f32 + 4.0;
        let m = side / modules;
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 0.0, Color32::WHITE);
        for y in 0..qr.width {
            for x in 0..qr.width {
                if qr.is_dark(x, y) {
                    let min = rect.min + egui::vec2((x as f32 + 2.0) * m, (y as f32 + 2.0) * m);
                    painter.rect_filled(
                        egui::Rect::from_min_size(min, egui::vec2(m, m)),
                        0.0,
                        Color32::BLACK,
                    );
                }
            }
        }
    }
    ui.label(RichText::new(&c.url).size(size(0.6)).color(text));
    ui.label(
        RichText::new(format!("Code {}", c.code))
            .size(size(1.0))
            .strong()
            .color(accent),
    );
    let snap = &c.snapshot;
    if snap.item.is_some() {
        ui.add_space(size(0.4));
        ui.label(
            RichText::new(format!("{} of {} answered", snap.answered, snap.learners))
                .size(size(0.8))
                .color(text),
        );
    } else {
        ui.label(
            RichText::new(format!("{} joined", snap.learners))
                .size(size(0.8))
                .color(text),
        );
    }
    if let Some(t) = &snap.tally {
        ui.add_space(size(0.3));
        let most = t.rows.iter().map(|r| r.count).max().unwrap_or(0).max(1);
        for r in &t.rows {
            // "A" of "A. text" for options; the whole label, cut short, for other rows.
            let label: String = match r.label.split_once(". ") {
                Some((l, _)) if l.len() <= 2 => l.to_owned(),
                _ => r.label.chars().take(18).collect(),
            };
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!("{label} {}", r.count))
                        .size(size(0.6))
                        .color(if r.right {
                            Color32::from_rgb(140, 245, 140)
                        } else {
                            text
                        }),
                );
                let w = (ui.available_width() - 4.0).max(0.0) * r.count as f32 / most as f32;
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(w.max(1.0), size(0.4)), egui::Sense::hover());
                ui.painter()
                    .rect_filled(rect, 2.0, if r.right { accent } else { text });
            });
        }
        if let Some(top) = &t.top_wrong {
            ui.add_space(size(0.3));
            ui.label(
                RichText::new(format!(
                    "Most chosen wrong: {} ({})",
                    short(&top.label),
                    top.count
                ))
                .size(size(0.55))
                .color(accent),
            );
            if let Some(m) = &top.misconception {
                ui.label(RichText::new(&m.text).size(size(0.55)).color(text));
            }
        }
    }
}

fn short(label: &str) -> String {
    match label.split_once(". ") {
        Some((l, _)) if l.len() <= 2 => l.to_owned(),
        _ => label.chars().take(30).collect(),
    }
}

/// The presenter's part: the address, who has not answered, each written answer with its
/// marks, and the stop button.
pub fn presenter(ui: &mut egui::Ui, state: &mut ClassState) {
    let ClassState::On(c) = state else {
        if let ClassState::Failed(e) = state {
            ui.colored_label(ui.visuals().error_fg_color, e.as_str());
        }
        return;
    };
    let snap = &c.snapshot;
    ui.label(RichText::new("Class answers").strong());
    ui.label(format!(
        "{} · code {} · {} joined",
        c.url, c.code, snap.learners
    ));
    if snap.item.is_some() {
        if snap.not_answered.is_empty() {
            ui.label(format!("Everyone has answered ({}).", snap.answered));
        } else {
            ui.label(format!(
                "Not answered yet ({}): {}",
                snap.not_answered.len(),
                snap.not_answered.join(", ")
            ));
        }
    }
    for (name, text, marks, max, points) in &snap.written {
        ui.group(|ui| {
            ui.label(RichText::new(format!("{name}: {marks}/{max}")).strong());
            ui.label(text);
            for p in points {
                ui.small(p);
            }
        });
    }
    let stop = ui.button("Stop class answers").clicked();
    ui.separator();
    if stop {
        *state = ClassState::Off;
    }
}
