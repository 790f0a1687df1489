"""Coordinates of positions: argwhere (of the non-zero elements) and unravel_index (of flat
indices). Integer results, no gradient."""

import numbers

import numpy as np

from ..tensor import Tensor
from .comparison import nonzero


def argwhere(input):
    """The coordinates of the non-zero elements, one row each: an int64 (count, ndim) Tensor."""
    return nonzero(input)


def unravel_index(indices, shape):
    """The coordinates in a Tensor of ``shape`` of each flat (row-major) index: a tuple of
    int64 Tensors of indices' shape, one per dimension. As in PyTorch, indices are taken
    modulo each dimension's size (a negative index counts from the end)."""
    if not isinstance(indices, Tensor):
        raise TypeError(f"unravel_index(): expected 'indices' to be a Tensor, got {type(indices).__name__}")
    if indices.dtype.kind not in "iu":
        raise TypeError(f"unravel_index(): expected 'indices' to be integer dtype, but got {indices.dtype}")
    sizes = (shape,) if isinstance(shape, numbers.Integral) else tuple(shape)
    for n in sizes:
        if isinstance(n, bool) or not isinstance(n, numbers.Integral):
            raise TypeError(f"unravel_index(): expected 'shape' to contain only ints, got {type(n).__name__}")
    if any(n < 0 for n in sizes):
        raise ValueError(f"unravel_index(): 'shape' cannot have negative values, but got {sizes}")
    if 0 in sizes and indices.numel():
        raise ValueError(f"unravel_index(): a shape {sizes} with a zero size holds no index")
    flat, coordinates = indices._data.astype(np.int64), []
    for n in reversed(sizes):
        coordinates.append(Tensor._make(np.mod(flat, n) if n else flat * 0))
        flat = np.floor_divide(flat, n) if n else flat
    return tuple(reversed(coordinates))
