"""``torch.linalg`` for ported code: the norms (the rest of linear algebra is not here)."""

from .ops import norm, vector_norm

__all__ = ["norm", "vector_norm"]
