"""What the linear-algebra ops share: their error type, their argument checks, the named
tuples they return, and one way to call numpy's LAPACK routines."""

from types import SimpleNamespace

import numpy as np

from ..tensor import Tensor, tensor
from .sorting import _named_tuple


class LinAlgError(ValueError, RuntimeError):
    """A matrix the computation cannot handle: singular, not positive-definite, or a LAPACK
    routine that did not converge. A ValueError, and also a RuntimeError (PyTorch's
    ``torch.linalg.LinAlgError`` is one)."""


return_types = SimpleNamespace(
    **{
        name: _named_tuple(name, fields)
        for name, fields in {
            "linalg_eigh": ("eigenvalues", "eigenvectors"),
            "linalg_svd": ("U", "S", "Vh"),
            "svd": ("U", "S", "V"),
            "linalg_qr": ("Q", "R"),
            "qr": ("Q", "R"),
            "linalg_slogdet": ("sign", "logabsdet"),
            "slogdet": ("sign", "logabsdet"),
            "linalg_lstsq": ("solution", "residuals", "rank", "singular_values"),
            "linalg_inv_ex": ("inverse", "info"),
            "linalg_lu_factor": ("LU", "pivots"),
            "linalg_lu_factor_ex": ("LU", "pivots", "info"),
            "linalg_lu": ("P", "L", "U"),
            "lu_unpack": ("P", "L", "U"),
            "_lu_with_info": ("LU", "pivots", "info"),
            "linalg_cholesky_ex": ("L", "info"),
            "linalg_ldl_factor": ("LD", "pivots"),
            "linalg_ldl_factor_ex": ("LD", "pivots", "info"),
            "linalg_solve_ex": ("result", "info"),
            "triangular_solve": ("solution", "cloned_coefficient"),
        }.items()
    }
)


def lapack(routine, *arrays, op, failure, **options):
    """``routine(*arrays)`` with numpy's LinAlgError as ours (``failure`` says why, as PyTorch
    does), and without numpy's warnings: NaN or inf in gives NaN or inf out, as in PyTorch."""
    try:
        with np.errstate(all="ignore"):
            return routine(*arrays, **options)
    except np.linalg.LinAlgError:
        shapes = " and ".join(str(tuple(np.shape(a))) for a in arrays)
        raise LinAlgError(f"{op}: {failure} (shape {shapes})") from None


def matrices(A, op, name="A"):
    """A as a floating-point Tensor with at least 2 dims, else a clear error."""
    A = A if isinstance(A, Tensor) else tensor(A)
    if A.ndim < 2:
        raise ValueError(f"{op}: {name} must have at least 2 dimensions, got shape {tuple(A.shape)}")
    if A.dtype.kind != "f":
        raise TypeError(f"{op}: {name} must be floating-point, got dtype {A.dtype}")
    return A


def square_matrices(A, op, name="A"):
    """A as a floating-point Tensor of (batches of) square matrices, else a clear error."""
    A = matrices(A, op, name)
    if A.shape[-1] != A.shape[-2]:
        raise ValueError(
            f"{op}: {name} must be batches of square matrices, but they are "
            f"{A.shape[-2]} by {A.shape[-1]} matrices (shape {tuple(A.shape)})"
        )
    return A


def mT(x):
    """The last two dims swapped, on an array or a Tensor."""
    return x.swapaxes(-1, -2)


def row(v):
    """A batch of vectors (..., n) as rows (..., 1, n), to scale a matrix's columns."""
    return v.reshape(tuple(v.shape[:-1]) + (1, v.shape[-1]))


def column(v):
    """A batch of vectors (..., n) as columns (..., n, 1), to scale a matrix's rows."""
    return v.reshape(tuple(v.shape) + (1,))
