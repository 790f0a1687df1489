"""``torch.linalg`` for ported code: the norms, the cross product, the Cholesky factor,
triangular solves and multi_dot (the rest of linear algebra is not here)."""

from .functions import _with_out
from .ops import cholesky, norm, solve_triangular, vector_norm
from .ops import cross as _cross
from .ops import multi_dot as _multi_dot


def cross(input, other, *, dim=-1):
    """The cross product of 3-vectors along ``dim`` (the last by default), as linalg.cross."""
    return _cross(input, other, dim)


multi_dot = _with_out(_multi_dot)


__all__ = ["cholesky", "cross", "multi_dot", "norm", "solve_triangular", "vector_norm"]
