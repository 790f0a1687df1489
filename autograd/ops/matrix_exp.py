"""The matrix exponential e^A = sum_k A^k / k! (``torch.linalg.matrix_exp``), batched over
leading dims.

Scaling and squaring with a diagonal Pade approximant r_m(A) = q_m(A)^-1 p_m(A), as in
Higham, "The scaling and squaring method for the matrix exponential revisited" (2005): the
smallest degree m in (3, 5, 7, 9) whose bound theta_m holds ||A||_1 <= theta_m, else m = 13
on A / 2^s with s the least for which ||A / 2^s||_1 <= theta_13, then s squarings. The
thetas make the backward error below float64's unit roundoff. Each matrix of a batch gets
its own degree and s. float32 (and float16) are computed in float64 and rounded.

The derivative is the Frechet derivative's adjoint: the gradient of <G, e^A> is the upper
right block of exp([[A^T, G], [0, A^T]]), itself a matrix exponential, so the backward is
differentiable again (second derivatives come from the same op).
"""

import math

import numpy as np

from ..function import Function
from ..tensor import Tensor
from .lapack import mT, square_matrices

_THETAS = {3: 1.495585217958292e-2, 5: 2.539398330063230e-1, 7: 9.504178996162932e-1, 9: 2.097847961257068}
_THETA_13 = 5.371920351148152


def _pade_coefficients(m):
    """b_j = (2m - j)! m! / ((2m)! j! (m - j)!), j = 0..m: p_m(x) = sum b_j x^j, q_m(x) = p_m(-x)."""
    f = math.factorial
    return [f(2 * m - j) * f(m) / (f(2 * m) * f(j) * f(m - j)) for j in range(m + 1)]


_COEFFICIENTS = {m: _pade_coefficients(m) for m in (3, 5, 7, 9, 13)}


def _pade(a, m):
    """r_m(a) for a batch of matrices: with U the odd part of p_m(a) and V the even part,
    p_m = V + U, q_m = V - U, r_m = (V - U)^-1 (V + U)."""
    b = _COEFFICIENTS[m]
    eye = np.eye(a.shape[-1])
    a2 = a @ a
    if m < 13:
        powers = [eye, a2]  # the even powers a^0, a^2, ..., a^(m-1)
        while len(powers) < (m + 1) // 2:
            powers.append(powers[-1] @ a2)
        u = a @ sum(b[2 * i + 1] * p for i, p in enumerate(powers))
        v = sum(b[2 * i] * p for i, p in enumerate(powers))
    else:  # Higham's evaluation of degree 13 with 6 products
        a4 = a2 @ a2
        a6 = a4 @ a2
        u = a @ (a6 @ (b[13] * a6 + b[11] * a4 + b[9] * a2) + b[7] * a6 + b[5] * a4 + b[3] * a2 + b[1] * eye)
        v = a6 @ (b[12] * a6 + b[10] * a4 + b[8] * a2) + b[6] * a6 + b[4] * a4 + b[2] * a2 + b[0] * eye
    return np.linalg.solve(v - u, v + u)


def expm(a):
    """e^a for an array of square matrices (..., n, n)."""
    dtype = a.dtype
    shape = a.shape
    a = np.asarray(a, np.float64).reshape((math.prod(shape[:-2]),) + shape[-2:])
    out = np.empty_like(a)
    with np.errstate(all="ignore"):
        norms = np.abs(a).sum(-2).max(-1) if a.size else np.zeros(a.shape[0])
        done = np.zeros(a.shape[0], bool)
        for m, theta in _THETAS.items():
            chosen = ~done & (norms <= theta)
            if chosen.any():
                out[chosen] = _pade(a[chosen], m)
            done |= chosen
        rest = ~done
        if rest.any():
            ratio = norms[rest] / _THETA_13
            steps = np.where(
                np.isfinite(ratio) & (ratio > 1), np.ceil(np.log2(np.where(ratio > 1, ratio, 1))), 0
            )
            steps = steps.astype(np.int64)
            r = _pade(a[rest] / np.exp2(steps)[:, None, None], 13)
            for t in range(int(steps.max(initial=0))):
                r = np.where((steps > t)[:, None, None], r @ r, r)
            out[rest] = r
    return out.reshape(shape).astype(dtype, copy=False)


class MatrixExp(Function):
    """Y = e^A;  dA = the upper right block of exp([[A^T, dY], [0, A^T]])"""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return expm(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        n = a.shape[-1]
        at = mT(a)
        if isinstance(at, np.ndarray) and isinstance(grad, np.ndarray):
            at, grad = np.broadcast_arrays(at, grad)
            block = np.concatenate(
                [np.concatenate([at, grad], -1), np.concatenate([np.zeros_like(at), at], -1)], -2
            )
            return expm(block)[..., :n, n:]
        from .shape import concatenate

        zeros = Tensor._make(np.zeros(tuple(at.shape), at.dtype))
        block = concatenate([concatenate([at, grad], -1), concatenate([zeros, at], -1)], -2)
        return MatrixExp.apply(block)[..., :n, n:]


def matrix_exp(A):
    """e^A of square matrices (batches allowed), as ``torch.linalg.matrix_exp``."""
    return MatrixExp.apply(square_matrices(A, "linalg.matrix_exp"))
