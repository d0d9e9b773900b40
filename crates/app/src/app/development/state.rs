//! State of the self-assessment and development plan areas: the learner's records as last
//! saved or being saved, what each view has open, and the saves waiting for the store thread.
//!
//! Views edit the records here directly (egui text fields need a `&mut String`) and queue a
//! store request for each change; the app sends the queue after the frame and the "saved"
//! indicator only turns green when every request has come back done.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::app::effects::{FileJob, FileOutcome, StoreDone};
use crate::app::notices::Notice;
use crate::content::{Framework, Pack};
use crate::export::WriteError;
use crate::plan::export::Portfolio;
use crate::plan::export::{self, Format};
use crate::plan::{Assessment, PlanEntry, Rating, Review};
use crate::store::development::{DevelopmentData, FILE_EXISTS, PlanText};
use crate::store::worker::{Outcome, Request, RequestId};

/// Which part of the self-assessment area is showing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AssessmentScreen {
    #[default]
    Overview,
    Rate(String),
    Results(String),
}

/// A row of the rating page that takes a rating: a behaviour's "I work at" or its "Target".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateRow {
    pub behaviour: String,
    pub target: bool,
}

/// An export waiting for the learner to say whether to replace an existing file.
#[derive(Debug, Clone, PartialEq)]
pub enum PendingOverwrite {
    /// The plan as Markdown or PDF, rendered on the file worker.
    Portfolio {
        path: PathBuf,
        format: Format,
        portfolio: Portfolio,
    },
    /// Everything the store holds, written by the store thread.
    Everything { path: PathBuf },
}

impl PendingOverwrite {
    pub fn path(&self) -> &Path {
        match self {
            PendingOverwrite::Portfolio { path, .. } | PendingOverwrite::Everything { path } => {
                path
            }
        }
    }
}

/// A new id for a record: random, so that no round trip to the store is needed to create one.
pub fn new_id() -> String {
    format!("{:016x}", rand::random::<u64>())
}

pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

pub struct DevState {
    pub data: DevelopmentData,
    pub screen: AssessmentScreen,
    /// Per assessment being viewed: the earlier completed one it is compared with.
    pub compare_with: Option<String>,
    /// The plan entry whose editor is open.
    pub open_entry: Option<String>,
    /// A review being written, not yet saved.
    pub draft_review: Option<Review>,
    /// Text of the plan end field, kept while it does not parse.
    pub plan_end_text: String,
    pub export_folder: String,
    pub data_dir: PathBuf,
    pub overwrite: Option<PendingOverwrite>,
    pub confirm_delete_all: bool,
    pub confirm_delete_entry: Option<String>,
    /// Requests the views queued this frame.
    pub outbox: Vec<Request>,
    /// File work (the portfolio export) the views queued this frame.
    pub file_outbox: Vec<FileJob>,
    /// The portfolio export being written, if any.
    pub writing: Option<PendingOverwrite>,
    pub pending: HashSet<RequestId>,
    /// Failures the app moves to its notices after the frame.
    pub messages: Vec<Notice>,
    /// The outcome of the last export or privacy action, shown beside its buttons.
    pub info: Option<String>,
    /// Text of date fields by field key, kept while it does not parse.
    pub date_texts: std::collections::HashMap<String, String>,
    /// Set by "Draft my plan": the app switches to the plan page after the frame.
    pub go_to_plan: bool,
    /// The rating row the number keys rate; `None` starts at the first unrated row.
    pub rate_cursor: Option<RateRow>,
    /// The cursor moved by a key this frame: scroll it into view.
    pub rate_scroll: bool,
}

impl DevState {
    pub fn new(data: DevelopmentData, data_dir: &Path) -> Self {
        let export_folder = directories::UserDirs::new()
            .and_then(|d| d.document_dir().map(Path::to_path_buf))
            .unwrap_or_else(|| data_dir.join("exports"));
        Self {
            plan_end_text: data
                .plan_end
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            data,
            screen: AssessmentScreen::Overview,
            compare_with: None,
            open_entry: None,
            draft_review: None,
            export_folder: export_folder.display().to_string(),
            data_dir: data_dir.to_path_buf(),
            overwrite: None,
            confirm_delete_all: false,
            confirm_delete_entry: None,
            outbox: Vec::new(),
            file_outbox: Vec::new(),
            writing: None,
            pending: HashSet::new(),
            messages: Vec::new(),
            info: None,
            go_to_plan: false,
            date_texts: Default::default(),
            rate_cursor: None,
            rate_scroll: false,
        }
    }

