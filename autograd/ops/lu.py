"""The LU decomposition with partial pivoting, A = P L U, and what is built on it
(``torch.linalg.lu_factor``, ``lu_factor_ex``, ``lu``, ``lu_solve``, ``torch.lu_unpack`` and the
older ``torch.lu``, ``torch.lu_solve``), batched over leading dims.

numpy has no LU, so ``getrf`` is written here: Gaussian elimination by columns, each step
vectorised over the batch. As LAPACK's getrf, step j takes as pivot the first row of largest
|value| in column j (on and below the diagonal), scales the column below it by the pivot's
reciprocal, and records a zero pivot in ``info`` (1-based, the first one) without dividing.
So the pivots (1-based int32, PyTorch's) are LAPACK's, and the factors equal PyTorch's to
rounding. ``L`` (unit lower, its ones not stored) and ``U`` are packed in one matrix ``LU``.
"""

import math

import numpy as np

from ..function import Function
from ..tensor import Tensor, tensor
from .lapack import LinAlgError, matrices, mT, return_types, square_matrices
from .triangular import solve_triangular


def getrf(a):
    """(LU, pivots, info) of an array of matrices (..., m, n), as LAPACK's getrf."""
    *batch, m, n = a.shape
    k = min(m, n)
    lu = np.array(a, dtype=a.dtype, copy=True).reshape((math.prod(batch), m, n))
    pivots = np.empty((lu.shape[0], k), np.int32)
    info = np.zeros(lu.shape[0], np.int32)
    matrices_ = np.arange(lu.shape[0])
    tiny = np.finfo(a.dtype).tiny
    with np.errstate(all="ignore"):
        for j in range(k):
            column = np.abs(lu[:, j:, j])
            row = j + np.argmax(np.where(np.isnan(column), -1, column), axis=1)  # NaN never wins
            pivots[:, j] = row + 1
            moved = matrices_[row != j]
            if moved.size:
                top = lu[moved, j].copy()
                lu[moved, j] = lu[moved, row[moved]]
                lu[moved, row[moved]] = top
            pivot = lu[:, j, j : j + 1]
            zero = pivot[:, 0] == 0
            info[(info == 0) & zero] = j + 1
            below = lu[:, j + 1 :, j]
            scaled = np.where(np.abs(pivot) >= tiny, below * (1 / pivot), below / pivot)
            lu[:, j + 1 :, j] = np.where(zero[:, None], below, scaled)
            lu[:, j + 1 :, j + 1 :] -= lu[:, j + 1 :, j, None] * lu[:, j, None, j + 1 :]
    return lu.reshape(a.shape), pivots.reshape(tuple(batch) + (k,)), info.reshape(tuple(batch))


def permutation(pivots, m):
    """The row order perm of A = P L U (P^T A = A[perm]) from LAPACK's 1-based pivots."""
    pivots = np.asarray(pivots, np.int64) - 1
    perm = np.broadcast_to(np.arange(m), pivots.shape[:-1] + (m,)).copy()
    count = math.prod(pivots.shape[:-1])
    flat, steps = perm.reshape((count, m)), pivots.reshape((count, pivots.shape[-1]))
    rows = np.arange(flat.shape[0])
    for i in range(steps.shape[-1]):
        other = flat[rows, steps[:, i]].copy()
        flat[rows, steps[:, i]] = flat[:, i]
        flat[:, i] = other
    return perm


