"""Per-op overhead: forward + backward of a chain of 1000 tiny ops.

Starting from x (shape (4,), float64, requires grad) the chain alternates
``y = y * 0.999999`` and ``y = y + 1e-6``, 1000 ops in all, then backward
from ``y.sum()``. The arrays are so small that the arithmetic costs
nothing: what is measured is what an engine spends per op (creating nodes,
checking, bookkeeping). One step is 1000 ops, so **ms per step = µs per op**.

micrograd has scalars only, so its chain runs on one Value (each op also
wraps its constant in a Value, as micrograd does); its recursive
topological sort needs a recursion limit above the chain's depth.
numpy has no backward: its line is the forward ops alone, the cost of
calling numpy 1000 times.
"""

import sys

import numpy as np

from .harness import Engine, import_micrograd, import_torch

TITLE = "per-op overhead, fwd+bwd of a 1000-op chain on shape (4,), ms per step = µs/op"
OPS = 1000
SCALE, SHIFT = 0.999999, 1e-6


def expected_gradient(ops=OPS):
    """d(sum y)/dx for each element: the product of the scale factors."""
    return SCALE ** (ops // 2)


def chain(y, ops=OPS):
    """The chain itself, for any array-like type with * and +."""
    for _ in range(ops // 2):
        y = y * SCALE
        y = y + SHIFT
    return y


def ours(ops=OPS):
    from autograd import Tensor

    x = Tensor(np.ones(4), requires_grad=True)
    chain(x, ops).sum().backward()
    return x.grad


def torch_chain(ops=OPS):
    torch = import_torch()
    x = torch.ones(4, dtype=torch.float64, requires_grad=True)
    chain(x, ops).sum().backward()
    return x.grad.numpy()


def micrograd_chain(ops=OPS):
    Value = import_micrograd()[0]
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 2 * ops + 100))  # its sort recurses
    x = Value(1.0)
    chain(x, ops).backward()
    return x.grad


def numpy_forward(ops=OPS):
    return chain(np.ones(4), ops)


def engines(seed=0):
    found = [Engine("chainrule", ours), Engine("numpy, forward only", numpy_forward, role="numpy")]
    notes = []
    if import_torch() is None:
        notes.append("PyTorch not installed: skipped (pip install torch)")
    else:
        found.append(Engine("PyTorch", torch_chain, role="torch", traced=False))
    if import_micrograd() is None:
        notes.append("micrograd not installed: skipped (pip install micrograd)")
    else:
        found.append(Engine("micrograd (one scalar)", micrograd_chain, role="micrograd"))
    return found, notes
