//! The drill on the projector: large high-contrast type that grows with the window, every
//! action on a key, and the presenter view for the tutor in a window of its own.
//!
//! Nothing of the learner's own data (progress, notices, navigation) is drawn here.

use crate::app::scenarios::question::NUMBER_KEYS;
use egui::{Color32, Key, Modifiers, RichText};

use crate::drill::{Drill, Place, Position, Stage, TimerView};

const BACKGROUND: Color32 = Color32::BLACK;
const TEXT: Color32 = Color32::WHITE;
const ACCENT: Color32 = Color32::from_rgb(255, 215, 0);
const GOOD: Color32 = Color32::from_rgb(140, 245, 140);
const WARN: Color32 = Color32::from_rgb(255, 110, 110);
const QUIET: Color32 = Color32::from_rgb(200, 200, 200);

/// The drill's keys, for the presenter view and the setup page: never on the projector, where
/// they would only distract the class.
pub const KEYS: &str = "Space / Right / Page Down next (a page at a time when a stage has \
                        more than one) · Left / Page Up back · R reveal · P pause · B blank · \
                        1-9 point to team (Shift takes back) · N presenter view · Esc leave";

/// How long a team's score stays fully lit after a point is given or taken back, and how long
/// it then takes to fade: long enough for the room to see who scored.
const FLASH_HOLD: f64 = 1.2;
const FLASH_FADE: f64 = 1.0;
const FLASH_SECONDS: f64 = FLASH_HOLD + FLASH_FADE;

/// The smallest the projector's text gets (times its usual size) before a stage is split into
/// pages; below this it is hard to read from the back of a room.
const MIN_SCALE: f32 = 0.75;
/// Type sizes tried, largest first, to fit a stage on one screen.
const SCALES: [f32; 6] = [1.0, 0.95, 0.9, 0.85, 0.8, MIN_SCALE];
/// A single paragraph taller than a page is made smaller still, down to this.
const FLOOR_SCALE: f32 = 0.5;
/// `page` value that means "the last page of this stage" until the stage is laid out.
const LAST_PAGE: usize = usize::MAX;

/// What the presentation asks of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    Leave,
}

/// The last point given or taken back, lit on the scoreboard for a moment.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Flash {
    team: usize,
    at: f64,
    gained: bool,
}

pub struct Presentation {
    pub drill: Drill,
    pub presenter_open: bool,
    /// The page of the current stage shown, when its text takes more than one screen.
    page: usize,
    /// How many pages the current stage took when last drawn.
    pages: usize,
    flash: Option<Flash>,
    /// Learners answering on their own devices (see `class.rs`).
    pub class: super::class::ClassState,
    /// The class's results (totals only), kept after the server stops until the drill is left.
    pub results: Option<rapport_class::ClassResults>,
    /// Saving those results, and the question asked before they are discarded.
    pub save: super::save::SaveState,
}

impl Presentation {
    /// A presentation of `drill`; class results are saved into `folder` unless the tutor
    /// chooses another.
    pub fn new(drill: Drill, folder: String) -> Self {
        Self {
            drill,
            presenter_open: false,
            page: 0,
            pages: 1,
            flash: None,
            class: super::class::ClassState::Off,
            results: None,
            save: super::save::SaveState::new(folder),
        }
    }

    /// Whether the class answered something not saved since.
    pub fn unsaved_results(&self) -> bool {
        self.save.unsaved(self.results.as_ref())
    }

    /// The page shown and the number of pages of the current stage (1-based page).
    pub fn page(&self) -> (usize, usize) {
        (self.page.min(self.pages.saturating_sub(1)) + 1, self.pages)
    }

    /// The team whose score is lit at `now` (0-based), after a point was given or taken back.
    pub fn highlighted(&self, now: f64) -> Option<usize> {
        self.flash
            .filter(|f| now - f.at < FLASH_SECONDS)
            .map(|f| f.team)
    }

    fn current_page(&self) -> usize {
        self.page.min(self.pages.saturating_sub(1))
    }

