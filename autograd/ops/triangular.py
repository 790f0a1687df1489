"""Triangular linear algebra: the Cholesky factor and triangular solves, what the
multivariate normal needs (``torch.linalg.cholesky``, ``torch.linalg.solve_triangular``).

Both derivatives are written with the same two functions, so they work on arrays and on
Tensors alike and second derivatives come for free (see ``autograd.function``).
"""

import numpy as np

from ..function import Function
from ..tensor import Tensor, tensor
from .lapack import LinAlgError, return_types
from .shape import broadcasting


def _lower(x):
    """The lower triangle of the last two dims (the gradient of a triangular factor lives there)."""
    return x * np.tril(np.ones(x.shape[-2:], dtype=bool))


def _mT(x):
    return x.swapaxes(-1, -2)


class SolveTriangular(Function):
    """X = A^-1 B for a triangular A (``upper`` or lower);  dB = A^-T dX,  dA = -dB X^T (its triangle)"""

    @staticmethod
    def forward(ctx, a, b, upper):
        ctx.upper = upper
        out = broadcasting(np.linalg.solve, a, b, name="solve_triangular")
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        grad_b = solve_triangular(_mT(a), grad, upper=not ctx.upper)
        grad_a = -(grad_b @ _mT(out))
        return (_mT(_lower(_mT(grad_a))) if ctx.upper else _lower(grad_a)), grad_b, None


def solve_triangular(A, B, *, upper, left=True, unitriangular=False):
    """X with A X = B (left=False: X A = B) for a triangular A, batches broadcast, as
    ``torch.linalg.solve_triangular``; only the triangle ``upper`` (or the lower one) of A is
    read, without its diagonal (taken as ones) when unitriangular."""
    if not isinstance(A, Tensor) and not isinstance(B, Tensor):  # inside a backward on arrays
        triangle = np.triu(A, int(unitriangular)) if upper else np.tril(A, -int(unitriangular))
        if unitriangular:
            triangle = triangle + np.eye(A.shape[-1], dtype=A.dtype)
        return np.linalg.solve(triangle, B) if left else _mT(np.linalg.solve(_mT(triangle), _mT(B)))
    A, B = (t if isinstance(t, Tensor) else tensor(t) for t in (A, B))
    if A.ndim < 2 or A.shape[-1] != A.shape[-2] or B.ndim < 2 or B.shape[-2 if left else -1] != A.shape[-1]:
        expected = "(..., n, k)" if left else "(..., k, n)"
        raise ValueError(
            f"solve_triangular: A must be square (..., n, n) and B {expected}, got shapes "
            f"{tuple(A.shape)} and {tuple(B.shape)}"
        )
    triangle = A.triu(int(unitriangular)) if upper else A.tril(-int(unitriangular))
    if unitriangular:
        triangle = triangle + np.eye(A.shape[-1], dtype=A.dtype)
    if not left:  # X A = B: A^T X^T = B^T
        return _mT(SolveTriangular.apply(_mT(triangle), _mT(B), not upper))
    return SolveTriangular.apply(triangle, B, upper)


def cholesky_info(a):
    """(L, info) for an array of symmetric matrices (lower triangles read), as LAPACK's potrf:
    info is 0, or the order of the first leading minor that is not positive-definite; there
    the factorisation stops (left-looking, column by column), L[j, j] keeping the failed
    pivot and the columns after it A's own."""
    n = a.shape[-1]
    try:
        with np.errstate(all="ignore"):
            return np.linalg.cholesky(a), np.zeros(a.shape[:-2], np.int32)
    except np.linalg.LinAlgError:
        pass
    low = np.tril(a).reshape((-1, n, n)).copy()
    info = np.zeros(low.shape[0], np.int32)
    with np.errstate(all="ignore"):
        for j in range(n):
            pivot = low[:, j, j] - np.einsum("bk,bk->b", low[:, j, :j], low[:, j, :j])
            failed = (info == 0) & ~(pivot > 0)
            info[failed] = j + 1
            low[failed, j, j] = pivot[failed]
            ok = np.flatnonzero(info == 0)
            root = np.sqrt(pivot[ok])
            low[ok, j, j] = root
            below = low[ok, j + 1 :, j] - np.einsum("bik,bk->bi", low[ok, j + 1 :, :j], low[ok, j, :j])
            low[ok, j + 1 :, j] = below / root[:, None]
    good = info == 0
    if good.any():  # the same numbers as the batch without failures would get
        low[good] = np.linalg.cholesky(a.reshape((-1, n, n))[good])
    return low.reshape(a.shape), info.reshape(a.shape[:-2])


