#!/usr/bin/env python3
"""Times the same operations on the same 20,000-card collection in the real Anki library (the
`anki` package from PyPI) and in Rapport, and prints the ratios.

    /opt/rapport-anki-venv/bin/python benches/anki_compare.py

The Anki version is pinned: the script refuses any other than the ANKI_VERSION of
.ci/setup.d/30-anki-venv.sh (--any-anki-version runs anyway, with a warning in the report).

What it does, in order (everything before the timings is untimed setup):

1. `rapport generate-large OUT` makes a synthetic pack (OUT/content), a learner store with a
   year of history (OUT/data/rapport.sqlite3) and OUT/card-states.json. Skipped when OUT already
   has them (pass a --work folder to keep them between runs).
2. `rapport --content OUT/content export-anki OUT/cards.txt` writes every card as Anki's text
   import file; a fresh Anki collection imports it with Anki's own importer.
3. Each studied card's state (type, queue, due, interval, reps, lapses) is set on its Anki card
   from card-states.json, so both sides have the same cards due. Where the store is readable, the
   FSRS memory state and last review time of each card and the review history are copied too, so
   that Anki's FSRS schedules from the same memory as Rapport's.
4. Anki runs with FSRS on, Rapport's learning steps and retention, bury new and review siblings
   on (as Rapport), and the parent deck `Rapport` (every exported card) selected.
5. --repeat rounds. In each, both sides do the same four things one after the other, Anki first
   in odd rounds and Rapport first in even ones:
   - Cold start to the first due card, both sides timed here the same way, from just before the
     process is spawned to the moment it prints the card (file cache warm). Anki: a fresh
     Python imports anki, opens a copy of the collection and takes the first card of
     `get_queued_cards`. Rapport: `rapport bench-ops --first-due` on a copy of the store, which
     loads what the app loads before it opens (content, store, records, flashcard schedule) and
     takes the first card of "Study everything due"; the readiness links and the search index,
     which the app builds on its loading thread after it has opened, are not waited for (the
     card does not wait for them in the app either). Both with Rapport's default daily limits
     (20 new, 200 reviews) and today's reviews counted against them. Both open a cleanly closed
     copy: Anki's collection was closed by Anki, and Rapport's store is copied with its clean
     marker (rapport.sqlite3.clean, its time kept), as a learner's store is after the app was
     closed, so Rapport skips the whole-file check it runs only after an unclean end.
   - Find: `col.find_cards` for the word in the cards' text or tags; Rapport's card filter.
   - Queue, both from the open database: Anki's `get_queued_cards` right after the queue cache
     is dropped (see `drop_queue_cache`); Rapport reads every card state from its open store,
     then builds the queue. No daily limits (every due card).
   - Answer, on a fresh copy of each side's database: with daily limits of --answer-new new cards
     and --answer-reviews reviews, each side answers the learning cards due now, the reviews and
     the new cards, with the grades of --grades in turn, each answer committed; it stops at a
     learning card not due yet. The kinds answered must be equal on both sides.
   Rapport's find, queue and answer come from `rapport ... bench-ops --repeat 1`.
6. For each operation: both sides' times per round, the ratio Anki / Rapport of each round, and
   their median and range; which side was faster in how many rounds (a side is named when it
   won at least two rounds of three). The counts must agree (cards, found, due, answered by
   kind, the cold start's queue) or it exits non-zero.
   --markdown prints the README's table.

--anki-only skips Rapport (steps 1, 2 and 6): OUT must already hold cards.txt and
card-states.json. It is how the Anki half is tested without the release binary.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

# A count that differs by more than this between the two sides stops the comparison.
COUNT_TOLERANCE = 5
# Daily limits in Anki, far above any count here, so that neither side's queue is cut by a limit
# (Rapport's bench-ops builds its queue with 100,000 a day). Anki's options groups take at most
# 9,999 a day (a larger value is silently replaced by the defaults, 20 and 200), so the options
# group gets 9,999 and the selected deck its own "this deck" limits, which take more.
OPTIONS_GROUP_MAX_PER_DAY = 9_999
UNLIMITED_PER_DAY = 1_000_000
# Anki's and Rapport's default learning steps (minutes), desired retention and day start.
LEARN_STEPS = [1.0, 10.0]
RELEARN_STEPS = [10.0]
DESIRED_RETENTION = 0.9
ROLLOVER_HOUR = 4
# Every card the export writes sits under this deck in Anki (src/flashcards/anki.rs).
PARENT_DECK = "Rapport"
# Time spent on each card in the review log that answering writes (as Rapport's bench-ops).
ANSWER_MILLIS = 4000
DAY = 86_400

REPO = Path(__file__).resolve().parent.parent


def fail(message: str, code: int = 1) -> None:
    print(f"anki_compare: {message}", file=sys.stderr)
    sys.exit(code)


try:
    # anki.collection first: importing anki.cards alone runs into a circular import.
    from anki.collection import Collection, ImportCsvRequest
    import anki.buildinfo
    from anki.cards import Card as AnkiCard
    from anki.cards import FSRSMemoryState
    from anki.scheduler.v3 import CardAnswer, QueuedCards
except ImportError as err:  # pragma: no cover - depends on the machine
    fail(
        f"cannot import the anki package ({err}).\n"
        "Run this script with the Anki venv's Python, made by `bash .ci/setup.d/30-anki-venv.sh`:\n"
        "    /opt/rapport-anki-venv/bin/python benches/anki_compare.py",
        2,
    )


# Rapport's side
###########################################################################################


def default_binary() -> Path:
    """$CARGO_TARGET_DIR/release/rapport when that is set; else target/release/rapport, or the
    target folder .ci/run uses when CARGO_TARGET_DIR is unset, whichever exists."""
    target = os.environ.get("CARGO_TARGET_DIR")
    if target:
        return Path(target) / "release" / "rapport"
    candidates = [REPO / "target" / "release" / "rapport",
                  Path("/var/tmp/rapport-target/release/rapport")]
    return next((c for c in candidates if c.is_file()), candidates[0])


def check_binary(binary: Path) -> None:
    if not binary.is_file():
        fail(
            f"no Rapport binary at {binary}.\n"
            "Build it first, in the repository:  cargo build --release\n"
            "(it lands in $CARGO_TARGET_DIR/release/rapport, or target/release/rapport), or pass "
            "--rapport PATH.",
            2,
        )
    if "debug" in binary.parts:
        print(f"warning: {binary} looks like a debug build; Rapport's times mean little unless it "
              "is built with `cargo build --release`", file=sys.stderr)
    for sub in ("generate-large", "bench-ops"):
        probe = subprocess.run([str(binary), sub, "--help"], capture_output=True, text=True)
        if probe.returncode != 0:
            fail(
                f"{binary} has no `{sub}` subcommand; rebuild it from this checkout with "
                "`cargo build --release`.",
                2,
            )


def run(cmd: list[str], quiet: bool = False, **kwargs) -> subprocess.CompletedProcess:
    if not quiet:
        print("  $ " + " ".join(cmd), flush=True)
    done = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        fail(f"`{' '.join(cmd)}` failed ({done.returncode}):\n{done.stderr}{done.stdout}")
    return done


def prepare_rapport(args: argparse.Namespace, out: Path) -> None:
    binary = str(args.rapport)
    size = {k: getattr(args, k) for k in ("units", "cards", "scenarios", "reviews", "answers")}
    # card-states.json counts due days from the day it was made, while the store holds times:
    # a collection made on another day (days start at 04:00 on both sides) is made again.
    size["made_on"] = time.strftime("%Y-%m-%d", time.localtime(time.time() - ROLLOVER_HOUR * 3600))
    marker = out.parent / "large-size.json"
    made = json.loads(marker.read_text()) if marker.is_file() else None
    if made == size and (out / "card-states.json").is_file() and (out / "content").is_dir():
        print(f"  reusing the collection generated in {out}")
    else:
        # generate-large wants a new or empty folder; this one is ours (WORK/large).
        if out.exists():
            shutil.rmtree(out)
        marker.unlink(missing_ok=True)
        run(
            [
                binary,
                "generate-large",
                str(out),
                "--units",
                str(args.units),
                "--cards",
                str(args.cards),
                "--scenarios",
                str(args.scenarios),
                "--reviews",
                str(args.reviews),
                "--answers",
                str(args.answers),
            ]
        )
        marker.write_text(json.dumps(size))
    # --force: a kept --work folder already has the export from an earlier run.
    run([binary, "--content", str(out / "content"), "export-anki", str(out / "cards.txt"),
         "--force"])


def bench_rapport(args: argparse.Namespace, out: Path) -> dict:
    """One round of Rapport's timings (bench-ops --repeat 1), answering with the same daily
    limits and grades as Anki."""
    done = run(
        [
            str(args.rapport),
            "--content",
            str(out / "content"),
            "--data-dir",
            str(out / "data"),
            "bench-ops",
            "--word",
            args.word,
            "--answer",
            str(args.answer),
            "--new",
            str(args.answer_new),
            "--reviews",
            str(args.answer_reviews),
            "--grades",
            args.grades,
            "--repeat",
            "1",
        ],
        # bench-ops answers on copies of the store in the temporary folder: put them on the same
        # disk as Anki's copies.
        env={**os.environ, "TMPDIR": str(args.work)},
        quiet=True,
    )
    return last_json(done.stdout, done.stderr)


def last_json(stdout: str, stderr: str) -> dict:
    """The JSON object on the last non-empty line; anything before it is the binary's chatter."""
    lines = [line for line in stdout.splitlines() if line.strip()]
    try:
        return json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        fail(f"bench-ops printed no JSON object:\n{stdout}\n{stderr}")
        raise


