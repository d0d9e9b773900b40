#!/usr/bin/env python3
"""Times the same operations on the same 20,000-card collection in the real Anki library (the
`anki` package from PyPI) and in Rapport, and prints the ratios.

    /opt/rapport-anki-venv/bin/python benches/anki_compare.py

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
4. Anki runs with FSRS on, both daily limits far above the collection's size, and the parent
   deck `Rapport` (every exported card) selected.
5. --repeat rounds, each timing Anki then Rapport, so that both sides' samples come from the
   same moments of a shared machine; the table shows the medians. In Anki: `col.find_cards` for
   the word in the cards' text or tags; building the study queue (`get_queued_cards` right after
   the queue cache is dropped, see `drop_queue_cache`); answering --answer cards "Good" from the
   queue on a fresh copy of the collection, each answer its own committed transaction. In
   Rapport: `rapport ... bench-ops --word WORD --answer N --repeat 1`, which times the same three.
6. A table: operation, Anki ms, Rapport ms, Anki/Rapport; and the counts of each side, so that a
   reader sees it is the same collection. Exits non-zero when the counts differ by more than a
   few cards.

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


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000.0


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


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
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
    run([binary, "--content", str(out / "content"), "export-anki", str(out / "cards.txt")])


def combine_rapport(rounds: list[dict]) -> dict:
    """Medians over the rounds, counts from the last."""
    out = dict(rounds[-1])
    for key in ("find_ms", "queue_ms", "answer_ms"):
        samples = [r[key] for r in rounds]
        out[key] = statistics.median(samples)
        out[key.replace("_ms", "_samples_ms")] = [round(x, 2) for x in samples]
    for key in ("cards", "found", "queue_due", "answered"):
        if len({r.get(key) for r in rounds}) > 1:
            out.setdefault("unsteady", []).append(key)
    return out


def bench_rapport(args: argparse.Namespace, out: Path) -> dict:
    """One round of Rapport's timings (bench-ops --repeat 1)."""
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
            "--repeat",
            "1",
        ],
        # bench-ops answers on copies of the store in the temporary folder: put them on the same
        # disk as Anki's copies.
        env={**os.environ, "TMPDIR": str(args.work)},
    )
    # The JSON object is the last non-empty line; anything before it is the binary's chatter.
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    try:
        return json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        fail(f"bench-ops printed no JSON object:\n{done.stdout}\n{done.stderr}")
        raise


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


