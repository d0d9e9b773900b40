#!/usr/bin/env python3
"""Builds a synonym and lemma table from WordNet 3.0, as tried for the written-answer marker.

    apt-get install -y wordnet-base      # Debian's WordNet 3.0, files in /usr/share/wordnet
    python3 scripts/wordnet-lexicon.py [/usr/share/wordnet] > /tmp/wordnet.txt

The marker does not use it: measured on the blind dev sets (docs/scenarios.md, "How well it
marks"), the table's synonyms found a few more partial answers' points but gave as many marks
to wrong-sense answers ("set" is "put", "style" is "way"), and its irregular forms changed
nothing, so it was dropped. The script stays so that the trial can be repeated. A table made
from WordNet must ship with WordNet's licence (/usr/share/doc/wordnet-base/copyright).

WordNet's synsets are loose if taken whole: "review" shares a synset with "critique", "design"
with "aim". The table keeps a word in a synset only when that synset is the word's most frequent
sense in its part of speech (sense 1) and the word is seen at least MIN_TAGS times in WordNet's
tagged corpus (cntlist.rev), so two words are synonyms here only when each one's usual meaning is
the other's. Only single words in lower case are kept (no names, no phrases).

Output, one entry a line, sorted so that the file diffs well:
    s WORD WORD ...   a synonym set (two or more words)
    l FORM BASE       an irregular form and its base form (taught teach, children child)
Lines starting with # are comments.
"""

import os
import sys

# A word's sense 1 must be tagged at least this often in the corpus to be kept: rare words carry
# little evidence that their first sense is what a learner means.
MIN_TAGS = 2
POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
# cntlist.rev's synset types; 5 (adjective satellite) is an adjective.
SS_TYPE = {"1": "n", "2": "v", "3": "a", "4": "r", "5": "a"}


def usable(word):
    return word.isalpha() and word.islower() and word.isascii() and len(word) >= 2


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet"
    # (lemma, pos, sense number) -> tag count
    tags = {}
    with open(os.path.join(root, "cntlist.rev"), encoding="latin-1") as f:
        for line in f:
            key, sense, count = line.split()
            lemma, rest = key.split("%", 1)
            pos = SS_TYPE[rest[0]]
            k = (lemma, pos, int(sense))
            tags[k] = tags.get(k, 0) + int(count)

    # synset (pos, offset) -> the words whose sense 1 it is
    members = {}
    for pos, name in POS_FILES.items():
        with open(os.path.join(root, "index." + name), encoding="latin-1") as f:
            for line in f:
                if line.startswith(" "):
                    continue
                fields = line.split()
                lemma = fields[0]
                if not usable(lemma) or tags.get((lemma, pos, 1), 0) < MIN_TAGS:
                    continue
                p_cnt = int(fields[3])
                offsets = fields[4 + p_cnt + 2 :]
                members.setdefault((pos, offsets[0]), set()).add(lemma)

    sets = sorted({" ".join(sorted(words)) for words in members.values() if len(words) >= 2})
    lemmas = set()
    for name in ("verb", "noun"):
        with open(os.path.join(root, name + ".exc"), encoding="latin-1") as f:
            for line in f:
                fields = line.split()
                if len(fields) >= 2 and usable(fields[0]) and usable(fields[1]):
                    lemmas.add((fields[0], fields[1]))

    out = sys.stdout
    out.write("# WordNet 3.0 (Princeton University), made by scripts/wordnet-lexicon.py: do not edit.\n")
    out.write("# Licence: WordNet 3.0 licence (/usr/share/doc/wordnet-base/copyright).\n")
    for s in sets:
        out.write("s " + s + "\n")
    for form, base in sorted(lemmas):
        out.write("l " + form + " " + base + "\n")


if __name__ == "__main__":
    main()
