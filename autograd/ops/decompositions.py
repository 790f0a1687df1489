"""Matrix decompositions: the symmetric eigendecomposition, the SVD and QR
(``torch.linalg.eigh``, ``eigvalsh``, ``svd``, ``svdvals``, ``qr``), batched over leading dims.

A decomposition has several outputs but a ``Function`` has one, so each op returns its
factors *packed*: flattened after the batch dims and laid side by side (``_pack``); the
public function cuts them apart again (``_unpack``, plain slicing, whose derivative puts
each factor's gradient back in its place). Backward receives the packed gradient, cuts it
the same way, and applies the formula; it also cuts the saved packed output, so under
``create_graph`` the factors it uses are the op's own results and second derivatives are
right.

When no gradient reaches the vectors of eigh or svd (their part of the packed gradient is
all zero) their term is skipped, as PyTorch skips an undefined gradient: a loss of the
eigenvalues alone then stays finite even where eigenvalues repeat.
"""

import math

import numpy as np

from ..function import Function
from ..tensor import Tensor
from .lapack import column as _column
from .lapack import lapack, matrices, return_types, square_matrices
from .lapack import mT as _mT
from .lapack import row as _row
from .triangular import _lower, solve_triangular

_NO_CONVERGENCE = "the algorithm failed to converge (NaN or inf in the input, or an ill-conditioned matrix)"


def _pack(batch, *parts):
    """One array of shape ``batch + (total,)``: each part flattened after the batch dims."""
    return np.concatenate([p.reshape(batch + (math.prod(p.shape[len(batch) :]),)) for p in parts], axis=-1)


def _unpack(packed, batch, shapes):
    """The parts of a packed array or Tensor, in their shapes (``shapes`` exclude the batch)."""
    parts, start = [], 0
    for shape in shapes:
        size = math.prod(shape)
        parts.append(packed[..., start : start + size].reshape(batch + shape))
        start += size
    return parts


def _used(g):
    """Whether a gradient (array or Tensor) holds anything but zeros."""
    return bool((g != 0).any())


def _uplo(UPLO, op):
    if UPLO not in ("L", "U"):
        raise ValueError(f"{op}: UPLO must be 'L' or 'U', got {UPLO!r}")
    return UPLO


# ---- symmetric eigendecomposition ---------------------------------------------------------


class Eigh(Function):
    """A = V diag(L) V^T;  dA = V (diag(dL) + skew(V^T dV) / E) V^T, E_ij = L_j - L_i, skew(X) = (X - X^T)/2"""

    @staticmethod
    def forward(ctx, a, UPLO):
        values, vectors = lapack(np.linalg.eigh, a, UPLO=UPLO, op="linalg.eigh", failure=_NO_CONVERGENCE)
        ctx.batch, n = a.shape[:-2], a.shape[-1]
        ctx.shapes = ((n,), (n, n))
        packed = _pack(ctx.batch, values, vectors)
        ctx.save_for_backward(packed)
        return packed

    @staticmethod
    def backward(ctx, grad):
        (packed,) = ctx.saved_tensors
        values, vectors = _unpack(packed, ctx.batch, ctx.shapes)
        grad_values, grad_vectors = _unpack(grad, ctx.batch, ctx.shapes)
        eye = np.eye(values.shape[-1])
        inner = _row(grad_values) * eye
        if _used(grad_vectors):
            vtgv = _mT(vectors) @ grad_vectors
            gaps = _row(values) - _column(values) + eye  # E, with 1 on the diagonal where skew is 0
            with np.errstate(divide="ignore", invalid="ignore"):  # repeated eigenvalues: inf, as PyTorch
                inner = inner + 0.5 * (vtgv - _mT(vtgv)) / gaps
        return vectors @ inner @ _mT(vectors)


def eigh(A, UPLO="L"):
    """(eigenvalues ascending, eigenvectors as columns) of symmetric matrices, reading only the
    triangle UPLO; as ``torch.linalg.eigh``. Each eigenvector's sign is arbitrary (LAPACK's)."""
    A = square_matrices(A, "linalg.eigh")
    n, batch = A.shape[-1], tuple(A.shape[:-2])
    values, vectors = _unpack(Eigh.apply(A, UPLO=_uplo(UPLO, "linalg.eigh")), batch, ((n,), (n, n)))
    return return_types.linalg_eigh(values, vectors)


def _eigh_vectors(a, UPLO):
    """The eigenvectors of an array (numpy) or a Tensor (our differentiable eigh)."""
    return np.linalg.eigh(a, UPLO)[1] if isinstance(a, np.ndarray) else eigh(a, UPLO).eigenvectors