class AnkiBench:
    """Anki's side of the timings, one round at a time so that rounds can alternate with
    Rapport's (the machine is shared; alternating puts both sides' samples in the same
    moments)."""

    def __init__(self, args: argparse.Namespace, setup: AnkiSetup) -> None:
        self.args = args
        self.setup = setup
        self.col = setup.col
        self.samples: dict[str, list[float]] = {"find_ms": [], "queue_ms": [], "answer_ms": []}
        self.result: dict = {
            "fsrs": bool(self.col.get_config("fsrs", False)),
            "journal_mode": self.col.db.scalar("pragma journal_mode"),
            "synchronous": self.col.db.scalar("pragma synchronous"),
        }
        # Warm up (untimed): the first search and queue build of a process read the database
        # from disk into SQLite's cache.
        self.col.find_cards(args.anki_query)
        drop_queue_cache(self.col, setup.deck_id)
        self.col.sched.get_queued_cards(fetch_limit=1)

    def round(self, index: int) -> None:
        col, args = self.col, self.args

        # Find: Anki's search over the notes (fields, and tags when asked), mapped to cards.
        t = time.perf_counter()
        self.result["found"] = len(col.find_cards(args.anki_query))
        self.samples["find_ms"].append(time.perf_counter() - t)

        # Queue: the first get_queued_cards after the cache is dropped builds the full queue
        # (every due learning and review card and the new cards, sorted and cut to the limits)
        # and returns the counts with the first card.
        drop_queue_cache(col, self.setup.deck_id)
        t = time.perf_counter()
        queued = col.sched.get_queued_cards(fetch_limit=1)
        self.samples["queue_ms"].append(time.perf_counter() - t)
        counts = (queued.new_count, queued.learning_count, queued.review_count)
        self.result["queue_new"], self.result["queue_learning"], self.result["queue_review"] = counts
        self.result["queue_due"] = sum(counts)

        # Answer: on a fresh copy of the collection, as Rapport answers on a copy of its store.
        # Timed from the first get_queued_cards, which builds the queue (bench-ops also builds
        # its queue inside the timed part); each answer then takes the top card with its next
        # states from the queue, as Anki's reviewer does, grades it Good and commits
        # (answer_card is one transaction, committed before it returns).
        copy_dir = self.setup.path.parent / f"answer-{index}"
        if copy_dir.exists():
            shutil.rmtree(copy_dir)
        copy_dir.mkdir()
        copy = copy_dir / "collection.anki2"
        # Fold the open collection's write-ahead log into its file first, so the copy is whole.
        col.db.scalar("pragma wal_checkpoint(TRUNCATE)")
        shutil.copy2(self.setup.path, copy)
        # Flush the copy to disk before the clock starts: otherwise the first commit's fsync can
        # also wait for the copy's pages (ext4 writes them out with its journal).
        flush_to_disk(copy)
        c = Collection(str(copy))
        revlog_before = c.db.scalar("select count() from revlog")
        wal = Path(str(copy) + "-wal")
        wal_before = wal.stat().st_size if wal.exists() else 0
        answered = 0
        kinds: list[int] = []
        t = time.perf_counter()
        for _ in range(args.answer):
            queued = c.sched.get_queued_cards(fetch_limit=1)
            if not queued.cards:
                break
            top = queued.cards[0]
            kinds.append(top.queue)
            c.sched.answer_card(
                CardAnswer(
                    card_id=top.card.id,
                    current_state=top.states.current,
                    new_state=top.states.good,
                    rating=CardAnswer.GOOD,
                    answered_at_millis=int(time.time() * 1000),
                    milliseconds_taken=ANSWER_MILLIS,
                )
            )
            answered += 1
        self.samples["answer_ms"].append(time.perf_counter() - t)
        self.result["answered"] = answered
        self.result["answered_kinds"] = {
            QueuedCards.Queue.Name(k).lower(): kinds.count(k) for k in sorted(set(kinds))
        }
        self.result["answer_wal_bytes"] = (wal.stat().st_size if wal.exists() else 0) - wal_before
        self.result["answer_revlog_rows"] = c.db.scalar("select count() from revlog") - revlog_before
        c.close()
        shutil.rmtree(copy_dir)

    def finish(self) -> dict:
        for key, samples in self.samples.items():
            self.result[key] = median_ms(samples)
            self.result[key.replace("_ms", "_samples_ms")] = [round(x * 1000, 2) for x in samples]
        # The same queue with every card fetched and its four next states computed, as a reader
        # might think "building the queue" means; shown below the table, not compared.
        drop_queue_cache(self.col, self.setup.deck_id)
        t = time.perf_counter()
        everything = self.col.sched.get_queued_cards(fetch_limit=self.result["queue_due"] + 10)
        self.result["queue_fetch_all_ms"] = (time.perf_counter() - t) * 1000.0
        self.result["queue_fetch_all_cards"] = len(everything.cards)
        self.col.close()
        return self.result


# Report
###########################################################################################


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}x" if b > 0 else "n/a"