# Cold start to the first due card, both sides timed the same way
###########################################################################################

# Anki's side of the cold start: a fresh Python that imports anki, opens the collection and asks
# the v3 scheduler for the first card of the study queue (as Anki's reviewer does), with its next
# states. It prints one line starting with FIRST the moment it has the card.
ANKI_FIRST_DUE = r"""
import json, sys, time
t0 = time.perf_counter()
from anki.collection import Collection
t1 = time.perf_counter()
col = Collection(sys.argv[1])
t2 = time.perf_counter()
queued = col.sched.get_queued_cards(fetch_limit=1)
t3 = time.perf_counter()
top = queued.cards[0] if queued.cards else None
print("FIRST " + json.dumps({
    "card_id": top.card.id if top else None,
    "queue_new": queued.new_count, "queue_learning": queued.learning_count,
    "queue_review": queued.review_count,
    "import_ms": (t1 - t0) * 1000, "open_ms": (t2 - t1) * 1000, "queue_ms": (t3 - t2) * 1000,
}), flush=True)
col.close()
"""


def copy_files(files: list[Path], to: Path) -> None:
    """A fresh copy of a store or collection (and its write-ahead log, if any) for one run."""
    if to.exists():
        shutil.rmtree(to)
    to.mkdir(parents=True)
    for f in files:
        if f.exists():
            shutil.copy2(f, to / f.name)