class Eigvalsh(Function):
    """L = eigenvalues of symmetric A;  dA = V diag(dL) V^T  (V its eigenvectors)"""

    @staticmethod
    def forward(ctx, a, UPLO):
        ctx.UPLO = UPLO
        ctx.save_for_backward(a)
        return lapack(np.linalg.eigvalsh, a, UPLO=UPLO, op="linalg.eigvalsh", failure=_NO_CONVERGENCE)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        vectors = _eigh_vectors(a, ctx.UPLO)
        return (vectors * _row(grad)) @ _mT(vectors)


def eigvalsh(A, UPLO="L"):
    """The eigenvalues (ascending) of symmetric matrices, reading only the triangle UPLO."""
    A = square_matrices(A, "linalg.eigvalsh")
    return Eigvalsh.apply(A, UPLO=_uplo(UPLO, "linalg.eigvalsh"))


# ---- singular value decomposition ---------------------------------------------------------


class SVD(Function):
    """A = U diag(S) Vh;  dA = U [diag(dS) + (skew(U^T dU) S + S skew(Vh dVh^T)) / E] Vh
    (+ the parts off U's or Vh's span for non-square A), E_ij = S_j^2 - S_i^2, skew(X) = X - X^T"""

    @staticmethod
    def forward(ctx, a, full_matrices):
        u, s, vh = lapack(
            np.linalg.svd, a, full_matrices=full_matrices, op="linalg.svd", failure=_NO_CONVERGENCE
        )
        ctx.batch, ctx.shapes = a.shape[:-2], (u.shape[-2:], s.shape[-1:], vh.shape[-2:])
        packed = _pack(ctx.batch, u, s, vh)
        ctx.save_for_backward(packed)
        return packed

    @staticmethod
    def backward(ctx, grad):
        (packed,) = ctx.saved_tensors
        u, s, vh = _unpack(packed, ctx.batch, ctx.shapes)
        gu, gs, gvh = _unpack(grad, ctx.batch, ctx.shapes)
        m, n, k = u.shape[-2], vh.shape[-1], s.shape[-1]
        # full_matrices: the columns of U (rows of Vh) past k span an arbitrary basis; PyTorch
        # ignores their gradient, and so do we.
        u, gu, vh, gvh = u[..., :k], gu[..., :k], vh[..., :k, :], gvh[..., :k, :]
        use_u, use_vh = _used(gu), _used(gvh)
        inner = _row(gs) * np.eye(k)
        if use_u or use_vh:
            gaps = _row(s * s) - _column(s * s) + np.eye(k)
            both = 0.0
            if use_u:
                utgu = _mT(u) @ gu
                both = (utgu - _mT(utgu)) * _row(s)
            if use_vh:
                vhgv = vh @ _mT(gvh)
                both = both + _column(s) * (vhgv - _mT(vhgv))
            with np.errstate(divide="ignore", invalid="ignore"):  # repeated singular values: inf
                inner = inner + both / gaps
        if m > n and use_u:  # the part of dU off U's columns: (I - U U^T) dU S^-1
            gu_s = gu / _row(s)
            return (u @ inner + gu_s - u @ (_mT(u) @ gu_s)) @ vh
        if m < n and use_vh:  # the part of dVh off Vh's rows: S^-1 dVh (I - Vh^T Vh)
            s_gvh = gvh / _column(s)
            return u @ (inner @ vh + s_gvh - (s_gvh @ _mT(vh)) @ vh)
        return u @ inner @ vh


def linalg_svd(A, full_matrices=True, *, driver=None):
    """(U, S, Vh) with A = U diag(S) Vh, S descending, as ``torch.linalg.svd``; with
    full_matrices U and Vh are square. ``driver`` (a CUDA option) is accepted and ignored."""
    A = matrices(A, "linalg.svd")
    m, n, k = A.shape[-2], A.shape[-1], min(A.shape[-2:])
    shapes = ((m, m), (k,), (n, n)) if full_matrices else ((m, k), (k,), (k, n))
    u, s, vh = _unpack(SVD.apply(A, full_matrices=bool(full_matrices)), tuple(A.shape[:-2]), shapes)
    return return_types.linalg_svd(u, s, vh)


def reduced_svd(a):
    """(U, S, Vh) of an array (numpy) or a Tensor (our differentiable svd), not full."""
    return np.linalg.svd(a, full_matrices=False) if isinstance(a, np.ndarray) else linalg_svd(a, False)


class Svdvals(Function):
    """S = singular values of A;  dA = U diag(dS) Vh"""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return lapack(np.linalg.svd, a, compute_uv=False, op="linalg.svdvals", failure=_NO_CONVERGENCE)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        u, _, vh = reduced_svd(a)
        return (u * _row(grad)) @ vh


def svdvals(A, *, driver=None):
    """The singular values of A, descending, as ``torch.linalg.svdvals``."""
    return Svdvals.apply(matrices(A, "linalg.svdvals"))


