#!/usr/bin/env bash
# The Anki export test imports our file with the real Anki library (the `anki` package on PyPI),
# so that "Anki imports it as it is" is checked by Anki itself rather than by our own reading of
# its format. This creates the virtual environment the test looks for.
set -euo pipefail

VENV="${RAPPORT_ANKI_VENV:-/opt/rapport-anki-venv}"
# One exact version, used by everything that runs Anki: the scheduling parity test (26.9 or
# later: its scheduler uses fsrs 6.6, as Rapport does) and benches/anki_compare.py, which reads
# this line and refuses to compare with another version. Change it here only, then re-run the
# comparison and update README's "Compared with Anki".
ANKI_VERSION="26.9.3"

if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "import anki.collection" 2>/dev/null; then
    # anki.buildinfo says 26.09.3 where the package index says 26.9.3: compare the numbers.
    if "$VENV/bin/python" -c "import anki.buildinfo as b; n = lambda v: [int(x) for x in v.split('.')]; assert n(b.version) == n('$ANKI_VERSION')" 2>/dev/null; then
        echo "anki venv already at $VENV"
        exit 0
    fi
    echo "installing anki $ANKI_VERSION in $VENV (it had another version)"
    "$VENV/bin/python" -m pip install --quiet "anki==$ANKI_VERSION"
    exit 0
fi

if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c "import ensurepip" 2>/dev/null; then
    apt-get update
    apt-get install -y --no-install-recommends python3 python3-venv python3-pip
fi

python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet "anki==$ANKI_VERSION"
"$VENV/bin/python" -c "import anki.buildinfo, anki.collection; print('anki', anki.buildinfo.version, 'in $VENV')"
