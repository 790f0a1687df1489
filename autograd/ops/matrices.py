"""Functions of square and rectangular matrices: determinants, inverses, solves, the
pseudo-inverse, least squares, ranks, powers and norms (``torch.linalg`` and PyTorch's
top-level spellings of them), batched over leading dims that broadcast.

Six ops have derivatives of their own (``Det``, ``LogAbsDet``, ``Inv``, ``Solve``,
``Pinv``, ``CholeskySolve``); the rest are written with them, with the decompositions of
``decompositions.py`` and with matmul. Each backward uses the lower-case functions here,
which take numpy arrays (the fast path) or Tensors (under ``create_graph``, so second
derivatives are right), see ``autograd.function``.
"""

import math
import numbers

import numpy as np

from ..function import Function
from ..tensor import Tensor, tensor
from .checks import dims_index
from .decompositions import reduced_svd, svdvals
from .elementwise import where
from .lapack import lapack, matrices, mT, return_types, row, square_matrices
from .reduction import amax, amin, vector_norm

_SINGULAR = "the input matrix is singular"


def _matrix_of(x):
    """A batch of scalars (...) as (..., 1, 1), to scale whole matrices."""
    return x.reshape(tuple(x.shape) + (1, 1))


# ---- determinants -------------------------------------------------------------------------


class Det(Function):
    """d = det(A);  dA = dd d A^-T  (for a singular A: the cofactors, from the SVD)"""

    @staticmethod
    def forward(ctx, a):
        out = lapack(np.linalg.det, a, op="linalg.det", failure="failed")
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        if not bool((out == 0).any()):
            return _matrix_of(grad * out) * mT(inv(a))
        # Some matrix is singular: its cofactor matrix is U diag(prod_{j != i} S_j) Vh det(U Vh).
        u, s, vh = reduced_svd(a)
        eye = np.eye(s.shape[-1])
        others = (row(s) * (1 - eye) + eye).prod(-1)
        return _matrix_of(grad * det(u) * det(vh)) * ((u * row(others)) @ vh)


def det(A):
    """The determinant of square matrices (batches allowed), as ``torch.linalg.det``."""
    if isinstance(A, np.ndarray):  # inside a backward on arrays
        return lapack(np.linalg.det, A, op="linalg.det", failure="failed")
    return Det.apply(square_matrices(A, "linalg.det"))


class LogAbsDet(Function):
    """y = log|det A|;  dA = dy A^-T"""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return lapack(np.linalg.slogdet, a, op="linalg.slogdet", failure="failed")[1]

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return _matrix_of(grad) * mT(inv(a))


def linalg_slogdet(A):
    """(sign, logabsdet): det A = sign * exp(logabsdet), as ``torch.linalg.slogdet``; the
    sign is 0 and logabsdet -inf for a singular matrix. Only logabsdet has a gradient."""
    A = square_matrices(A, "linalg.slogdet")
    sign = lapack(np.linalg.slogdet, A._data, op="linalg.slogdet", failure="failed")[0]
    return return_types.linalg_slogdet(Tensor._make(np.asarray(sign)), LogAbsDet.apply(A))


def slogdet(input):
    """``torch.slogdet``: the same pair as ``linalg.slogdet``."""
    return return_types.slogdet(*linalg_slogdet(input))


def logdet(A):
    """log det A, as ``torch.logdet``: NaN where det A < 0, -inf where it is 0."""
    sign, logabsdet = linalg_slogdet(A)
    return where(sign._data < 0, np.array(np.nan, A.dtype), logabsdet)


# ---- inverses and solves ------------------------------------------------------------------


class Inv(Function):
    """Y = A^-1;  dA = -Y^T dY Y^T"""

    @staticmethod
    def forward(ctx, a):
        out = lapack(
            np.linalg.inv, a, op="linalg.inv", failure=f"{_SINGULAR}, the inversion could not be completed"
        )
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return -(mT(out) @ grad @ mT(out))


def inverse(input):
    """``torch.inverse``: ``linalg.inv``."""
    return inv(input)


