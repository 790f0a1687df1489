"""The LDL^T factorisation of symmetric matrices with Bunch-Kaufman pivoting (``torch.linalg.
ldl_factor``, ``ldl_factor_ex``, ``ldl_solve``): P A P^T = L D L^T, L unit lower triangular,
D block diagonal with 1 x 1 and 2 x 2 blocks, packed in one matrix LD as LAPACK's sytrf does.

numpy has none, so LAPACK's unblocked sytf2 (lower triangle) is written here, one matrix at a
time: at step k, with colmax the largest |A[i, k]| below the diagonal (row imax) and rowmax the
largest off-diagonal |value| in row / column imax, a 1 x 1 pivot is kept if |A[k, k]| >= alpha
colmax or |A[k, k]| colmax >= alpha colmax^2 / rowmax; else A[imax, imax] is taken as a 1 x 1
pivot if |A[imax, imax]| >= alpha rowmax; else rows k+1 and imax make a 2 x 2 pivot; alpha =
(1 + sqrt 17) / 8. pivots follow LAPACK (1-based int32; a 2 x 2 block stores -imax twice), so
they equal PyTorch's, which calls sytrf (unblocked below 64 rows: larger matrices may pivot
otherwise). As in PyTorch, neither function has a derivative.
"""

import math

import numpy as np

from ..function import Function
from ..tensor import Tensor, tensor
from .lapack import LinAlgError, matrices, return_types, square_matrices

_ALPHA = (1 + math.sqrt(17)) / 8


def _swap_symmetric(a, k, kk, kp, two):
    """Interchange rows and columns kk and kp (> kk) of the trailing lower triangle a[k:, k:]."""
    a[kp + 1 :, [kk, kp]] = a[kp + 1 :, [kp, kk]]
    between = a[kk + 1 : kp, kk].copy()
    a[kk + 1 : kp, kk] = a[kp, kk + 1 : kp]
    a[kp, kk + 1 : kp] = between
    a[kk, kk], a[kp, kp] = a[kp, kp], a[kk, kk]
    if two:
        a[k + 1, k], a[kp, k] = a[kp, k], a[k + 1, k]


def sytf2(a):
    """(LD, pivots, info) of one symmetric matrix (its lower triangle read), as LAPACK's sytf2."""
    a = np.tril(a).astype(a.dtype, copy=True)
    n = a.shape[0]
    pivots = np.zeros(n, np.int32)
    info, k = 0, 0
    while k < n:
        step, absakk = 1, abs(a[k, k])
        imax = k + 1 + int(np.argmax(np.abs(a[k + 1 :, k]))) if k < n - 1 else k
        colmax = abs(a[imax, k]) if k < n - 1 else 0.0
        if max(absakk, colmax) == 0 or np.isnan(absakk):
            info = info or k + 1
            kp = k
        elif absakk >= _ALPHA * colmax:
            kp = k
        else:
            row = np.abs(np.concatenate([a[imax, k:imax], a[imax + 1 :, imax]]))
            rowmax = row.max()
            if absakk >= _ALPHA * colmax * (colmax / rowmax):
                kp = k
            elif abs(a[imax, imax]) >= _ALPHA * rowmax:
                kp = imax
            else:
                kp, step = imax, 2
        kk = k + step - 1
        if kp != kk:
            _swap_symmetric(a, k, kk, kp, step == 2)
        if max(absakk, colmax) != 0 and not np.isnan(absakk):
            _eliminate(a, k, step)
        pivots[k : k + step] = kp + 1 if step == 1 else -(kp + 1)
        k += step
    return a, pivots, info


