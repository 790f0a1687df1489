"""``torch.linalg`` for ported code: determinants, inverses and solves, decompositions
(Cholesky, QR, symmetric eigen, SVD), the pseudo-inverse and least squares, ranks, powers,
products and norms -- real floating-point matrices, batched over leading dims.

Each name is PyTorch's, with PyTorch's arguments; the ops and their derivatives are in
``autograd.ops.matrices``, ``autograd.ops.decompositions`` and ``autograd.ops.triangular``.
LU (``lu_factor``, ``lu``, ``lu_solve``), LDL^T (``ldl_factor``, ``ldl_solve``), ``matrix_exp``,
``householder_product``, ``tensorinv``, ``tensorsolve``, ``vander``, ``cond`` and the ``*_ex``
variants are in their own modules of ``autograd.ops``. Not here: what needs complex numbers
(``eig`` and ``eigvals`` raise NotImplementedError saying so).
"""

from .functions import _with_out, matmul
from .ops import (
    LinAlgError,
    cholesky,
    cholesky_ex,
    cond,
    det,
    eigh,
    eigvalsh,
    householder_product,
    inv,
    inv_ex,
    ldl_factor,
    ldl_factor_ex,
    ldl_solve,
    lstsq,
    lu_factor,
    lu_factor_ex,
    matrix_exp,
    matrix_norm,
    matrix_power,
    matrix_rank,
    pinv,
    solve,
    solve_ex,
    solve_triangular,
    svdvals,
    tensorinv,
    tensorsolve,
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
from .ops import linalg_vander as vander
from .ops import multi_dot as _multi_dot


def cross(input, other, *, dim=-1):
    """The cross product of 3-vectors along ``dim`` (the last by default), as linalg.cross."""
    return _cross(input, other, dim)


def diagonal(A, *, offset=0, dim1=-2, dim2=-1):
    """The diagonal ``offset`` of the matrices in dims dim1, dim2 (the last two by default)."""
    return _diagonal(A, offset, dim1, dim2)


multi_dot = _with_out(_multi_dot)  # the cheapest order, as PyTorch

_COMPLEX = (
    "the eigenvalues of a general real matrix are complex numbers, and chainrule has no complex "
    "dtypes; for a symmetric matrix use linalg.eigh / linalg.eigvalsh"
)


def eig(A, *, out=None):
    """Not available: ``torch.linalg.eig`` returns complex Tensors, which chainrule lacks."""
    raise NotImplementedError(f"linalg.eig: {_COMPLEX}")


def eigvals(A, *, out=None):
    """Not available: ``torch.linalg.eigvals`` returns complex Tensors, which chainrule lacks."""
    raise NotImplementedError(f"linalg.eigvals: {_COMPLEX}")


__all__ = [
    "LinAlgError",
    "cholesky",
    "cholesky_ex",
    "cond",
    "cross",
    "det",
    "diagonal",
    "eig",
    "eigh",
    "eigvals",
    "eigvalsh",
    "householder_product",
    "inv",
    "inv_ex",
    "ldl_factor",
    "ldl_factor_ex",
    "ldl_solve",
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
    "solve_ex",
    "solve_triangular",
    "svd",
    "svdvals",
    "tensorinv",
    "tensorsolve",
    "vander",
    "vecdot",
    "vector_norm",
]
