"""Gradient clipping: tame exploding gradients between ``backward()`` and ``step()``.

Both functions change ``.grad`` arrays in place and skip parameters whose
``.grad`` is None.
"""

import math
import numbers

import numpy as np

from autograd import Tensor, tensor


def _grads(parameters, caller):
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    grads = []
    for i, p in enumerate(parameters):
        if not isinstance(p, Tensor):
            raise TypeError(f"{caller}: parameter {i} is a {type(p).__name__}, expected a Tensor")
        if p.grad is not None:
            grads.append(p._grad._data)
    return grads


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False):
    """Scale all gradients together so that their joint norm is at most about ``max_norm``.

    The total norm treats every gradient entry as one long vector:
    ``total = (sum over entries |g|^p) ** (1/p)`` (``p = inf``: the largest |g|).
    If ``c = max_norm / (total + 1e-6)`` is below 1, every gradient is
    multiplied by c (PyTorch's rule; the 1e-6 guards against dividing by zero).
    Returns the total norm before clipping, as a 0-d Tensor (of the gradients' dtype), as
    PyTorch does: ``.item()`` gives the number.
    """
    for name, value in (("max_norm", max_norm), ("norm_type", norm_type)):
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"clip_grad_norm_: {name} must be a real number, got {value!r}")
    if not max_norm >= 0:
        raise ValueError(f"clip_grad_norm_: max_norm must be >= 0, got {max_norm!r}")
    if not norm_type > 0:
        raise ValueError(f"clip_grad_norm_: norm_type must be > 0 (or math.inf), got {norm_type!r}")
    grads = _grads(parameters, "clip_grad_norm_")
    if not grads:
        return tensor(0.0)
    norm_type = float(norm_type)
    norms = [np.linalg.norm(g.reshape(-1), ord=norm_type) for g in grads]
    total = float(np.linalg.norm(np.array(norms, dtype=np.float64), ord=norm_type))
    if error_if_nonfinite and not math.isfinite(total):
        raise RuntimeError(
            f"clip_grad_norm_: the total norm of the gradients is {total}; "
            f"the loss or a gradient is not finite"
        )
    coefficient = max_norm / (total + 1e-6)
    if coefficient < 1:
        for g in grads:
            g *= coefficient
    return Tensor(np.asarray(total, dtype=grads[0].dtype))


def clip_grad_value_(parameters, clip_value):
    """Clip every gradient entry into ``[-clip_value, clip_value]``, in place."""
    if isinstance(clip_value, bool) or not isinstance(clip_value, numbers.Real):
        raise TypeError(f"clip_grad_value_: clip_value must be a real number, got {clip_value!r}")
    if not clip_value >= 0:
        raise ValueError(f"clip_grad_value_: clip_value must be >= 0, got {clip_value!r}")
    for g in _grads(parameters, "clip_grad_value_"):
        np.clip(g, -clip_value, clip_value, out=g)
