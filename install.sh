#!/usr/bin/env bash
# Set up chainrule on this machine: Graphviz's `dot` program (for drawing graphs), a
# virtual environment `.venv` in this folder, and chainrule itself, editable, inside it.
#   bash install.sh                # + notebook extras (matplotlib, tqdm, scikit-learn, Jupyter kernel)
#   bash install.sh --dev          # + test and lint extras (pytest, pytest-xdist, hypothesis, ruff)
#   bash install.sh --docs         # + the documentation site's extras (mkdocs-material, mkdocstrings)
#   bash install.sh --torch        # + PyTorch 2.13 (CPU), which the tests compare against
# Flags combine (`--dev --torch`). Then run Python as `.venv/bin/python`.
#
# If a virtual environment or a conda environment is active, chainrule goes into that one
# instead, and `.venv` becomes a link to it, so `.venv/bin/python` works either way.
# PYTHON=/path/to/python3 picks the interpreter that creates `.venv` (default: python3).
set -euo pipefail
cd "$(dirname "$0")"

extras="notebooks"
torch=""
for arg in "$@"; do
    case "$arg" in
        --dev) extras="$extras,dev" ;;
        --docs) extras="$extras,docs" ;;
        --torch) torch="torch==2.13.0" ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option '$arg' (valid: --dev --docs --torch)" >&2; exit 2 ;;
    esac
done

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

apt_install() {
    echo "Installing $* with apt-get..."
    $sudo apt-get update -qq && $sudo apt-get install -y -qq "$@" >/dev/null
}

if ! command -v dot >/dev/null 2>&1; then
    echo "Installing Graphviz (the system 'dot' program)..."
    if command -v apt-get >/dev/null 2>&1; then
        apt_install graphviz
    elif command -v brew >/dev/null 2>&1; then
        brew install graphviz
    elif command -v conda >/dev/null 2>&1; then
        conda install -y -c conda-forge graphviz
    else
        echo "Please install Graphviz yourself (https://graphviz.org/download/); continuing without it." >&2
    fi
fi

# The environment: the active one, or .venv (created on first use).
active="${VIRTUAL_ENV:-${CONDA_PREFIX:-}}"
if [ -n "$active" ]; then
    if [ "$(cd "$active" && pwd -P)" != "$(pwd -P)/.venv" ]; then
        if [ -e .venv ] && [ ! -L .venv ]; then
            echo "install.sh: an environment is active ($active) but ./.venv exists too;" >&2
            echo "  deactivate it to install into ./.venv, or remove ./.venv." >&2
            exit 1
        fi
        ln -sfn "$active" .venv
        echo "Installing into the active environment $active (linked as .venv)."
    fi
elif [ ! -x .venv/bin/python ]; then
    python="${PYTHON:-python3}"
    if ! "$python" -c "import ensurepip, venv" >/dev/null 2>&1; then
        # Debian and Ubuntu ship venv's pip bootstrap separately.
        if command -v apt-get >/dev/null 2>&1; then
            version="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
            apt_install python3-venv || apt_install "python$version-venv"
        else
            echo "install.sh: $python cannot create virtual environments (no ensurepip);" >&2
            echo "  install your system's venv package, or activate an environment first." >&2
            exit 1
        fi
    fi
    echo "Creating the virtual environment .venv with $("$python" --version)..."
    rm -rf .venv
    "$python" -m venv .venv
fi

pip=(.venv/bin/python -m pip --disable-pip-version-check)
if [ -n "$torch" ]; then
    # Before the rest, so nothing else can pull in a (much bigger) CUDA build of PyTorch.
    "${pip[@]}" install --quiet "$torch"
fi
"${pip[@]}" install --quiet -e ".[$extras]"
echo "chainrule is installed in .venv (extras: $extras${torch:+, $torch}). Run: .venv/bin/python demo.py"
