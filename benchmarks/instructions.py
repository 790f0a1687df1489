"""Instructions per training step, counted by valgrind's callgrind: repeatable where timings are not.

    valgrind --tool=callgrind --collect-atstart=no --toggle-collect=starmap_next \\
        python -m benchmarks.instructions plain 100        # then: Collected / 100 per step

``plain`` is the plain-op spirals step, ``mlp`` the nn.MLP one, ``numpy`` the hand-written one
(``benchmarks.spirals``). The steps run inside ``itertools.starmap``, so ``--toggle-collect``
counts them and nothing else (imports, set-up, warm-up). Run with ``PYTHONHASHSEED=0`` and
``OPENBLAS_NUM_THREADS=1`` for the same count at every run. Instruction counts are not time
(interpreter code runs at a lower IPC than BLAS), but a change that removes instructions from
the engine's per-op path shows here, to the instruction, on a busy machine.

Without valgrind, ``python -m benchmarks.instructions plain --bytecodes`` counts the Python
bytecodes one step executes, per function (``sys.settrace`` with opcode events): where the
interpreter's share of a step goes.
"""

import collections
import itertools
import sys

from . import spirals


def warm_step(which):
    """The spirals step of workload ``which``, after a warm-up (caches, the optimiser's layout)."""
    X, y = spirals.make_data(0)
    params = spirals.initial_params(0)
    makers = {"plain": spirals.Plain, "mlp": spirals.Ours, "numpy": spirals.Numpy}
    if which not in makers:
        raise SystemExit(f"benchmarks.instructions: the workload is one of {sorted(makers)}, got {which!r}")
    step = makers[which](X, y, params).step
    for _ in range(20):
        step()
    return step


def bytecodes(step):
    """The bytecodes one call of ``step`` executes: a Counter of (file, function, line)."""
    counts = collections.Counter()

    def trace(frame, event, arg):
        frame.f_trace_opcodes = True
        if event == "opcode":
            code = frame.f_code
            counts[code.co_filename, code.co_name, code.co_firstlineno] += 1
        return trace

    sys.settrace(trace)
    try:
        step()
    finally:
        sys.settrace(None)
    return counts


def main(argv):
    which = argv[0]
    step = warm_step(which)
    if argv[1:] == ["--bytecodes"]:
        counts = bytecodes(step)
        print(f"{sum(counts.values())} bytecodes in one {which} step; the functions with the most:")
        for (filename, function, line), n in counts.most_common(25):
            print(f"{n:7d}  {function} ({filename}:{line})")
        return
    steps = int(argv[1]) if len(argv) > 1 else 100
    list(itertools.starmap(step, [()] * steps))


if __name__ == "__main__":
    main(sys.argv[1:])
