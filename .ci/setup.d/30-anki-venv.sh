#!/usr/bin/env bash
# The Anki export test imports our file with the real Anki library (the `anki` package on PyPI),
# so that "Anki imports it as it is" is checked by Anki itself rather than by our own reading of
# its format. This creates the virtual environment the test looks for.
set -euo pipefail

VENV="${RAPPORT_ANKI_VENV:-/opt/rapport-anki-venv}"
ANKI_VERSION="25.9.2"

if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "import anki.collection" 2>/dev/null; then
    echo "anki venv already at $VENV"
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
