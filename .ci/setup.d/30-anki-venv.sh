#!/usr/bin/env bash
# The Anki export test imports our file with the real Anki library (the `anki` package on PyPI),
# so that "Anki imports it as it is" is checked by Anki itself rather than by our own reading of
# its format. This creates the virtual environment the test looks for.
set -euo pipefail

VENV="${RAPPORT_ANKI_VENV:-/opt/rapport-anki-venv}"
# 26.9 or later: its scheduler uses fsrs 6.6, as Rapport does (the scheduling parity test).
ANKI_VERSION="26.9.3"

if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "import anki.collection" 2>/dev/null; then
    if "$VENV/bin/python" -c "import anki.buildinfo as b; assert b.version in ('$ANKI_VERSION', '26.09.3')" 2>/dev/null; then
        echo "anki venv already at $VENV"
        exit 0
    fi
    echo "upgrading anki in $VENV to $ANKI_VERSION"
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