def report(args: argparse.Namespace, setup: AnkiSetup, anki_r: dict, ours: dict | None) -> int:
    sync = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}.get(anki_r["synchronous"], anki_r["synchronous"])
    print()
    print(f"Anki {anki.buildinfo.version} (Python {platform.python_version()}), "
          f"scheduler v3 with FSRS {'on' if anki_r['fsrs'] else 'OFF'}; "
          f"deck `{PARENT_DECK}` selected with its own new/day and reviews/day limits at "
          f"{UNLIMITED_PER_DAY:,} (its options group: {OPTIONS_GROUP_MAX_PER_DAY:,}, the most Anki "
          f"accepts there); learning steps {LEARN_STEPS} min, relearning "
          f"{RELEARN_STEPS} min, desired retention {DESIRED_RETENTION}; SQLite journal "
          f"{anki_r['journal_mode']}, synchronous {sync}.")
    print(f"Anki collection: {setup.cards} cards ({setup.notes} notes), {setup.states_applied} "
          f"studied states applied from card-states.json ({setup.memory_states} with the FSRS "
          f"memory state from Rapport's store), {setup.revlog_rows} review-log rows copied.")
    if setup.states_unmatched:
        print(f"  {len(setup.states_unmatched)} card states matched no Anki card, e.g. "
              f"{setup.states_unmatched[:3]}")
    for note in setup.notes_about:
        print(f"  note: {note}")
    print()

    rows = [
        (f'find cards containing "{args.word}"', "find_ms"),
        ("build the due queue", "queue_ms"),
        (f"answer {args.answer} cards Good, committing each", "answer_ms"),
    ]
    width = max(len(r[0]) for r in rows)
    if ours is None:
        print(f"{'operation':<{width}}  {'Anki ms':>10}")
        for label, key in rows:
            print(f"{label:<{width}}  {anki_r[key]:>10.2f}")
    else:
        print(f"{'operation':<{width}}  {'Anki ms':>10}  {'Rapport ms':>10}  {'Anki/Rapport':>12}")
        for label, key in rows:
            print(f"{label:<{width}}  {anki_r[key]:>10.2f}  {ours[key]:>10.2f}  "
                  f"{ratio(anki_r[key], ours[key]):>12}")
    print(f"(medians of {args.repeat} rounds, Anki's and Rapport's runs alternating; answering "
          "runs on a fresh copy of each collection)")
    print()

    counts = [
        ("cards", setup.cards, ours and ours.get("cards")),
        (f'found "{args.word}"', anki_r["found"], ours and ours.get("found")),
        ("due in the queue", anki_r["queue_due"], ours and ours.get("queue_due")),
        ("answered", anki_r["answered"], ours and ours.get("answered")),
    ]
    print(f"{'count':<{width}}  {'Anki':>10}  {'Rapport':>10}")
    for label, a, r in counts:
        print(f"{label:<{width}}  {a:>10}  {'' if r is None else r:>10}")
    print(f"Anki's queue: {anki_r['queue_new']} new, {anki_r['queue_learning']} learning, "
          f"{anki_r['queue_review']} review. Anki search: {args.anki_query!r}.")
    print(f"Anki answered {anki_r['answered_kinds']} (it spreads new cards evenly among the "
          "reviews; Rapport shows one new card after every three others), each a card update and "
          "a review-log row on both sides.")
    print(f"Anki's queue with all {anki_r['queue_fetch_all_cards']} cards fetched and their next "
          f"states computed: {anki_r['queue_fetch_all_ms']:.1f} ms (not compared).")
    print(f"Load average (1, 5, 15 min) at the start: {args.load_before}; at the end: "
          f"{load_average()}; {os.cpu_count()} CPUs. The answer times are mostly the disk's "
          "fsync at each commit (both sides run SQLite in WAL mode with synchronous=FULL), so "
          "other writes on the machine move them a lot.")
    print(f"Each Anki answer grew the WAL by {anki_r['answer_wal_bytes'] / max(anki_r['answered'], 1):.0f} "
          f"bytes on average: the answers were committed to the database as they were made.")

    if args.json:
        Path(args.json).write_text(json.dumps({"anki": anki_r, "rapport": ours,
                                              "anki_cards": setup.cards}, indent=2))
    if args.markdown:
        print()
        print("| Operation | Anki ms | Rapport ms | Anki / Rapport |")
        print("| --- | ---: | ---: | ---: |")
        for label, key in rows:
            r = ours[key] if ours else float("nan")
            print(f"| {label} | {anki_r[key]:.1f} | {r:.1f} | {ratio(anki_r[key], r) if ours else 'n/a'} |")

    if ours is None:
        return 0
    problems = []
    for label, a, r in counts:
        if r is None:
            problems.append(f"bench-ops printed no {label!r} count")
        elif abs(int(a) - int(r)) > COUNT_TOLERANCE:
            problems.append(f"{label}: Anki {a}, Rapport {r}")
    if problems:
        print()
        print("The two sides did not work on the same cards (differences above "
              f"{COUNT_TOLERANCE}):", file=sys.stderr)
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
    parser.add_argument("--answer", type=int, default=1000, help="cards to answer")
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing; the median is shown")
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--cards", type=int, default=20000)
    parser.add_argument("--scenarios", type=int, default=2000)
    parser.add_argument("--reviews", type=int, default=200000)
    parser.add_argument("--answers", type=int, default=5000,
                        help="scenario answers for generate-large")
    parser.add_argument("--anki-only", action="store_true",
                        help="time Anki alone on WORK/large/cards.txt and card-states.json")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    args = parser.parse_args()
    if args.anki_query is None:
        args.anki_query = f'"{args.word}" or "tag:*{args.word}*"'

    args.load_before = load_average()
    temp = None
    if args.work is None:
        temp = tempfile.mkdtemp(prefix="anki-compare-")
        args.work = Path(temp)
    args.work.mkdir(parents=True, exist_ok=True)
    out = args.work / "large"
    try:
        print(f"Working in {args.work}")
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
            print(f"  round {i + 1} of {args.repeat}: Anki", flush=True)
            in_worker(bench.round, i)
            if not args.anki_only:
                print(f"  round {i + 1} of {args.repeat}: Rapport", flush=True)
                rounds.append(bench_rapport(args, out))
        anki_r = in_worker(bench.finish)
        ours = combine_rapport(rounds) if rounds else None
        return report(args, setup, anki_r, ours)
    finally:
        if temp:
            shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
