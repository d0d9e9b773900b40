"""Anki's side of the scheduling parity test (anki_parity.rs).

Reads the history Rapport made (cards with their states, and the review log), builds the same
collection in the real `anki` package, and writes, for every card, the memory state Anki computes
from the history and what Anki's four answer buttons would do.

    python anki_parity.py IN.json OUT.json COLLECTION_PATH MODE

MODE is "plain" (run with ANKI_TEST_MODE set: no fuzz), "fuzz" (Anki's fuzz, no queue built, so
no load balancer) or "balance" (the queues are built first, so Anki's load balancer is used).
"""

import json
import sys
import time

from anki.collection import AddNoteRequest, Collection


def describe(state):
    kind = state.normal.WhichOneof("kind")
    if kind == "review":
        return ["days", state.normal.review.scheduled_days]
    if kind == "learning":
        return ["secs", state.normal.learning.scheduled_secs]
    if kind == "relearning":
        return ["secs", state.normal.relearning.learning.scheduled_secs]
    return [kind, 0]


def main():
    inp_path, out_path, col_path, mode = sys.argv[1:5]
    with open(inp_path) as f:
        inp = json.load(f)
    col = Collection(col_path)
    # Far back, so that "today" (days since creation) is well above any new card's position,
    # which Anki's load balancer would otherwise count as a due day.
    col.db.execute("update col set crt = ?", int(time.time()) - 4000 * 86400)
    col.close()
    col = Collection(col_path)
    col.set_config("fsrs", True)
    conf = col.decks.config_dict_for_deck_id(1)
    conf["new"]["delays"] = [float(m) for m in inp["learning_steps"]]
    conf["lapse"]["delays"] = [float(m) for m in inp["relearning_steps"]]
    conf["rev"]["maxIvl"] = inp["maximum_interval"]
    conf["desiredRetention"] = inp["desired_retention"]
    conf["fsrsParams6"] = inp["parameters"]
    conf["new"]["perDay"] = 9999
    conf["rev"]["perDay"] = 99999
    col.decks.update_config(conf)
    col._backend.set_load_balancer_enabled(mode == "balance")

    model = col.models.by_name("Basic")
    requests = []
    for i in range(len(inp["cards"])):
        note = col.new_note(model)
        note["Front"] = f"question {i}"
        note["Back"] = "answer"
        requests.append(AddNoteRequest(note, 1))
    col.add_notes(requests)
    made = col.db.list("select id from cards order by id")
    today = col.sched.today
    rows = []
    for old, card in zip(made, inp["cards"]):
        phase = card["phase"]
        if phase == "review":
            ctype, queue, due = 2, 2, today + card["due_days"]
        elif phase == "learning":
            ctype, queue, due = 1, 1, card["due_secs"]
        elif phase == "relearning":
            ctype, queue, due = 3, 1, card["due_secs"]
        else:
            ctype, queue, due = 0, 0, 0
        rows.append(
            [
                old,
                card["cid"],
                ctype,
                queue,
                due,
                card["interval_days"],
                card["reps"],
                card["lapses"],
                card["left"],
            ]
        )
    # One statement each (a statement per row through the Python proxy takes milliseconds).
    col.db.execute(
        "update cards set id = j.value ->> 1, type = j.value ->> 2, queue = j.value ->> 3, "
        "due = j.value ->> 4, ivl = j.value ->> 5, reps = j.value ->> 6, "
        "lapses = j.value ->> 7, left = j.value ->> 8 "
        "from json_each(?) as j where cards.id = j.value ->> 0",
        json.dumps(rows),
    )
    col.db.execute(
        "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
        "select value ->> 0, value ->> 1, -1, value ->> 2, value ->> 3, value ->> 4, 0, "
        "value ->> 5, value ->> 6 from json_each(?)",
        json.dumps(inp["revlog"]),
    )
    out = {"today": today, "cards": {}}
    data_rows = []
    for card in inp["cards"]:
        cid = card["cid"]
        memory = col._backend.compute_memory_state(cid)
        data = {"lrt": card["last_review"]}
        if memory.HasField("state"):
            data["s"] = memory.state.stability
            data["d"] = memory.state.difficulty
            out["cards"][str(cid)] = {
                "memory": [memory.state.stability, memory.state.difficulty]
            }
        else:
            out["cards"][str(cid)] = {"memory": None}
        data_rows.append([cid, json.dumps(data)])
    col.db.execute(
        "update cards set data = j.value ->> 1 from json_each(?) as j "
        "where cards.id = j.value ->> 0",
        json.dumps(data_rows),
    )
    if mode == "plain":
        # Anki's optimiser on the same history, and its evaluation of the result.
        fitted = col._backend.compute_fsrs_params(
            search="",
            current_params=[],
            ignore_revlogs_before_ms=0,
            num_of_relearning_steps=len(inp["relearning_steps"]),
            health_check=False,
        )
        evaluation = col._backend.evaluate_params_legacy(
            params=list(fitted.params), search="", ignore_revlogs_before_ms=0
        )
        out["optimised"] = {
            "parameters": list(fitted.params),
            "items": fitted.fsrs_items,
            "log_loss": evaluation.log_loss,
            "rmse": evaluation.rmse_bins,
        }
    if mode == "balance":
        # Building the queues builds the load balancer from the cards' due days.
        col.sched.get_queued_cards(fetch_limit=1)
    for card in inp["cards"]:
        cid = card["cid"]
        s = col._backend.get_scheduling_states(cid)
        out["cards"][str(cid)]["next"] = [
            describe(s.again),
            describe(s.hard),
            describe(s.good),
            describe(s.easy),
        ]
    import anki.buildinfo

    out["anki"] = anki.buildinfo.version
    col.close()
    with open(out_path, "w") as f:
        json.dump(out, f)


main()
