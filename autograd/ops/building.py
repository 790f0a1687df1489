"""Tensors built from others: meshgrid, cartesian_prod, combinations, block_diag, vander,
diag_embed, diagflat, atleast_1d/2d/3d, and the index pairs tril_indices / triu_indices.

Each is written with ops that have derivatives (reshape, broadcast, indexing, concatenate,
cumprod), so gradients flow back to every input without a derivative of its own.
"""

import itertools
import numbers

import numpy as np

from ..tensor import Tensor, tensor
from .checks import dim_index
from .cumulative import cumprod
from .layout import _diagonal_positions, _offset, diag, flip
from .shape import BroadcastTo, Concatenate, GetItem, Reshape, index_add, stack, transpose


def _tensor(x):
    return x if isinstance(x, Tensor) else tensor(x)


def _tensors(tensors, op):
    """``f(a, b)`` or ``f([a, b])`` as a tuple of Tensors."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    for n, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"{op}: argument {n} must be a Tensor, not {type(t).__name__}")
    return tensors


def meshgrid(*tensors, indexing="ij"):
    """Coordinate grids of 1-D (or 0-d) Tensors: with "ij" output k varies along dimension k
    (shape (n0, n1, ...)); with "xy" the first two dimensions are swapped (shape (n1, n0, ...))."""
    tensors = _tensors(tensors, "meshgrid")
    if indexing not in ("ij", "xy"):
        raise ValueError(f"meshgrid: indexing must be 'ij' or 'xy', got {indexing!r}")
    for n, t in enumerate(tensors):
        if t.ndim > 1:
            raise ValueError(f"meshgrid: expects 0-d or 1-D Tensors, argument {n} has shape {tuple(t.shape)}")
    sizes = [t.numel() for t in tensors]
    places = list(range(len(tensors)))
    if indexing == "xy" and len(tensors) >= 2:
        places[0], places[1] = 1, 0
        sizes[0], sizes[1] = sizes[1], sizes[0]
    grids = []
    for t, place in zip(tensors, places):
        shape = tuple(-1 if d == place else 1 for d in range(len(tensors)))
        grids.append(BroadcastTo.apply(Reshape.apply(t, shape=shape), shape=tuple(sizes)))
    return tuple(grids)


def cartesian_prod(*tensors):
    """All tuples of one element from each 1-D Tensor, as rows (in the order of nested loops,
    the last Tensor fastest); one Tensor is returned as it is."""
    tensors = _tensors(tensors, "cartesian_prod")
    if len(tensors) == 1:
        return tensors[0]
    return stack([g.reshape(-1) for g in meshgrid(*tensors, indexing="ij")], 1)


def combinations(input, r=2, with_replacement=False):
    """The r-element combinations of a 1-D Tensor's elements as rows, in itertools' order."""
    x = _tensor(input)
    if x.ndim != 1:
        raise ValueError(f"combinations: input must be 1-D, got shape {tuple(x.shape)}")
    if isinstance(r, bool) or not isinstance(r, numbers.Integral) or r < 0:
        raise ValueError(f"combinations: r must be a non-negative int, got {r!r}")
    if r == 0:
        return Tensor._make(np.empty((0,), dtype=x.dtype))
    choose = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    index = np.array(list(choose(range(x.shape[0]), r)), dtype=np.int64).reshape(-1, r)
    return GetItem.apply(x, index=index)


def block_diag(*tensors):
    """The matrices (0-d: 1 x 1, 1-D: one row) placed along the diagonal of one matrix,
    zeros elsewhere, in their common dtype."""
    tensors = _tensors(tensors, "block_diag")
    blocks = []
    for n, t in enumerate(tensors):
        if t.ndim > 2:
            raise ValueError(
                f"block_diag: argument {n} must have at most 2 dimensions, got shape {tuple(t.shape)}"
            )
        blocks.append(t.reshape((1,) * (2 - t.ndim) + tuple(t.shape)))
    dtype = np.result_type(*(t.dtype for t in blocks)) if blocks else np.dtype(np.float64)
    width = sum(b.shape[1] for b in blocks)
    rows, left = [], 0
    for b in blocks:
        right = width - left - b.shape[1]
        pieces = [
            Tensor._make(np.zeros((b.shape[0], left), dtype)),
            b.astype(dtype),
            Tensor._make(np.zeros((b.shape[0], right), dtype)),
        ]
        rows.append(Concatenate.apply(*pieces, axis=1))
        left += b.shape[1]
    if not rows:
        return Tensor._make(np.zeros((0, 0), dtype))
    return Concatenate.apply(*rows, axis=0)


def vander(x, N=None, increasing=False):
    """The Vandermonde matrix of a 1-D x: columns x^(N-1), ..., x, 1 (or increasing powers),
    N = len(x) by default; the powers are running products (exact gradients at 0)."""
    x = _tensor(x)
    if x.ndim != 1:
        raise ValueError(f"vander: x must be 1-D, got shape {tuple(x.shape)}")
    N = x.shape[0] if N is None else N
    if isinstance(N, bool) or not isinstance(N, numbers.Integral) or N < 0:
        raise ValueError(f"vander: N must be a non-negative int, got {N!r}")
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.int64)
    x = x.astype(dtype)
    if N == 0:
        return Tensor._make(np.zeros((x.shape[0], 0), dtype))
    ones = Tensor._make(np.ones((x.shape[0], 1), dtype))
    repeated = BroadcastTo.apply(x.reshape(-1, 1), shape=(x.shape[0], N - 1))
    powers = cumprod(Concatenate.apply(ones, repeated, axis=1), 1)
    return powers if increasing else flip(powers, 1)


def linalg_vander(x, *, N=None):
    """``torch.linalg.vander``: for x (..., n) the matrices (..., n, N) of increasing powers
    x^0, x^1, ..., x^(N-1) (N = n by default), running products as ``vander``'s."""
    x = _tensor(x)
    if x.ndim < 1:
        raise ValueError("linalg.vander: x must have at least one dimension, got a 0-d Tensor")
    N = x.shape[-1] if N is None else N
    if isinstance(N, bool) or not isinstance(N, numbers.Integral) or N <= 1:
        raise ValueError(f"linalg.vander: N must be an int greater than 1, got {N!r}")
    if x.dtype.kind not in "fiu":
        raise TypeError(f"linalg.vander: x must be floating-point or integer, got dtype {x.dtype}")
    ones = Tensor._make(np.ones(tuple(x.shape) + (1,), x.dtype))
    repeated = BroadcastTo.apply(x.unsqueeze(-1), shape=tuple(x.shape) + (N - 1,))
    return cumprod(Concatenate.apply(ones, repeated, axis=-1), -1)


