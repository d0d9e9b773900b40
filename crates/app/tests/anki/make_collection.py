"""Makes Anki collections for the import test (anki_import.rs), with the real `anki` package.

    python make_collection.py OUT_DIR

Writes OUT_DIR/study.colpkg and OUT_DIR/study.apkg, and the same as study-latest.colpkg and
study-latest.apkg in the format of Anki 2.1.50 and later (zstd), several decks, a cloze note, cards studied
with Anki's own scheduler: in review, in learning, lapsed and relearning, suspended, buried),
OUT_DIR/huge.apkg (a note with a 2 MB field), OUT_DIR/bomb.apkg (a zip bomb),
OUT_DIR/wrong.apkg (a zip holding a SQLite file that is not a collection), OUT_DIR/cut-latest.apkg
(study-latest.apkg with its collection cut short), and prints JSON with
every card of study.colpkg as Anki holds it.
"""

import json
import os
import sqlite3
import sys
import zipfile

from anki.collection import Collection, ExportAnkiPackageOptions
from anki.scheduler.v3 import CardAnswer

out = sys.argv[1]


def answer(col, card, rating):
    card.start_timer()
    states = col._backend.get_scheduling_states(card.id)
    col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=rating))


def make_study():
    col = Collection(os.path.join(out, "study.anki2"))
    col.set_config("fsrs", True)
    models = col.decks.id("Coaching::Models")
    mentoring = col.decks.id("Mentoring")
    basic = col.models.by_name("Basic")
    cloze = col.models.by_name("Cloze")
    ids = {}
    for name, deck, front, back, tags in [
        ("review", models, "GROW: after Goal?", "Reality", "models grow"),
        ("lapsed", models, "CLEAR: C is?", "Contracting", "models"),
        ("learning", mentoring, "Clutterbuck: mentoring is?", "Off-line help", "mentoring"),
        ("suspended", mentoring, "Kolb's first stage?", "Concrete<br>experience", ""),
        ("buried", mentoring, "Egan: stage 1?", "Current picture &amp; story", ""),
        ("new", models, "OSKAR: O?", "Outcome", ""),
    ]:
        note = col.new_note(basic)
        note["Front"] = front
        note["Back"] = back
        note.tags = tags.split()
        col.add_note(note, deck)
        ids[name] = note.cards()[0].id
    note = col.new_note(cloze)
    note["Text"] = "GROW is {{c1::Goal}}, {{c2::Reality}}, Options, Will"
    note["Back Extra"] = "Whitmore"
    col.add_note(note, models)
    cloze_cards = note.cards()

    card = col.get_card
    answer(col, card(ids["review"]), CardAnswer.GOOD)
    answer(col, card(ids["review"]), CardAnswer.GOOD)
    answer(col, card(ids["lapsed"]), CardAnswer.EASY)
    col.sched.set_due_date([ids["lapsed"]], "0")
    answer(col, card(ids["lapsed"]), CardAnswer.AGAIN)
    answer(col, card(ids["learning"]), CardAnswer.GOOD)
    answer(col, card(cloze_cards[0].id), CardAnswer.EASY)
    col.sched.suspend_cards([ids["suspended"]])
    col.sched.bury_cards([ids["buried"]])

    today = col.sched.today
    cards = []
    for cid in col.find_cards(""):
        c = col.get_card(cid)
        cards.append(
            {
                "cid": cid,
                "nid": c.nid,
                "ord": c.ord,
                "deck": col.decks.name(c.did),
                "type": c.type,
                "queue": c.queue,
                "due_days": c.due - today if c.type == 2 else None,
                "due": c.due,
                "ivl": c.ivl,
                "reps": c.reps,
                "lapses": c.lapses,
                # Answers: the row "set due date" adds (type 4, no button) is not a review.
                "reviews": col.db.scalar(
                    "select count() from revlog where cid = ? and ease > 0 and type < 4", cid
                ),
                "revlog_rows": col.db.scalar("select count() from revlog where cid = ?", cid),
                "cloze": c.note_type()["type"] == 1,
            }
        )
    col.export_anki_package(
        out_path=os.path.join(out, "study.apkg"),
        options=ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=True, with_media=True, legacy=True
        ),
        limit=None,
    )
    # The same collection in the format of Anki 2.1.50 and later (zstd, schema 18).
    col.export_anki_package(
        out_path=os.path.join(out, "study-latest.apkg"),
        options=ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=True, with_media=True, legacy=False
        ),
        limit=None,
    )
    # Exporting a whole collection closes it.
    col.export_collection_package(
        os.path.join(out, "study.colpkg"), include_media=True, legacy=True
    )
    col.reopen()
    col.export_collection_package(
        os.path.join(out, "study-latest.colpkg"), include_media=True, legacy=False
    )
    return {"today": today, "cards": cards}


def make_huge():
    col = Collection(os.path.join(out, "huge.anki2"))
    note = col.new_note(col.models.by_name("Basic"))
    note["Front"] = "big"
    note["Back"] = "x" * (2 << 20)
    col.add_note(note, 1)
    col.export_collection_package(os.path.join(out, "huge.colpkg"), include_media=False, legacy=True)


def make_hostile():
    with zipfile.ZipFile(os.path.join(out, "bomb.apkg"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("collection.anki21", b"\0" * (100 << 20))
    db = os.path.join(out, "wrong.sqlite")
    con = sqlite3.connect(db)
    con.execute("create table notes (id integer)")
    con.commit()
    con.close()
    with zipfile.ZipFile(os.path.join(out, "wrong.apkg"), "w", zipfile.ZIP_DEFLATED) as z:
        z.write(db, "collection.anki21")
    # A package of Anki 2.1.50 and later whose zstd collection was cut short.
    with zipfile.ZipFile(os.path.join(out, "study-latest.apkg")) as src:
        with zipfile.ZipFile(os.path.join(out, "cut-latest.apkg"), "w") as z:
            for info in src.infolist():
                data = src.read(info)
                if info.filename == "collection.anki21b":
                    data = data[: len(data) // 2]
                z.writestr(info.filename, data)


result = make_study()
make_huge()
make_hostile()
print(json.dumps(result))
