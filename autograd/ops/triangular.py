"""Triangular linear algebra: the Cholesky factor and triangular solves, what the
multivariate normal needs (``torch.linalg.cholesky``, ``torch.linalg.solve_triangular``).

Both derivatives are written with the same two functions, so they work on arrays and on
Tensors alike and second derivatives come for free (see ``autograd.function``).
"""

import numpy as np

from ..function import Function
from ..tensor import Tensor, tensor
from .lapack import LinAlgError
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
    """X with A X = B (A triangular, batches broadcast), as ``torch.linalg.solve_triangular``;
    only the triangle ``upper`` (or the lower one) of A is read."""
    if not isinstance(A, Tensor) and not isinstance(B, Tensor):  # inside a backward on arrays
        return np.linalg.solve(np.triu(A) if upper else np.tril(A), B)
    A, B = (t if isinstance(t, Tensor) else tensor(t) for t in (A, B))
    if not left or unitriangular:
        raise NotImplementedError("solve_triangular: only left=True, unitriangular=False are available")
    if A.ndim < 2 or A.shape[-1] != A.shape[-2] or B.ndim < 2 or B.shape[-2] != A.shape[-1]:
        raise ValueError(
            f"solve_triangular: A must be square (..., n, n) and B (..., n, k), got shapes "
            f"{tuple(A.shape)} and {tuple(B.shape)}"
        )
    triangle = A.triu() if upper else A.tril()
    return SolveTriangular.apply(triangle, B, upper)


class Cholesky(Function):
    """A = L L^T, L lower;  dA = sym(L^-T Phi(L^T dL) L^-1), Phi = lower triangle, diagonal halved"""

    @staticmethod
    def forward(ctx, a):
        try:
            out = np.linalg.cholesky(a)
        except np.linalg.LinAlgError:
            raise LinAlgError(
                f"cholesky: the input of shape {tuple(a.shape)} is not positive-definite"
            ) from None
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (low,) = ctx.saved_tensors
        n = low.shape[-1]
        phi = _lower(_mT(low) @ _lower(grad)) * (1 - 0.5 * np.eye(n))
        inner = solve_triangular(_mT(low), _mT(solve_triangular(_mT(low), phi, upper=True)), upper=True)
        return 0.5 * (inner + _mT(inner))


def cholesky(A, *, upper=False):
    """The lower factor L of a symmetric positive-definite A = L L^T (batches allowed), as
    ``torch.linalg.cholesky``; only A's lower triangle is read."""
    A = A if isinstance(A, Tensor) else tensor(A)
    if A.ndim < 2 or A.shape[-1] != A.shape[-2]:
        raise ValueError(f"cholesky: A must be square matrices (..., n, n), got shape {tuple(A.shape)}")
    if A.dtype.kind != "f":
        raise TypeError(f"cholesky: A must be floating-point, got dtype {A.dtype}")
    low = Cholesky.apply(A)
    return _mT(low) if upper else low
