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


class _InverseTransform(Transform):
    """f^-1 of a bijection f (``f.inv``):  log |d f^-1/dy| = -log |df/dx| at x = f^-1(y)."""

    bijective = True

    def __init__(self, transform):
        self._inv = transform
        self.domain, self.codomain = transform.codomain, transform.domain

    sign = property(lambda self: self._inv.sign)

    def _call(self, x):
        return self._inv._inverse(x)

    def _inverse(self, y):
        return self._inv._call(y)

    def log_abs_det_jacobian(self, x, y):
        return -self._inv.log_abs_det_jacobian(y, x)

    def __repr__(self):
        return f"_InverseTransform({self._inv!r})"


Transform.inv = property(lambda self: _InverseTransform(self))  # f.inv is f^-1, a Transform


class PowerTransform(Transform):
    """y = x^exponent on x > 0;  log |dy/dx| = log |exponent y / x|."""

    bijective = True
    domain = constraints.positive
    codomain = constraints.positive

    def __init__(self, exponent):
        self.exponent = exponent

    @property
    def sign(self):
        return (
            math.copysign(1, self.exponent)
            if isinstance(self.exponent, numbers.Number)
            else self.exponent.sign()
        )

    def _call(self, x):
        return x.pow(self.exponent)

    def _inverse(self, y):
        return y.pow(1 / self.exponent)

    def log_abs_det_jacobian(self, x, y):
        return (self.exponent * y / x).abs().log()
