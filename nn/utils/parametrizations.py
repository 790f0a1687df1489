"""Parametrizations built on ``parametrize.register_parametrization`` (PyTorch's
``nn.utils.parametrizations``): the weight is recomputed from ``parametrizations.weight.original``
(or ``original0``, ``original1``) every time it is read.

- ``weight_norm``: ``w = g * v / ||v||`` (``original0`` = g, ``original1`` = v).
- ``spectral_norm``: ``W / sigma``, sigma from a power iteration on the buffers ``_u``, ``_v``
  of the parametrization (15 steps when registered, ``n_power_iterations`` at each read in
  training mode, none in eval mode).
- ``orthogonal``: Q with orthonormal columns (tall) or rows (wide), from a skew-symmetric
  ``A = tril(X) - tril(X)^T`` by the Cayley map ``(I - A/2)^-1 (I + A/2)`` or the matrix
  exponential, or from Householder reflectors (the strictly lower triangle of X). With
  ``use_trivialization`` the result is ``base @ Q``, ``base`` an orthogonal buffer set when a
  value is assigned (the weight at registration).
"""

import math

import numpy as np

import autograd
from autograd import Tensor, no_grad, random

from ..functional import normalize
from ..module import Module
from . import parametrize
from .spectral_norm import default_dim
from .weight_norm import _weight_norm, norm_except_dim

__all__ = ["orthogonal", "spectral_norm", "weight_norm"]

_MAPS = ("matrix_exp", "cayley", "householder")


def _householder_product(A, tau):
    """The first k columns of H_1 ... H_k, H_i = I - tau_i v_i v_i^T, v_i = e_i + the strict lower
    part of column i of A (n x k, n >= k), in the graph (PyTorch's ``householder_product``)."""
    n, k = A.shape[-2], A.shape[-1]
    vectors = A.tril(-1) + autograd.eye(n, k, dtype=A.dtype)
    Q = autograd.eye(n, k, dtype=A.dtype).expand(*A.shape)
    for i in reversed(range(k)):
        v = vectors[..., :, i : i + 1]
        Q = Q - (tau[..., i : i + 1].unsqueeze(-1) * v) @ (v.mT @ Q)
    return Q


def _matrix_exp(A):
    """exp(A) by scaling and squaring: a Taylor polynomial of degree 18 at A / 2^s (||A / 2^s||_1
    <= 1, so the truncation error is below 1/19! ~ 1e-17), squared s times; in the graph."""
    norm = float(np.abs(A.detach().numpy()).sum(-2).max(initial=0.0))
    s = max(0, math.ceil(math.log2(norm))) if norm > 1 else 0
    B = A / 2.0**s
    eye = autograd.eye(A.shape[-1], dtype=A.dtype)
    E = eye + B / 18.0
    for j in range(17, 0, -1):  # Horner: I + B/1 (I + B/2 (... (I + B/18)))
        E = eye + (B @ E) / float(j)
    for _ in range(s):
        E = E @ E
    return E


def _orthonormalize(Q):
    """The Q of Q R = Q's QR decomposition with diag(R) >= 0 (numpy arrays, batches stacked)."""
    q, r = np.linalg.qr(Q)
    return q * np.sign(np.diagonal(r, axis1=-2, axis2=-1))[..., None, :]


