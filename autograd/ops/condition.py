"""The condition number of a matrix, kappa_p(A) = ||A||_p ||A^-1||_p (``torch.linalg.cond``):
for p = 2 (the default) and -2 the ratio of the extreme singular values (any shape), for
'nuc' sum(S) sum(1/S); for 'fro', 1, -1, inf, -inf the product of the norms (square A, inf
where A is singular, as PyTorch). Written with svdvals, matrix_norm and inv_ex, so it is differentiable."""

import math

import numpy as np

from ..tensor import Tensor, tensor
from .decompositions import svdvals
from .elementwise import where
from .lapack import matrices, square_matrices
from .matrices import matrix_norm
from .with_info import inv_ex

_NORMS = ("fro", "nuc", 1, -1, math.inf, -math.inf)


def cond(A, p=None):
    """kappa_p(A) per matrix, as ``torch.linalg.cond``: p None / 2 / -2 from the singular
    values, 'fro', 'nuc', 1, -1, inf, -inf from ||A||_p ||A^-1||_p (inf for a singular A)."""
    A = A if isinstance(A, Tensor) else tensor(A)
    if p in (None, 2, -2) and not isinstance(p, bool):
        values = svdvals(matrices(A, "linalg.cond"))
        largest, smallest = values[..., 0], values[..., -1]
        return largest / smallest if p != -2 else smallest / largest
    if isinstance(p, bool) or p not in _NORMS:
        raise ValueError(
            f"linalg.cond: p must be one of None, 2, -2, 'fro', 'nuc', 1, -1, inf, -inf; got {p!r}"
        )
    A = square_matrices(A, f"linalg.cond(ord={p})")
    if p == "nuc":  # sum(S) sum(1/S), from the singular values as PyTorch (NaN for A = 0)
        values = svdvals(A)
        with np.errstate(divide="ignore", invalid="ignore"):
            return values.sum(-1) * (1 / values).sum(-1)
    inverse, info = inv_ex(A)
    singular = info._data != 0
    inverse = where(singular[..., None, None], np.eye(A.shape[-1], dtype=A.dtype), inverse)  # no NaN
    return where(singular, np.array(np.inf, A.dtype), matrix_norm(A, p) * matrix_norm(inverse, p))