    /// Next: the next page of this stage, or the next stage. A clicker has only next and back.
    fn forward(&mut self, now: f64) {
        if self.drill.is_blank() {
            self.drill.next(now);
            return;
        }
        if self.current_page() + 1 < self.pages {
            self.page = self.current_page() + 1;
            return;
        }
        let before = self.drill.stage();
        self.drill.next(now);
        self.arrived(before);
    }

    fn back(&mut self, now: f64) {
        if self.drill.is_blank() {
            self.drill.previous(now);
            return;
        }
        if self.current_page() > 0 {
            self.page = self.current_page() - 1;
            return;
        }
        let before = self.drill.position();
        self.drill.previous(now);
        if self.drill.position() != before {
            // Going back lands where the stage ended, as in a slide show.
            self.page = LAST_PAGE;
        }
    }

    fn reveal(&mut self, now: f64) {
        let before = self.drill.stage();
        let position = self.drill.position();
        self.drill.reveal(now);
        if self.drill.position() != position {
            self.arrived(before);
        }
    }

    /// Moved forward from a stage `before`: the next marking point is added at the end of the
    /// list, so that stage opens on its last page; any other opens on its first.
    fn arrived(&mut self, before: Option<Stage>) {
        self.page = match (before, self.drill.stage()) {
            (Some(Stage::MarkingPoint(_)), Some(Stage::MarkingPoint(_))) => LAST_PAGE,
            _ => 0,
        };
    }

    fn award(&mut self, team: usize, delta: i64, now: f64) {
        if self.drill.award(team, delta) {
            self.flash = Some(Flash {
                team,
                at: now,
                gained: delta > 0,
            });
        }
    }
}

/// Applies the drill's keys pressed in the viewport of `ctx`.
fn handle_keys(ctx: &egui::Context, p: &mut Presentation) -> Outcome {
    let now = ctx.input(|i| i.time);
    let mut outcome = Outcome::Stay;
    ctx.input_mut(|i| {
        let mut pressed = |key: Key| i.consume_key(Modifiers::NONE, key);
        if pressed(Key::Escape) {
            outcome = Outcome::Leave;
            return;
        }
        if pressed(Key::Space) | pressed(Key::ArrowRight) | pressed(Key::PageDown) {
            p.forward(now);
        }
        if pressed(Key::ArrowLeft) | pressed(Key::PageUp) {
            p.back(now);
        }
        if pressed(Key::R) {
            p.reveal(now);
        }
        if pressed(Key::P) {
            p.drill.toggle_pause(now);
        }
        if pressed(Key::B) {
            p.drill.toggle_blank();
        }
        if pressed(Key::N) {
            p.presenter_open = !p.presenter_open;
        }
        for (team, key) in NUMBER_KEYS.into_iter().enumerate() {
            if i.consume_key(Modifiers::SHIFT, key) {
                p.award(team, -1, now);
            }
            if i.consume_key(Modifiers::NONE, key) {
                p.award(team, 1, now);
            }
        }
    });
    outcome
}

/// Type size for the window: large enough to read from the back of a room on a projector,
/// never so large that a scenario does not fit.
fn base_size(ui: &egui::Ui) -> f32 {
    let r = ui.max_rect();
    (r.height() / 22.0).min(r.width() / 38.0).clamp(14.0, 72.0)
}