def inv(A):
    """The inverse of square matrices (batches allowed), as ``torch.linalg.inv``; a
    singular matrix raises ``LinAlgError``."""
    if isinstance(A, np.ndarray):  # inside a backward on arrays
        return lapack(
            np.linalg.inv, A, op="linalg.inv", failure=f"{_SINGULAR}, the inversion could not be completed"
        )
    return Inv.apply(square_matrices(A, "linalg.inv"))


class Solve(Function):
    """X = A^-1 B (B matrices, batches broadcast);  dB = A^-T dX,  dA = -dB X^T"""

    @staticmethod
    def forward(ctx, a, b):
        out = lapack(
            np.linalg.solve, a, b, op="linalg.solve", failure=f"the solver failed because {_SINGULAR}"
        )
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        grad_b = _solve(mT(a), grad)
        return -(grad_b @ mT(out)), grad_b


def _solve(a, b):
    """A^-1 B for matrices B, on arrays or Tensors."""
    if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):
        return lapack(
            np.linalg.solve, a, b, op="linalg.solve", failure=f"the solver failed because {_SINGULAR}"
        )
    return Solve.apply(a, b)


def _is_vector_rhs(A, B):
    """PyTorch's rule: B is a (batch of) vector(s) if 1-D or shaped as A without its last dim."""
    return B.ndim == 1 or (B.ndim == A.ndim - 1 and tuple(B.shape) == tuple(A.shape[:-1]))


def solve(A, B, *, left=True):
    """X with A X = B (or X A = B for left=False), as ``torch.linalg.solve``: B is a matrix
    (..., n, k) or a vector (n,) / (..., n), a column (so, as in PyTorch, left=False takes
    no vector); batch dims broadcast."""
    A = square_matrices(A, "linalg.solve")
    B = B if isinstance(B, Tensor) else tensor(B)
    if B.dtype != A.dtype:
        raise TypeError(f"linalg.solve: A and B must have the same dtype, got {A.dtype} and {B.dtype}")
    vector = _is_vector_rhs(A, B)
    matrix = B.unsqueeze(-1) if vector else B  # a vector is a column, left=False too (PyTorch's)
    n = A.shape[-1]
    if matrix.ndim < 2 or matrix.shape[-2 if left else -1] != n:
        equation = "AX = B" if left else "XA = B"
        raise ValueError(
            f"linalg.solve: incompatible shapes of A and B for the equation {equation} "
            f"(A of shape {tuple(A.shape)}, B of shape {tuple(B.shape)})"
        )
    _broadcast_batches(A, matrix, "linalg.solve")
    out = Solve.apply(A, matrix) if left else mT(Solve.apply(mT(A), mT(matrix)))
    return out.squeeze(-1) if vector else out


def _broadcast_batches(A, B, op):
    try:
        return np.broadcast_shapes(tuple(A.shape[:-2]), tuple(B.shape[:-2]))
    except ValueError:
        raise ValueError(
            f"{op}: the batch dims of A {tuple(A.shape)} and B {tuple(B.shape)} cannot be broadcast together"
        ) from None


