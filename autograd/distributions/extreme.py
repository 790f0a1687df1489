"""Distributions PyTorch builds by transforming a Uniform or an Exponential: Gumbel, Weibull,
Pareto, Kumaraswamy (the same base draws and maps, so the same samples up to the last bit of exp/log/pow)."""

import math

import numpy as np

from ..ops import where
from ..tensor import Tensor
from . import constraints
from .continuous import Exponential, Uniform
from .transformed import TransformedDistribution
from .transforms import AffineTransform, ExpTransform, PowerTransform
from .utils import broadcast_all

EULER = 0.57721566490153286060


def _full_like(t, value):
    return Tensor._make(np.full(t.shape, value, dtype=t.dtype))


class Gumbel(TransformedDistribution):
    """loc - scale log(-log u), u ~ U(tiny, 1 - eps):  log p(x) = z - e^z - log scale, z = (loc - x) / scale."""

    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    has_rsample = True

    def __init__(self, loc, scale, validate_args=None):
        self.loc, self.scale = broadcast_all(loc, scale)
        finfo = np.finfo(self.loc.dtype)
        base = Uniform(
            _full_like(self.loc, finfo.tiny), _full_like(self.loc, 1 - finfo.eps), validate_args=False
        )
        transforms = [
            ExpTransform().inv,
            AffineTransform(0, -_full_like(self.scale, 1.0)),
            ExpTransform().inv,
            AffineTransform(self.loc, -self.scale),
        ]
        super().__init__(base, transforms, validate_args)

    mean = property(lambda self: self.loc + self.scale * EULER)
    mode = property(lambda self: self.loc)
    stddev = property(lambda self: (math.pi / math.sqrt(6)) * self.scale)
    variance = property(lambda self: self.stddev.pow(2))

    def expand(self, batch_shape, _instance=None):
        return Gumbel(self.loc.expand(*batch_shape), self.scale.expand(*batch_shape), validate_args=False)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        z = (self.loc - value) / self.scale
        return (z - z.exp()) - self.scale.log()

    def entropy(self):
        return self.scale.log() + (1 + EULER)


class Weibull(TransformedDistribution):
    """scale E^(1/concentration), E ~ Exp(1)."""

    arg_constraints = {"scale": constraints.positive, "concentration": constraints.positive}
    support = constraints.positive
    has_rsample = True

    def __init__(self, scale, concentration, validate_args=None):
        self.scale, self.concentration = broadcast_all(scale, concentration)
        transforms = [PowerTransform(self.concentration.reciprocal()), AffineTransform(0, self.scale)]
        super().__init__(Exponential(_full_like(self.scale, 1.0)), transforms, validate_args)

    mean = property(lambda self: self.scale * (1 + self.concentration.reciprocal()).lgamma().exp())

    @property
    def mode(self):
        c = self.concentration
        return self.scale * ((c - 1) / c).pow(c.reciprocal())

    @property
    def variance(self):
        c = self.concentration
        return self.scale.pow(2) * ((1 + 2 / c).lgamma().exp() - (2 * (1 + 1 / c).lgamma()).exp())

    def expand(self, batch_shape, _instance=None):
        return Weibull(
            self.scale.expand(*batch_shape), self.concentration.expand(*batch_shape), validate_args=False
        )

    def entropy(self):
        c = self.concentration
        return EULER * (1 - c.reciprocal()) + (self.scale / c).log() + 1


class Pareto(TransformedDistribution):
    """scale e^E, E ~ Exp(alpha):  log p(x) = log alpha + alpha log scale - (alpha + 1) log x."""

    arg_constraints = {"alpha": constraints.positive, "scale": constraints.positive}
    has_rsample = True

    def __init__(self, scale, alpha, validate_args=None):
        self.scale, self.alpha = broadcast_all(scale, alpha)
        super().__init__(
            Exponential(self.alpha), [ExpTransform(), AffineTransform(0, self.scale)], validate_args
        )

    support = property(lambda self: constraints.greater_than_eq(self.scale))
    mode = property(lambda self: self.scale)

    @property
    def mean(self):
        a = self.alpha.clamp(min=1)
        return a * self.scale / (a - 1)

    @property
    def variance(self):
        a = self.alpha.clamp(min=2)
        return self.scale.pow(2) * a / ((a - 1).pow(2) * (a - 2))

    def expand(self, batch_shape, _instance=None):
        return Pareto(self.scale.expand(*batch_shape), self.alpha.expand(*batch_shape), validate_args=False)

    def entropy(self):
        return (self.scale / self.alpha).log() + (1 + self.alpha.reciprocal())


def _kumaraswamy_moment(a, b, n):
    """E[x^n] = b B(1 + n / a, b)."""
    arg = 1 + n / a
    return b * (arg.lgamma() + b.lgamma() - (arg + b).lgamma()).exp()


class Kumaraswamy(TransformedDistribution):
    """(1 - (1 - u)^(1/b))^(1/a), u ~ U(0, 1):  p(x) = a b x^(a-1) (1 - x^a)^(b-1) on [0, 1]
    (a = concentration1, b = concentration0)."""

    arg_constraints = {"concentration1": constraints.positive, "concentration0": constraints.positive}
    support = constraints.unit_interval
    has_rsample = True

    def __init__(self, concentration1, concentration0, validate_args=None):
        self.concentration1, self.concentration0 = broadcast_all(concentration1, concentration0)
        base = Uniform(
            _full_like(self.concentration0, 0.0), _full_like(self.concentration0, 1.0), validate_args=False
        )
        transforms = [
            PowerTransform(self.concentration0.reciprocal()),
            AffineTransform(1.0, -1.0),
            PowerTransform(self.concentration1.reciprocal()),
        ]
        super().__init__(base, transforms, validate_args)

    mean = property(lambda self: _kumaraswamy_moment(self.concentration1, self.concentration0, 1))

    @property
    def mode(self):
        """PyTorch's expression, exp(log1p(-b) / b - log1p(-a b)), NaN where a < 1 or b < 1. (It is
        NaN for every b > 1 too; the true mode is ((a - 1) / (a b - 1))^(1/a).)"""
        a, b = self.concentration1, self.concentration0
        with np.errstate(invalid="ignore"):
            log_mode = b.reciprocal() * (-b).log1p() - (-b * a).log1p()
        return where((b < 1) | (a < 1), math.nan, log_mode).exp()

    @property
    def variance(self):
        a, b = self.concentration1, self.concentration0
        return _kumaraswamy_moment(a, b, 2) - self.mean.pow(2)

    def expand(self, batch_shape, _instance=None):
        c1, c0 = self.concentration1.expand(*batch_shape), self.concentration0.expand(*batch_shape)
        return Kumaraswamy(c1, c0, validate_args=False)

    def entropy(self):
        a, b = self.concentration1, self.concentration0
        h_b = (b + 1).digamma() + EULER
        return (1 - b.reciprocal()) + (1 - a.reciprocal()) * h_b - a.log() - b.log()