pub fn show(ui: &mut egui::Ui, p: &mut Presentation) -> Outcome {
    let ctx = ui.ctx().clone();
    // While the tutor is asked about the class results, the drill's keys wait.
    let mut outcome = if p.save.asking.is_some() {
        Outcome::Stay
    } else {
        handle_keys(&ctx, p)
    };
    if outcome == Outcome::Leave && p.unsaved_results() {
        // Leaving would discard the class's results: ask once instead.
        p.save.asking = Some(super::save::Asking::Leave);
        outcome = Outcome::Stay;
    }
    let now = ctx.input(|i| i.time);
    p.class.sync(&mut p.drill, now, &mut p.results);
    if !p.class.is_off() {
        // New answers arrive without a key being pressed.
        ctx.request_repaint_after(std::time::Duration::from_millis(500));
    }
    let timer = p.drill.timer(now);
    if timer.is_some_and(|t| !t.paused && !t.over) {
        ctx.request_repaint_after(std::time::Duration::from_millis(200));
    }
    if p.highlighted(now).is_some() {
        ctx.request_repaint_after(std::time::Duration::from_millis(30));
    }

    egui::CentralPanel::default()
        .frame(egui::Frame::NONE.fill(BACKGROUND))
        .show(ui, |ui| {
            if p.drill.is_blank() {
                // A blank screen shows nothing at all; any key brings the picture back.
                ui.allocate_space(ui.available_size());
                return;
            }
            let s = base_size(ui);
            let inner = ui.max_rect().shrink(s * 0.9);
            let gap = s * 0.5;
            // Fixed regions, so nothing moves when the countdown appears or a point is given.
            let header_height = s * 1.6 * 1.3;
            // Teams' scores, or without teams the learners' totals when the class answers.
            let learner_board = p.drill.teams().is_empty() && !p.class.is_off();
            let score_height = if p.drill.teams().is_empty() && !learner_board {
                0.0
            } else {
                s * 2.4
            };
            let header =
                egui::Rect::from_min_size(inner.min, egui::vec2(inner.width(), header_height));
            let score = egui::Rect::from_min_max(
                egui::pos2(inner.min.x, inner.max.y - score_height),
                inner.max,
            );
            // Class answers take a column on the right: how to join, then the answers.
            let side_width = if p.class.is_off() { 0.0 } else { s * 7.0 };
            let side = egui::Rect::from_min_max(
                egui::pos2(inner.max.x - side_width, header.max.y + gap),
                egui::pos2(inner.max.x, score.min.y - gap),
            );
            let bottom = if score_height > 0.0 {
                score.min.y - gap
            } else {
                inner.max.y
            };
            // At the end, with class results not saved, a row for saving them under the
            // ranking.
            let save_row = p.drill.position() == Position::Ranking && p.unsaved_results();
            let body = egui::Rect::from_min_max(
                egui::pos2(inner.min.x, header.max.y + gap),
                egui::pos2(
                    inner.max.x
                        - if side_width > 0.0 {
                            side_width + gap
                        } else {
                            0.0
                        },
                    if save_row { bottom - s * 1.6 } else { bottom },
                ),
            );
            let lines = body_lines(&p.drill, timer, p.class.ranked());
            let fitted = fit(ui, &lines, body.width(), body.height(), s);
            p.pages = fitted.pages.len().max(1);
            let page = p.current_page();
            p.page = page;
            let page_label = (p.pages > 1).then(|| format!("page {} of {}", page + 1, p.pages));
            ui.scope_builder(egui::UiBuilder::new().max_rect(header), |ui| {
                header_row(ui, &p.drill, timer, page_label.as_deref(), s);
            });
            ui.scope_builder(egui::UiBuilder::new().max_rect(body), |ui| {
                ui.set_clip_rect(body.intersect(ui.clip_rect()));
                ui.spacing_mut().item_spacing.y = fitted.gap;
                if let Some(galleys) = fitted.pages.get(page) {
                    for g in galleys {
                        ui.add(egui::Label::new(g.clone()));
                    }
                }
            });
            if side_width > 0.0 {
                ui.scope_builder(egui::UiBuilder::new().max_rect(side), |ui| {
                    ui.set_clip_rect(side.intersect(ui.clip_rect()));
                    super::class::projector(ui, &p.class, s, TEXT, ACCENT);
                });
            }
            if score_height > 0.0 {
                ui.scope_builder(egui::UiBuilder::new().max_rect(score), |ui| {
                    if learner_board {
                        learners_board(ui, p.class.ranked(), score, s);
                    } else {
                        scoreboard(ui, p, score, s);
                    }
                });
            }
            if save_row && p.save.asking.is_none() {
                // The end of the drill: the tutor saves the session from here (or the
                // presenter view); the class sees a small button and a short line.
                let at = egui::Rect::from_min_max(
                    egui::pos2(inner.min.x, bottom - s * 1.2),
                    egui::pos2(inner.max.x, bottom),
                );
                ui.scope_builder(egui::UiBuilder::new().max_rect(at), |ui| {
                    ui.horizontal(|ui| {
                        if ui.button("Save the class results…").clicked() {
                            p.save.asking = Some(super::save::Asking::Save);
                        }
                        ui.label(
                            RichText::new("Not saved: discarded when you leave the drill.")
                                .color(QUIET),
                        );
                    });
                });
            }
        });

    if let Some(results) = &p.results
        && super::save::question(&ctx, &mut p.save, &p.drill, results)
            == super::save::Decision::Leave
    {
        outcome = Outcome::Leave;
    }
    if p.presenter_open {
        presenter_view(&ctx, p, now);
    }
    outcome
}

