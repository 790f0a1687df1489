"""Gradient clipping: tame exploding gradients between ``backward()`` and ``step()``.

``clip_grad_norm_`` is ``get_total_norm`` of the gradients followed by ``clip_grads_with_norm_``;
the clipping functions change ``.grad`` arrays in place and skip parameters whose ``.grad`` is
None. ``foreach`` (PyTorch's choice of kernel) is accepted and changes nothing here.
"""

import numbers
import types
import warnings

import numpy as np

from autograd import Tensor, tensor

__all__ = ["clip_grad_norm", "clip_grad_norm_", "clip_grad_value_", "clip_grads_with_norm_", "get_total_norm"]


def _tensors(tensors, caller):
    tensors = [tensors] if isinstance(tensors, Tensor) else list(tensors)
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"{caller}: parameter {i} is a {type(t).__name__}, expected a Tensor")
    return tensors


def _grads(parameters, caller):
    return [p._grad._data for p in _tensors(parameters, caller) if p.grad is not None]


def _check_foreach(caller, foreach):
    if foreach is not None and not isinstance(foreach, (bool, np.bool_)):
        raise TypeError(f"{caller}: foreach must be None, True or False, got {foreach!r}")


def _total_norm(arrays, norm_type, error_if_nonfinite, caller):
    """The p-norm of the arrays' p-norms: the norm of all their entries seen as one vector."""
    dtype = np.result_type(*arrays)
    with np.errstate(over="ignore", divide="ignore"):  # |x| ** p overflowing for a huge |p|: inf, as PyTorch
        norms = [np.linalg.norm(a.reshape(-1), ord=norm_type) if a.size else a.dtype.type(0) for a in arrays]
        total = np.linalg.norm(np.array(norms, dtype=dtype), ord=norm_type).astype(dtype)
    if error_if_nonfinite and not np.isfinite(total):
        raise RuntimeError(
            f"{caller}: the total norm of the gradients is {total} (order {norm_type}), not finite, "
            f"so it cannot be clipped; the loss or a gradient is not finite (to scale the gradients "
            f"by it anyway, set error_if_nonfinite=False)"
        )
    return tensor(total)


def get_total_norm(tensors, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """``(sum over tensors of |t|_p ** p) ** (1/p)``: the p-norm of every entry of ``tensors`` (a
    Tensor or an iterable of them) seen as one vector (``p = inf``: the largest |entry|), as a 0-d
    Tensor outside the graph. No tensors: ``tensor(0.)``."""
    _check_foreach("get_total_norm", foreach)
    try:
        if np.ndim(norm_type) != 0:  # float() of a 1-element array is deprecated in numpy
            raise TypeError
        norm_type = float(norm_type)
    except (TypeError, ValueError):
        raise TypeError(f"get_total_norm: norm_type must be a number or 'inf', got {norm_type!r}") from None
    except OverflowError:
        raise ValueError(f"get_total_norm: norm_type {norm_type} is beyond the float range") from None
    arrays = [t._data for t in _tensors(tensors, "get_total_norm")]
    if not arrays:
        return tensor(0.0)
    return _total_norm(arrays, norm_type, error_if_nonfinite, "get_total_norm")


def clip_grads_with_norm_(parameters, max_norm, total_norm, foreach=None):
    """Multiply every gradient by ``min(max_norm / (total_norm + 1e-6), 1)`` in place, given the
    total norm (e.g. from ``get_total_norm``; a Tensor or a number)."""
    _check_foreach("clip_grads_with_norm_", foreach)
    grads = _grads(parameters, "clip_grads_with_norm_")
    if isinstance(max_norm, bool) or not isinstance(max_norm, numbers.Real):
        raise TypeError(f"clip_grads_with_norm_: max_norm must be a real number, got {max_norm!r}")
    if isinstance(total_norm, Tensor):
        total_norm = total_norm._data
    elif isinstance(total_norm, bool) or not isinstance(total_norm, numbers.Real):
        raise TypeError(f"clip_grads_with_norm_: total_norm must be a Tensor or a number, got {total_norm!r}")
    try:
        coefficient = np.minimum(float(max_norm) / (np.asarray(total_norm, dtype=np.float64) + 1e-6), 1.0)
    except OverflowError:
        raise ValueError("clip_grads_with_norm_: max_norm or total_norm is beyond the float range") from None
    for g in grads:
        g *= coefficient.astype(g.dtype)


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
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
    _check_foreach("clip_grad_norm_", foreach)
    generator = isinstance(parameters, types.GeneratorType)
    parameters = _tensors(parameters, "clip_grad_norm_")
    if generator and not parameters:
        warnings.warn("`parameters` is an empty generator, no gradient clipping will occur.", stacklevel=2)
    grads = _grads(parameters, "clip_grad_norm_")
    if not grads:
        return tensor(0.0)
    total = _total_norm(grads, float(norm_type), error_if_nonfinite, "clip_grad_norm_")
    clip_grads_with_norm_(parameters, max_norm, total)
    return total


def clip_grad_norm(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Deprecated (a FutureWarning, as in PyTorch): ``clip_grad_norm_``."""
    warnings.warn(
        "`torch.nn.utils.clip_grad_norm` is now deprecated in favor of `torch.nn.utils.clip_grad_norm_`.",
        FutureWarning,
        stacklevel=2,
    )
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)


def clip_grad_value_(parameters, clip_value, foreach=None):
    """Clip every gradient entry into ``[-clip_value, clip_value]``, in place."""
    if isinstance(clip_value, bool) or not isinstance(clip_value, numbers.Real):
        raise TypeError(f"clip_grad_value_: clip_value must be a real number, got {clip_value!r}")
    if not clip_value >= 0:
        raise ValueError(f"clip_grad_value_: clip_value must be >= 0, got {clip_value!r}")
    _check_foreach("clip_grad_value_", foreach)
    for g in _grads(parameters, "clip_grad_value_"):
        np.clip(g, -clip_value, clip_value, out=g)
