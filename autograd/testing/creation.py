"""``make_tensor``: a Tensor of random values for tests, drawn as PyTorch's is.

Floats are uniform in [low, high) (default [-9, 9)) by ``uniform_``; integers are
``randint(low, high)`` (default [-9, 10), [0, 10) unsigned) and bools ``randint(0, 2)``, so
after the same ``manual_seed`` the values are PyTorch's. ``noncontiguous`` draws a last
dimension twice as long and keeps every second element (from the second on);
``exclude_zero`` replaces zeros by 1 (integers, bools) or the dtype's smallest normal number.
"""

import math
import warnings

import numpy as np

from .. import creation, random
from ..tensor import Tensor


def _limits(dtype, low, high):
    """(low, high) checked, defaulted and clamped to what the dtype holds (ints: rounded up)."""
    if dtype.kind == "b":
        lowest, highest, default = 0, 2, (0, 2)
    elif dtype.kind in "iu":
        info = np.iinfo(dtype)
        lowest, highest = int(info.min), int(info.max) + (1 if dtype != np.int64 else 0)
        default = (-9, 10) if dtype.kind == "i" else (0, 10)
    else:
        info = np.finfo(dtype)
        lowest, highest, default = float(info.min), float(info.max), (-9, 9)
    low = default[0] if low is None else low
    high = default[1] if high is None else high
    if any(isinstance(v, float) and math.isnan(v) for v in (low, high)):
        raise ValueError(f"`low` and `high` cannot be NaN, but got low={low} and high={high}")
    if low == high and dtype.kind == "f":
        warnings.warn(
            "Passing `low==high` to `make_tensor` for floating types is deprecated; use `full(...)` instead.",
            FutureWarning,
            stacklevel=3,
        )
    elif low >= high:
        raise ValueError(f"`low` must be less than `high`, but got {low} >= {high}")
    elif high < lowest or low >= highest:
        raise ValueError(
            f"The value interval specified by `low` and `high` is [{low}, {high}), "
            f"but {dtype} only supports [{lowest}, {highest})"
        )
    low, high = min(max(low, lowest), highest), min(max(high, lowest), highest)
    if dtype.kind in "biu":
        return math.ceil(low), math.ceil(high)
    return low, high


def make_tensor(
    *shape,
    dtype,
    device,
    low=None,
    high=None,
    requires_grad=False,
    noncontiguous=False,
    exclude_zero=False,
    memory_format=None,
):
    """A Tensor of ``shape`` (ints, or one sequence) and ``dtype`` with random values in
    [low, high); see the module docstring for the defaults and the draws."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = shape[0]
    shape = tuple(shape)
    dtype = np.dtype(dtype)
    if noncontiguous and memory_format is not None:
        raise ValueError(
            "The parameters `noncontiguous` and `memory_format` are mutually exclusive, but got "
            f"noncontiguous={noncontiguous} and memory_format={memory_format}"
        )
    if requires_grad and dtype.kind in "biu":
        raise ValueError(
            f"`requires_grad=True` is not supported for boolean and integral dtypes, but got dtype={dtype}"
        )
    if dtype.kind not in "biuf":
        raise TypeError(f"The requested dtype '{dtype}' is not supported by make_tensor().")
    noncontiguous = noncontiguous and math.prod(shape) > 1
    if noncontiguous:
        shape = (*shape[:-1], 2 * shape[-1])
    low, high = _limits(dtype, low, high)
    if dtype.kind in "biu":
        result = random.randint(low, high, shape, device=device, dtype=dtype)
    else:
        result = creation.empty(shape, device=device, dtype=dtype)
        if high - low >= np.finfo(dtype).max:  # uniform_ needs a finite high - low
            random.uniform_(result, low / 2, high / 2)
            result._data *= 2
        else:
            random.uniform_(result, low, high)
    data = result._data[..., 1::2] if noncontiguous else result._data
    if exclude_zero:
        data[data == 0] = 1 if dtype.kind in "biu" else np.finfo(dtype).tiny
    return Tensor._make(data).requires_grad_(requires_grad)
