#!/usr/bin/env python3
"""Practice coverage of the built-in content pack.

Counts, per marking point and per criterion (or learning outcome where a unit lists no
criteria), the scenarios that practise it (a scenario's `criteria` and `marking_points` lists),
and how many of those are Written or multi-step (Order the stages, Match terms, Classify).
Also lists misconceptions without a correction, misconception ids that scenarios name but no
unit has, tips no scenario uses, and repeated card fronts (authored cards and the key concept
and misconception cards the app generates from units).

Usage: python3 tools/content/coverage.py [content-folder]   (default: content/)
Exit status 1 when a gap is found, so the script can be used as a check.
"""

import re
import sys
from collections import defaultdict
from pathlib import Path

MULTI_STEP = {"OrderStages", "MatchTerms", "Classify"}
MIN_SCENARIOS = 2


# --- a small RON reader: enough for the pack's files --------------------------------------

TOKEN = re.compile(
    r'\s+|//[^\n]*|/\*.*?\*/|(?P<str>"(?:[^"\\]|\\.)*")|(?P<num>-?\d+(?:\.\d+)?)'
    r"|(?P<ident>[A-Za-z_][A-Za-z0-9_]*)|(?P<punct>[()\[\]{}:,])",
    re.S,
)


def tokens(text):
    pos = 0
    out = []
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            raise ValueError(f"cannot read RON at offset {pos}: {text[pos:pos + 30]!r}")
        pos = m.end()
        if m.group("str") is not None:
            raw = m.group("str")[1:-1]
            out.append(("str", bytes(raw, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
                        if "\\" in raw else raw))
        elif m.group("num") is not None:
            out.append(("num", float(m.group("num"))))
        elif m.group("ident") is not None:
            out.append(("ident", m.group("ident")))
        elif m.group("punct") is not None:
            out.append(("p", m.group("punct")))
    return out


class Struct(dict):
    """A RON struct or enum variant: its name in `.kind`, its fields as dict items."""

    def __init__(self, kind, fields):
        super().__init__(fields)
        self.kind = kind


def parse(text):
    toks = tokens(text)
    i = 0

    def value():
        nonlocal i
        kind, v = toks[i]
        if kind in ("str", "num"):
            i += 1
            return v
        if kind == "p" and v == "[":
            i += 1
            items = []
            while toks[i] != ("p", "]"):
                items.append(value())
                if toks[i] == ("p", ","):
                    i += 1
            i += 1
            return items
        if kind == "p" and v == "(":  # a tuple or a parenthesised unnamed struct
            return struct_body(None)
        if kind == "ident":
            i += 1
            if v in ("true", "false"):
                return v == "true"
            if v == "None":
                return None
            if i < len(toks) and toks[i] == ("p", "("):
                if v == "Some":
                    i += 1
                    inner = value()
                    i += 1  # )
                    return inner
                return struct_body(v)
            return Struct(v, {})  # a unit variant, e.g. Guidance
        raise ValueError(f"unexpected token {toks[i]}")

    def struct_body(name):
        nonlocal i
        i += 1  # (
        fields = {}
        positional = []
        while toks[i] != ("p", ")"):
            if toks[i][0] == "ident" and toks[i + 1] == ("p", ":"):
                key = toks[i][1]
                i += 2
                fields[key] = value()
            else:
                positional.append(value())
            if toks[i] == ("p", ","):
                i += 1
        i += 1
        s = Struct(name, fields)
        if positional:
            s["_"] = positional
        return s

    return value()


# --- the pack ----------------------------------------------------------------------------

def load(folder):
    units = [parse(p.read_text()) for p in sorted((folder / "units").glob("*.ron"))]
    scenarios = []
    for p in sorted((folder / "scenarios").glob("*.ron")):
        scenarios.extend(parse(p.read_text()))
    decks = [parse(p.read_text()) for p in sorted((folder / "cards").glob("*.ron"))]
    return units, scenarios, decks


def question_kind(scenario):
    return scenario["question"].kind


def main():
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "content"
    units, scenarios, decks = load(folder)
    gaps = 0

    by_point = defaultdict(list)
    by_number = defaultdict(list)
    for s in scenarios:
        for mp in s.get("marking_points", []):
            by_point[mp].append(s)
        for c in s.get("criteria", []):
            by_number[(s["unit"], c)].append(s)

    def row(label, practised):
        nonlocal gaps
        rich = sum(1 for s in practised if question_kind(s) == "Written" or question_kind(s) in MULTI_STEP)
        written = sum(1 for s in practised if question_kind(s) == "Written")
        flag = ""
        if len(practised) < MIN_SCENARIOS or rich < 1:
            flag = "  <-- GAP"
            gaps += 1
        print(f"  {len(practised):3} scenarios  {rich:3} written/multi-step ({written} written)  {label}{flag}")

    print("Marking points (scenarios that practise each; written/multi-step among them)")
    for u in units:
        if not u.get("marking_points"):
            continue
        print(f" {u['id']}")
        for mp in u["marking_points"]:
            row(mp["id"].split("/mp/")[-1], by_point[mp["id"]])

    print("\nCriteria, or learning outcomes where a unit lists no criteria")
    for u in units:
        los = u.get("learning_outcomes", [])
        criteria = [c["number"] for lo in los for c in lo.get("criteria", [])]
        numbers = criteria or [lo["number"] for lo in los]
        if not numbers:
            continue
        print(f" {u['id']} ({'criteria' if criteria else 'learning outcomes'})")
        for n in numbers:
            row(n, by_number[(u["id"], n)])

    print("\nMisconceptions without a correction")
    all_mis = {}
    missing = []
    for u in units:
        for m in u.get("misconceptions", []):
            all_mis[m["id"]] = m
            if not (m.get("correction") or "").strip():
                missing.append(m["id"])
    for m in missing:
        print(f"  {m}")
    print(f"  ({len(missing)} of {len(all_mis)} misconceptions have no correction)")
    gaps += len(missing)

    named = defaultdict(int)
    for s in scenarios:
        q = s["question"]
        for o in q.get("options", []):
            if o.get("misconception"):
                named[o["misconception"]] += 1
        for it in q.get("items", []):
            if it.get("misconception"):
                named[it["misconception"]] += 1
        if q.get("misconception"):
            named[q["misconception"]] += 1
    unknown = sorted(set(named) - set(all_mis))
    print("\nMisconception ids named by scenarios but missing from every unit")
    for m in unknown:
        print(f"  {m}")
    print(f"  ({len(unknown)})")
    gaps += len(unknown)
    unused_mis = sorted(set(all_mis) - set(named))
    print(f"\nMisconceptions no scenario names ({len(unused_mis)}; not a gap)")
    for m in unused_mis:
        print(f"  {m}")

    print("\nTips no scenario uses")
    used_tips = {t for s in scenarios for t in s.get("tips", [])}
    unused = [t["id"] for u in units for t in u.get("tips", []) if t["id"] not in used_tips]
    for t in unused:
        print(f"  {t}")
    print(f"  ({len(unused)})")
    gaps += len(unused)

    print("\nCard fronts used more than once (authored and generated)")
    fronts = defaultdict(set)
    for u in units:
        for kc in u.get("key_concepts", []):
            fronts[f"What is meant by “{kc['term']}”?"].add(kc["explanation"])
        for m in u.get("misconceptions", []):
            fronts[f"What is wrong with this? “{m['text'].strip()}”"].add(m.get("correction") or "")
    for d in decks:
        for c in d["cards"]:
            if c.get("front"):
                fronts[c["front"]].add(c.get("back") or "")
    dup = [f for f, backs in fronts.items() if len(backs) > 1]
    for f in dup:
        print(f"  {f}")
    print(f"  ({len(dup)})")
    gaps += len(dup)

    longest = [s["id"] for s in scenarios if question_kind(s) in ("SingleBest", "MultipleAnswers")
               and max(len(o["text"]) for o in s["question"]["options"] if o.get("correct"))
               > max((len(o["text"]) for o in s["question"]["options"] if not o.get("correct")), default=0)]
    choice = sum(1 for s in scenarios if question_kind(s) in ("SingleBest", "MultipleAnswers"))
    print(f"\nChoice questions whose right option is the longest: {len(longest)} of {choice} (not a gap)")

    kinds = defaultdict(int)
    for s in scenarios:
        kinds[question_kind(s)] += 1
    print(f"\n{len(scenarios)} scenarios: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print(f"{len(all_mis)} misconceptions, {sum(len(d['cards']) for d in decks)} authored cards in {len(decks)} decks")
    print(f"\n{gaps} gap(s)")
    return 1 if gaps else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into head
        sys.exit(1)
