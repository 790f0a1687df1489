"""``torch.linalg`` for ported code: the norms and the cross product (the rest of linear
algebra is not here)."""

from .ops import cross as _cross
from .ops import norm, vector_norm


def cross(input, other, *, dim=-1):
    """The cross product of 3-vectors along ``dim`` (the last by default), as linalg.cross."""
    return _cross(input, other, dim)


__all__ = ["cross", "norm", "vector_norm"]
