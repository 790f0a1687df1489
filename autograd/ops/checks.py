"""Argument checks shared by the ops, with errors that name the op, the shapes and dtypes.

Dimensions follow PyTorch: ``dim`` counts from the end when negative, and a
0-d Tensor accepts dim 0 or -1 (PyTorch treats it as one element).
"""

import numbers

import numpy as np

from ..tensor import Tensor


def dim_index(dim, ndim, op):
    """``dim`` as a non-negative int below ``max(ndim, 1)``, or an IndexError (as PyTorch)."""
    span = max(ndim, 1)
    if isinstance(dim, bool) or not isinstance(dim, numbers.Integral):
        raise TypeError(f"{op}: dim must be an int, got {dim!r}")
    if not -span <= dim < span:
        raise IndexError(
            f"{op}: dim {dim} is out of range for a Tensor with {ndim} "
            f"dimension(s) (expected a dim in [{-span}, {span - 1}])"
        )
    return int(dim) % span


def dims_index(dims, ndim, op):
    """An int or a sequence of distinct ints, each through ``dim_index``, as a tuple."""
    dims = tuple(dims) if isinstance(dims, (tuple, list)) else (dims,)
    normalized = tuple(dim_index(d, ndim, op) for d in dims)
    if len(set(normalized)) != len(normalized):
        raise ValueError(f"{op}: dims {dims} repeat a dimension")
    return normalized


def array_of(x):
    """The numpy array behind a Tensor, an array, a number or a (nested) list."""
    return x._data if isinstance(x, Tensor) else np.asarray(x)


def index_array(index, op, name="index"):
    """An integer index array (from a Tensor, array or list), else a TypeError."""
    index = array_of(index)
    if index.dtype.kind not in "iu":
        raise TypeError(
            f"{op}: {name} must hold integers (int64, as PyTorch's LongTensor), got dtype {index.dtype}"
        )
    return index


def check_bounds(index, size, op, name="index", error=IndexError):
    """Every entry of ``index`` in [0, size), else an IndexError (or ``error``) naming the first
    bad one."""
    bad = (index < 0) | (index >= size)
    if bad.any():
        raise error(
            f"{op}: {name} {index[bad].flat[0]} is out of range for a dimension "
            f"of size {size} (valid: 0 to {size - 1})"
        )


class ArgumentError(RuntimeError, ValueError):
    """An argument of a shape or value the op cannot take: PyTorch raises RuntimeError, and
    chainrule's errors for such arguments are ValueErrors, so it is both."""


class DtypeError(RuntimeError, TypeError):
    """Dtypes that do not go together: a RuntimeError in PyTorch, a TypeError in chainrule."""


class IndexRangeError(IndexError, RuntimeError):
    """An index beyond its dimension, where PyTorch raises RuntimeError (index_add,
    index_reduce): an IndexError, as indexing raises, that is also that RuntimeError."""
