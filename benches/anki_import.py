"""Times `rapport import-anki` on a large collection written by the real Anki library.

    /opt/rapport-anki-venv/bin/python benches/anki_import.py [--cards 20000] [--reviews 200000]
        [--rapport PATH] [--work DIR]

Makes a collection of CARDS basic notes in 40 decks, each card studied about REVIEWS / CARDS
times over the last year (learning steps, reviews, lapses and relearning, as the review log of
a year of daily use has them), exports it as a .colpkg with "Support older Anki versions" (with
--latest: in the zstd format of Anki 2.1.50 and later), then
imports it into an empty Rapport data folder and prints the time, and again (a second import of
the same file changes nothing).
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

from anki.collection import AddNoteRequest, Collection


def find_rapport():
    for d in [os.environ.get("CARGO_TARGET_DIR", ""), "target", "/var/tmp/rapport-target"]:
        for profile in ["release", "debug"]:
            p = os.path.join(d, profile, "rapport")
            if d and os.path.exists(p):
                return p
    sys.exit("no rapport binary found; build it or pass --rapport")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cards", type=int, default=20_000)
    ap.add_argument("--reviews", type=int, default=200_000)
    ap.add_argument("--rapport")
    ap.add_argument("--work")
    # The format of Anki 2.1.50 and later (zstd, schema 18) instead of the older one.
    ap.add_argument("--latest", action="store_true")
    a = ap.parse_args()
    rapport = a.rapport or find_rapport()
    work = a.work or tempfile.mkdtemp(prefix="rapport-anki-import-")
    os.makedirs(work, exist_ok=True)
    rng = random.Random(21)
    col_path = os.path.join(work, "big.anki2")
    if os.path.exists(col_path):
        os.remove(col_path)
    started = time.time()
    col = Collection(col_path)
    col.set_config("fsrs", True)
    decks = [col.decks.id(f"Big::Deck {i:02}") for i in range(40)]
    model = col.models.by_name("Basic")
    requests = []
    for i in range(a.cards):
        note = col.new_note(model)
        note["Front"] = f"Question {i}: what does stage {i % 7} of model {i % 31} ask?"
        note["Back"] = f"Answer {i}: a sentence or two of explanation, as real cards have."
        note.tags = [f"topic::t{i % 50}"]
        requests.append(AddNoteRequest(note, decks[i * 40 // a.cards]))
    col.add_notes(requests)
    cids = col.db.list("select id from cards order by id")
    now = int(time.time())
    today = col.sched.today
    per_card = max(1, a.reviews // len(cids))
    revlog, cards = [], []
    used = set()
    for cid in cids:
        t = now - rng.randint(120, 365) * 86400
        ivl, lapses = 0, 0
        for n in range(per_card):
            ease = 1 if rng.random() < 0.12 else 3
            kind = 0 if n < 2 else (2 if ivl == 0 and lapses else 1)
            if kind == 1 and ease == 1:
                lapses += 1
                ivl = 0
            elif kind != 0 or n == 1:
                ivl = max(1, int(ivl * 2.3) or 1)
            rid = t * 1000 + rng.randint(0, 599_999)
            while rid in used:
                rid += 1
            used.add(rid)
            revlog.append([rid, cid, ease, ivl if ivl else -600, kind])
            t += max(ivl, 1) * 86400 if ivl else 600
        cards.append([cid, today + rng.randint(-5, 30), max(ivl, 1), per_card, lapses])
    col.db.execute(
        "update cards set type = 2, queue = 2, due = j.value ->> 1, ivl = j.value ->> 2, "
        "reps = j.value ->> 3, lapses = j.value ->> 4 from json_each(?) as j "
        "where cards.id = j.value ->> 0",
        json.dumps(cards),
    )
    col.db.execute(
        "insert or ignore into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
        "select value ->> 0, value ->> 1, -1, value ->> 2, value ->> 3, 0, 0, 8000, "
        "value ->> 4 from json_each(?)",
        json.dumps(revlog),
    )
    reviews = col.db.scalar("select count() from revlog")
    package = os.path.join(work, "big.colpkg")
    col.export_collection_package(package, include_media=False, legacy=not a.latest)
    print(f"made {len(cids)} cards, {reviews} reviews in {time.time() - started:.1f} s")
    data = os.path.join(work, "data")
    shutil.rmtree(data, ignore_errors=True)
    for attempt in ["first import", "second import"]:
        started = time.time()
        out = subprocess.run(
            [rapport, "--data-dir", data, "import-anki", package],
            capture_output=True,
            text=True,
        )
        took = time.time() - started
        if out.returncode != 0:
            sys.exit(out.stderr)
        print(f"{attempt}: {took:.2f} s: {out.stdout.strip()}")


main()
