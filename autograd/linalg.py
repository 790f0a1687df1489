"""``torch.linalg`` for ported code: determinants, inverses and solves, decompositions
(Cholesky, QR, symmetric eigen, SVD), the pseudo-inverse and least squares, ranks, powers,
products and norms -- real floating-point matrices, batched over leading dims.

Each name is PyTorch's, with PyTorch's arguments; the ops and their derivatives are in
``autograd.ops.matrices``, ``autograd.ops.decompositions`` and ``autograd.ops.triangular``.
Not here: what needs complex numbers (``eig``, ``eigvals`` of non-symmetric matrices), and
LU, ``matrix_exp``, ``householder_product``, ``tensorinv``, ``tensorsolve``, the ``*_ex``
variants other than ``inv_ex``.
"""

from .functions import _with_out, matmul
from .ops import (
    LinAlgError,
    cholesky,
    det,
    eigh,
    eigvalsh,
    inv,
    inv_ex,
    lstsq,
    lu_factor,
    lu_factor_ex,
    matrix_exp,
    matrix_norm,
    matrix_power,
    matrix_rank,
    pinv,
    solve,
    solve_triangular,
    svdvals,
    vecdot,
    vector_norm,
)
from .ops import cross as _cross
from .ops import diagonal as _diagonal
from .ops import linalg_lu as lu
from .ops import linalg_lu_solve as lu_solve
from .ops import linalg_norm as norm
from .ops import linalg_qr as qr
from .ops import linalg_slogdet as slogdet
from .ops import linalg_svd as svd
from .ops import multi_dot as _multi_dot


def cross(input, other, *, dim=-1):
    """The cross product of 3-vectors along ``dim`` (the last by default), as linalg.cross."""
    return _cross(input, other, dim)


def diagonal(A, *, offset=0, dim1=-2, dim2=-1):
    """The diagonal ``offset`` of the matrices in dims dim1, dim2 (the last two by default)."""
    return _diagonal(A, offset, dim1, dim2)


multi_dot = _with_out(_multi_dot)  # the cheapest order, as PyTorch


__all__ = [
    "LinAlgError",
    "cholesky",
    "cross",
    "det",
    "diagonal",
    "eigh",
    "eigvalsh",
    "inv",
    "inv_ex",
    "lstsq",
    "lu",
    "lu_factor",
    "lu_factor_ex",
    "lu_solve",
    "matrix_exp",
    "matmul",
    "matrix_norm",
    "matrix_power",
    "matrix_rank",
    "multi_dot",
    "norm",
    "pinv",
    "qr",
    "slogdet",
    "solve",
    "solve_triangular",
    "svd",
    "svdvals",
    "vecdot",
    "vector_norm",
]