def _eliminate(a, k, step):
    """The rank-one (1 x 1 pivot) or rank-two (2 x 2 pivot) update of the trailing matrix."""
    with np.errstate(all="ignore"):
        if step == 1:
            x, reciprocal = a[k + 1 :, k].copy(), 1 / a[k, k]
            a[k + 1 :, k + 1 :] -= np.tril(np.outer(x, reciprocal * x))
            a[k + 1 :, k] = reciprocal * x
            return
        if k + 2 >= a.shape[0]:
            return
        d21 = a[k + 1, k]
        d11, d22 = a[k + 1, k + 1] / d21, a[k, k] / d21
        d21 = (1 / (d11 * d22 - 1)) / d21
        first, second = a[k + 2 :, k].copy(), a[k + 2 :, k + 1].copy()
        wk = d21 * (d11 * first - second)
        wkp1 = d21 * (d22 * second - first)
        a[k + 2 :, k + 2 :] -= np.tril(np.outer(first, wk))
        a[k + 2 :, k + 2 :] -= np.tril(np.outer(second, wkp1))
        a[k + 2 :, k], a[k + 2 :, k + 1] = wk, wkp1


def sytrs(ld, pivots, b):
    """A^-1 b for one matrix from sytf2's (LD, pivots), as LAPACK's sytrs (lower)."""
    x = b.astype(np.result_type(ld.dtype, b.dtype), copy=True)
    n = ld.shape[0]
    k = 0
    with np.errstate(all="ignore"):
        while k < n:  # L D y = P b
            if pivots[k] > 0:
                kp = pivots[k] - 1
                x[[k, kp]] = x[[kp, k]]
                x[k + 1 :] -= np.outer(ld[k + 1 :, k], x[k])
                x[k] /= ld[k, k]
                k += 1
                continue
            kp = -pivots[k] - 1
            x[[k + 1, kp]] = x[[kp, k + 1]]
            x[k + 2 :] -= np.outer(ld[k + 2 :, k], x[k]) + np.outer(ld[k + 2 :, k + 1], x[k + 1])
            akm1k = ld[k + 1, k]
            akm1, ak = ld[k, k] / akm1k, ld[k + 1, k + 1] / akm1k
            denom = akm1 * ak - 1
            bkm1, bk = x[k] / akm1k, x[k + 1] / akm1k
            x[k], x[k + 1] = (ak * bkm1 - bk) / denom, (akm1 * bk - bkm1) / denom
            k += 2
        k = n - 1
        while k >= 0:  # L^T P^T x = y
            if pivots[k] > 0:
                x[k] -= ld[k + 1 :, k] @ x[k + 1 :]
                kp = pivots[k] - 1
                x[[k, kp]] = x[[kp, k]]
                k -= 1
                continue
            x[k] -= ld[k + 1 :, k] @ x[k + 1 :]
            x[k - 1] -= ld[k + 1 :, k - 1] @ x[k + 1 :]
            kp = -pivots[k] - 1
            x[[k, kp]] = x[[kp, k]]
            k -= 2
    return x


class _NoDerivative(Function):
    """The identity on values whose derivative PyTorch does not implement either."""

    @staticmethod
    def forward(ctx, a, value, op):
        ctx.op = op
        return value

    @staticmethod
    def backward(ctx, grad):
        raise RuntimeError(f"derivative for {ctx.op} is not implemented")


def _batched(function, empty, *arrays):
    """function on each matrix of a batch (the leading dims of the first array), stacked;
    ``empty(batch)`` gives the results of an empty batch."""
    batch = arrays[0].shape[:-2]
    if not math.prod(batch):
        return empty(batch)
    results = [function(*(a[index] for a in arrays)) for index in np.ndindex(batch)]
    return [np.stack(r).reshape(batch + r[0].shape) if batch else r[0] for r in zip(*results)]


def _hermitian(hermitian, op):
    if not isinstance(hermitian, bool):
        raise TypeError(f"{op}: hermitian must be a bool, got {hermitian!r}")


