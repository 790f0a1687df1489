"""Sorting and selecting along a dimension: sort, argsort, topk, and max/min with indices.

Each finds integer indices (no gradient) and gathers the values at them, so the
values' gradient goes back exactly to the elements picked (``gather``'s
derivative). Like PyTorch they return named tuples ``(values, indices)``.

Sorting is stable: equal values keep their order, in both directions; NaN
counts as the largest value, as in PyTorch.

``max`` and ``min`` at the bottom are PyTorch's three-way functions: of all elements, along
a dim with indices, or elementwise against another Tensor.
"""

import numbers
from collections import namedtuple
from types import SimpleNamespace

import numpy as np

from ..tensor import Tensor, tensor
from .checks import dim_index
from .elementwise import Maximum, Minimum
from .indexing import gather
from .reduction import Max, Min


# The named tuples PyTorch calls torch.return_types.max, .min, .sort, .topk, .median, ...
def _named_tuple(name, fields=("values", "indices")):
    """A named tuple that prints as PyTorch's torch.return_types.<name>."""

    def __repr__(self):
        shown = ",\n".join(f"{field}={value!r}" for field, value in zip(fields, self))
        return f"torch.return_types.{name}(\n{shown})"

    return type(name, (namedtuple(name, fields),), {"__slots__": (), "__repr__": __repr__})


return_types = SimpleNamespace(
    **{
        name: _named_tuple(name)
        for name in ("max", "min", "sort", "topk", "median", "nanmedian", "mode", "cummax", "cummin")
    },
    aminmax=_named_tuple("aminmax", ("min", "max")),
    frexp=_named_tuple("frexp", ("mantissa", "exponent")),
    kthvalue=_named_tuple("kthvalue"),
    histogram=_named_tuple("histogram", ("hist", "bin_edges")),
    histogramdd=_named_tuple("histogramdd", ("hist", "bin_edges")),
)


def _tensor(x):
    return x if isinstance(x, Tensor) else tensor(x)


def _argsort(values, dim, descending):
    """Stable sort order along dim, NaN last ascending and first descending (PyTorch's)."""
    if not descending:
        return np.argsort(values, axis=dim, kind="stable")
    # Sorting the reversed values ascending and reversing the result puts the largest first
    # with equal values in their original order.
    order = np.argsort(np.flip(values, dim), axis=dim, kind="stable")
    return values.shape[dim] - 1 - np.flip(order, dim)


def _zero_index():
    """The index of the one element of a 0-d Tensor (PyTorch answers 0)."""
    return Tensor._make(np.zeros((), dtype=np.int64))


def argsort(x, dim=-1, descending=False, stable=False):
    """The int64 indices that sort x along dim (always stable here: ``stable`` is accepted)."""
    x = _tensor(x)
    dim = dim_index(dim, x.ndim, "argsort")
    if x.ndim == 0:
        return _zero_index()
    return Tensor._make(_argsort(x._data, dim, descending).astype(np.int64))


def sort(x, dim=-1, descending=False, stable=False):
    """(values, indices): x sorted along dim, and where each value came from (stable)."""
    x = _tensor(x)
    indices = argsort(x, dim, descending, stable)
    return return_types.sort(gather(x, dim, indices) if x.ndim else x, indices)


def topk(x, k, dim=-1, largest=True, sorted=True):
    """(values, indices) of the k largest (or smallest) along dim, in sorted order (also
    for sorted=False). Among equal values the first ones are taken; PyTorch leaves which
    unspecified."""
    x = _tensor(x)
    if x.ndim == 0:
        raise ValueError("topk: needs a Tensor with at least one dimension")
    dim = dim_index(dim, x.ndim, "topk")
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or not 0 <= k <= x.shape[dim]:
        raise ValueError(
            f"topk: k must be an int in [0, {x.shape[dim]}] (the size of dim {dim} "
            f"of shape {tuple(x.shape)}), got {k!r}"
        )
    order = _argsort(x._data, dim, descending=largest)
    indices = Tensor._make(np.take(order, np.arange(k), axis=dim).astype(np.int64))
    return return_types.topk(gather(x, dim, indices), indices)


def _extreme_with_indices(x, dim, keepdim, op, np_arg, result):
    x = _tensor(x)
    dim = dim_index(dim, x.ndim, op)
    if x.ndim == 0:
        return result(x, _zero_index())
    if x.shape[dim] == 0:
        raise ValueError(f"{op}: dim {dim} of shape {tuple(x.shape)} has no elements to choose from")
    index = np_arg(x._data, axis=dim, keepdims=True).astype(np.int64)  # the first, or the NaN
    values = gather(x, dim, index)
    if not keepdim:
        index = index.squeeze(dim)
        values = values.reshape(index.shape)
    return result(values, Tensor._make(index))


def max_with_indices(x, dim, keepdim=False):
    """PyTorch's ``max(dim)``: (values, indices) of the largest along dim. The gradient goes
    to the one element at the index (the first of equal ones), not shared among ties."""
    return _extreme_with_indices(x, dim, keepdim, "max", np.argmax, return_types.max)


def min_with_indices(x, dim, keepdim=False):
    """PyTorch's ``min(dim)``: (values, indices) of the smallest along dim (see max)."""
    return _extreme_with_indices(x, dim, keepdim, "min", np.argmin, return_types.min)


def max(x, dim=None, keepdim=False):
    """PyTorch's max: of all of x (the gradient shared equally among ties), ``(values,
    indices)`` along dim (the gradient to the index), or with a Tensor the elementwise max."""
    if isinstance(dim, Tensor):
        return Maximum.apply(x, dim)
    return Max.apply(x) if dim is None else max_with_indices(x, dim, keepdim)


def min(x, dim=None, keepdim=False):
    """PyTorch's min: like max, for the smallest."""
    if isinstance(dim, Tensor):
        return Minimum.apply(x, dim)
    return Min.apply(x) if dim is None else min_with_indices(x, dim, keepdim)