# ---- QR -----------------------------------------------------------------------------------


def _times_inverse_transpose(x, r):
    """x R^-T for an upper-triangular R (array or Tensor)."""
    return _mT(solve_triangular(r, _mT(x), upper=True))


def _qr_backward_tall(q, r, gq, gr):
    """dA of A = QR for m >= n (reduced):  Q (dR + tril(Q^T dQ - dQ^T Q + R dR^T - dR R^T) R^-T)
    + (dQ - Q Q^T dQ) R^-T  (TensorFlow's QrGrad)."""
    qdq, rdr = _mT(q) @ gq, r @ _mT(gr)
    low = _lower(qdq - _mT(qdq) + rdr - _mT(rdr))
    return q @ (gr + _times_inverse_transpose(low, r)) + _times_inverse_transpose(gq - q @ qdq, r)


class QR(Function):
    """A = Q R;  m >= n: dA = Q (dR + tril(M - M^T) R^-T) + (dQ - Q Q^T dQ) R^-T, M = Q^T dQ + R dR^T;
    m < n: the same for the square left block, with dQ + Y dV^T (A = [X | Y], R = [U | V])"""

    @staticmethod
    def forward(ctx, a, mode):
        q, r = lapack(
            np.linalg.qr,
            a,
            mode="complete" if mode == "complete" else "reduced",
            op="linalg.qr",
            failure="failed",
        )
        ctx.mode, ctx.batch, ctx.shapes = mode, a.shape[:-2], (q.shape[-2:], r.shape[-2:])
        packed = _pack(ctx.batch, q, r)
        ctx.save_for_backward(a, packed)
        return packed

    @staticmethod
    def backward(ctx, grad):
        a, packed = ctx.saved_tensors
        q, r = _unpack(packed, ctx.batch, ctx.shapes)
        gq, gr = _unpack(grad, ctx.batch, ctx.shapes)
        m, n = a.shape[-2:]
        if ctx.mode == "r":
            raise RuntimeError(
                "The derivative of linalg.qr depends on Q, which is not computed when mode='r'. "
                "Please use linalg.qr(A, mode='reduced') if you are going to differentiate "
                "through linalg.qr."
            )
        if ctx.mode == "complete" and m > n:
            raise RuntimeError(
                "The QR decomposition is not differentiable when mode='complete' and nrows > ncols."
            )
        if m >= n:
            return _qr_backward_tall(q, r, gq, gr)
        y, left, gv = a[..., m:], r[..., :m], gr[..., m:]
        grad_x = _qr_backward_tall(q, left, gq + y @ _mT(gv), gr[..., :m])
        return _concatenate_last(grad_x, q @ gv)


def _concatenate_last(x, y):
    if isinstance(x, np.ndarray) and isinstance(y, np.ndarray):
        return np.concatenate([x, y], axis=-1)
    from .shape import concatenate

    return concatenate([x, y], axis=-1)


def linalg_qr(A, mode="reduced"):
    """(Q, R) with A = Q R, Q orthonormal columns, R upper triangular, as ``torch.linalg.qr``:
    mode 'reduced' (Q m x k), 'complete' (Q m x m) or 'r' (Q empty, R only)."""
    if mode not in ("reduced", "complete", "r"):
        raise ValueError(f"linalg.qr: mode must be 'reduced', 'complete' or 'r', got {mode!r}")
    A = matrices(A, "linalg.qr")
    m, n = A.shape[-2:]
    k = m if mode == "complete" else min(m, n)
    q, r = _unpack(QR.apply(A, mode=mode), tuple(A.shape[:-2]), ((m, k), (k, n)))
    if mode == "r":
        q = Tensor._make(np.zeros((0,), A.dtype))
    return return_types.linalg_qr(q, r)


# ---- PyTorch's older top-level spellings --------------------------------------------------


def svd(input, some=True, compute_uv=True):
    """``torch.svd``: (U, S, V) with A = U diag(S) V^T (V, not Vh); ``some`` is the opposite
    of full_matrices; without compute_uv, U and V are zeros (m x m, n x n) as PyTorch's."""
    if not compute_uv:
        input = matrices(input, "svd")
        m, n = input.shape[-2:]
        batch = tuple(input.shape[:-2])
        zeros = lambda k: Tensor._make(np.zeros(batch + (k, k), input.dtype))  # noqa: E731
        return return_types.svd(zeros(m), svdvals(input), zeros(n))
    u, s, vh = linalg_svd(input, full_matrices=not some)
    return return_types.svd(u, s, _mT(vh))


def qr(input, some=True):
    """``torch.qr``: linalg.qr with mode 'reduced' (some=True) or 'complete'."""
    return return_types.qr(*linalg_qr(input, "reduced" if some else "complete"))
