"""The ``*_ex`` variants of ``torch.linalg``: a result and LAPACK's ``info`` for each matrix
(``linalg.solve_ex``, ``inv_ex``; ``cholesky_ex`` is beside the Cholesky factor), which raise
for a failed matrix only with ``check_errors``.

info is getrf's: 0, or the 1-based index of the first zero on U's diagonal in A = P L U. The
result of a singular matrix is what LU substitution gives there, inf and NaN (PyTorch's is
LAPACK's, also inf and NaN, not always at the same places); it has no gradient. The others
are solved, and differentiated, as by ``linalg.solve`` and ``linalg.inv``.
"""

import numpy as np

from ..tensor import Tensor, tensor
from .elementwise import where
from .lapack import LinAlgError, mT, return_types, square_matrices
from .lu import getrf, permutation, substitute
from .matrices import _is_vector_rhs, inv, solve


def _batch_message(info):
    """The first failed matrix: (its info, PyTorch's '(Batch element i): ' prefix or '')."""
    first = int(np.flatnonzero(info.reshape(-1))[0])
    return int(info.reshape(-1)[first]), (f"(Batch element {first}): " if info.ndim else "")


def _singular(A, info):
    """(a mask of the singular matrices, shaped to broadcast over matrices; A with each of them
    replaced by the identity, so that solving it is safe)."""
    mask = (info != 0).reshape(info.shape + (1, 1))
    return mask, where(mask, np.eye(A.shape[-1], dtype=A.dtype), A)


def solve_ex(A, B, *, left=True, check_errors=False):
    """(result, info) as ``torch.linalg.solve_ex``: the X of ``linalg.solve(A, B, left=left)``
    and info > 0 for a singular A; with check_errors a singular A raises LinAlgError."""
    A = square_matrices(A, "linalg.solve_ex")
    B = B if isinstance(B, Tensor) else tensor(B)
    lu, pivots, info = getrf(A._data)
    if check_errors and info.any():
        _, where_ = _batch_message(info)
        raise LinAlgError(
            f"torch.linalg.solve_ex: {where_}The solver failed because the input matrix is singular."
        )
    mask, safe = _singular(A, info)
    try:
        x = solve(safe, B, left=left)
    except LinAlgError:  # A^T has an exact zero pivot where A has none: only substitution
        x = None
    if not info.any() and x is not None:
        return return_types.linalg_solve_ex(x, Tensor._make(info))
    vector = _is_vector_rhs(A, B)
    b = B._data[..., None] if vector else B._data
    perm = permutation(pivots, A.shape[-1])
    values = substitute(lu, perm, b) if left else mT(substitute(lu, perm, mT(b), adjoint=True))
    if vector:
        values, mask = values[..., 0], mask[..., 0]
    result = Tensor._make(values) if x is None else where(mask, values, x)
    return return_types.linalg_solve_ex(result, Tensor._make(info))


def inv_ex(A, *, check_errors=False):
    """(inverse, info) as ``torch.linalg.inv_ex``: info > 0 for a singular matrix, whose
    inverse is then inf and NaN; with check_errors a singular matrix raises LinAlgError."""
    A = square_matrices(A, "linalg.inv_ex")
    lu, pivots, info = getrf(A._data)
    if check_errors and info.any():
        j, where_ = _batch_message(info)
        raise LinAlgError(
            f"linalg.inv_ex: {where_}The diagonal element {j} is zero, the inversion could not be "
            "completed because the input matrix is singular."
        )
    if not info.any():
        return return_types.linalg_inv_ex(inv(A), Tensor._make(info))
    mask, safe = _singular(A, info)
    eye = np.eye(A.shape[-1], dtype=A.dtype)
    values = substitute(lu, permutation(pivots, A.shape[-1]), eye)
    return return_types.linalg_inv_ex(where(mask, values, inv(safe)), Tensor._make(info))
