"""Drawing 10**7 normals with autograd.random (PyTorch's numbers, bit for bit) against numpy.

Issue 18's target: ``autograd.randn(10**7)`` (float64) costs at most 3x numpy's own
``np.random.default_rng().standard_normal(10**7)``. Both run in this process, taking
turns; each figure is the fastest of its turns, so another process's burst on a shared
machine does not count. float32 (AVX Box-Muller emulated in numpy) is reported too,
against numpy's float32 normals, without a target.

``python -m benchmarks.random_normal`` prints the lines; ``python -m benchmarks`` includes
them (``--only random``).
"""

import time

import numpy as np

from autograd.random import sampling

SIZE = 10**7
LIMIT = 3.0


def _fastest(functions, repeats):
    best = [float("inf")] * len(functions)
    for _ in range(repeats):
        for i, function in enumerate(functions):
            start = time.perf_counter()
            function()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def ratio(dtype=np.float64, size=SIZE, repeats=3):
    """(ours s, numpy s) for ``size`` normals of ``dtype``, the fastest of ``repeats`` turns each."""
    ours, numpy_s = _fastest(
        [
            lambda: sampling.normal(size, dtype=dtype),
            lambda: np.random.default_rng().standard_normal(size, dtype=dtype),
        ],
        repeats,
    )
    return ours, numpy_s


def lines(quick=False):
    repeats = 1 if quick else 3
    ours, reference = ratio(np.float64, SIZE, repeats)
    ours32, reference32 = ratio(np.float32, SIZE // 10, repeats)
    met = "yes" if ours / reference <= LIMIT else "no"
    return [
        "### Random normals (PyTorch's random stream, reproduced)",
        "",
        (
            f"- float64, 10^7 normals: {ours:.2f} s, numpy's standard_normal {reference:.2f} s: "
            f"{ours / reference:.2f}x (target <= {LIMIT:.0f}x: {met}; fastest of {repeats})"
        ),
        (
            f"- float32, 10^6 normals: {ours32:.2f} s, numpy's {reference32:.3f} s: "
            f"{ours32 / reference32:.1f}x (no target)"
        ),
    ]


if __name__ == "__main__":
    print("\n".join(lines()))