    pub fn is_saving(&self) -> bool {
        !self.pending.is_empty()
            || !self.outbox.is_empty()
            || !self.file_outbox.is_empty()
            || self.writing.is_some()
    }

    pub fn assessment(&self, id: &str) -> Option<&Assessment> {
        self.data.assessments.iter().find(|a| a.id == id)
    }

    pub fn assessment_mut(&mut self, id: &str) -> Option<&mut Assessment> {
        self.data.assessments.iter_mut().find(|a| a.id == id)
    }

    /// An unfinished assessment of this framework, to continue instead of starting another.
    pub fn in_progress(&self, framework_id: &str) -> Option<&Assessment> {
        self.data
            .assessments
            .iter()
            .rev()
            .find(|a| a.framework_id == framework_id && a.completed_at.is_none())
    }

    pub fn start_assessment(&mut self, framework: &Framework) -> String {
        if let Some(existing) = self.in_progress(&framework.id) {
            let id = existing.id.clone();
            self.screen = AssessmentScreen::Rate(id.clone());
            return id;
        }
        let a = Assessment::new(new_id(), framework, crate::store::now_seconds());
        self.rate_cursor = None;
        let id = a.id.clone();
        self.outbox.push(Request::SaveAssessment(a.clone()));
        self.data.assessments.push(a);
        self.screen = AssessmentScreen::Rate(id.clone());
        id
    }

    pub fn set_rating(&mut self, assessment_id: &str, behaviour_id: &str, rating: Rating) {
        if let Some(a) = self.assessment_mut(assessment_id) {
            a.ratings.insert(behaviour_id.to_owned(), rating.clone());
            self.outbox.push(Request::SaveRating {
                assessment_id: assessment_id.to_owned(),
                behaviour_id: behaviour_id.to_owned(),
                rating,
            });
        }
    }

    pub fn complete_assessment(&mut self, id: &str) {
        let now = crate::store::now_seconds();
        if let Some(a) = self.assessment_mut(id) {
            a.completed_at = Some(now);
            let a = a.clone();
            self.outbox.push(Request::SaveAssessment(a));
            self.compare_with = None;
            self.screen = AssessmentScreen::Results(id.to_owned());
        }
    }

    pub fn entry(&self, id: &str) -> Option<&PlanEntry> {
        self.data.entries.iter().find(|e| e.id == id)
    }

    /// Queues a save of the entry at `index` as it now is.
    pub fn save_entry(&mut self, index: usize) {
        if let Some(entry) = self.data.entries.get(index) {
            self.outbox.push(Request::SavePlanEntry {
                entry: entry.clone(),
                position: index,
            });
        }
    }

    pub fn add_entries(&mut self, entries: Vec<PlanEntry>) -> Option<String> {
        let mut first = None;
        for mut e in entries {
            e.id = new_id();
            e.created_at = crate::store::now_seconds();
            first.get_or_insert_with(|| e.id.clone());
            self.data.entries.push(e);
            self.save_entry(self.data.entries.len() - 1);
        }
        if first.is_some() {
            self.open_entry = first.clone();
        }
        first
    }

    pub fn delete_entry(&mut self, id: &str) {
        self.data.entries.retain(|e| e.id != id);
        self.data.reviews.retain(|r| r.entry_id != id);
        self.outbox
            .push(Request::DeletePlanEntry { id: id.to_owned() });
        if self.open_entry.as_deref() == Some(id) {
            self.open_entry = None;
        }
        // Positions after the deleted entry moved up.
        for i in 0..self.data.entries.len() {
            self.save_entry(i);
        }
    }

    pub fn save_review(&mut self, review: Review) {
        if let Some(e) = self
            .data
            .entries
            .iter_mut()
            .find(|e| e.id == review.entry_id)
        {
            e.status = review.status;
        }
        self.outbox.push(Request::SaveReview(review.clone()));
        self.data.reviews.push(review);
    }

    /// The learner's or supervisor's name, already edited in `data`: saves it.
    pub fn set_plan_text(&mut self, which: PlanText, value: String) {
        self.outbox.push(Request::SetPlanText { which, value });
    }