def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    """A Tensor whose matrices in dims (dim1, dim2) carry input's last dimension on their
    diagonal ``offset``, zeros elsewhere (one dimension more than input)."""
    x = _tensor(input)
    if x.ndim == 0:
        raise ValueError("diag_embed: needs a Tensor with at least one dimension")
    offset, ndim = _offset(offset, "diag_embed"), x.ndim + 1
    dim1, dim2 = dim_index(dim1, ndim, "diag_embed"), dim_index(dim2, ndim, "diag_embed")
    if dim1 == dim2:
        raise ValueError(f"diag_embed: dim1 and dim2 must differ, both are {dim1}")
    size = x.shape[-1] + abs(offset)
    rows, cols = _diagonal_positions(size, size, offset)
    matrices = index_add(x, (Ellipsis, rows, cols), tuple(x.shape[:-1]) + (size, size))
    order, batch = [], iter(range(ndim - 2))
    for d in range(ndim):
        order.append(ndim - 2 if d == dim1 else ndim - 1 if d == dim2 else next(batch))
    return transpose(matrices, tuple(order))


def diagflat(input, offset=0):
    """The square matrix with input (flattened) on its diagonal ``offset``."""
    return diag(_tensor(input).reshape(-1), offset)


# The shape a Tensor with fewer dimensions takes, by the number wanted and the number it has.
_PADDED = {
    1: lambda s: s or (1,),
    2: lambda s: {0: (1, 1), 1: (1,) + s}.get(len(s), s),
    3: lambda s: {0: (1, 1, 1), 1: (1,) + s + (1,), 2: s + (1,)}.get(len(s), s),
}


def _at_least(tensors, ndim, op):
    several = len(tensors) != 1 or isinstance(tensors[0], (list, tuple))
    shaped = tuple(
        Reshape.apply(t, shape=_PADDED[ndim](tuple(t.shape))) if t.ndim < ndim else t
        for t in _tensors(tensors, op)
    )
    return shaped if several else shaped[0]


def atleast_1d(*tensors):
    """Each Tensor with at least 1 dimension (0-d becomes shape (1,)); several: a tuple."""
    return _at_least(tensors, 1, "atleast_1d")


def atleast_2d(*tensors):
    """At least 2 dimensions: 0-d (1, 1), 1-D (n,) becomes (1, n)."""
    return _at_least(tensors, 2, "atleast_2d")


def atleast_3d(*tensors):
    """At least 3 dimensions: 0-d (1, 1, 1), (n,) becomes (1, n, 1), (m, n) becomes (m, n, 1)."""
    return _at_least(tensors, 3, "atleast_3d")


def _triangle_indices(row, col, offset, dtype, op, np_indices):
    for name, value in (("row", row), ("col", col), ("offset", offset)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(f"{op}: {name} must be an int, got {value!r}")
    if row < 0 or col < 0:
        raise ValueError(f"{op}: row and col must be >= 0, got row={row}, col={col}")
    dtype = np.dtype(np.int64) if dtype is None else np.dtype(dtype)
    return Tensor._make(np.array(np_indices(row, offset, col), dtype=dtype).reshape(2, -1))


def tril_indices(row, col, offset=0, *, dtype=None, device=None, layout=None):
    """The (row, column) pairs of the lower triangle of a row x col matrix (j - i <= offset),
    as a 2 x N Tensor in row-major order."""
    return _triangle_indices(row, col, offset, dtype, "tril_indices", np.tril_indices)


def triu_indices(row, col, offset=0, *, dtype=None, device=None, layout=None):
    """The (row, column) pairs of the upper triangle (j - i >= offset), 2 x N, row-major."""
    return _triangle_indices(row, col, offset, dtype, "triu_indices", np.triu_indices)
