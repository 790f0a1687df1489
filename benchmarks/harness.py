"""Timing and memory measurement shared by every workload.

Timing: every engine first runs a few warm-up steps; then the engines take
turns (A B C, B C A, C A B, ...), each turn a block of steps lasting
``block_seconds`` (at least one step), until the time budget is spent and at
least ``min_rounds`` rounds are done. Every step is timed on its own with ``time.perf_counter``;
we report the median and the minimum. The machine's speed drifts within
seconds, so taking turns spreads that drift over all engines alike.

Between turns (outside the timed region) we run ``gc.collect()``, so one
engine's cyclic garbage (micrograd's graphs are full of reference cycles) is
never collected on another engine's clock, and pause 10 ms, so that BLAS /
OpenMP worker threads that spin-wait after a parallel region (OpenBLAS's and
PyTorch's do) have gone idle before the next engine starts.

Memory: ``traced_peak`` runs one step under ``tracemalloc`` and reports the
peak of the memory allocated during the step (Python objects and numpy
arrays; numpy reports its buffers to tracemalloc). Memory allocated before
the step (parameters, optimiser state) does not count. PyTorch allocates
its tensors in C++, out of tracemalloc's sight, so it gets no figure here.
"""

import gc
import os
import statistics
import time
import tracemalloc


class Engine:
    """One way to run a workload: a name, a ``step()`` to time, and what it is for the ratios.

    ``role`` is "numpy" or "torch" for the baselines the ratios divide by;
    ``traced`` says whether tracemalloc sees the engine's allocations.
    """

    def __init__(self, name, step, role=None, traced=True, note=""):
        self.name, self.step, self.role, self.traced, self.note = name, step, role, traced, note


class OurModel:
    """This project's side of a training workload: a subclass sets ``model`` and
    ``optimizer`` and defines ``loss()``; one step is the plain PyTorch-style loop."""

    def step(self):
        loss = self.loss()
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        return loss.item()

    def parameters(self):
        return [p._data for p in self.model.parameters()]

    def gradients(self):
        return [p.grad for p in self.model.parameters()]


class TorchModel:
    """PyTorch's side of a training workload: a subclass sets ``model`` and ``optimizer``
    and defines ``loss()``; the same step as ``OurModel``."""

    step = OurModel.step

    def parameters(self):
        return [p.detach().numpy() for p in self.model.parameters()]

    def gradients(self):
        return [p.grad.numpy() for p in self.model.parameters()]


def compiled(model):
    """Our ``model`` (an ``OurModel`` or a plain-op step) with ``loss`` replaced by
    ``autograd.compile(loss)``: traced in the first (warm-up) step, replayed in the timed ones.
    The replay preallocates nothing, so its peak memory is all allocated during the step."""
    import autograd

    model.loss = autograd.compile(model.loss)
    return model


PAUSE = 0.01  # seconds between turns (`python -m benchmarks --pause` changes it, to check it is enough)


def _pause():
    gc.collect()
    time.sleep(PAUSE)


def interleave(engines, seconds, min_rounds=3, warmup=3, block_seconds=None):
    """Time ``engine.step()`` for every engine, taking turns. Returns {name: [seconds per step]}."""
    for engine in engines:
        for _ in range(warmup):
            engine.step()
    if block_seconds is None:
        block_seconds = seconds / (10 * len(engines))
    samples = {engine.name: [] for engine in engines}
    clock = time.perf_counter
    deadline = clock() + seconds
    rounds = 0
    while rounds < min_rounds or clock() < deadline:
        shift = rounds % len(engines)
        for engine in engines[shift:] + engines[:shift]:
            _pause()
            times, step = samples[engine.name], engine.step
            end_of_block = clock() + block_seconds
            while True:  # steps until the block's time is up (at least one)
                start = clock()
                step()
                stop = clock()
                times.append(stop - start)
                if stop >= end_of_block:
                    break
        rounds += 1
    return samples


def traced_peak(step):
    """Peak bytes allocated (and alive at once) during one call of ``step``, seen by tracemalloc."""
    gc.collect()
    tracemalloc.start()
    try:
        step()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def traced_growth(step, steps):
    """Bytes still allocated after ``steps`` steps minus after the first 10: should be ~0."""
    gc.collect()
    tracemalloc.start()
    try:
        for _ in range(10):
            step()
        gc.collect()
        early = tracemalloc.get_traced_memory()[0]
        for _ in range(steps - 10):
            step()
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - early
    finally:
        tracemalloc.stop()


def summarize(samples):
    """Median and minimum, in milliseconds."""
    return statistics.median(samples) * 1e3, min(samples) * 1e3


# ---- threads and optional engines -------------------------------------------------------


# What BLAS libraries (OpenBLAS, MKL) and PyTorch's OpenMP read when they load: set before a
# process imports numpy, they decide its threads with no library to call (threadpoolctl).
THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def thread_environment(threads=None):
    """The environment for a child process whose BLAS and PyTorch use ``threads`` threads
    (None: the libraries' defaults, usually one per CPU)."""
    env = {name: value for name, value in os.environ.items() if name not in THREAD_VARIABLES}
    if threads is not None:
        env.update(dict.fromkeys(THREAD_VARIABLES, str(threads)))
    return env


def blas_threads():
    """How many threads numpy's BLAS uses (threadpoolctl if installed, else env vars, else CPUs)."""
    try:
        import numpy  # noqa: F401  (loads numpy's BLAS so threadpoolctl can see it)
        from threadpoolctl import threadpool_info

        counts = [info["num_threads"] for info in threadpool_info() if info.get("user_api") == "blas"]
        if counts:
            return max(counts), "threadpoolctl"
    except ImportError:
        pass
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        if os.environ.get(name, "").isdigit():
            return int(os.environ[name]), name
    return len(os.sched_getaffinity(0)), "CPUs available"


def import_torch():
    """PyTorch with as many threads as numpy's BLAS, or None if it is not installed."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(blas_threads()[0])
    return torch


def import_micrograd():
    """micrograd's ``(Value, MLP)``, or None if it is not installed."""
    try:
        from micrograd.engine import Value
        from micrograd.nn import MLP
    except ImportError:
        return None
    return Value, MLP