class _Orthogonal(Module):
    """Q(X): orthonormal columns of an (..., n, k) X with n >= k (a wide X is transposed first)."""

    def __init__(self, weight, orthogonal_map, *, use_trivialization=True):
        super().__init__()
        self.shape = tuple(weight.shape)
        self.orthogonal_map = orthogonal_map
        if use_trivialization:
            self.register_buffer("base", None)

    def forward(self, X):
        n, k = X.shape[-2], X.shape[-1]
        transposed = n < k
        if transposed:
            X, n, k = X.mT, k, n
        if self.orthogonal_map == "householder":
            A = X.tril(-1)
            tau = 2.0 / (1.0 + (A * A).sum(dim=-2))
            Q = _householder_product(A, tau)
            Q = Q * autograd.trunc(X.detach().diagonal(dim1=-2, dim2=-1)).unsqueeze(-2)
        else:
            X = X.tril()
            if n != k:
                X = autograd.cat([X, X.new_zeros(*X.shape[:-1], n - k)], dim=-1)
            A = X - X.mT
            if self.orthogonal_map == "matrix_exp":
                Q = _matrix_exp(A)
            else:
                eye = autograd.eye(n, dtype=A.dtype)
                Q = autograd.linalg.solve(eye - 0.5 * A, eye + 0.5 * A)
            Q = Q[..., :k]
        if "base" in self._buffers:
            Q = self.base @ Q
        return Q.mT if transposed else Q

    def right_inverse(self, Q):
        """An X with forward(X) == Q: with the trivialization, base = Q (orthonormalized by QR if it
        is not orthogonal; a tall Q completed by random columns) and X = -I; else (householder
        only) the reflectors of Q's QR decomposition."""
        if tuple(Q.shape) != self.shape:
            raise ValueError(
                f"Expected a matrix or batch of matrices of shape {self.shape}. Got a tensor of shape "
                f"{tuple(Q.shape)}."
            )
        with no_grad():
            n, k = Q.shape[-2], Q.shape[-1]
            transposed = n < k
            M = (Q.mT if transposed else Q).numpy()
            n, k = max(n, k), min(n, k)
            if "base" not in self._buffers:
                if self.orthogonal_map != "householder":
                    raise NotImplementedError(
                        "It is not possible to assign to the matrix exponential or the Cayley "
                        "parametrizations when use_trivialization=False."
                    )
                A = np.empty_like(M)
                for index in np.ndindex(M.shape[:-2]):
                    h, tau = np.linalg.qr(M[index], mode="raw")
                    A[index] = h.T
                    diagonal = np.sign(np.diagonal(A[index])).copy()
                    diagonal[tau == 0.0] *= -1
                    np.fill_diagonal(A[index], diagonal)
                A = Tensor(A)
                return A.mT if transposed else A
            if n == k:
                eps = 10.0 * n * np.finfo(M.dtype).eps
                orthogonal = np.allclose(M.swapaxes(-1, -2) @ M, np.eye(k), rtol=1e-5, atol=eps)
                base = M.copy() if orthogonal else _orthonormalize(M)
            else:
                extra = random.randn(*M.shape[:-2], n, n - k, dtype=M.dtype).numpy()
                base = _orthonormalize(np.concatenate([M, extra], axis=-1))
            self.base = Tensor(base)
            neg_eye = np.zeros(Q.shape, Q.dtype)
            neg_eye[..., np.arange(k), np.arange(k)] = -1.0
            return Tensor(neg_eye)


def orthogonal(module, name="weight", orthogonal_map=None, *, use_trivialization=True):
    """Make ``module.<name>`` (a matrix or a batch of them) orthogonal: orthonormal columns if it is
    tall, rows if it is wide. ``orthogonal_map``: "matrix_exp" (default for square matrices),
    "cayley" or "householder" (default otherwise). Returns the module."""
    weight = getattr(module, name, None)
    if not isinstance(weight, Tensor):
        raise ValueError(f"Module '{module}' has no parameter or buffer with name '{name}'")
    if weight.ndim < 2:
        raise ValueError(f"Expected a matrix or batch of matrices. Got a tensor of {weight.ndim} dimensions.")
    if orthogonal_map is None:
        orthogonal_map = "matrix_exp" if weight.shape[-2] == weight.shape[-1] else "householder"
    if orthogonal_map not in _MAPS:
        raise ValueError(
            f'orthogonal_map has to be one of "matrix_exp", "cayley", "householder". Got: {orthogonal_map}'
        )
    orth = _Orthogonal(weight, orthogonal_map, use_trivialization=use_trivialization)
    parametrize.register_parametrization(module, name, orth, unsafe=True)
    return module