fn header_row(
    ui: &mut egui::Ui,
    drill: &Drill,
    timer: Option<TimerView>,
    page: Option<&str>,
    s: f32,
) {
    ui.horizontal_centered(|ui| {
        let mut progress = drill.progress_label();
        if let Some(stage) = drill.stage() {
            progress = format!("{progress} · {}", stage.label());
        }
        if let Some(page) = page {
            progress = format!("{progress} · {page}");
        }
        ui.label(RichText::new(progress).size(s * 0.6).color(QUIET));
        if let Some(t) = timer {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let (colour, note) = if t.over {
                    (WARN, "Time's up")
                } else if t.paused {
                    (QUIET, "Paused")
                } else if t.warning {
                    (WARN, "Final seconds")
                } else {
                    (ACCENT, "Discuss")
                };
                ui.label(
                    RichText::new(t.clock())
                        .size(s * 1.6)
                        .strong()
                        .color(colour),
                );
                ui.label(RichText::new(note).size(s * 0.7).color(colour));
            });
        }
    });
}

/// One paragraph of the projector's body: its text, its size (times the base size), its
/// colour; `context` for a reminder of what came before (the prompt, an answer already
/// revealed), left out first when the stage does not fit; `keep_with_next` so a heading or a
/// misconception is never the last thing on a page without what follows it.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    text: String,
    size: f32,
    colour: Color32,
    context: bool,
    keep_with_next: bool,
}

fn line(text: impl Into<String>, size: f32, colour: Color32) -> Line {
    Line {
        text: text.into(),
        size,
        colour,
        context: false,
        keep_with_next: false,
    }
}

impl Line {
    fn context(mut self) -> Self {
        self.context = true;
        self
    }

    fn keep_with_next(mut self) -> Self {
        self.keep_with_next = true;
        self
    }
}

/// How many learners the final ranking of a drill without teams names.
const TOP_LEARNERS: usize = 10;

fn body_lines(
    drill: &Drill,
    timer: Option<TimerView>,
    learners: &[(usize, String, u32)],
) -> Vec<Line> {
    let Some((_, it, stage)) = drill.current() else {
        if drill.teams().is_empty() && !learners.is_empty() {
            return learner_ranking_lines(learners);
        }
        return ranking_lines(&drill.ranking());
    };
    let mut out = Vec::new();
    match stage {
        Stage::Scenario | Stage::Discussion => {
            out.push(line(&it.title, 1.25, ACCENT));
            out.push(line(&it.situation, 1.0, TEXT));
            if stage == Stage::Discussion
                && let Some(t) = timer
            {
                out.push(if t.over {
                    line("Time's up.", 0.8, WARN)
                } else {
                    line("Discuss in your groups.", 0.8, QUIET)
                });
            }
        }
        Stage::Question => {
            out.push(line(&it.situation, 0.8, QUIET).context());
            out.push(line(&it.prompt, 1.05, ACCENT).keep_with_next());
            out.extend(it.options.iter().map(|o| line(o, 0.9, TEXT)));
        }
        Stage::Answer | Stage::MarkingPoint(_) | Stage::Misconceptions => {
            let earlier = stage != Stage::Answer;
            out.push(line(&it.prompt, 0.8, QUIET).context());
            let mut heading = line("Answer", 1.05, ACCENT).keep_with_next();
            heading.context = earlier;
            out.push(heading);
            for a in &it.answer {
                let mut l = line(a, 0.9, GOOD);
                l.context = earlier;
                out.push(l);
            }
            if stage == Stage::Answer
                && let Some(e) = &it.explanation
            {
                out.push(line(e, 0.8, TEXT));
            }
            if let Stage::MarkingPoint(n) = stage {
                out.push(line("Marking points", 1.05, ACCENT).keep_with_next());
                for mp in it.marking_points.iter().take(n + 1) {
                    out.push(line(format!("- {mp}"), 0.85, TEXT));
                }
            }
            if stage == Stage::Misconceptions {
                out.push(line("Misconceptions it catches", 1.05, ACCENT).keep_with_next());
                for m in &it.misconceptions {
                    let text = match &m.trigger {
                        Some(t) => format!("{t}: {}", m.text),
                        None => m.text.clone(),
                    };
                    let mut l = line(text, 0.85, WARN);
                    l.keep_with_next = m.correction.is_some();
                    out.push(l);
                    if let Some(c) = &m.correction {
                        out.push(line(format!("Instead: {c}"), 0.8, GOOD));
                    }
                }
            }
        }
    }
    out
}

