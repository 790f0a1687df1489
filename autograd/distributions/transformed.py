"""TransformedDistribution: y = f_n(... f_1(x)) for x from a base distribution, with
log p(y) = log p_base(x) - sum log |df_i/dx|; and the distributions PyTorch builds this way
from a Normal or a Cauchy: LogNormal, HalfNormal, HalfCauchy."""

import math

from ..ops import where
from . import constraints
from .continuous import Normal
from .distribution import Distribution
from .heavy_tails import Cauchy
from .transforms import AbsTransform, ExpTransform, Transform
from .utils import broadcast_all


class TransformedDistribution(Distribution):
    arg_constraints = {}

    def __init__(self, base_distribution, transforms, validate_args=None):
        self.transforms = [transforms] if isinstance(transforms, Transform) else list(transforms)
        if not all(isinstance(t, Transform) for t in self.transforms):
            raise ValueError(f"transforms must be a Transform or a list of Transforms, got {transforms!r}")
        self.base_dist = base_distribution
        super().__init__(base_distribution.batch_shape, base_distribution.event_shape, validate_args)

    has_rsample = property(lambda self: self.base_dist.has_rsample)
    support = property(
        lambda self: self.transforms[-1].codomain if self.transforms else self.base_dist.support
    )

    def sample(self, sample_shape=()):
        x = self.base_dist.sample(sample_shape)
        for transform in self.transforms:
            x = transform(x)
        return x

    def rsample(self, sample_shape=()):
        x = self.base_dist.rsample(sample_shape)
        for transform in self.transforms:
            x = transform(x)
        return x

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        log_prob, y = 0.0, value
        for transform in reversed(self.transforms):
            x = transform._inverse(y)
            log_prob = log_prob - transform.log_abs_det_jacobian(x, y)
            y = x
        return log_prob + self.base_dist.log_prob(y)

    def cdf(self, value):
        """The base's cdf at the preimage, reflected (1 - F) where the maps decrease."""
        sign = 1
        for transform in reversed(self.transforms):
            value = transform._inverse(value)
            sign = sign * transform.sign
        value = self.base_dist.cdf(value)
        return value if isinstance(sign, int) and sign == 1 else sign * (value - 0.5) + 0.5


class LogNormal(TransformedDistribution):
    """e^X for X ~ N(loc, scale^2)."""

    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.positive
    has_rsample = True

    def __init__(self, loc, scale, validate_args=None):
        super().__init__(Normal(loc, scale, validate_args=validate_args), ExpTransform(), validate_args)

    loc = property(lambda self: self.base_dist.loc)
    scale = property(lambda self: self.base_dist.scale)
    mean = property(lambda self: (self.loc + self.scale.pow(2) / 2).exp())
    mode = property(lambda self: (self.loc - self.scale.pow(2)).exp())
    variance = property(lambda self: self.scale.pow(2).expm1() * (2 * self.loc + self.scale.pow(2)).exp())

    def expand(self, batch_shape, _instance=None):
        return LogNormal(self.loc.expand(*batch_shape), self.scale.expand(*batch_shape), validate_args=False)

    def entropy(self):
        return self.base_dist.entropy() + self.loc


class _HalfOf(TransformedDistribution):
    """|X| for X symmetric about 0:  p(y) = 2 p_X(y) for y >= 0."""

    support = constraints.nonnegative
    has_rsample = True

    def __init__(self, scale, validate_args=None):
        (scale,) = broadcast_all(scale)
        super().__init__(
            self._base(0.0 * scale, scale, validate_args=validate_args), AbsTransform(), validate_args
        )

    scale = property(lambda self: self.base_dist.scale)

    def expand(self, batch_shape, _instance=None):
        return type(self)(self.scale.expand(*batch_shape), validate_args=False)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        log_prob = self.base_dist.log_prob(value) + math.log(2)
        return where(value >= 0, log_prob, -math.inf)

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return 2 * self.base_dist.cdf(value) - 1

    def entropy(self):
        return self.base_dist.entropy() - math.log(2)


class HalfNormal(_HalfOf):
    """|X| for X ~ N(0, scale^2)."""

    arg_constraints = {"scale": constraints.positive}
    _base = Normal
    mean = property(lambda self: self.scale * math.sqrt(2 / math.pi))
    mode = property(lambda self: self.scale * 0)
    variance = property(lambda self: self.scale.pow(2) * (1 - 2 / math.pi))


class HalfCauchy(_HalfOf):
    """|X| for X ~ Cauchy(0, scale)."""

    arg_constraints = {"scale": constraints.positive}
    _base = Cauchy
    mean = property(lambda self: self.scale * 0 + math.inf)
    mode = property(lambda self: self.scale * 0)
    variance = property(lambda self: self.scale * 0 + math.inf)
