"""Products of Householder reflections, Q = H_1 H_2 ... H_k with H_i = I - tau_i v_i v_i^T
(``torch.linalg.householder_product``, ``torch.orgqr``): how LAPACK's geqrf stores Q, v_i
being column i of A below the diagonal with a 1 on it (and zeros above).

Written with differentiable ops (matmul, concatenation), from the right: Q starts as the
first n columns of the identity (a function of A with zero gradient, as PyTorch's for k = 0)
and takes H_k, ..., H_1 in turn, each as a rank-one update Q - tau_i v_i (v_i^T Q), so the
gradients in A and tau, and their derivatives, follow.
"""

import numpy as np

from ..tensor import Tensor, tensor
from .elementwise import where
from .lapack import matrices
from .shape import concatenate


def householder_product(A, tau):
    """The first n columns of H_1 ... H_k, H_i = I - tau_i v_i v_i^T, for A (..., m, n) with
    m >= n >= k and tau (..., k), as ``torch.linalg.householder_product``."""
    op = "linalg.householder_product"
    A = matrices(A, op)
    tau = tau if isinstance(tau, Tensor) else tensor(tau)
    m, n = A.shape[-2:]
    if m < n:
        raise ValueError(f"{op}: A.shape[-2] must be at least A.shape[-1], got shape {tuple(A.shape)}")
    if tau.ndim != A.ndim - 1 or tuple(tau.shape[:-1]) != tuple(A.shape[:-2]) or tau.shape[-1] > n:
        raise ValueError(
            f"{op}: tau must have shape (*A.shape[:-2], k) with k <= {n}, got {tuple(tau.shape)} "
            f"for A of shape {tuple(A.shape)}"
        )
    if tau.dtype != A.dtype:
        raise TypeError(f"{op}: A and tau must have the same dtype, got {A.dtype} and {tau.dtype}")
    batch = tuple(A.shape[:-2])
    q = where(np.ones(A.shape, bool), np.eye(m, n, dtype=A.dtype), A)  # I, with a (zero) gradient
    for i in reversed(range(tau.shape[-1])):
        head = Tensor._make(np.broadcast_to((np.arange(i + 1) == i).astype(A.dtype), batch + (i + 1,)))
        v = concatenate([head, A[..., i + 1 :, i]], axis=-1).unsqueeze(-1)  # (..., m, 1)
        q = q - (tau[..., i].unsqueeze(-1).unsqueeze(-1) * v) @ (v.mT @ q)
    return q


def orgqr(input, tau):
    """``torch.orgqr``: ``linalg.householder_product(input, tau)``."""
    return householder_product(input, tau)