fn ranking_lines(places: &[Place]) -> Vec<Line> {
    let mut out = vec![line("Final ranking", 1.4, ACCENT).keep_with_next()];
    if places.is_empty() {
        out.push(line("That is the end of the drill.", 1.0, TEXT));
        return out;
    }
    for p in places {
        let colour = if p.place == 1 { ACCENT } else { TEXT };
        out.push(line(
            format!(
                "{}. {}: {} point{}",
                p.place,
                p.team,
                p.points,
                if p.points == 1 { "" } else { "s" }
            ),
            1.1,
            colour,
        ));
    }
    out
}

/// The final ranking of a drill without teams: the learners' totals, the first ten (display
/// names are drawn as plain text, never read as markup).
fn learner_ranking_lines(learners: &[(usize, String, u32)]) -> Vec<Line> {
    let mut out = vec![line("Final ranking", 1.4, ACCENT).keep_with_next()];
    for (place, name, total) in learners.iter().take(TOP_LEARNERS) {
        let colour = if *place == 1 { ACCENT } else { TEXT };
        out.push(line(
            format!(
                "{place}. {name}: {total} point{}",
                if *total == 1 { "" } else { "s" }
            ),
            1.0,
            colour,
        ));
    }
    if learners.len() > TOP_LEARNERS {
        out.push(line(
            format!("and {} more", learners.len() - TOP_LEARNERS),
            0.8,
            QUIET,
        ));
    }
    out
}

/// A stage laid out to fit the body without scrolling: its pages of laid-out paragraphs and
/// the space between them.
struct Fitted {
    pages: Vec<Vec<std::sync::Arc<egui::Galley>>>,
    gap: f32,
}

/// Fits `lines` into `width` x `height`: at the largest type size that fits on one screen;
/// failing that, without the reminders of earlier stages; failing that, at the smallest size
/// that reads from the back of a room, split into pages the clicker steps through.
fn fit(ui: &egui::Ui, lines: &[Line], width: f32, height: f32, s: f32) -> Fitted {
    let layout = |l: &Line, k: f32| {
        ui.fonts_mut(|f| {
            f.layout(
                l.text.clone(),
                egui::FontId::proportional(l.size * s * k),
                l.colour,
                width,
            )
        })
    };
    let gap = |k: f32| s * 0.45 * k;
    let total = |galleys: &[std::sync::Arc<egui::Galley>], k: f32| {
        galleys.iter().map(|g| g.size().y).sum::<f32>()
            + gap(k) * galleys.len().saturating_sub(1) as f32
    };
    let essential: Vec<&Line> = lines.iter().filter(|l| !l.context).collect();
    for subset in [lines.iter().collect::<Vec<_>>(), essential.clone()] {
        for k in SCALES {
            let galleys: Vec<_> = subset.iter().map(|l| layout(l, k)).collect();
            if total(&galleys, k) <= height {
                return Fitted {
                    pages: vec![galleys],
                    gap: gap(k),
                };
            }
        }
    }
    // Pages: paragraphs kept with the next one go together; a group too tall for a page by
    // itself is made smaller until it fits.
    let mut groups: Vec<Vec<&Line>> = Vec::new();
    let mut open = false;
    for l in essential {
        match groups.last_mut() {
            Some(g) if open => g.push(l),
            _ => groups.push(vec![l]),
        }
        open = l.keep_with_next;
    }
    let k = MIN_SCALE;
    let mut pages: Vec<Vec<std::sync::Arc<egui::Galley>>> = vec![Vec::new()];
    for group in groups {
        let mut galleys: Vec<_> = group.iter().map(|l| layout(l, k)).collect();
        let mut small = k;
        while total(&galleys, k) > height && small > FLOOR_SCALE {
            small = (small - 0.05).max(FLOOR_SCALE);
            galleys = group.iter().map(|l| layout(l, small)).collect();
        }
        let page = pages.last_mut().expect("one page at least");
        let mut with = page.clone();
        with.extend(galleys.iter().cloned());
        if page.is_empty() || total(&with, k) <= height {
            *page = with;
        } else {
            pages.push(galleys);
        }
    }
    Fitted { pages, gap: gap(k) }
}