def spawn_until(cmd: list[str], marker: str, env: dict | None = None) -> tuple[float, str]:
    """Starts `cmd` and returns the seconds from just before the spawn to the moment its stdout
    gives a line starting with `marker`, and that line. The process is then left to finish
    (untimed); a process that ends without the line, or fails, stops the comparison."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    assert proc.stdout is not None
    seen = []
    for line in proc.stdout:
        if line.startswith(marker):
            took = time.perf_counter() - started
            rest, err = proc.communicate()
            if proc.returncode != 0:
                fail(f"`{' '.join(cmd)}` failed ({proc.returncode}) after its answer:\n{err}")
            return took, line[len(marker):].strip() if marker != "{" else line.strip()
        seen.append(line)
    _, err = proc.communicate()
    fail(f"`{' '.join(cmd)}` ended ({proc.returncode}) without an answer:\n{''.join(seen)}{err}")
    raise AssertionError


def cold_anki(args: argparse.Namespace, template: Path, index: int) -> dict:
    folder = args.work / f"cold-anki-{index}"
    copy_files([template, Path(str(template) + "-wal")], folder)
    took, line = spawn_until(
        [sys.executable, "-c", ANKI_FIRST_DUE, str(folder / template.name)], "FIRST "
    )
    shutil.rmtree(folder, ignore_errors=True)
    return {"ms": took * 1000, **json.loads(line)}


def cold_rapport(args: argparse.Namespace, out: Path, index: int) -> dict:
    folder = args.work / f"cold-rapport-{index}"
    store = out / "data" / "rapport.sqlite3"
    # With its clean marker: copy2 keeps the store's time, which the marker records, so the
    # copy opens as a cleanly closed store does (without the whole-file check).
    copy_files([store, Path(str(store) + "-wal"), Path(str(store) + ".clean")], folder)
    took, line = spawn_until(
        [str(args.rapport), "--content", str(out / "content"), "--data-dir", str(folder),
         "bench-ops", "--first-due"],
        "{",
    )
    shutil.rmtree(folder, ignore_errors=True)
    result = json.loads(line)
    if result.get("checked_integrity"):
        print("warning: Rapport's cold start checked the whole store (its clean marker was "
              "missing or stale), which a start after a clean close does not", file=sys.stderr)
    return {"ms": took * 1000, **result}


# Anki's side
###########################################################################################


@dataclass
class StoreState:
    """What Rapport's store keeps for a card beyond card-states.json."""

    step: int
    stability: float | None
    difficulty: float | None
    due: int
    last_review: int | None


@dataclass
class AnkiSetup:
    col: Collection
    path: Path
    cards: int
    notes: int
    imported_notes: int
    states_applied: int
    states_unmatched: list[str] = field(default_factory=list)
    memory_states: int = 0
    revlog_rows: int = 0
    deck_id: int = 0
    cards_in_deck: int = 0
    # Rapport card id -> Anki card id.
    ids: dict[str, int] = field(default_factory=dict)
    notes_about: list[str] = field(default_factory=list)


def read_store(data_dir: Path) -> tuple[dict[str, StoreState], list[tuple]]:
    """Card states and the review log from Rapport's store, opened read-only; empty if absent."""
    db = data_dir / "rapport.sqlite3"
    if not db.is_file():
        return {}, []
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        states = {
            row[0]: StoreState(row[1], row[2], row[3], row[4], row[5])
            for row in conn.execute(
                "SELECT card_id, step, stability, difficulty, due, last_review FROM card_state"
            )
        }
        log = conn.execute(
            "SELECT id, card_id, grade, interval_days, phase_before, duration_ms FROM review_log"
        ).fetchall()
    finally:
        conn.close()
    return states, log


def card_ids_by_rapport_id(col: Collection) -> dict[str, int]:
    """Rapport card id -> Anki card id. The export's guid is the Rapport note id; a basic card's
    id is the note id (or `card:` + it), a cloze card's is `card:<note>:c<n>` (ord n - 1)."""
    out: dict[str, int] = {}
    for cid, guid, ord_, cards_of_note in col.db.all(
        "SELECT c.id, n.guid, c.ord, (SELECT count() FROM cards c2 WHERE c2.nid = n.id) "
        "FROM cards c JOIN notes n ON n.id = c.nid"
    ):
        if cards_of_note == 1:
            out.setdefault(guid, cid)
            out.setdefault(f"card:{guid}", cid)
        out[f"card:{guid}:c{ord_ + 1}"] = cid
    return out


def open_anki(args: argparse.Namespace, out: Path, anki_dir: Path) -> AnkiSetup:
    if anki_dir.exists():
        shutil.rmtree(anki_dir)
    anki_dir.mkdir(parents=True)
    path = anki_dir / "collection.anki2"
    col = Collection(str(path))

    # Day numbers: put the collection's creation three years back, so that a year of history
    # and overdue reviews all have positive day numbers, as in a real collection.
    now = int(time.time())
    col.crt = col.crt - 3 * 365 * DAY
    col.set_config("rollover", ROLLOVER_HOUR)

    export = out / "cards.txt"
    metadata = col.get_csv_metadata(path=str(export), delimiter=None)
    started = time.perf_counter()
    response = col.import_csv(ImportCsvRequest(path=str(export), metadata=metadata))
    import_secs = time.perf_counter() - started
    imported = len(response.log.new)
    print(f"  Anki imported {imported} notes in {import_secs:.1f} s (untimed setup)")

    setup = AnkiSetup(
        col=col,
        path=path,
        cards=col.card_count(),
        notes=col.note_count(),
        imported_notes=imported,
        states_applied=0,
    )

    # Scheduler: FSRS with the same defaults as Rapport, limits out of the way.
    col.set_config("fsrs", True)
    conf = col.decks.get_config(1)
    conf["new"]["perDay"] = OPTIONS_GROUP_MAX_PER_DAY
    conf["rev"]["perDay"] = OPTIONS_GROUP_MAX_PER_DAY
    conf["new"]["delays"] = LEARN_STEPS
    conf["lapse"]["delays"] = RELEARN_STEPS
    conf["desiredRetention"] = DESIRED_RETENTION
    # Rapport buries a new or review card's siblings (its reverse, the other deletions of its
    # cloze note) for the day, as Anki does with these two options on; Anki's are off by default.
    conf["new"]["bury"] = True
    conf["rev"]["bury"] = True
    col.decks.update_config(conf)
    saved = col.decks.get_config(1)
    if (saved["new"]["perDay"], saved["rev"]["perDay"]) != (OPTIONS_GROUP_MAX_PER_DAY,) * 2:
        fail(f"Anki did not keep the daily limits: {saved['new']['perDay']}, {saved['rev']['perDay']}")
    # Every deck the import made uses the default options group.
    for deck in col.decks.all_names_and_ids():
        d = col.decks.get(deck.id)
        if not d.get("dyn") and d.get("conf", 1) != 1:
            d["conf"] = 1
            col.decks.save(d)

    deck_id = col.decks.id_for_name(PARENT_DECK)
    if not deck_id:
        fail(f"the import made no `{PARENT_DECK}` deck")
    setup.deck_id = deck_id
    deck = col.decks.get(deck_id)
    deck["newLimit"] = UNLIMITED_PER_DAY
    deck["reviewLimit"] = UNLIMITED_PER_DAY
    col.decks.save(deck)
    deck = col.decks.get(deck_id)
    if (deck.get("newLimit"), deck.get("reviewLimit")) != (UNLIMITED_PER_DAY,) * 2:
        fail(f"Anki did not keep the deck's own limits: {deck.get('newLimit')}, {deck.get('reviewLimit')}")
    setup.cards_in_deck = len(col.find_cards(f'"deck:{PARENT_DECK}"'))
    if setup.cards_in_deck != setup.cards:
        setup.notes_about.append(
            f"{setup.cards - setup.cards_in_deck} Anki cards are outside the `{PARENT_DECK}` deck "
            "and are not in Anki's queue"
        )
    col.decks.set_current(deck_id)

    apply_states(args, out, setup, now)
    return setup


