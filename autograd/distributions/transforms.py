"""Bijections y = f(x) for TransformedDistribution (``torch.distributions.transforms``): each
gives f, its inverse and log |df/dx| (``log_abs_det_jacobian``)."""

import math
import numbers

from . import constraints


class Transform:
    """A bijection (or, like AbsTransform, a map inverted on one branch)."""

    bijective = False
    sign = 1
    domain = constraints.real
    codomain = constraints.real
    event_dim = 0

    def __call__(self, x):
        return self._call(x)

    def inv(self, y):
        return self._inverse(y)

    def __eq__(self, other):
        return type(self) is type(other)

    __hash__ = object.__hash__

    def __repr__(self):
        return type(self).__name__ + "()"


class ExpTransform(Transform):
    """y = e^x;  log |dy/dx| = x."""

    bijective = True
    codomain = constraints.positive
    _call = staticmethod(lambda x: x.exp())
    _inverse = staticmethod(lambda y: y.log())

    def log_abs_det_jacobian(self, x, y):
        return x


class AbsTransform(Transform):
    """y = |x|, inverted as x = y."""

    codomain = constraints.positive
    _call = staticmethod(lambda x: x.abs())
    _inverse = staticmethod(lambda y: y)


class AffineTransform(Transform):
    """y = loc + scale x;  log |dy/dx| = log |scale|."""

    bijective = True

    def __init__(self, loc, scale, event_dim=0):
        self.loc, self.scale, self.event_dim = loc, scale, event_dim

    @property
    def sign(self):
        return math.copysign(1, self.scale) if isinstance(self.scale, numbers.Number) else self.scale.sign()

    def _call(self, x):
        return self.loc + self.scale * x

    def _inverse(self, y):
        return (y - self.loc) / self.scale

    def log_abs_det_jacobian(self, x, y):
        scale = self.scale
        if isinstance(scale, numbers.Number):
            return x * 0 + math.log(abs(scale))
        result = scale.abs().log().expand(*x.shape)
        return (
            result.reshape(*result.shape[: result.ndim - self.event_dim], -1).sum(-1)
            if self.event_dim
            else result
        )