/// How the scoreboard's boxes are laid out, decided from the names alone so that a change of
/// score never changes it.
struct BoardLayout {
    /// Name above points (when a name and two digits do not fit side by side).
    stacked: bool,
    /// Width left for a name beside the points.
    name_room: f32,
}

fn board_layout(ui: &egui::Ui, teams: &[String], width: f32, s: f32) -> BoardLayout {
    let pad = s * 0.35;
    let measure = |text: &str, size: f32| {
        ui.fonts_mut(|f| {
            f.layout_no_wrap(text.to_owned(), egui::FontId::proportional(size), TEXT)
                .size()
                .x
        })
    };
    let name_room = width - 2.0 * pad - measure("88", s * 1.7) - pad;
    let stacked = teams.iter().any(|t| measure(t, s * 0.9) > name_room);
    BoardLayout { stacked, name_room }
}

/// The teams' scores along the bottom, large enough to read from the back of the room, each in
/// a box of its own width so that nothing moves when a score changes. The team that has just
/// scored is lit for a moment (gold for a point, red for one taken back).
fn scoreboard(ui: &mut egui::Ui, p: &Presentation, rect: egui::Rect, s: f32) {
    let now = ui.input(|i| i.time);
    let teams = p.drill.teams();
    let n = teams.len().max(1) as f32;
    let gap = s * 0.4;
    let width = ((rect.width() - gap * (n - 1.0)) / n).max(1.0);
    let layout = board_layout(ui, teams, width, s);
    for (i, (team, points)) in teams.iter().zip(p.drill.points()).enumerate() {
        let cell = egui::Rect::from_min_size(
            egui::pos2(rect.min.x + i as f32 * (width + gap), rect.min.y),
            egui::vec2(width, rect.height()),
        );
        let lit = p
            .flash
            .filter(|f| f.team == i && now - f.at < FLASH_SECONDS)
            .map(|f| {
                let t = (1.0 - (now - f.at - FLASH_HOLD) / FLASH_FADE).clamp(0.0, 1.0) as f32;
                (if f.gained { ACCENT } else { WARN }, t)
            });
        let base = Color32::from_gray(34);
        let (fill, name_colour, points_colour) = match lit {
            Some((colour, t)) => {
                let fill = base.lerp_to_gamma(colour, t);
                let ink = if t > 0.4 { BACKGROUND } else { TEXT };
                (fill, ink, if t > 0.4 { BACKGROUND } else { ACCENT })
            }
            None => (base, TEXT, ACCENT),
        };
        let painter = ui.painter_at(cell);
        painter.rect(
            cell,
            s * 0.2,
            fill,
            egui::Stroke::new((s * 0.06).max(1.5), QUIET),
            egui::StrokeKind::Inside,
        );
        let pad = s * 0.35;
        let ink = |text: String, size: f32, colour: Color32, room: f32| {
            let mut job = egui::text::LayoutJob::simple_singleline(
                text,
                egui::FontId::proportional(size),
                colour,
            );
            job.wrap = egui::text::TextWrapping::truncate_at_width(room.max(s));
            painter.layout_job(job)
        };
        if layout.stacked {
            // Narrow boxes: the name above, the points below, both centred.
            let name = ink(team.clone(), s * 0.65, name_colour, width - 2.0 * pad);
            let score = ink(
                points.to_string(),
                s * 1.2,
                points_colour,
                width - 2.0 * pad,
            );
            let total = name.size().y + score.size().y;
            let top = cell.center().y - total / 2.0;
            painter.galley(
                egui::pos2(cell.center().x - name.size().x / 2.0, top),
                name.clone(),
                name_colour,
            );
            painter.galley(
                egui::pos2(cell.center().x - score.size().x / 2.0, top + name.size().y),
                score,
                points_colour,
            );
        } else {
            // The name on the left, the points on the right, in room kept for two digits
            // so that a score going from 9 to 10 does not shorten the name.
            let name = ink(team.clone(), s * 0.9, name_colour, layout.name_room);
            let score = ink(points.to_string(), s * 1.7, points_colour, f32::INFINITY);
            painter.galley(
                egui::pos2(cell.min.x + pad, cell.center().y - name.size().y / 2.0),
                name,
                name_colour,
            );
            painter.galley(
                egui::pos2(
                    cell.max.x - pad - score.size().x,
                    cell.center().y - score.size().y / 2.0,
                ),
                score,
                points_colour,
            );
        }
        // One node per team for screen readers and tests: "Reds: 3 points".
        let label = format!(
            "{team}: {points} point{}",
            if *points == 1 { "" } else { "s" }
        );
        let response = ui.allocate_rect(cell, egui::Sense::hover());
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &label));
    }
}

