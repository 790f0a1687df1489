"""A graph of 1,000,000 nodes: time to build it, time to backprop through it, peak memory.

The graph is the chain of ``chain.py`` made long: from a scalar x
(float64, requires grad), alternate ``y * 0.999999`` and ``y + 1e-6``,
one node per op; then backward from y (d y / d x = 0.999999^(n/2), checked).
A million levels deep, so it also tests that nothing recurses.

Each engine runs in a fresh subprocess (``python -m benchmarks.big_graph
--engine ours --nodes 1000000``), so its peak memory is its own: the peak
resident set size during build + backward minus the resident size just
before (Linux: the peak is reset by writing 5 to /proc/self/clear_refs and
read as VmHWM from /proc/self/status; elsewhere the growth of ``ru_maxrss``,
which a child may inherit from its parent, so it can read low). This counts
all memory -- Python objects, numpy or C++ buffers, allocator slack -- so
it compares fairly across engines.
The time to free the graph is reported too (a deep graph freed by reference
counting alone, or by the garbage collector when it has cycles).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time

from .chain import SCALE, chain

NODES = 1_000_000
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # where ``benchmarks`` lives


def _build_ours(nodes):
    from autograd import tensor

    x = tensor(1.0, requires_grad=True)
    return x, chain(x, nodes), lambda y: y.backward(), lambda: float(x.grad)


def _build_torch(nodes):
    import torch

    torch.set_num_threads(1)  # scalar ops: threads have nothing to share
    x = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
    return x, chain(x, nodes), lambda y: y.backward(), lambda: x.grad.item()


def _build_micrograd(nodes):
    from micrograd.engine import Value

    sys.setrecursionlimit(4 * nodes + 1000)  # its topological sort recurses once per level
    x = Value(1.0)
    return x, chain(x, nodes), lambda y: y.backward(), lambda: x.grad


def _build_numpy(nodes):
    import numpy as np

    x = np.float64(1.0)
    return x, chain(x, nodes), lambda y: None, lambda: None


BUILDERS = {"ours": _build_ours, "torch": _build_torch, "micrograd": _build_micrograd, "numpy": _build_numpy}
LABELS = {
    "ours": "chainrule",
    "torch": "PyTorch",
    "micrograd": "micrograd",
    "numpy": "numpy scalar, forward only",
}


def _status_kib(field):
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))


def _start_peak():
    """Reset the peak RSS if the OS lets us; returns a function giving the peak growth in KiB."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
        before = _status_kib("VmRSS")
        return lambda: _status_kib("VmHWM") - before
    except (OSError, StopIteration):
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before


def measure(engine, nodes):
    """Build, backward and free in this process; times in seconds, memory in MiB."""
    builder = BUILDERS[engine]
    builder(10)  # imports and first calls, off the clock
    peak_kib = _start_peak()
    start = time.perf_counter()
    x, y, backward, gradient = builder(nodes)
    built = time.perf_counter()
    backward(y)
    done = time.perf_counter()
    peak = peak_kib() / 1024
    grad = gradient()
    del x, y, backward, gradient
    import gc

    gc.collect()
    freed = time.perf_counter()
    if grad is not None and abs(grad - SCALE ** (nodes // 2)) > 1e-9:
        raise AssertionError(f"{engine}: gradient {grad} != {SCALE ** (nodes // 2)}")
    return {
        "build_s": built - start,
        "backward_s": done - built,
        "free_s": freed - done,
        "peak_mib": peak,
        "grad": grad,
    }


def run_subprocess(engine, nodes, timeout=600):
    """``measure`` in a fresh Python process; returns its dict, or {"error": message}."""
    command = [sys.executable, "-m", "benchmarks.big_graph", "--engine", engine, "--nodes", str(nodes)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout} s"}
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines() or [f"exit code {done.returncode}"]
        return {"error": lines[-1][:200]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=sorted(BUILDERS), required=True)
    parser.add_argument("--nodes", type=int, default=NODES)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.engine, args.nodes)))


if __name__ == "__main__":
    main()
