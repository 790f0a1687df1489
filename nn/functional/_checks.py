"""Checks and conversions shared by the functions of nn.functional (and by nn's modules)."""

import math
import numbers
import warnings

import numpy as np

from autograd import Tensor, tensor


def check_real(
    owner, name, value, low=-np.inf, high=np.inf, low_open=False, high_open=False, requirement=None
):
    """Check that a hyper-parameter is a finite real number in an interval; return it.

    Not a number (a string, None, a bool, an array): TypeError. Outside the
    interval, NaN or infinite: ValueError saying ``requirement`` (default: the interval).
    """
    if type(value) is not float and (
        isinstance(value, (bool, np.bool_))  # floats skip the
        or not isinstance(value, numbers.Real)
    ):  # slower ABC test
        raise TypeError(f"{owner}: {name} must be a real number, got {value!r} ({type(value).__name__})")
    inside = (
        is_finite(value)
        and (low < value if low_open else low <= value)
        and (value < high if high_open else value <= high)
    )
    if not inside:
        opening = "(" if low_open or low == -np.inf else "["
        closing = ")" if high_open or high == np.inf else "]"
        requirement = requirement or f"a finite number in {opening}{low:g}, {high:g}{closing}"
        raise ValueError(f"{owner}: {name} must be {requirement}, got {value!r}")
    return value


def is_finite(number):
    """math.isfinite, also for Python ints too large for a float (not finite as a float)."""
    try:
        return math.isfinite(number)
    except OverflowError:
        return False


def as_tensor(x, name="input"):
    if isinstance(x, Tensor):
        return x
    try:
        return tensor(x)  # dtype inferred (integer labels stay integers), as torch.tensor
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a Tensor or array-like, got {type(x).__name__}") from exc


def maybe_inplace(input, result, inplace):
    """``result``, or with ``inplace`` (PyTorch's flag) ``input`` overwritten by it (recorded)."""
    return input.copy_(result) if inplace else result


def as_float_target(target, input, name):
    """Targets of regression-style losses: a Tensor in a floating dtype (input's, if converted)."""
    if isinstance(target, Tensor) and target.dtype.kind == "f":
        return target
    data = target._data if isinstance(target, Tensor) else np.asarray(target)
    if data.dtype.kind not in "biuf":
        raise TypeError(f"{name}: target must be numeric, got dtype {data.dtype}")
    return Tensor._from_data(data, input.dtype if input.dtype.kind == "f" else np.float64)


def check_same_shape(input, target, name):
    if input.shape != target.shape:
        raise ValueError(
            f"{name}: input shape {tuple(input.shape)} and target shape {tuple(target.shape)} must be "
            f"equal (broadcasting e.g. (N, 1) against (N,) would silently give (N, N); "
            f"reshape one of them)"
        )


def check_broadcastable(input, target, name, keep_input_shape=False):
    """Losses PyTorch broadcasts silently: input and target must broadcast together (with
    ``keep_input_shape``, to input's shape, as PyTorch's soft_margin_loss needs); a ValueError
    naming both shapes otherwise."""
    if input.shape == target.shape:
        return
    try:
        shape = np.broadcast_shapes(input.shape, target.shape)
    except ValueError:
        shape = None
    if shape is None or (keep_input_shape and shape != input.shape):
        into = " to the input's shape" if shape is not None else " together"
        raise ValueError(
            f"{name}: input shape {tuple(input.shape)} and target shape {tuple(target.shape)} "
            f"cannot be broadcast{into}"
        )


def broadcast_with_warning(input, target, name):
    """PyTorch's regression losses broadcast input against target, warning (as PyTorch, whose
    words these are) when the shapes differ: a (N, 1) prediction against (N,) targets gives
    (N, N) losses. Shapes that do not broadcast are a ValueError naming both."""
    if input.shape == target.shape:
        return
    warnings.warn(
        f"Using a target size ({target.shape}) that is different to the input size ({input.shape}). "
        "This will likely lead to incorrect results due to broadcasting. "
        "Please ensure they have the same size.",
        UserWarning,
        stacklevel=3,
    )
    try:
        np.broadcast_shapes(input.shape, target.shape)
    except ValueError:
        raise ValueError(
            f"{name}: input shape {tuple(input.shape)} and target shape {tuple(target.shape)} "
            "cannot be broadcast together"
        ) from None


def check_signs(target, name, what="target labels"):
    """ValueError unless every value of ``target`` (a Tensor) is -1 or +1."""
    if not np.all(np.isin(target._data, (-1, 1))):
        found = ", ".join(f"{v:g}" for v in np.unique(target._data)[:10])
        raise ValueError(f"{name}: {what} must be -1 or +1, got the values {found}")


def reduce_loss(loss, reduction, name):
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{name}: reduction must be 'mean', 'sum' or 'none', got {reduction!r}")


REDUCTIONS = ("mean", "sum", "none")


def legacy_reduction(size_average, reduce, reduction):
    """PyTorch's deprecated ``size_average`` / ``reduce`` (either given: they decide, as in
    PyTorch, with its warning): reduce=False -> "none", else size_average=False -> "sum", else
    "mean"; neither given: ``reduction``. A string in their place (the reduction given
    positionally where PyTorch's order has them) is a TypeError, where PyTorch would take it
    as True."""
    if size_average is None and reduce is None:
        return reduction
    for name, value in (("size_average", size_average), ("reduce", reduce)):
        if value is not None and not isinstance(value, (bool, np.bool_, numbers.Integral)):
            raise TypeError(
                f"{name} must be True, False or None (PyTorch's deprecated argument), got {value!r}; "
                f"give the reduction as reduction={value!r}"
            )
    warnings.warn(
        "size_average and reduce args will be deprecated, please use reduction='"
        + ("none" if reduce is False else "sum" if size_average is False else "mean")
        + "' instead.",
        UserWarning,
        stacklevel=3,
    )
    if reduce is not None and not reduce:
        return "none"
    return "sum" if size_average is not None and not size_average else "mean"


def check_reduction(reduction, name, valid=REDUCTIONS):
    if reduction not in valid:
        names = ", ".join(map(repr, valid[:-1])) + f" or {valid[-1]!r}"
        raise ValueError(f"{name}: reduction must be {names}, got {reduction!r}")


def check_ints(value, count, name, owner, minimum):
    """An int or a sequence of ``count`` ints, each >= minimum, as a tuple of ``count`` ints."""
    items = tuple(value) if isinstance(value, (tuple, list)) else (value,) * count
    if len(items) != count or not all(
        isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in items
    ):
        raise TypeError(f"{owner}: {name} must be an int or a tuple of {count} ints, got {value!r}")
    if any(v < minimum for v in items):
        requirement = "positive" if minimum == 1 else f"at least {minimum}"
        raise ValueError(f"{owner}: {name} must be {requirement}, got {value!r}")
    return tuple(int(v) for v in items)


def check_spatial_input(input, spatial, owner):
    """An input of shape (N, C, *spatial) or unbatched (C, *spatial): the Tensor as (N, C, ...),
    and whether a batch axis was added (to be removed from the result)."""
    input = as_tensor(input)
    names = {1: "(N, C, L) or (C, L)", 2: "(N, C, H, W) or (C, H, W)"}[spatial]
    if input.ndim == spatial + 1:
        return input.reshape((1,) + input.shape), True
    if input.ndim != spatial + 2:
        raise ValueError(
            f"{owner}: expected an input of shape {names}, got shape {tuple(input.shape)} ({input.ndim} dimensions)"
        )
    return input, False
