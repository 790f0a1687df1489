"""Heavy-tailed distributions of real numbers: Cauchy and StudentT.

Cauchy's noise is PyTorch's ``cauchy_``: tan(pi (u - 1/2)) for a 53-bit uniform u, with the C
library's tan; StudentT's is a standard normal over the root of a Chi2 over df, the draws
PyTorch makes (normals first, then the gammas).
"""

import math

import numpy as np

from ..ops import where
from ..random import sampling
from ..random.generator import as_generator
from ..tensor import Tensor
from . import constraints
from .distribution import Distribution
from .gamma import Chi2
from .utils import broadcast_all, standard_normal


def _standard_cauchy(shape, dtype):
    u = sampling._unit(as_generator(None), math.prod(shape), np.dtype(np.float64))
    values = [math.tan(math.pi * (v - 0.5)) for v in u.tolist()]
    return Tensor._make(np.array(values, dtype=np.float64).astype(dtype).reshape(shape))


class Cauchy(Distribution):
    """Cauchy(loc, scale):  log p(x) = -log pi - log scale - log(1 + ((x - loc) / scale)^2)."""

    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    has_rsample = True

    def __init__(self, loc, scale, validate_args=None):
        self.loc, self.scale = broadcast_all(loc, scale)
        super().__init__(self.loc.shape, validate_args=validate_args)

    mean = property(lambda self: self.loc * math.nan)
    mode = property(lambda self: self.loc)
    variance = property(lambda self: self.loc * 0 + math.inf)

    def rsample(self, sample_shape=()):
        shape = tuple(self._extended_shape(sample_shape))
        return self.loc + _standard_cauchy(shape, self.loc.dtype) * self.scale

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return -math.log(math.pi) - self.scale.log() - (((value - self.loc) / self.scale) ** 2).log1p()

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return ((value - self.loc) / self.scale).atan() / math.pi + 0.5

    def icdf(self, value):
        return (math.pi * (value - 0.5)).tan() * self.scale + self.loc

    def entropy(self):
        return math.log(4 * math.pi) + self.scale.log()


class StudentT(Distribution):
    """Student's t with df degrees of freedom, shifted and scaled:
    log p(x) = -(df + 1)/2 log(1 + y^2 / df) - log(scale sqrt(df) B(df/2, 1/2)),  y = (x - loc) / scale."""

    arg_constraints = {"df": constraints.positive, "loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    has_rsample = True

    def __init__(self, df, loc=0.0, scale=1.0, validate_args=None):
        self.df, self.loc, self.scale = broadcast_all(df, loc, scale)
        self._chi2 = Chi2(self.df)
        super().__init__(self.df.shape, validate_args=validate_args)

    mode = property(lambda self: self.loc)

    @property
    def mean(self):
        return where(self.df <= 1, math.nan, self.loc)

    @property
    def variance(self):
        df = self.df
        finite = self.scale.pow(2) * df / where(df > 2, df - 2, 1.0)
        return where(df > 2, finite, where(df > 1, math.inf, math.nan))

    def expand(self, batch_shape, _instance=None):
        return StudentT(
            *(p.expand(*batch_shape) for p in (self.df, self.loc, self.scale)), validate_args=False
        )

    def rsample(self, sample_shape=()):
        """loc + scale X / sqrt(Z / df), X ~ N(0, 1), Z ~ Chi2(df)."""
        x = standard_normal(self._extended_shape(sample_shape), self.df.dtype)
        z = self._chi2.rsample(sample_shape)
        return self.loc + self.scale * (x * (z / self.df).rsqrt())

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        y = (value - self.loc) / self.scale
        df = self.df
        z = (
            self.scale.log()
            + 0.5 * df.log()
            + 0.5 * math.log(math.pi)
            + (0.5 * df).lgamma()
            - (0.5 * (df + 1.0)).lgamma()
        )
        return -0.5 * (df + 1.0) * (y**2.0 / df).log1p() - z

    def entropy(self):
        df = self.df
        lbeta = (0.5 * df).lgamma() + math.lgamma(0.5) - (0.5 * (df + 1)).lgamma()
        digammas = (0.5 * (df + 1)).digamma() - (0.5 * df).digamma()
        return self.scale.log() + 0.5 * (df + 1) * digammas + 0.5 * df.log() + lbeta