    pub fn set_plan_end(&mut self, end: Option<NaiveDate>) {
        if self.data.plan_end != end {
            self.data.plan_end = end;
            self.outbox.push(Request::SetPlanEnd(end));
        }
    }

    /// The folder exports go to, or a message saying why there is none.
    fn export_dir(&mut self) -> Option<PathBuf> {
        let folder = self.export_folder.trim();
        if folder.is_empty() {
            self.messages.push(Notice::error(
                "Not exported: type or choose the folder to save exports in first.",
            ));
            return None;
        }
        Some(PathBuf::from(folder))
    }

    /// Queues the portfolio export in `format` into the export folder.
    pub fn export(&mut self, pack: &Pack, format: Format) {
        let Some(dir) = self.export_dir() else {
            return;
        };
        let frameworks: Vec<&Framework> = pack.frameworks.iter().map(|f| &f.framework).collect();
        let portfolio = export::build(&export::Input {
            frameworks: &frameworks,
            assessments: &self.data.assessments,
            entries: &self.data.entries,
            reviews: &self.data.reviews,
            plan_end: self.data.plan_end,
            learner: &self.data.learner,
            supervisor: &self.data.supervisor,
            today: today(),
        });
        let path = dir.join(export::file_name(today(), format));
        self.write_portfolio(path, format, portfolio, false);
    }

    fn write_portfolio(
        &mut self,
        path: PathBuf,
        format: Format,
        portfolio: Portfolio,
        overwrite: bool,
    ) {
        self.file_outbox.push(FileJob::WriteDocument {
            path: path.clone(),
            format,
            doc: portfolio.clone(),
            overwrite,
        });
        self.writing = Some(PendingOverwrite::Portfolio {
            path,
            format,
            portfolio,
        });
    }

    pub fn export_everything(&mut self) {
        let Some(dir) = self.export_dir() else {
            return;
        };
        let name = format!("rapport-my-data-{}.json", today().format("%Y-%m-%d"));
        self.outbox.push(Request::ExportEverything {
            path: dir.join(name),
            overwrite: false,
        });
    }

    pub fn delete_everything(&mut self) {
        self.confirm_delete_all = false;
        self.outbox.push(Request::DeleteEverything);
    }

    /// Re-sends the export the learner agreed to replace.
    pub fn confirm_overwrite(&mut self) {
        match self.overwrite.take() {
            Some(PendingOverwrite::Portfolio {
                path,
                format,
                portfolio,
            }) => self.write_portfolio(path, format, portfolio, true),
            Some(PendingOverwrite::Everything { path }) => {
                self.outbox.push(Request::ExportEverything {
                    path,
                    overwrite: true,
                });
            }
            None => {}
        }
    }

    /// The portfolio export, written (or not) by the file worker.
    pub fn on_file_done(&mut self, outcome: FileOutcome) {
        let FileOutcome::Written(path, result) = outcome else {
            return;
        };
        let pending = self.writing.take();
        match result {
            Ok(()) => self.info = Some(format!("Saved {}", path.display())),
            Err(WriteError::Exists(_)) => self.overwrite = pending,
            Err(e) => self.messages.push(Notice::error(format!("Not saved: {e}"))),
        }
    }

    /// Applies a finished request. Returns true when all data was deleted, so that the app
    /// can clear what other areas hold too.
    pub fn on_done(&mut self, done: StoreDone) -> bool {
        self.pending.remove(&done.id);
        match (done.request, done.outcome) {
            (Request::ExportEverything { path, .. }, Outcome::Saved { .. }) => {
                self.info = Some(format!("Saved {}", path.display()));
                false
            }
            (Request::DeleteEverything, Outcome::Saved { .. }) => {
                self.data = DevelopmentData::default();
                self.plan_end_text.clear();
                self.screen = AssessmentScreen::Overview;
                self.open_entry = None;
                self.draft_review = None;
                self.date_texts.clear();
                self.info = Some("All your data was deleted from this computer.".to_owned());
                true
            }
            (Request::ExportEverything { path, .. }, Outcome::Failed(reason))
                if reason.ends_with(FILE_EXISTS) =>
            {
                self.overwrite = Some(PendingOverwrite::Everything { path });
                false
            }
            (_, Outcome::Failed(reason)) => {
                self.messages
                    .push(Notice::error(format!("Not saved: {reason}")));
                false
            }
            _ => false,
        }
    }
}
