"""``torch.linalg`` for ported code: the norms, the cross product, the Cholesky factor and
triangular solves (the rest of linear algebra is not here)."""

from .ops import cholesky, norm, solve_triangular, vector_norm
from .ops import cross as _cross


def cross(input, other, *, dim=-1):
    """The cross product of 3-vectors along ``dim`` (the last by default), as linalg.cross."""
    return _cross(input, other, dim)


__all__ = ["cholesky", "cross", "norm", "solve_triangular", "vector_norm"]
