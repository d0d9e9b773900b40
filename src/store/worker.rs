//! The store runs on its own thread so that no frame ever waits for the disk. Views send
//! requests; the worker commits each one and only then reports it done, which is when the
//! view may show it as saved.

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use super::{Store, StoreError, now_seconds};

pub type RequestId = u64;

#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    SetSectionRevised {
        unit_id: String,
        section: String,
        revised: bool,
    },
    SaveDrillSetup(Box<crate::drill::DrillSetup>),
    DeleteDrillSetup {
        name: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The request is committed to disk.
    Saved {
        at: i64,
    },
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    pub id: RequestId,
    pub request: Request,
    pub outcome: Outcome,
}

/// The UI's end of the store thread.
pub struct StoreClient {
    requests: Option<Sender<(RequestId, Request)>>,
    done: Receiver<Done>,
    next_id: RequestId,
    in_flight: usize,
    thread: Option<JoinHandle<()>>,
}

impl StoreClient {
    /// Moves `store` onto a new thread. `wake` is called after each request is done (the UI
    /// passes a repaint request).
    pub fn spawn(store: Store, wake: impl Fn() + Send + 'static) -> StoreClient {
        let (req_tx, req_rx) = mpsc::channel::<(RequestId, Request)>();
        let (done_tx, done_rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("rapport-store".into())
            .spawn(move || {
                let mut store = store;
                for (id, request) in req_rx {
                    let outcome = match apply(&mut store, &request) {
                        Ok(at) => Outcome::Saved { at },
                        Err(e) => Outcome::Failed(e.to_string()),
                    };
                    if done_tx
                        .send(Done {
                            id,
                            request,
                            outcome,
                        })
                        .is_err()
                    {
                        break;
                    }
                    wake();
                }
            })
            .expect("spawning the store thread");
        StoreClient {
            requests: Some(req_tx),
            done: done_rx,
            next_id: 1,
            in_flight: 0,
            thread: Some(thread),
        }
    }

    pub fn send(&mut self, request: Request) -> RequestId {
        let id = self.next_id;
        self.next_id += 1;
        if let Some(tx) = &self.requests
            && tx.send((id, request)).is_ok()
        {
            self.in_flight += 1;
        }
        id
    }

    /// Requests finished since the last call, without waiting.
    pub fn poll(&mut self) -> Vec<Done> {
        let out: Vec<Done> = self.done.try_iter().collect();
        self.in_flight -= out.len().min(self.in_flight);
        out
    }

    /// Waits until every request sent so far is done and returns them. For shutdown and tests.
    pub fn wait_idle(&mut self) -> Vec<Done> {
        let mut out = Vec::new();
        while self.in_flight > 0 {
            match self.done.recv() {
                Ok(done) => {
                    out.push(done);
                    self.in_flight -= 1;
                }
                Err(_) => break,
            }
        }
        out
    }

    pub fn in_flight(&self) -> usize {
        self.in_flight
    }
}

impl Drop for StoreClient {
    fn drop(&mut self) {
        // Closing the channel lets the thread finish what is queued, then exit.
        self.requests.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn apply(store: &mut Store, request: &Request) -> Result<i64, StoreError> {
    let at = now_seconds();
    match request {
        Request::SetSectionRevised {
            unit_id,
            section,
            revised,
        } => store.set_section_revised(unit_id, section, *revised, at)?,
        Request::SaveDrillSetup(setup) => store.save_drill_setup(setup, at)?,
        Request::DeleteDrillSetup { name } => store.delete_drill_setup(name)?,
    }
    Ok(at)
}