/// The learners' totals along the bottom of a drill without teams: the first few places (as
/// many boxes as fit, at most five), each "1. Ann" and the points, in fixed boxes so nothing
/// moves when a score changes. Names are drawn as plain text and cut short to their box.
fn learners_board(ui: &mut egui::Ui, ranked: &[(usize, String, u32)], rect: egui::Rect, s: f32) {
    if ranked.is_empty() {
        let painter = ui.painter_at(rect);
        painter.text(
            rect.left_center(),
            egui::Align2::LEFT_CENTER,
            "Scores appear here once learners join",
            egui::FontId::proportional(s * 0.6),
            QUIET,
        );
        return;
    }
    let gap = s * 0.4;
    let fits = ((rect.width() + gap) / (s * 6.0 + gap)).floor().max(1.0) as usize;
    let n = fits.min(5);
    let width = ((rect.width() - gap * (n as f32 - 1.0)) / n as f32).max(1.0);
    let pad = s * 0.3;
    for (i, (place, name, total)) in ranked.iter().take(n).enumerate() {
        let cell = egui::Rect::from_min_size(
            egui::pos2(rect.min.x + i as f32 * (width + gap), rect.min.y),
            egui::vec2(width, rect.height()),
        );
        let painter = ui.painter_at(cell);
        painter.rect(
            cell,
            s * 0.2,
            Color32::from_gray(34),
            egui::Stroke::new((s * 0.06).max(1.5), QUIET),
            egui::StrokeKind::Inside,
        );
        let ink = |text: String, size: f32, colour: Color32, room: f32| {
            let mut job = egui::text::LayoutJob::simple_singleline(
                text,
                egui::FontId::proportional(size),
                colour,
            );
            job.wrap = egui::text::TextWrapping::truncate_at_width(room.max(s));
            painter.layout_job(job)
        };
        let colour = if *place == 1 { ACCENT } else { TEXT };
        let label = ink(
            format!("{place}. {name}"),
            s * 0.6,
            colour,
            width - 2.0 * pad,
        );
        let points = ink(total.to_string(), s * 1.1, ACCENT, width - 2.0 * pad);
        let top = cell.center().y - (label.size().y + points.size().y) / 2.0;
        painter.galley(
            egui::pos2(cell.center().x - label.size().x / 2.0, top),
            label.clone(),
            colour,
        );
        painter.galley(
            egui::pos2(
                cell.center().x - points.size().x / 2.0,
                top + label.size().y,
            ),
            points,
            ACCENT,
        );
        // One node per learner for screen readers and tests: "1. Ann: 3 points".
        let text = format!(
            "{place}. {name}: {total} point{}",
            if *total == 1 { "" } else { "s" }
        );
        let response = ui.allocate_rect(cell, egui::Sense::hover());
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &text));
    }
}