def substitute(lu, perm, b, adjoint=False):
    """A^-1 b (adjoint: A^-T b) from A's packed LU and row order, on arrays (batch dims
    broadcast), by substitution as LAPACK's getrs does it: a zero on U's diagonal gives inf
    and NaN, as there, rather than an error."""
    batch = np.broadcast_shapes(lu.shape[:-2], b.shape[:-2])
    lu = np.broadcast_to(lu, batch + lu.shape[-2:])
    perm = np.broadcast_to(perm, batch + perm.shape[-1:])
    n = lu.shape[-1]
    with np.errstate(all="ignore"):
        if not adjoint:  # L y = P^T b, then U x = y, column by column
            x = _rows(b, perm).copy()
            for j in range(n):
                x[..., j + 1 :, :] -= lu[..., j + 1 :, j, None] * x[..., j, None, :]
            for j in reversed(range(n)):
                x[..., j, :] /= lu[..., j, j, None]
                x[..., :j, :] -= lu[..., :j, j, None] * x[..., j, None, :]
            return x
        x = np.broadcast_to(b, batch + b.shape[-2:]).copy()  # U^T y = b, L^T z = y, x = P z
        for i in range(n):
            x[..., i, :] -= np.einsum("...k,...kj->...j", lu[..., :i, i], x[..., :i, :])
            x[..., i, :] /= lu[..., i, i, None]
        for i in reversed(range(n)):
            x[..., i, :] -= np.einsum("...k,...kj->...j", lu[..., i + 1 :, i], x[..., i + 1 :, :])
        return _rows(x, np.argsort(perm, axis=-1))


def _permutation_matrix(perm, dtype):
    """P with P[perm[i], i] = 1, so that A = P (P^T A)."""
    m = perm.shape[-1]
    return np.moveaxis(np.eye(m, dtype=dtype)[perm], -1, -2)


def _rows(x, order):
    """x[..., order, :] for a batch of row orders (arrays or Tensors; batch dims broadcast)."""
    if isinstance(x, np.ndarray):
        batch = np.broadcast_shapes(x.shape[:-2], order.shape[:-1])
        x = np.broadcast_to(x, batch + x.shape[-2:])
        return np.take_along_axis(x, np.broadcast_to(order, batch + order.shape[-1:])[..., None], -2)
    from .indexing import take_along_dim

    index = order[..., None].reshape((1,) * (x.ndim - order.ndim - 1) + order.shape + (1,))
    x = x.reshape((1,) * (index.ndim - x.ndim) + tuple(x.shape))
    return take_along_dim(x, Tensor._make(index), dim=-2)


def _strict_lower(x):
    return x * np.tril(np.ones(x.shape[-2:], bool), -1)


def _upper(x):
    return x * np.triu(np.ones(x.shape[-2:], bool))


def _factors(lu):
    """(L, U) from a packed LU (arrays or Tensors): L m x k unit lower, U k x n upper."""
    m, n = lu.shape[-2:]
    k = min(m, n)
    return _strict_lower(lu[..., :k]) + np.eye(m, k, dtype=lu.dtype), _upper(lu[..., :k, :])


class LUFactor(Function):
    """A = P L U;  dA = P L^-T (tril_-1(L^T dL - dU2 U2^T) + triu(dU1 U1^T - L2^T dL2)) U1^-T,
    beside P L^-T dU2 (wide A = P L [U1 U2]) or below P dL2 U^-T (tall A = P [L1; L2] U)"""

    name = "lu_factor"

    @staticmethod
    def forward(ctx, a, factored):
        lu, perm = factored  # the factorisation getrf made of a
        ctx.perm = perm
        ctx.save_for_backward(lu)
        return lu

    @staticmethod
    def backward(ctx, grad):
        (lu,) = ctx.saved_tensors
        m, n = lu.shape[-2:]
        k = min(m, n)
        low, up = _factors(lu)
        grad_low, grad_up = _strict_lower(grad[..., :k]), _upper(grad[..., :k, :])
        l1, u1 = low[..., :k, :], up[..., :k]
        inner_low = mT(l1) @ grad_low[..., :k, :]
        inner_up = grad_up[..., :k] @ mT(u1)
        if n > k:  # wide: U = [U1 U2]
            inner_low = inner_low - grad_up[..., k:] @ mT(up[..., k:])
        if m > k:  # tall: L = [L1; L2]
            inner_up = inner_up - mT(low[..., k:, :]) @ grad_low[..., k:, :]
        inner = _strict_lower(inner_low) + _upper(inner_up)
        left = solve_triangular(mT(l1), inner, upper=True)  # L1^-T (...)
        out = mT(solve_triangular(u1, mT(left), upper=True))  # (...) U1^-T
        if n > k:
            out = _concatenate(out, solve_triangular(mT(l1), grad_up[..., k:], upper=True), -1)
        if m > k:
            out = _concatenate(out, mT(solve_triangular(u1, mT(grad_low[..., k:, :]), upper=True)), -2)
        return _rows(out, np.argsort(ctx.perm, axis=-1))