class _WeightNorm(Module):
    """w = g * v / ||v||, the norm over every dimension but ``dim`` (None: the whole tensor)."""

    def __init__(self, dim=0):
        super().__init__()
        self.dim = -1 if dim is None else dim

    def forward(self, weight_g, weight_v):
        return _weight_norm(weight_v, weight_g, self.dim)

    def right_inverse(self, weight):
        return norm_except_dim(weight, self.dim), weight


def weight_norm(module, name="weight", dim=0):
    """Reparametrize ``module.<name>`` as ``g * v / ||v||``: ``parametrizations.<name>.original0``
    is g, ``original1`` is v. Returns the module."""
    parametrize.register_parametrization(module, name, _WeightNorm(dim), unsafe=True)
    return module


class _SpectralNorm(Module):
    """W / sigma(W) for a matrix view of W (``dim`` first); a vector is just normalized."""

    def __init__(self, weight, n_power_iterations=1, dim=0, eps=1e-12):
        super().__init__()
        ndim = weight.ndim
        if dim >= ndim or dim < -ndim:
            raise IndexError(
                f"Dimension out of range (expected to be in range of [-{ndim}, {ndim - 1}] but got {dim})"
            )
        if isinstance(n_power_iterations, bool) or not isinstance(n_power_iterations, int):
            raise TypeError(f"spectral_norm: n_power_iterations must be an int, got {n_power_iterations!r}")
        if n_power_iterations <= 0:
            raise ValueError(
                f"Expected n_power_iterations to be positive, but got n_power_iterations={n_power_iterations}"
            )
        self.dim = dim if dim >= 0 else dim + ndim
        self.eps = eps
        if ndim > 1:
            self.n_power_iterations = n_power_iterations
            matrix = self._reshape_weight_to_matrix(weight.detach())
            h, w = matrix.shape
            with no_grad():
                u = random.normal_(matrix.new_empty(h), 0.0, 1.0)
                v = random.normal_(matrix.new_empty(w), 0.0, 1.0)
                self.register_buffer("_u", normalize(u, dim=0, eps=self.eps))
                self.register_buffer("_v", normalize(v, dim=0, eps=self.eps))
            self._power_method(matrix, 15)

    def _reshape_weight_to_matrix(self, weight):
        if self.dim != 0:
            weight = weight.permute(self.dim, *(d for d in range(weight.ndim) if d != self.dim))
        return weight.flatten(1)

    def _power_method(self, matrix, n_power_iterations):
        """u <- normalize(W v), v <- normalize(W^T u), in place, outside the graph."""
        with no_grad():
            matrix = matrix.detach()
            for _ in range(n_power_iterations):
                self._u.copy_(normalize(matrix @ self._v, dim=0, eps=self.eps))
                self._v.copy_(normalize(matrix.mT @ self._u, dim=0, eps=self.eps))

    def forward(self, weight):
        if weight.ndim == 1:
            return normalize(weight, dim=0, eps=self.eps)
        matrix = self._reshape_weight_to_matrix(weight)
        if self.training:
            self._power_method(matrix, self.n_power_iterations)
        u, v = self._u.clone(), self._v.clone()
        return weight / autograd.vdot(u, matrix @ v)

    def right_inverse(self, value):
        return value


def spectral_norm(module, name="weight", n_power_iterations=1, eps=1e-12, dim=None):
    """Divide ``module.<name>`` by its largest singular value, estimated by the power method
    (``dim`` None: 0, or 1 for ConvTranspose layers). Returns the module."""
    weight = getattr(module, name, None)
    if not isinstance(weight, Tensor):
        raise ValueError(f"Module '{module}' has no parameter or buffer with name '{name}'")
    dim = default_dim(module) if dim is None else dim
    parametrize.register_parametrization(module, name, _SpectralNorm(weight, n_power_iterations, dim, eps))
    return module
