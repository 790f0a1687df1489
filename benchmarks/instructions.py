"""Instructions per training step, counted by valgrind's callgrind: repeatable where timings are not.

    valgrind --tool=callgrind --collect-atstart=no --toggle-collect=starmap_next \\
        python -m benchmarks.instructions plain 100        # then: Collected / 100 per step

``plain`` is the plain-op spirals step, ``mlp`` the nn.MLP one, ``numpy`` the hand-written one
(``benchmarks.spirals``). The steps run inside ``itertools.starmap``, so ``--toggle-collect``
counts them and nothing else (imports, set-up, warm-up). Run with ``PYTHONHASHSEED=0`` and
``OPENBLAS_NUM_THREADS=1`` for the same count at every run. Instruction counts are not time
(interpreter code runs at a lower IPC than BLAS), but a change that removes instructions from
the engine's per-op path shows here, to the instruction, on a busy machine.
"""

import itertools
import sys

from . import spirals


def main(argv):
    which, steps = argv[0], int(argv[1]) if len(argv) > 1 else 100
    X, y = spirals.make_data(0)
    params = spirals.initial_params(0)
    makers = {"plain": spirals.Plain, "mlp": spirals.Ours, "numpy": spirals.Numpy}
    if which not in makers:
        raise SystemExit(f"benchmarks.instructions: the workload is one of {sorted(makers)}, got {which!r}")
    step = makers[which](X, y, params).step
    for _ in range(20):  # warm-up: caches, the optimiser's flat layout
        step()
    list(itertools.starmap(step, [()] * steps))


if __name__ == "__main__":
    main(sys.argv[1:])
