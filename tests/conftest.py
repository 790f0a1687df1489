import os

import numpy as np
import pytest

import autograd

# BLAS and PyTorch thread pools, sized from the environment when each library loads.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def pytest_configure(config):
    """With one test process per core (pytest-xdist's -n 2 and more), each process and every
    program or notebook kernel it starts computes on one thread: several processes each running
    one thread per core oversubscribe the cores, and their thread pools spin waiting on each
    other. Runs in the controller before the workers start, which inherit the environment;
    variables already set are kept."""
    if len(config.getoption("tx", default=None) or []) > 1:  # xdist's worker processes
        for name in THREAD_VARIABLES:
            os.environ.setdefault(name, "1")


@pytest.fixture
def rng():
    """A fixed generator per test, and the library's own generator re-seeded."""
    autograd.manual_seed(0)
    return np.random.default_rng(1234)


# ---- one closing line that says what was skipped and how to run it -----------------------

# Optional packages that tests import with pytest.importorskip: what the skipped tests are,
# and the command that installs what they need.
OPTIONAL = {
    "torch": ("PyTorch comparisons", "bash install.sh --dev --torch"),
    "micrograd": ("micrograd comparisons", ".venv/bin/python -m pip install micrograd"),
    "matplotlib": ("plotting tests", "bash install.sh --dev"),
    "tqdm": ("progress-bar tests", "bash install.sh --dev"),
    "sklearn": ("scikit-learn digits tests", "bash install.sh --dev"),
    "nbformat": ("notebook tests", "bash install.sh --dev"),
    "nbclient": ("notebook tests", "bash install.sh --dev"),
    "ipykernel": ("notebook tests", "bash install.sh --dev"),
}


def _skip_reason(report):
    longrepr = report.longrepr
    return longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)


def pytest_terminal_summary(terminalreporter):
    """Print one line naming the skipped tests and the command that enables them."""
    counts = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = _skip_reason(report)
        for module, (what, enable) in OPTIONAL.items():
            if f"'{module}'" in reason or f"needs {module}" in reason:
                key = f"{what} ({module} is not installed; to run them: {enable})"
                break
        else:
            key = reason.removeprefix("Skipped: ")
        counts[key] = counts.get(key, 0) + 1
    if counts:
        parts = "; ".join(f"{n} {what}" for what, n in sorted(counts.items(), key=lambda kv: -kv[1]))
        terminalreporter.write_line(f"skipped: {parts}")

