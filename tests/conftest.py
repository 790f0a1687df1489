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


@pytest.fixture
def torch_float64():
    """PyTorch's default dtype set to chainrule's (float64) for the test, as tests/test_programs
    runs PyTorch: Python numbers and integer input give float64 in both."""
    torch = pytest.importorskip("torch")
    before = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(before)


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


# ---- the slowest tests first ------------------------------------------------------------------

# Tests that take several seconds each (pytest --durations=30), roughly slowest first; each entry
# is the start of test ids, and a tuple's tests (sharing a module fixture) stay together.
SLOW_FIRST = (
    "tests/test_notebooks.py::test_notebook_runs[06_",
    "tests/test_notebooks.py::test_notebook_runs[07_",
    "tests/test_notebooks.py::test_notebook_runs[03_",
    "tests/test_notebooks.py::test_notebook_runs[05_",
    "tests/test_notebooks.py::test_notebook_runs[04_",
    (
        "tests/test_experiments.py::test_e6_deep_narrow_network_with_he_init",
        "tests/test_experiments.py::test_e6_deep_narrow_network_median",
    ),
    "tests/test_memory_threads.py::test_two_thousand_training_steps",
    "tests/test_memory_threads.py::test_a_chain",
    "tests/test_memory_threads.py::test_a_million",
    "tests/test_programs.py::test_program[",
    "tests/test_notebooks.py::test_notebook_runs[",
    "tests/test_experiments.py::test_e3_surface",
)


def _slow_rank(item):
    """The index of the SLOW_FIRST entry that ``item`` matches first, or None."""
    for rank, entry in enumerate(SLOW_FIRST):
        if item.nodeid.startswith(entry):
            return rank
    return None


def pytest_collection_modifyitems(config, items):
    """Start the slow tests first, shared out among pytest-xdist's workers.

    worksteal hands worker k the next ``len(left) // (workers - k)`` tests of this order, and an
    idle worker then takes the last tests off a busy one's list. So each worker's share begins
    with every workers-th of the slow tests, the rest of the suite keeping its order after them:
    each core starts on its slow tests at once, and none of them can start near the end and
    keep one core busy while the other idles.
    """
    units, rest = {}, []
    for item in items:
        rank = _slow_rank(item)
        if rank is None:
            rest.append(item)
        else:
            together = isinstance(SLOW_FIRST[rank], tuple)
            units.setdefault((rank,) if together else (rank, item.nodeid), []).append(item)
    workers = getattr(config, "workerinput", {}).get("workercount", 1)
    heads = [[] for _ in range(workers)]
    for k, key in enumerate(sorted(units, key=lambda key: key[0])):  # stable: ids in collection order
        heads[k % workers] += units[key]
    order, left = [], len(items)
    for k, head in enumerate(heads):
        share = left // (workers - k)
        left -= share
        taken = max(0, share - len(head))
        order += head + rest[:taken]
        rest = rest[taken:]
    items[:] = order + rest


@pytest.fixture(params=["rows", "columns"])
def both_unfoldings(request, monkeypatch):
    """Run a test twice: with every convolution unfolded channels-last (into rows) and
    channels-first (into columns); by default the number of channels picks one."""
    from nn.functional import convolution

    monkeypatch.setattr(convolution, "CHANNELS_LAST_FROM", 1 if request.param == "rows" else 10**9)