def apply_states(args: argparse.Namespace, out: Path, setup: AnkiSetup, now: int) -> None:
    col = setup.col
    states = json.loads((out / "card-states.json").read_text())
    store, log = read_store(out / "data")
    ids = card_ids_by_rapport_id(col)
    setup.ids = ids
    today = col.sched.today
    changed: list[AnkiCard] = []
    for s in states:
        cid = ids.get(s["id"])
        if cid is None:
            setup.states_unmatched.append(s["id"])
            continue
        card = col.get_card(cid)
        extra = store.get(s["id"])
        phase = s["phase"]
        card.reps = int(s["reps"])
        card.lapses = int(s["lapses"])
        card.ivl = max(int(s["interval_days"]), 0)
        card.factor = 2500
        if phase == "review":
            card.type = 2
            card.queue = 2
            card.due = today + int(s["due_days"])
            card.left = 0
        elif phase in ("learning", "relearning"):
            steps = LEARN_STEPS if phase == "learning" else RELEARN_STEPS
            card.type = 1 if phase == "learning" else 3
            card.queue = 1
            # The store has the exact due time; card-states.json only the day.
            card.due = extra.due if extra else now + int(s["due_days"]) * DAY
            step = extra.step if extra else 0
            card.left = max(len(steps) - step, 1)
            if phase == "learning":
                card.ivl = 0
        elif phase == "new":
            continue
        else:
            setup.notes_about.append(f"unknown phase {phase!r} for {s['id']}; left new")
            continue
        if extra and extra.stability is not None and extra.difficulty is not None:
            card.memory_state = FSRSMemoryState(
                stability=extra.stability, difficulty=extra.difficulty
            )
            setup.memory_states += 1
        if extra and extra.last_review is not None:
            card.last_review_time = int(extra.last_review)
        changed.append(card)
    col.update_cards(changed, skip_undo_entry=True)
    setup.states_applied = len(changed)

    if log:
        # Anki's revlog: id (ms), cid, usn, ease, ivl (days), lastIvl, factor, time (ms), type
        # (0 learn, 1 review, 2 relearn). Copied so that both collections carry the same history.
        kind = {0: 0, 1: 0, 2: 1, 3: 2}
        rows = []
        used_ids: set[int] = set()
        for rid, card_id, grade, interval_days, phase_before, duration_ms in log:
            cid = ids.get(card_id)
            if cid is None:
                continue
            rid = int(rid)
            while rid in used_ids:
                rid += 1
            used_ids.add(rid)
            rows.append(
                (
                    rid,
                    cid,
                    int(grade),
                    int(round(interval_days)),
                    int(duration_ms),
                    kind.get(int(phase_before), 0),
                )
            )
        # One transaction: outside one, each statement from Python commits on its own.
        col.db.transact(
            lambda: col.db.executemany(
                "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
                "VALUES (?, ?, -1, ?, ?, 0, 0, ?, ?)",
                rows,
            )
        )
        setup.revlog_rows = len(rows)