def _concatenate(x, y, axis):
    if isinstance(x, np.ndarray) and isinstance(y, np.ndarray):
        return np.concatenate(np.broadcast_arrays(x, y) if x.ndim != y.ndim else (x, y), axis=axis)
    from .shape import concatenate

    return concatenate([x, y], axis=axis)


def _pivoting(pivot, op):
    if not pivot:
        raise RuntimeError(f"{op}: LU without pivoting is not implemented on the CPU")


def lu_factor_ex(A, *, pivot=True, check_errors=False):
    """(LU, pivots, info) of A = P L U, as ``torch.linalg.lu_factor_ex``: info is 0, or the
    1-based index of the first zero on U's diagonal (the factorisation is still complete).
    With check_errors such a zero raises, as in ``lu_factor``."""
    A = matrices(A, "linalg.lu_factor_ex")
    _pivoting(pivot, "linalg.lu_factor_ex")
    lu, pivots, info = getrf(A._data)
    if check_errors:
        _check_singular(info, "torch.linalg.lu_factor_ex")
    LU = LUFactor.apply(A, factored=(lu, permutation(pivots, A.shape[-2])))
    return return_types.linalg_lu_factor_ex(LU, Tensor._make(pivots), Tensor._make(info))


def _check_singular(info, op):
    """PyTorch's error for a zero on U's diagonal, naming the batch element when batched."""
    bad = np.flatnonzero(info.reshape(-1))
    if bad.size:
        first = int(bad[0])
        where = f"(Batch element {first}): " if info.ndim else ""
        j = int(info.reshape(-1)[first])
        raise LinAlgError(  # a RuntimeError, as PyTorch's
            f"{op}: {where}U[{j},{j}] is zero and using it on lu_solve would result in a division "
            "by zero. If you still want to perform the factorization, consider calling "
            "linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)"
        )


def lu_factor(A, *, pivot=True):
    """(LU, pivots) of A = P L U, as ``torch.linalg.lu_factor``: L (unit lower, ones not
    stored) and U packed in LU, pivots 1-based int32 (row i was swapped with row pivots[i]-1).
    A singular matrix (a zero on U's diagonal) raises RuntimeError, as PyTorch."""
    A = matrices(A, "linalg.lu_factor")
    _pivoting(pivot, "linalg.lu_factor")
    LU, pivots, info = lu_factor_ex(A)
    _check_singular(info._data, "torch.linalg.lu_factor")
    return return_types.linalg_lu_factor(LU, pivots)


def _unpack(LU, pivots, unpack_data, unpack_pivots, name):
    m = LU.shape[-2]
    empty = Tensor._make(np.zeros((0,), LU.dtype))
    low, up = _factors(LU) if unpack_data else (empty, empty)
    P = empty
    if unpack_pivots:
        P = Tensor._make(_permutation_matrix(permutation(np.asarray(pivots._data), m), LU.dtype))
    return getattr(return_types, name)(P, low, up)


def lu_unpack(LU_data, LU_pivots, unpack_data=True, unpack_pivots=True):
    """(P, L, U) from ``lu_factor``'s (LU, pivots), as ``torch.lu_unpack``; L and U are
    differentiable in LU. Left out (empty Tensors): L and U without unpack_data, P without
    unpack_pivots."""
    LU = matrices(LU_data, "lu_unpack", "LU_data")
    pivots = _pivots_of(LU_pivots, LU, "lu_unpack")
    return _unpack(LU, pivots, unpack_data, unpack_pivots, "lu_unpack")