/// The tutor's window: the answer, marking points and notes for what the class sees now.
fn presenter_view(ctx: &egui::Context, p: &mut Presentation, now: f64) {
    let id = egui::ViewportId::from_hash_of("rapport-drill-presenter");
    let builder = crate::window_icon::identify(
        egui::ViewportBuilder::default()
            .with_title("Rapport: presenter view")
            .with_inner_size([720.0, 560.0]),
    );
    ctx.show_viewport_immediate(id, builder, |ui, class| {
        let ctx = ui.ctx().clone();
        if ctx.input(|i| i.viewport().close_requested()) {
            p.presenter_open = false;
            return;
        }
        // The tutor may have this window focused: the same keys work here.
        if class != egui::ViewportClass::EmbeddedWindow && handle_keys(&ctx, p) == Outcome::Leave {
            p.presenter_open = false;
        }
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                super::class::presenter(ui, &mut p.class);
                if let Some(results) = &p.results {
                    super::save::panel(ui, &mut p.save, &p.drill, results);
                    ui.separator();
                }
                presenter_notes(ui, p, now);
            });
        });
    });
}

fn presenter_notes(ui: &mut egui::Ui, p: &Presentation, now: f64) {
    let drill = &p.drill;
    ui.heading("Presenter view");
    let mut line = drill.progress_label();
    if let Some(stage) = drill.stage() {
        line.push_str(&format!(" · {}", stage.label()));
    }
    if let (page, pages @ 2..) = p.page() {
        line.push_str(&format!(
            " · page {page} of {pages} on the screen (Space for the next)"
        ));
    }
    ui.label(line);
    if let Some(t) = drill.timer(now) {
        ui.label(format!(
            "Countdown {}{}",
            t.clock(),
            if t.paused { " (paused)" } else { "" }
        ));
    }
    if drill.is_blank() {
        ui.label("The screen is blank (B brings it back).");
    }
    // The keys live here, where only the tutor sees them.
    ui.label(RichText::new(KEYS).small().weak());
    if !drill.teams().is_empty() {
        let teams: Vec<String> = drill
            .teams()
            .iter()
            .zip(drill.points())
            .enumerate()
            .map(|(i, (t, points))| format!("{} {t} ({points})", i + 1))
            .collect();
        ui.label(RichText::new(format!("Team keys: {}", teams.join(" · "))).small());
    }
    let Some((_, it, _)) = drill.current() else {
        ui.label("The class sees the final ranking.");
        return;
    };
    ui.label(RichText::new(&it.title).strong());
    ui.label(&it.prompt);
    ui.separator();
    ui.label(RichText::new("Answer").strong());
    for a in &it.answer {
        ui.label(a);
    }
    if let Some(e) = &it.explanation {
        ui.label(e);
    }
    if !it.marking_points.is_empty() {
        ui.label(RichText::new("Marking points").strong());
        for mp in &it.marking_points {
            ui.label(format!("- {mp}"));
        }
    }
    if !it.misconceptions.is_empty() {
        ui.label(RichText::new("Misconceptions it catches").strong());
        for m in &it.misconceptions {
            ui.label(match &m.trigger {
                Some(t) => format!("- {t}: {}", m.text),
                None => format!("- {}", m.text),
            });
        }
    }
    if !it.notes.is_empty() {
        ui.label(RichText::new("Notes").strong());
        for n in &it.notes {
            ui.label(format!("- {n}"));
        }
    }
    if let Position::At { item, .. } = drill.position()
        && let Some(next) = drill.items.get(item + 1)
    {
        ui.separator();
        ui.weak(format!("Next scenario: {}", next.title));
    }
}