class CholeskySolve(Function):
    """X = (L L^T)^-1 B, L lower;  dB = (L L^T)^-1 dX,  dL = -(dB X^T + X dB^T) L  (PyTorch's)"""

    @staticmethod
    def forward(ctx, b, low):
        out = _cholesky_solve(b, low)
        ctx.save_for_backward(low, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        low, out = ctx.saved_tensors
        grad_b = _cholesky_solve(grad, low)
        common = grad_b @ mT(out)
        return grad_b, -((common + mT(common)) @ low)


def _cholesky_solve(b, low):
    """(L L^T)^-1 B reading L's lower triangle, on arrays or Tensors."""
    if isinstance(b, np.ndarray) and isinstance(low, np.ndarray):
        low = np.tril(low)
        return lapack(np.linalg.solve, low @ mT(low), b, op="cholesky_solve", failure=_SINGULAR)
    return CholeskySolve.apply(b, low)


def cholesky_solve(B, L, upper=False):
    """X with (L L^T) X = B for a Cholesky factor L (lower, or upper: A = U^T U), as
    ``torch.cholesky_solve``; batch dims broadcast. Only L's triangle is read, but, as in
    PyTorch, L's gradient is that of (L L^T)^-1 B for the whole L (nonzero off the triangle)."""
    B, L = matrices(B, "cholesky_solve", "input"), square_matrices(L, "cholesky_solve", "input2")
    if B.shape[-2] != L.shape[-1]:
        raise ValueError(
            f"cholesky_solve: input of shape {tuple(B.shape)} needs {L.shape[-1]} rows to match "
            f"input2 of shape {tuple(L.shape)}"
        )
    _broadcast_batches(B, L, "cholesky_solve")
    return CholeskySolve.apply(B, mT(L) if upper else L)


def cholesky_inverse(L, upper=False):
    """(L L^T)^-1 from a Cholesky factor L (or (U^T U)^-1), as ``torch.cholesky_inverse``."""
    L = square_matrices(L, "cholesky_inverse", "input")
    eye = Tensor._make(np.broadcast_to(np.eye(L.shape[-1], dtype=L.dtype), L.shape))
    return cholesky_solve(eye, L, upper)


# ---- pseudo-inverse, least squares, rank --------------------------------------------------


def _tolerance(values, shape, atol, rtol, op):
    """max(atol, rtol * largest singular value) per matrix, with PyTorch's defaults: rtol
    eps * max(m, n) when neither is given, 0 when only atol is."""
    for name, tol in (("atol", atol), ("rtol", rtol)):
        if tol is not None and (
            isinstance(tol, bool) or not isinstance(tol, (numbers.Real, Tensor, np.ndarray))
        ):
            raise TypeError(f"{op}: {name} must be a number or a Tensor, got {tol!r}")
    if rtol is None:
        rtol = (
            np.finfo(values.dtype).eps * max(shape[-2:])
            if atol is None or not np.all(np.asarray(atol) > 0)
            else 0.0
        )
    largest = values.max(-1) if values.shape[-1] else np.zeros(values.shape[:-1], values.dtype)
    return np.maximum(np.asarray(0.0 if atol is None else atol), np.asarray(rtol) * largest)


def _singular_values(a, hermitian, op):
    """The singular values of arrays, from eigvalsh for a symmetric a (hermitian=True)."""
    if hermitian:
        return np.abs(lapack(np.linalg.eigvalsh, a, op=op, failure="failed to converge"))
    return lapack(np.linalg.svd, a, compute_uv=False, op=op, failure="failed to converge")


class Pinv(Function):
    """P = A^+;  dA = -P^T dP P^T + (I - A P) dP^T P P^T + P^T P dP^T (I - P A)  (constant rank)"""

    @staticmethod
    def forward(ctx, a, atol, rtol, hermitian):
        with np.errstate(all="ignore"):
            if hermitian:
                values, vectors = lapack(np.linalg.eigh, a, op="linalg.pinv", failure="failed to converge")
                kept = (
                    np.abs(values) > _tolerance(np.abs(values), a.shape, atol, rtol, "linalg.pinv")[..., None]
                )
                out = (vectors * np.where(kept, 1 / np.where(kept, values, 1), 0)[..., None, :]) @ mT(vectors)
            else:
                u, s, vh = lapack(
                    np.linalg.svd, a, full_matrices=False, op="linalg.pinv", failure="failed to converge"
                )
                kept = s > _tolerance(s, a.shape, atol, rtol, "linalg.pinv")[..., None]
                out = (mT(vh) * np.where(kept, 1 / np.where(kept, s, 1), 0)[..., None, :]) @ mT(u)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, p = ctx.saved_tensors
        gt = mT(grad)
        away_from_columns = gt @ p @ mT(p) - a @ (p @ (gt @ (p @ mT(p))))  # (I - A P) dP^T P P^T
        away_from_rows = mT(p) @ (p @ gt) - mT(p) @ (p @ (gt @ (p @ a)))  # P^T P dP^T (I - P A)
        return -(mT(p) @ grad @ mT(p)) + away_from_columns + away_from_rows


def pinv(A, *, atol=None, rtol=None, hermitian=False):
    """The Moore-Penrose pseudo-inverse, as ``torch.linalg.pinv``: singular values at or
    below max(atol, rtol * the largest) count as zero (rtol defaults to eps * max(m, n)).
    With hermitian=True A is taken as symmetric (its lower triangle is read)."""
    A = matrices(A, "linalg.pinv")
    if hermitian:
        A = square_matrices(A, "linalg.pinv")
    atol, rtol = (t._data if isinstance(t, Tensor) else t for t in (atol, rtol))
    return Pinv.apply(A, atol=atol, rtol=rtol, hermitian=bool(hermitian))


def pinverse(input, rcond=1e-15):
    """``torch.pinverse``: ``linalg.pinv`` with rtol=rcond."""
    return pinv(input, rtol=rcond)


def matrix_rank(A, *, atol=None, rtol=None, hermitian=False):
    """The number of singular values above max(atol, rtol * the largest), int64, as
    ``torch.linalg.matrix_rank`` (same defaults as ``pinv``)."""
    A = square_matrices(A, "linalg.matrix_rank") if hermitian else matrices(A, "linalg.matrix_rank")
    atol, rtol = (t._data if isinstance(t, Tensor) else t for t in (atol, rtol))
    values = _singular_values(A._data, hermitian, "linalg.matrix_rank")
    tolerance = _tolerance(values, A.shape, atol, rtol, "linalg.matrix_rank")[..., None]
    return Tensor._make(np.asarray((values > tolerance).sum(-1), dtype=np.int64))


_DRIVERS = (None, "gels", "gelsy", "gelsd", "gelss")


def lstsq(A, B, rcond=None, *, driver=None):
    """(solution, residuals, rank, singular_values) of min ||A X - B||, as ``torch.linalg.lstsq``.
    The solution is pinv(A) B whatever the driver (PyTorch's gradient is that of pinv(A) B);
    ``driver`` only decides, as on PyTorch's CPU, which other fields are filled: rank unless
    'gels', singular_values for 'gelsd'/'gelss', residuals (squared, per column) for m > n,
    full rank and a driver other than the default 'gelsy'. Others are empty Tensors."""
    A = matrices(A, "linalg.lstsq")
    B = B if isinstance(B, Tensor) else tensor(B)
    if driver not in _DRIVERS:
        raise ValueError(f"linalg.lstsq: driver must be one of {_DRIVERS[1:]}, got {driver!r}")
    if B.dtype != A.dtype:
        raise TypeError(f"linalg.lstsq: A and B must have the same dtype, got {A.dtype} and {B.dtype}")
    vector = _is_vector_rhs(A, B)
    matrix = B.unsqueeze(-1) if vector else B
    m, n = A.shape[-2:]
    if matrix.ndim < 2 or matrix.shape[-2] != m:
        raise ValueError(
            f"linalg.lstsq: A of shape {tuple(A.shape)} and B of shape {tuple(B.shape)} must have "
            "the same number of rows"
        )
    _broadcast_batches(A, matrix, "linalg.lstsq")
    driver = driver or "gelsy"
    rtol = np.finfo(A._data.dtype).eps * max(m, n) if rcond is None else rcond
    solution = pinv(A, rtol=rtol) @ matrix
    empty = Tensor._make(np.zeros((0,), A.dtype))
    rank = matrix_rank(A, rtol=rtol)
    values = svdvals(A.detach()) if driver in ("gelsd", "gelss") else empty
    residuals = empty
    if m > n and driver != "gelsy" and bool((rank == n).all()):
        residuals = ((A @ solution - matrix) ** 2).sum(-2)
    if driver == "gels":
        rank = Tensor._make(np.zeros((0,), np.int64))
    return return_types.linalg_lstsq(solution.squeeze(-1) if vector else solution, residuals, rank, values)


# ---- products and powers ------------------------------------------------------------------


def matrix_power(A, n):
    """A^n for an int n (n < 0: the inverse's power; n = 0: the identity), by repeated
    squaring, as ``torch.linalg.matrix_power``."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise TypeError(f"linalg.matrix_power: n must be an int, got {n!r}")
    if not -(2**63) <= n < 2**63:
        raise ValueError(f"linalg.matrix_power: n {n} is beyond int64")
    A = square_matrices(A, "linalg.matrix_power")
    if n == 0:  # the identity, with a (zero) gradient, as PyTorch
        return where(np.ones(A.shape, bool), np.eye(A.shape[-1], dtype=A.dtype), A)
    power, result = inv(A) if n < 0 else A, None
    n = abs(int(n))
    while n:
        if n & 1:
            result = power if result is None else result @ power
        n >>= 1
        if n:
            power = power @ power
    return result


def vecdot(x, y, *, dim=-1):
    """sum(x * y) along dim (x, y broadcast), as ``torch.linalg.vecdot`` on real Tensors."""
    x, y = (t if isinstance(t, Tensor) else tensor(t) for t in (x, y))
    return (x * y).sum(dim)


# ---- matrix norms -------------------------------------------------------------------------


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    """The matrix norm over the two dims ``dim``, as ``torch.linalg.matrix_norm``: 'fro',
    'nuc' (the sum of singular values), 2 / -2 (the largest / smallest singular value), 1 / -1
    (the largest / smallest column sum of |A|), inf / -inf (the same over rows)."""
    A = matrices(A, "linalg.matrix_norm")
    if dtype is not None:
        A = A.to(dtype)
    if not isinstance(dim, (tuple, list)) or len(dim) != 2:
        raise ValueError(f"linalg.matrix_norm: dim must be a 2-tuple of ints, got {dim!r}")
    rows, cols = dims_index(dim, A.ndim, "linalg.matrix_norm")
    if ord == "fro":
        return vector_norm(A, 2, (rows, cols), keepdim)
    if ord in ("nuc", 2, -2) and not isinstance(ord, bool):
        others = [d for d in range(A.ndim) if d not in (rows, cols)]
        values = svdvals(A.permute(*others, rows, cols))
        out = values.sum(-1) if ord == "nuc" else amax(values, -1) if ord == 2 else amin(values, -1)
        if keepdim:
            for d in sorted((rows, cols)):
                out = out.unsqueeze(d)
        return out
    if ord in (1, -1, math.inf, -math.inf) and not isinstance(ord, bool):
        summed, extreme = (rows, cols) if ord in (1, -1) else (cols, rows)
        out = (amax if ord > 0 else amin)(A.abs().sum(summed, keepdim=True), extreme, keepdim=True)
        return out if keepdim else out.squeeze(max(rows, cols)).squeeze(min(rows, cols))
    raise ValueError(
        f"linalg.matrix_norm: order {ord!r} is not supported (use 'fro', 'nuc', 2, -2, 1, -1, inf or -inf)"
    )


def linalg_norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    """``torch.linalg.norm``: a vector norm over one dim, a matrix norm over two; without dim,
    ord=None is the 2-norm of all elements, and a given ord needs a 1-D (vector) or 2-D
    (matrix) input."""
    A = A if isinstance(A, Tensor) else tensor(A)
    if dtype is not None:
        A = A.to(dtype)
    if dim is None:
        if ord is None:
            return vector_norm(A, 2, None, keepdim)
        if A.ndim not in (1, 2):
            raise ValueError(
                f"linalg.norm: if dim is not specified but ord is, the input must be 1D or 2D, "
                f"got {A.ndim}D (shape {tuple(A.shape)})"
            )
        dim = tuple(range(A.ndim))
    dims = tuple(dim) if isinstance(dim, (tuple, list)) else (dim,)
    if len(dims) == 1:
        return vector_norm(A, 2 if ord is None else ord, dims, keepdim)
    if len(dims) == 2:
        return matrix_norm(A, "fro" if ord is None else ord, dims, keepdim)
    raise ValueError(f"linalg.norm: dim must be an int or a 2-tuple of ints, got {dim!r}")
