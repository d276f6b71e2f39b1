# Shared by scripts/serve and scripts/test: make .venv with Python >= 3.11 and install the project.
# Usage: source scripts/_venv.sh EXTRAS   (EXTRAS like "" or "[test,dev]")
set -euo pipefail
find_python() {
    for candidate in python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "Plenary needs Python 3.11 or newer; none was found on PATH." >&2
    return 1
}
ensure_venv() {
    local extras="$1"
    if [ ! -x .venv/bin/python ]; then
        "$(find_python)" -m venv .venv
    fi
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}"
}