def ldl_factor_ex(A, *, hermitian=False, check_errors=False):
    """(LD, pivots, info) as ``torch.linalg.ldl_factor_ex``; for real matrices hermitian is the
    same as symmetric. info > 0: D[info-1, info-1] is exactly zero (D singular)."""
    _hermitian(hermitian, "linalg.ldl_factor_ex")
    A = square_matrices(A, "linalg.ldl_factor_ex")
    n = A.shape[-1]

    def empty(batch):
        return [
            np.zeros(batch + (n, n), A.dtype),
            np.zeros(batch + (n,), np.int32),
            np.zeros(batch, np.int32),
        ]

    ld, pivots, info = _batched(lambda a: [np.asarray(x) for x in sytf2(a)], empty, A._data)
    info = info.astype(np.int32)
    if check_errors and info.any():
        raise LinAlgError(f"linalg.ldl_factor_ex: the factor D is exactly singular (info {int(info.max())})")
    LD = _NoDerivative.apply(A, value=ld, op="linalg.ldl_factor_ex")
    return return_types.linalg_ldl_factor_ex(LD, Tensor._make(pivots), Tensor._make(info))


def ldl_factor(A, *, hermitian=False):
    """(LD, pivots) of P A P^T = L D L^T (Bunch-Kaufman), as ``torch.linalg.ldl_factor``: L
    (unit lower, ones not stored) and D's blocks packed in LD's lower triangle; pivots as
    LAPACK's sytrf (1-based, a 2 x 2 block marked by two equal negative entries). An exactly
    singular D raises LinAlgError (PyTorch 2.13 raises an internal assertion there)."""
    LD, pivots, info = ldl_factor_ex(A, hermitian=hermitian)
    if info._data.any():
        raise LinAlgError(
            f"linalg.ldl_factor: the factor D is exactly singular (info {int(info._data.max())})"
        )
    return return_types.linalg_ldl_factor(LD, pivots)


def _paired(pivots):
    """Whether each run of negative pivots is made of equal pairs (the 2 x 2 blocks)."""
    for row in pivots.reshape((math.prod(pivots.shape[:-1]), pivots.shape[-1])):
        k = 0
        while k < row.size:
            if row[k] < 0 and (k + 1 == row.size or row[k + 1] != row[k]):
                return False
            k += 2 if row[k] < 0 else 1
    return True


def ldl_solve(LD, pivots, B, *, hermitian=False):
    """X with A X = B from ``ldl_factor``'s (LD, pivots), as ``torch.linalg.ldl_solve``."""
    _hermitian(hermitian, "linalg.ldl_solve")
    LD = square_matrices(LD, "linalg.ldl_solve", "LD")
    B = matrices(B, "linalg.ldl_solve", "B")
    pivots = pivots if isinstance(pivots, Tensor) else tensor(pivots)
    n = LD.shape[-1]
    if pivots.dtype != np.int32 or tuple(pivots.shape) != tuple(LD.shape[:-1]):
        raise ValueError(
            f"linalg.ldl_solve: pivots must be int32 of shape {tuple(LD.shape[:-1])}, got "
            f"{pivots.dtype} of shape {tuple(pivots.shape)}"
        )
    if (
        not (np.abs(pivots._data) >= 1).all()
        or not (np.abs(pivots._data) <= n).all()
        or not _paired(pivots._data)
    ):
        raise ValueError(
            f"linalg.ldl_solve: pivots must lie in 1..{n} or -{n}..-1, negative ones in equal pairs (as ldl_factor gives)"
        )
    if B.shape[-2] != n or B.dtype != LD.dtype:
        raise ValueError(
            f"linalg.ldl_solve: B of shape {tuple(B.shape)} and dtype {B.dtype} does not fit LD of "
            f"shape {tuple(LD.shape)} and dtype {LD.dtype}"
        )
    batch = np.broadcast_shapes(tuple(LD.shape[:-2]), tuple(B.shape[:-2]))
    ld = np.broadcast_to(LD._data, batch + (n, n))
    piv = np.broadcast_to(pivots._data, batch + (n,))
    b = np.broadcast_to(B._data, batch + tuple(B.shape[-2:]))
    (x,) = _batched(lambda m, p, c: [sytrs(m, p, c)], lambda batch: [np.zeros(b.shape, b.dtype)], ld, piv, b)
    return _NoDerivative.apply(B, value=x, op="linalg.ldl_solve")
