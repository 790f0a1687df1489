"""MultivariateNormal: N(loc, Sigma) over vectors, Sigma = L L^T given as
``covariance_matrix`` (factored by Cholesky) or ``scale_tril`` (L itself).

    log p(x) = -1/2 (k log 2 pi + |L^-1 (x - loc)|^2) - sum log diag(L)

``rsample`` is loc + L eps with eps ~ N(0, I), the noise PyTorch draws.
"""

import functools
import math

import numpy as np

from ..dtypes import Size
from ..linalg import cholesky, solve_triangular
from ..tensor import Tensor
from . import constraints
from .distribution import Distribution
from .utils import standard_normal


def _batch_shape(loc, matrix, name):
    if not isinstance(matrix, Tensor) or matrix.ndim < 2:
        raise ValueError(f"{name} must be at least two-dimensional, with optional leading batch dimensions")
    try:
        return Size(np.broadcast_shapes(tuple(matrix.shape[:-2]), tuple(loc.shape[:-1])))
    except ValueError:
        raise ValueError(
            f"MultivariateNormal: the batch shapes of loc {tuple(loc.shape)} and {name} "
            f"{tuple(matrix.shape)} cannot be broadcast together"
        ) from None


class MultivariateNormal(Distribution):
    """N(loc, covariance_matrix) or N(loc, scale_tril scale_tril^T); events are vectors."""

    arg_constraints = {
        "loc": constraints.real_vector,
        "covariance_matrix": constraints.positive_definite,
        "scale_tril": constraints.lower_cholesky,
    }
    support = constraints.real_vector
    has_rsample = True

    def __init__(
        self, loc, covariance_matrix=None, precision_matrix=None, scale_tril=None, validate_args=None
    ):
        if not isinstance(loc, Tensor) or loc.ndim < 1:
            raise ValueError("loc must be at least one-dimensional.")
        if (covariance_matrix is not None) + (scale_tril is not None) + (precision_matrix is not None) != 1:
            raise ValueError(
                "Exactly one of covariance_matrix or precision_matrix or scale_tril may be specified."
            )
        if precision_matrix is not None:
            raise NotImplementedError(
                "MultivariateNormal: precision_matrix is not available; give covariance_matrix"
            )
        if scale_tril is not None:
            batch_shape = _batch_shape(loc, scale_tril, "scale_tril matrix")
            self.scale_tril = scale_tril.expand(*batch_shape, -1, -1)
            self._unbroadcasted_scale_tril = scale_tril
        else:
            batch_shape = _batch_shape(loc, covariance_matrix, "covariance_matrix")
            self.covariance_matrix = covariance_matrix.expand(*batch_shape, -1, -1)
        self.loc = loc.expand(*batch_shape, -1)
        super().__init__(batch_shape, self.loc.shape[-1:], validate_args=validate_args)
        if covariance_matrix is not None:
            self._unbroadcasted_scale_tril = cholesky(covariance_matrix)

    mean = property(lambda self: self.loc)
    mode = property(lambda self: self.loc)

    @property
    def variance(self):
        """The diagonal of Sigma: the squared rows of L, summed."""
        return self._unbroadcasted_scale_tril.pow(2).sum(-1).expand(*self._batch_shape, *self._event_shape)

    # the parameter not given, computed from the other on first use
    scale_tril = functools.cached_property(
        lambda self: self._unbroadcasted_scale_tril.expand(*self._batch_shape, *self._event_shape, -1)
    )
    covariance_matrix = functools.cached_property(
        lambda self: (self._unbroadcasted_scale_tril @ self._unbroadcasted_scale_tril.mT).expand(
            *self._batch_shape, *self._event_shape, -1
        )
    )

    def rsample(self, sample_shape=()):
        eps = standard_normal(self._extended_shape(sample_shape), self.loc.dtype)
        return self.loc + (self._unbroadcasted_scale_tril @ eps.unsqueeze(-1)).squeeze(-1)

    def _half_log_det(self):
        return self._unbroadcasted_scale_tril.diagonal(dim1=-2, dim2=-1).log().sum(-1)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        diff = value - self.loc
        low = self._unbroadcasted_scale_tril
        shape = np.broadcast_shapes(tuple(low.shape[:-2]), tuple(diff.shape[:-1]))
        low = low.expand(*shape, -1, -1)
        z = solve_triangular(low, diff.expand(*shape, -1).unsqueeze(-1), upper=False).squeeze(-1)
        mahalanobis = z.pow(2).sum(-1)
        return -0.5 * (self._event_shape[0] * math.log(2 * math.pi) + mahalanobis) - self._half_log_det()

    def entropy(self):
        """k/2 (1 + log 2 pi) + sum log diag(L)."""
        entropy = 0.5 * self._event_shape[0] * (1.0 + math.log(2 * math.pi)) + self._half_log_det()
        return entropy if len(self._batch_shape) == 0 else entropy.expand(*self._batch_shape)