def not_positive_definite(info, op):
    """PyTorch's error for info > 0 of a Cholesky factorisation (the first such matrix)."""
    bad = np.flatnonzero(info.reshape(-1))
    if bad.size:
        first = int(bad[0])
        where = f"(Batch element {first}): " if info.ndim else ""
        raise LinAlgError(
            f"{op}: {where}The factorization could not be completed because the input is not "
            f"positive-definite (the leading minor of order {int(info.reshape(-1)[first])} is not "
            "positive-definite)."
        )


class Cholesky(Function):
    """A = L L^T, L lower;  dA = sym(L^-T Phi(L^T dL) L^-1), Phi = lower triangle, diagonal halved"""

    @staticmethod
    def forward(ctx, a, factored):
        ctx.save_for_backward(factored)  # the factor L that cholesky_info made of a
        return factored

    @staticmethod
    def backward(ctx, grad):
        (low,) = ctx.saved_tensors
        n = low.shape[-1]
        phi = _lower(_mT(low) @ _lower(grad)) * (1 - 0.5 * np.eye(n))
        inner = solve_triangular(_mT(low), _mT(solve_triangular(_mT(low), phi, upper=True)), upper=True)
        return 0.5 * (inner + _mT(inner))


def _square(A, op):
    A = A if isinstance(A, Tensor) else tensor(A)
    if A.ndim < 2 or A.shape[-1] != A.shape[-2]:
        raise ValueError(f"{op}: A must be square matrices (..., n, n), got shape {tuple(A.shape)}")
    if A.dtype.kind != "f":
        raise TypeError(f"{op}: A must be floating-point, got dtype {A.dtype}")
    return A


def cholesky_ex(A, *, upper=False, check_errors=False):
    """(L, info) as ``torch.linalg.cholesky_ex``: info is 0, or the order of the first leading
    minor that is not positive-definite (then L is what the factorisation reached); with
    check_errors such a matrix raises LinAlgError."""
    A = _square(A, "linalg.cholesky_ex")
    factored, info = cholesky_info(A._data)
    if check_errors:
        not_positive_definite(info, "linalg.cholesky_ex")
    low = Cholesky.apply(A, factored=factored)
    return return_types.linalg_cholesky_ex(_mT(low) if upper else low, Tensor._make(info))


def cholesky(A, *, upper=False):
    """The lower factor L of a symmetric positive-definite A = L L^T (batches allowed), as
    ``torch.linalg.cholesky``; only A's lower triangle is read."""
    A = _square(A, "linalg.cholesky")
    factored, info = cholesky_info(A._data)
    not_positive_definite(info, "linalg.cholesky")
    low = Cholesky.apply(A, factored=factored)
    return _mT(low) if upper else low


# ---- PyTorch's older top-level spellings --------------------------------------------------


def cholesky_deprecated(input, upper=False):
    """``torch.cholesky``: ``linalg.cholesky(input, upper=upper)``."""
    return cholesky(input, upper=upper)


def triangular_solve(b, A, upper=True, transpose=False, unitriangular=False):
    """``torch.triangular_solve``: (X, a copy of A) with A X = b (A^T X = b with transpose)."""
    A = A if isinstance(A, Tensor) else tensor(A)
    coefficient = _mT(A) if transpose else A
    solution = solve_triangular(coefficient, b, upper=upper != bool(transpose), unitriangular=unitriangular)
    return return_types.triangular_solve(solution, A.clone())
