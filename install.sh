#!/usr/bin/env bash
# Set up chainrule on this machine: Graphviz's `dot` program (for drawing graphs),
# then chainrule itself, editable, into the current Python environment.
#   bash install.sh          # + notebook extras (matplotlib, tqdm, scikit-learn, Jupyter kernel)
#   bash install.sh --dev    # + test extras (pytest, hypothesis) as well
set -euo pipefail
cd "$(dirname "$0")"

extras="notebooks"
[ "${1:-}" = "--dev" ] && extras="dev"

if ! command -v dot >/dev/null 2>&1; then
    echo "Installing Graphviz (the system 'dot' program)..."
    if command -v apt-get >/dev/null 2>&1; then
        sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
        $sudo apt-get update -qq && $sudo apt-get install -y -qq graphviz >/dev/null
    elif command -v brew >/dev/null 2>&1; then
        brew install graphviz
    elif command -v conda >/dev/null 2>&1; then
        conda install -y -c conda-forge graphviz
    else
        echo "Please install Graphviz yourself (https://graphviz.org/download/); continuing without it." >&2
    fi
fi

python3 -m pip install --quiet --disable-pip-version-check -e ".[$extras]"
echo "chainrule is installed (extras: $extras)."