def linalg_lu(A, *, pivot=True):
    """(P, L, U) with A = P L U, as ``torch.linalg.lu``: P a permutation matrix, L (m x k)
    unit lower triangular, U (k x n) upper triangular, k = min(m, n). Differentiable in L, U."""
    A = matrices(A, "linalg.lu")
    _pivoting(pivot, "linalg.lu")
    LU, pivots, _ = lu_factor_ex(A)
    return _unpack(LU, pivots, True, True, "linalg_lu")


def _pivots_of(pivots, LU, op):
    pivots = pivots if isinstance(pivots, Tensor) else tensor(pivots)
    k = min(LU.shape[-2:])
    if pivots.dtype != np.int32:
        raise TypeError(f"{op}: pivots must be int32 (as lu_factor gives), got dtype {pivots.dtype}")
    if tuple(pivots.shape) != tuple(LU.shape[:-2]) + (k,):
        raise ValueError(
            f"{op}: pivots of shape {tuple(pivots.shape)} do not fit LU of shape {tuple(LU.shape)} "
            f"(expected {tuple(LU.shape[:-2]) + (k,)})"
        )
    if pivots.numel() and not (
        bool((pivots._data >= 1).all()) and bool((pivots._data <= LU.shape[-2]).all())
    ):
        raise ValueError(f"{op}: pivots must lie in 1..{LU.shape[-2]}")
    return pivots


def linalg_lu_solve(LU, pivots, B, *, left=True, adjoint=False):
    """X with A X = B (left=False: X A = B; adjoint: A^T in place of A) for A = P L U given as
    ``lu_factor``'s (LU, pivots), as ``torch.linalg.lu_solve``; batch dims broadcast.
    Differentiable in LU and B."""
    LU = square_matrices(LU, "linalg.lu_solve", "LU")
    pivots = _pivots_of(pivots, LU, "linalg.lu_solve")
    B = matrices(B, "linalg.lu_solve", "B")
    n = LU.shape[-1]
    if B.shape[-2 if left else -1] != n:
        raise ValueError(
            f"linalg.lu_solve: B of shape {tuple(B.shape)} does not fit LU of shape {tuple(LU.shape)} "
            f"for the equation {'AX' if left else 'XA'} = B"
        )
    if B.dtype != LU.dtype:
        raise TypeError(f"linalg.lu_solve: LU and B must have the same dtype, got {LU.dtype} and {B.dtype}")
    try:
        np.broadcast_shapes(tuple(LU.shape[:-2]), tuple(B.shape[:-2]))
    except ValueError:
        raise ValueError(
            f"linalg.lu_solve: the batch dims of LU {tuple(LU.shape)} and B {tuple(B.shape)} "
            "cannot be broadcast together"
        ) from None
    perm = permutation(pivots._data, n)
    low, up = _factors(LU)
    rhs = B if left else mT(B)
    if left != adjoint:  # A X = B: X = U^-1 L^-1 P^T B
        x = solve_triangular(up, solve_triangular(low, _rows(rhs, perm), upper=False), upper=True)
    else:  # A^T X = B: X = P L^-T U^-T B
        x = solve_triangular(mT(low), solve_triangular(mT(up), rhs, upper=False), upper=True)
        x = _rows(x, np.argsort(perm, axis=-1))
    return x if left else mT(x)


# ---- PyTorch's older top-level spellings --------------------------------------------------


def lu(A, pivot=True, get_infos=False):
    """``torch.lu``: (LU, pivots), with get_infos (LU, pivots, infos); never raises for a
    singular matrix."""
    LU, pivots, info = lu_factor_ex(A, pivot=pivot)
    return return_types._lu_with_info(LU, pivots, info) if get_infos else (LU, pivots)


def lu_solve(b, LU_data, LU_pivots):
    """``torch.lu_solve(b, LU_data, LU_pivots)``: ``linalg.lu_solve(LU_data, LU_pivots, b)``."""
    return linalg_lu_solve(LU_data, LU_pivots, b)