def flush_to_disk(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def drop_queue_cache(col: Collection, deck_id: int) -> None:
    """Anki keeps the built queue in memory until an operation invalidates it
    (rslib `get_queues`: built only when `card_queues` is None). Selecting another deck and back
    is such an operation (Op::SetCurrentDeck clears the queues), so the next
    `get_queued_cards` builds the whole queue again from the database."""
    col.decks.set_current(1 if deck_id != 1 else deck_id + 1)
    col.decks.set_current(deck_id)


def today_counts(data_dir: Path) -> tuple[int, int]:
    """New cards first seen and reviews done today (since 04:00 local time) in Rapport's store,
    as the app counts them against its daily limits; (0, 0) without a store."""
    db = data_dir / "rapport.sqlite3"
    if not db.is_file():
        return 0, 0
    now = time.time()
    day = time.localtime(now - ROLLOVER_HOUR * 3600)
    start = time.mktime((day.tm_year, day.tm_mon, day.tm_mday, ROLLOVER_HOUR, 0, 0, 0, 0, -1))
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = dict(conn.execute(
            "SELECT phase_before, count() FROM review_log WHERE reviewed_at >= ? "
            "GROUP BY phase_before", (int(start),)).fetchall())
    finally:
        conn.close()
    # phase_before: 0 new, 1 learning, 2 review, 3 relearning.
    return rows.get(0, 0), rows.get(2, 0)


def anki_rating(letter: str) -> tuple[int, str]:
    """The grade letter (a, h, g, e, as bench-ops --grades) as Anki's rating and next state."""
    return {
        "a": (CardAnswer.AGAIN, "again"),
        "h": (CardAnswer.HARD, "hard"),
        "g": (CardAnswer.GOOD, "good"),
        "e": (CardAnswer.EASY, "easy"),
    }[letter.lower()]


def set_deck_limits(col: Collection, deck_id: int, new: int, reviews: int) -> None:
    """The selected deck's own "this deck" limits, and new cards not counted against the review
    limit (Anki's "New cards ignore review limit"; Rapport's limits are separate), so that the
    queue holds exactly `new` new cards and `reviews` reviews when that many are due."""
    deck = col.decks.get(deck_id)
    deck["newLimit"] = new
    deck["reviewLimit"] = reviews
    col.decks.save(deck)
    col.set_config("newCardsIgnoreReviewLimit", True)


class AnkiBench:
    """Anki's side of the timings, one round at a time so that rounds can alternate with
    Rapport's (the machine is shared; alternating puts both sides' samples in the same
    moments)."""

    def __init__(self, args: argparse.Namespace, setup: AnkiSetup) -> None:
        self.args = args
        self.setup = setup
        self.col = setup.col
        self.info: dict = {
            "fsrs": bool(self.col.get_config("fsrs", False)),
            "journal_mode": self.col.db.scalar("pragma journal_mode"),
            "synchronous": self.col.db.scalar("pragma synchronous"),
        }
        # The collection the cold starts open: a closed copy with Rapport's default daily
        # limits (20 new, 200 reviews), as `bench-ops --first-due` opens the store with the
        # app's settings (none saved: the defaults).
        col = self.col
        col.db.scalar("pragma wal_checkpoint(TRUNCATE)")
        folder = args.work / "cold-template"
        copy_files([setup.path], folder)
        self.cold_template = folder / setup.path.name
        template = Collection(str(self.cold_template))
        set_deck_limits(template, setup.deck_id, 20, 200)
        # Rapport counts today's new cards and reviews against those limits from its review log;
        # Anki from the deck's own counters, which copying the history did not set.
        self.today_new, self.today_reviews = today_counts(args.work / "large" / "data")
        deck = template.decks.get(setup.deck_id)
        deck["newToday"] = [template.sched.today, self.today_new]
        deck["revToday"] = [template.sched.today, self.today_reviews]
        template.decks.save(deck)
        template.decks.set_current(setup.deck_id)
        template.close()
        # Warm up (untimed): the first search and queue build of a process read the database
        # from disk into SQLite's cache.
        self.col.find_cards(args.anki_query)
        drop_queue_cache(self.col, setup.deck_id)
        self.col.sched.get_queued_cards(fetch_limit=1)

    def round(self, index: int) -> dict:
        """One round of find, queue and answer; their times in ms and what each found."""
        col, args = self.col, self.args
        result: dict = {}

        # Find: Anki's search over the notes (fields, and tags when asked), mapped to cards.
        t = time.perf_counter()
        result["found"] = len(col.find_cards(args.anki_query))
        result["find_ms"] = (time.perf_counter() - t) * 1000

        # Queue: the first get_queued_cards after the cache is dropped builds the full queue
        # from the open collection (every due learning and review card and the new cards, sorted
        # and cut to the limits) and returns the counts with the first card.
        drop_queue_cache(col, self.setup.deck_id)
        t = time.perf_counter()
        queued = col.sched.get_queued_cards(fetch_limit=1)
        result["queue_ms"] = (time.perf_counter() - t) * 1000
        counts = (queued.new_count, queued.learning_count, queued.review_count)
        result["queue_new"], result["queue_learning"], result["queue_review"] = counts
        result["queue_due"] = sum(counts)

        # Answer: on a fresh copy of the collection, as Rapport answers on a copy of its store,
        # with the daily limits --answer-new and --answer-reviews (set before the clock starts).
        # Timed from the first get_queued_cards, which builds the queue (bench-ops also builds
        # its queue inside the timed part); each answer then takes the top card with its next
        # states from the queue, as Anki's reviewer does, gives it the next grade of --grades
        # and commits (answer_card is one transaction, committed before it returns). It stops
        # when the top card is a learning card not due yet (Anki's learn-ahead), as bench-ops
        # does: both sides answer the learning cards due now, the reviews and the new cards.
        copy_dir = self.setup.path.parent / f"answer-{index}"
        if copy_dir.exists():
            shutil.rmtree(copy_dir)
        copy_dir.mkdir()
        copy = copy_dir / "collection.anki2"
        # Fold the open collection's write-ahead log into its file first, so the copy is whole.
        col.db.scalar("pragma wal_checkpoint(TRUNCATE)")
        shutil.copy2(self.setup.path, copy)
        c = Collection(str(copy))
        set_deck_limits(c, self.setup.deck_id, args.answer_new, args.answer_reviews)
        drop_queue_cache(c, self.setup.deck_id)
        c.db.scalar("pragma wal_checkpoint(TRUNCATE)")
        # Flush the copy to disk before the clock starts: otherwise the first commit's fsync can
        # also wait for the copy's pages (ext4 writes them out with its journal).
        flush_to_disk(copy)
        revlog_before = c.db.scalar("select count() from revlog")
        wal = Path(str(copy) + "-wal")
        wal_before = wal.stat().st_size if wal.exists() else 0
        kinds: list[int] = []
        first_counts = None
        grades = [anki_rating(g) for g in args.grades]
        t = time.perf_counter()
        for i in range(args.answer):
            queued = c.sched.get_queued_cards(fetch_limit=1)
            if first_counts is None:
                first_counts = (queued.new_count, queued.learning_count, queued.review_count)
            if not queued.cards:
                break
            top = queued.cards[0]
            if top.queue == QueuedCards.LEARNING and top.card.due > time.time():
                break
            kinds.append(top.queue)
            rating, state = grades[i % len(grades)]
            c.sched.answer_card(
                CardAnswer(
                    card_id=top.card.id,
                    current_state=top.states.current,
                    new_state=getattr(top.states, state),
                    rating=rating,
                    answered_at_millis=int(time.time() * 1000),
                    milliseconds_taken=ANSWER_MILLIS,
                )
            )
        result["answer_ms"] = (time.perf_counter() - t) * 1000
        result["answered"] = len(kinds)
        result["answered_new"] = kinds.count(QueuedCards.NEW)
        result["answered_learning"] = kinds.count(QueuedCards.LEARNING)
        result["answered_review"] = kinds.count(QueuedCards.REVIEW)
        result["answer_queue_counts"] = first_counts
        result["answer_wal_bytes"] = (wal.stat().st_size if wal.exists() else 0) - wal_before
        result["answer_revlog_rows"] = c.db.scalar("select count() from revlog") - revlog_before
        c.close()
        shutil.rmtree(copy_dir)
        return result

    def finish(self) -> dict:
        # The same queue with every card fetched and its four next states computed, as a reader
        # might think "building the queue" means; shown below the table, not compared.
        drop_queue_cache(self.col, self.setup.deck_id)
        first = self.col.sched.get_queued_cards(fetch_limit=1)
        due = first.new_count + first.learning_count + first.review_count
        drop_queue_cache(self.col, self.setup.deck_id)
        t = time.perf_counter()
        everything = self.col.sched.get_queued_cards(fetch_limit=due + 10)
        self.info["queue_fetch_all_ms"] = (time.perf_counter() - t) * 1000.0
        self.info["queue_fetch_all_cards"] = len(everything.cards)
        self.info["today_new"], self.info["today_reviews"] = self.today_new, self.today_reviews
        self.col.close()
        return self.info


# Report
###########################################################################################


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


@dataclass
class Row:
    label: str
    # Where the figure is in a round's results: (Anki's key, Rapport's key) in ("cold", ...) or
    # ("ops", ...).
    part: str
    anki_key: str
    rapport_key: str


def rows(args: argparse.Namespace, counts: dict) -> list[Row]:
    return [
        Row(f"cold start to the first due card (new process: load, open, queue; "
            f"{counts['cards']:,} cards, a year of history)", "cold", "ms", "ms"),
        Row(f'find cards containing "{args.word}" ({counts["found"]:,} cards, in an open '
            "collection)", "ops", "find_ms", "find_ms"),
        Row(f"build the due queue from the open database ({counts['queue_due']:,} cards due)",
            "ops", "queue_ms", "queue_ms"),
        Row(f"answer {counts['answered']:,} cards ({counts['answered_review']:,} reviews, "
            f"{counts['answered_new']:,} new, {counts['answered_learning']:,} learning; grades "
            f"{args.grades}), committing each", "ops", "answer_ms", "answer_ms"),
    ]


def summarise(rounds: list[dict], row: Row) -> dict:
    anki_ms = [r["anki"][row.part][row.anki_key] for r in rounds]
    rapport_ms = [r["rapport"][row.part][row.rapport_key] for r in rounds]
    ratios = [a / b for a, b in zip(anki_ms, rapport_ms) if b > 0]
    return {
        "anki_ms": statistics.median(anki_ms),
        "rapport_ms": statistics.median(rapport_ms),
        "ratios": ratios,
        "ratio": statistics.median(ratios) if ratios else float("nan"),
        "low": min(ratios) if ratios else float("nan"),
        "high": max(ratios) if ratios else float("nan"),
        "anki_samples": [round(x, 1) for x in anki_ms],
        "rapport_samples": [round(x, 1) for x in rapport_ms],
    }


def verdict(s: dict) -> str:
    """Which side was faster, in how many of the rounds: a side is named when it was faster in at
    least two rounds of three, else neither."""
    n = len(s["ratios"])
    anki = sum(1 for r in s["ratios"] if r < 1.0)
    ours = sum(1 for r in s["ratios"] if r > 1.0)
    if anki == n:
        return "Anki, every round"
    if ours == n:
        return "Rapport, every round"
    if anki * 3 >= n * 2:
        return f"Anki, {anki} of {n} rounds"
    if ours * 3 >= n * 2:
        return f"Rapport, {ours} of {n} rounds"
    return f"neither (Anki {anki}, Rapport {ours} of {n} rounds)"


def fmt_ms(ms: float) -> str:
    return f"{ms:,.0f}" if ms >= 100 else f"{ms:.1f}"


def check_counts(args: argparse.Namespace, setup: AnkiSetup, rounds: list[dict]) -> list[str]:
    """What must be equal on both sides before any time is reported."""
    problems = []
    for i, r in enumerate(rounds, 1):
        a, o = r["anki"]["ops"], r["rapport"]["ops"]
        for label, ak, ok, tolerance in [
            ("cards", None, "cards", COUNT_TOLERANCE),
            (f'found "{args.word}"', "found", "found", COUNT_TOLERANCE),
            ("due in the queue", "queue_due", "queue_due", COUNT_TOLERANCE),
            ("answered", "answered", "answered", 0),
            ("answered new", "answered_new", "answered_new", 0),
            ("answered learning", "answered_learning", "answered_learning", 0),
            ("answered reviews", "answered_review", "answered_review", 0),
        ]:
            av = setup.cards if ak is None else a.get(ak)
            ov = o.get(ok)
            if ov is None or av is None or abs(int(av) - int(ov)) > tolerance:
                problems.append(f"round {i}: {label}: Anki {av}, Rapport {ov}")
        ca, cr = r["anki"]["cold"], r["rapport"]["cold"]
        for kind in ("new", "review"):
            if ca[f"queue_{kind}"] != cr[f"queue_{kind}"]:
                problems.append(f"round {i}: cold start's queue, {kind}: Anki "
                                f"{ca[f'queue_{kind}']}, Rapport {cr[f'queue_{kind}']}")
        for side in ("anki", "rapport"):
            first = r[side]["cold"].get("card_id" if side == "anki" else "first_due")
            if first is None:
                problems.append(f"round {i}: {side}'s cold start found no due card")
    if rounds:
        a = rounds[0]["anki"]["ops"]
        if a["answered_new"] != args.answer_new or a["answered_review"] != args.answer_reviews:
            problems.append(
                f"the queue had fewer cards than asked: {a['answered_new']} new of "
                f"{args.answer_new}, {a['answered_review']} reviews of {args.answer_reviews} "
                "(lower --answer-new or --answer-reviews, or raise --answer)"
            )
    return problems


def report(args: argparse.Namespace, setup: AnkiSetup, info: dict, rounds: list[dict]) -> int:
    sync = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}.get(info["synchronous"], info["synchronous"])
    print()
    print("=" * 78)
    print(f"Anki {anki.buildinfo.version} (pinned: {args.pinned}), Python "
          f"{platform.python_version()}; Rapport {args.rapport}")
    if not same_version(anki.buildinfo.version, args.pinned):
        print(f"WARNING: NOT THE PINNED ANKI ({args.pinned}); these figures are not comparable "
              "with the README's.")
    print("=" * 78)
    print(f"Anki: scheduler v3 with FSRS {'on' if info['fsrs'] else 'OFF'}; deck `{PARENT_DECK}` "
          f"selected; learning steps {LEARN_STEPS} min, relearning {RELEARN_STEPS} min, desired "
          f"retention {DESIRED_RETENTION}; SQLite journal {info['journal_mode']}, synchronous "
          f"{sync}.")
    print(f"Anki collection: {setup.cards} cards ({setup.notes} notes), {setup.states_applied} "
          f"studied states applied from card-states.json ({setup.memory_states} with the FSRS "
          f"memory state from Rapport's store), {setup.revlog_rows} review-log rows copied.")
    if setup.states_unmatched:
        print(f"  {len(setup.states_unmatched)} card states matched no Anki card, e.g. "
              f"{setup.states_unmatched[:3]}")
    for note in setup.notes_about:
        print(f"  note: {note}")

    problems = check_counts(args, setup, rounds) if rounds and "rapport" in rounds[0] else []
    a0 = rounds[0]["anki"]["ops"]
    counts = {"cards": setup.cards, **a0}
    table = rows(args, counts)
    print()
    if "rapport" not in rounds[0]:
        for row in table:
            samples = [r["anki"][row.part][row.anki_key] for r in rounds]
            print(f"{row.label}: Anki {fmt_ms(statistics.median(samples))} ms "
                  f"(rounds: {', '.join(fmt_ms(x) for x in samples)})")
        return 0

    summaries = [(row, summarise(rounds, row)) for row in table]
    print(f"{len(rounds)} rounds; in each, both sides ran one after the other (Anki first in odd "
          "rounds, Rapport first in even ones). Ratio = Anki ms / Rapport ms of the same round: "
          "above 1, Rapport was faster.")
    for row, s in summaries:
        print()
        print(row.label)
        print(f"  Anki    ms: {', '.join(fmt_ms(x) for x in s['anki_samples'])} "
              f"(median {fmt_ms(s['anki_ms'])})")
        print(f"  Rapport ms: {', '.join(fmt_ms(x) for x in s['rapport_samples'])} "
              f"(median {fmt_ms(s['rapport_ms'])})")
        print(f"  Anki/Rapport per round: {', '.join(f'{x:.2f}' for x in s['ratios'])}; "
              f"median {s['ratio']:.2f}, range {s['low']:.2f}-{s['high']:.2f}; faster: "
              f"{verdict(s)}")

    cold_a = [r["anki"]["cold"] for r in rounds]
    cold_r = [r["rapport"]["cold"] for r in rounds]
    med = lambda xs: statistics.median(xs)  # noqa: E731
    print()
    print("Inside the cold starts (medians, ms): Anki: import anki "
          f"{med([c['import_ms'] for c in cold_a]):.0f}, open the collection "
          f"{med([c['open_ms'] for c in cold_a]):.0f}, first queued card "
          f"{med([c['queue_ms'] for c in cold_a]):.0f} (the rest is Python's own start); "
          f"Rapport: in process {med([c['in_process_ms'] for c in cold_r]):.0f}, of which "
          + ", ".join(f"{k.lower()} {med([c['phases_ms'].get(k, 0) for c in cold_r]):.0f}"
                      for k in cold_r[0]["phases_ms"]) + ".")
    ids: dict[int, str] = {}
    for rid, cid in setup.ids.items():
        if cid not in ids or len(rid) < len(ids[cid]):
            ids[cid] = rid
    a_first = ids.get(cold_a[0]["card_id"], cold_a[0]["card_id"])
    print(f"First due card: Anki {a_first}, Rapport {cold_r[0]['first_due']} (Anki's queue "
          f"{cold_a[0]['queue_new']} new, {cold_a[0]['queue_learning']} learning, "
          f"{cold_a[0]['queue_review']} review; Rapport's {cold_r[0]['queue_new']}, "
          f"{cold_r[0]['queue_learning']}, {cold_r[0]['queue_review']}; both with 20 new and "
          f"200 reviews a day, Rapport's defaults, of which {info['today_new']} new and "
          f"{info['today_reviews']} reviews were used today).")
    o0 = rounds[0]["rapport"]["ops"]
    print(f"Queue built from states already in memory (Rapport only, not compared): "
          f"{med([r['rapport']['ops']['queue_memory_ms'] for r in rounds]):.1f} ms. Anki's "
          f"queue with all {info['queue_fetch_all_cards']} cards fetched and their next states "
          f"computed: {info['queue_fetch_all_ms']:.1f} ms (not compared).")
    print()
    width = 28
    print(f"{'count (round 1)':<{width}}  {'Anki':>8}  {'Rapport':>8}")
    for label, a, o in [
        ("cards", setup.cards, o0.get("cards")),
        (f'found "{args.word}"', a0["found"], o0.get("found")),
        ("due in the queue", a0["queue_due"], o0.get("queue_due")),
        ("answered", a0["answered"], o0.get("answered")),
        ("  of them new", a0["answered_new"], o0.get("answered_new")),
        ("  of them learning", a0["answered_learning"], o0.get("answered_learning")),
        ("  of them reviews", a0["answered_review"], o0.get("answered_review")),
    ]:
        print(f"{label:<{width}}  {a:>8}  {'' if o is None else o:>8}")
    print(f"Anki's queue: {a0['queue_new']} new, {a0['queue_learning']} learning, "
          f"{a0['queue_review']} review. Anki search: {args.anki_query!r}. Each Anki answer grew "
          f"the WAL by {a0['answer_wal_bytes'] / max(a0['answered'], 1):.0f} bytes on average "
          "(committed as it was made).")
    print(f"Load average (1, 5, 15 min) at the start: {args.load_before}; at the end: "
          f"{load_average()}; {os.cpu_count()} CPUs. File cache warm on both sides.")

    if args.json:
        Path(args.json).write_text(json.dumps(
            {"anki_version": anki.buildinfo.version, "rounds": rounds, "info": info,
             "summaries": {row.label: s for row, s in summaries}}, indent=2))
    if args.markdown:
        print()
        print(f"| Operation | Anki ms | Rapport ms | Anki / Rapport per round: median (range) "
              "| Faster |")
        print("| --- | ---: | ---: | ---: | --- |")
        for row, s in summaries:
            print(f"| {row.label} | {fmt_ms(s['anki_ms'])} | {fmt_ms(s['rapport_ms'])} | "
                  f"{s['ratio']:.2f}× ({s['low']:.2f}-{s['high']:.2f}) | {verdict(s)} |")
        print()
        if not same_version(anki.buildinfo.version, args.pinned):
            print(f"**Not the pinned Anki ({args.pinned}).**")
        print(f"Anki {anki.buildinfo.version} on Python {platform.python_version()}; "
              f"{len(rounds)} rounds; load average {args.load_before} at the start, "
              f"{load_average()} at the end; {os.cpu_count()} CPUs.")

    if problems:
        print()
        print("The two sides did not do the same work; the times above compare different "
              "things:", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        return 1
    return 0


def in_worker(fn, *args):
    """Runs fn off the main thread: the anki package prints a stack trace to stdout whenever a
    call blocks the main thread for more than 200 ms (a GUI guard), which setup calls do."""
    box: dict = {}

    def target() -> None:
        try:
            box["value"] = fn(*args)
        except BaseException as err:  # re-raised on the main thread
            box["error"] = err

    worker = threading.Thread(target=target)
    worker.start()
    worker.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


def pinned_anki_version() -> str:
    """The version .ci/setup.d/30-anki-venv.sh installs: the one this comparison is made with."""
    setup = REPO / ".ci" / "setup.d" / "30-anki-venv.sh"
    try:
        for line in setup.read_text().splitlines():
            if line.startswith("ANKI_VERSION="):
                return line.split("=", 1)[1].strip().strip('"').strip("'")
    except OSError as err:
        fail(f"cannot read {setup} for the pinned Anki version: {err}", 2)
    fail(f"{setup} has no ANKI_VERSION= line (the pinned Anki version)", 2)
    raise AssertionError


def same_version(a: str, b: str) -> bool:
    """26.09.3 (anki.buildinfo) and 26.9.3 (the package index) are one version."""
    def parts(v: str) -> list:
        return [int(p) if p.isdigit() else p for p in v.split(".")]
    return parts(a) == parts(b)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rapport", type=Path, default=default_binary(),
                        help="the rapport binary (default: $CARGO_TARGET_DIR/release/rapport, else "
                        "target/release/rapport or /var/tmp/rapport-target/release/rapport, the "
                        "folder .ci/run builds in; build it with `cargo build --release`)")
    parser.add_argument("--work", type=Path, help="working folder, kept (default: a temporary "
                        "folder, removed at the end)")
    parser.add_argument("--word", default="safeguarding", help="the word to find (default: %(default)s)")
    parser.add_argument("--anki-query", help="Anki's search for the word (default: "
                        "'\"WORD\" or \"tag:*WORD*\"': Rapport's search matches a card's text and "
                        "its tags, and a bare word in Anki matches the fields only)")
    parser.add_argument("--answer-new", type=int, default=200,
                        help="new cards each side answers (default: %(default)s)")
    parser.add_argument("--answer-reviews", type=int, default=400,
                        help="review cards each side answers (default: %(default)s); the learning "
                        "cards due now are answered too, on both sides")
    parser.add_argument("--grades", default="gghgageg",
                        help="the grades given in turn, cycling: a Again, h Hard, g Good, e Easy "
                        "(default: %(default)s)")
    parser.add_argument("--answer", type=int, default=5000,
                        help="at most this many answers (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds (default: %(default)s)")
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--cards", type=int, default=20000)
    parser.add_argument("--scenarios", type=int, default=2000)
    parser.add_argument("--reviews", type=int, default=200000)
    parser.add_argument("--answers", type=int, default=5000,
                        help="scenario answers for generate-large")
    parser.add_argument("--anki-only", action="store_true",
                        help="time Anki alone on WORK/large/cards.txt and card-states.json")
    parser.add_argument("--any-anki-version", action="store_true",
                        help="run with another Anki than the pinned one (the report says so)")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    parser.add_argument("--markdown", action="store_true",
                        help="also print the README's table, ready to paste")
    args = parser.parse_args()
    if args.anki_query is None:
        args.anki_query = f'"{args.word}" or "tag:*{args.word}*"'
    if not args.grades or any(g not in "ahgeAHGE" for g in args.grades):
        fail(f"--grades {args.grades!r}: use the letters a, h, g and e (Again, Hard, Good, Easy)", 2)

    args.pinned = pinned_anki_version()
    if not same_version(anki.buildinfo.version, args.pinned):
        message = (f"this is Anki {anki.buildinfo.version}, and the comparison is pinned to Anki "
                   f"{args.pinned} (.ci/setup.d/30-anki-venv.sh). Install it with\n"
                   f"    {sys.executable} -m pip install anki=={args.pinned}\n"
                   "or pass --any-anki-version to compare with this one anyway.")
        if not args.any_anki_version:
            fail(message, 2)
        print("!" * 78, file=sys.stderr)
        print(f"WARNING: {message}", file=sys.stderr)
        print("!" * 78, file=sys.stderr)

    args.load_before = load_average()
    temp = None
    if args.work is None:
        temp = tempfile.mkdtemp(prefix="anki-compare-")
        args.work = Path(temp)
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    out = args.work / "large"
    try:
        print(f"Working in {args.work}; Anki {anki.buildinfo.version}")
        if args.anki_only:
            for need in ("cards.txt", "card-states.json"):
                if not (out / need).is_file():
                    fail(f"--anki-only needs {out / need}")
        else:
            args.rapport = args.rapport.resolve()
            check_binary(args.rapport)
            prepare_rapport(args, out)
        setup = in_worker(open_anki, args, out, args.work / "anki")
        bench = in_worker(AnkiBench, args, setup)
        rounds = []
        for i in range(args.repeat):
            order = ["anki", "rapport"] if i % 2 == 0 else ["rapport", "anki"]
            if args.anki_only:
                order = ["anki"]
            print(f"  round {i + 1} of {args.repeat}: {' then '.join(order)}", flush=True)
            one: dict = {side: {} for side in order}
            for side in order:
                one[side]["cold"] = (cold_anki(args, bench.cold_template, i) if side == "anki"
                                     else cold_rapport(args, out, i))
            for side in order:
                one[side]["ops"] = (in_worker(bench.round, i) if side == "anki"
                                    else bench_rapport(args, out))
            rounds.append(one)
        info = in_worker(bench.finish)
        return report(args, setup, info, rounds)
    finally:
        if temp:
            shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
