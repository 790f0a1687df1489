"""Inverses and solves of tensors seen as matrices (``torch.linalg.tensorinv``,
``tensorsolve``): the dims are split into rows and columns, the tensor reshaped to that
(square) matrix, inverted or solved by ``linalg.inv`` / ``linalg.solve``, and reshaped back."""

import math
import numbers

from ..tensor import Tensor, tensor
from .checks import dims_index
from .matrices import inv, solve


def tensorinv(A, ind=2):
    """The tensor X with tensordot(X, A, ind) = I, as ``torch.linalg.tensorinv``: A's first
    ``ind`` dims are the rows, the rest the columns; X has shape A.shape[ind:] + A.shape[:ind]."""
    A = A if isinstance(A, Tensor) else tensor(A)
    if isinstance(ind, bool) or not isinstance(ind, numbers.Integral) or ind <= 0:
        raise ValueError(f"linalg.tensorinv: ind must be a positive int, got {ind!r}")
    rows, cols = tuple(A.shape[:ind]), tuple(A.shape[ind:])
    if math.prod(rows) != math.prod(cols):
        raise ValueError(
            f"linalg.tensorinv: the product of A's first ind={ind} dims {rows} must equal that of "
            f"the others {cols} (shape {tuple(A.shape)})"
        )
    return inv(A.reshape(math.prod(rows), math.prod(cols))).reshape(cols + rows)


def tensorsolve(A, B, dims=None):
    """The X with tensordot(A, X, X.ndim) = B, as ``torch.linalg.tensorsolve``: X has shape
    A.shape[B.ndim:]; ``dims`` (of A) are first moved to the end."""
    A, B = (t if isinstance(t, Tensor) else tensor(t) for t in (A, B))
    if dims is not None:
        dims = dims_index(dims, A.ndim, "linalg.tensorsolve")
        A = A.permute(*[d for d in range(A.ndim) if d not in dims], *dims)
    shape = tuple(A.shape[B.ndim :])
    if math.prod(A.shape[: B.ndim]) != B.numel() or math.prod(shape) != B.numel():
        raise ValueError(
            f"linalg.tensorsolve: A of shape {tuple(A.shape)} does not fit B of shape {tuple(B.shape)}: "
            "the product of A's first B.ndim dims, and that of the others, must be B.numel()"
        )
    return solve(A.reshape(B.numel(), B.numel()), B.reshape(-1)).reshape(shape)
