"""Distributions of counts: Poisson, Binomial, Geometric, NegativeBinomial, Multinomial.

Samples are PyTorch's: ``torch.poisson`` and ``torch.binomial`` draw as its CPU kernels do
(``autograd.random.rejection``); Geometric inverts a uniform; NegativeBinomial is a Poisson
of a Gamma.
"""

import functools
import math

import numpy as np

from ..grad_mode import no_grad
from ..ops import where
from ..random import binomial, poisson, sampling
from ..tensor import Tensor
from . import constraints
from .distribution import Distribution
from .gamma import Gamma
from .utils import broadcast_all, logits_to_probs, probs_to_logits


def _probs_or_logits(self, probs, logits, *others):
    """Set probs or logits (exactly one), broadcast with ``others``; returns the others."""
    if (probs is None) == (logits is None):
        raise ValueError("Either `probs` or `logits` must be specified, but not both.")
    name, value = ("probs", probs) if probs is not None else ("logits", logits)
    values = broadcast_all(value, *others)
    setattr(self, name, values[0])
    self._param = values[0]
    return values[1:]


class Poisson(Distribution):
    """Poisson(rate):  log p(k) = k log rate - rate - lgamma(k + 1)."""

    arg_constraints = {"rate": constraints.nonnegative}
    support = constraints.nonnegative_integer

    def __init__(self, rate, validate_args=None):
        (self.rate,) = broadcast_all(rate)
        super().__init__(self.rate.shape, validate_args=validate_args)

    mean = property(lambda self: self.rate)
    mode = property(lambda self: self.rate.floor())
    variance = property(lambda self: self.rate)

    def sample(self, sample_shape=()):
        with no_grad():
            return poisson(self.rate.expand(self._extended_shape(sample_shape)))

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        rate, value = broadcast_all(self.rate, value)
        return value.xlogy(rate) - rate - (value + 1).lgamma()


class Binomial(Distribution):
    """Binomial(total_count n, p):  log p(k) = log C(n, k) + k log p + (n - k) log(1 - p)."""

    arg_constraints = {
        "total_count": constraints.nonnegative_integer,
        "probs": constraints.unit_interval,
        "logits": constraints.real,
    }
    has_enumerate_support = True

    def __init__(self, total_count=1, probs=None, logits=None, validate_args=None):
        (self.total_count,) = _probs_or_logits(self, probs, logits, total_count)
        self.total_count = self.total_count.astype(self._param.dtype)
        super().__init__(self._param.shape, validate_args=validate_args)

    logits = functools.cached_property(lambda self: probs_to_logits(self.probs, is_binary=True))
    probs = functools.cached_property(lambda self: logits_to_probs(self.logits, is_binary=True))
    param_shape = property(lambda self: self._param.shape)
    support = property(lambda self: constraints.integer_interval(0, self.total_count))
    mean = property(lambda self: self.total_count * self.probs)
    mode = property(lambda self: ((self.total_count + 1) * self.probs).floor().clamp(max=self.total_count))
    variance = property(lambda self: self.total_count * self.probs * (1 - self.probs))

    def expand(self, batch_shape, _instance=None):
        name = next(n for n in self._given if n != "total_count")
        params = {name: getattr(self, name).expand(*batch_shape)}
        return Binomial(self.total_count.expand(*batch_shape), **params, validate_args=False)

    def sample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        with no_grad():
            return binomial(self.total_count.expand(shape), self.probs.expand(shape))

    def log_prob(self, value):
        """lgamma terms of C(n, k) + k logits - n log(1 + e^logits), the last stably."""
        if self._validate_args:
            self._validate_sample(value)
        n, k = self.total_count, value
        log_factorial_n = (n + 1).lgamma()
        log_factorial_k = (k + 1).lgamma()
        log_factorial_nmk = (n - k + 1).lgamma()
        logits = self.logits
        normalize = n * logits.clamp(min=0) + n * (-logits.abs()).exp().log1p() - log_factorial_n
        return k * logits - log_factorial_k - log_factorial_nmk - normalize

    def entropy(self):
        n = int(self.total_count.max().item())
        if not bool((self.total_count == n).all()):
            raise NotImplementedError("Inhomogeneous total count not supported by `entropy`.")
        values = self.enumerate_support(False)
        log_prob = self.log_prob(values)
        return -(log_prob.exp() * log_prob).sum(0)

    def enumerate_support(self, expand=True):
        n = int(self.total_count.max().item())
        if not bool((self.total_count == n).all()):
            raise NotImplementedError("Inhomogeneous total count not supported by `enumerate_support`.")
        values = Tensor._make(np.arange(n + 1, dtype=self._param.dtype))
        values = values.reshape((-1,) + (1,) * len(self._batch_shape))
        return values.expand(-1, *self._batch_shape) if expand else values


class Geometric(Distribution):
    """The number of failures before the first success of probability p:
    log p(k) = k log(1 - p) + log p."""

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.nonnegative_integer

    def __init__(self, probs=None, logits=None, validate_args=None):
        _probs_or_logits(self, probs, logits)
        super().__init__(self._param.shape, validate_args=validate_args)
        if self._validate_args and probs is not None and not bool((self.probs > 0).all()):
            raise ValueError(
                f"Expected parameter probs (Tensor of shape {tuple(self.probs.shape)}) of distribution "
                f"{self!r} to satisfy the constraint Interval(lower_bound=0.0, upper_bound=1.0), "
                f"but found invalid values:\n{self.probs!r}"
            )

    logits = functools.cached_property(lambda self: probs_to_logits(self.probs, is_binary=True))
    probs = functools.cached_property(lambda self: logits_to_probs(self.logits, is_binary=True))
    mean = property(lambda self: 1.0 / self.probs - 1.0)
    mode = property(lambda self: self.probs * 0)
    variance = property(lambda self: (1.0 / self.probs - 1.0) / self.probs)

    def sample(self, sample_shape=()):
        """floor(log u / log(1 - p)), u ~ U(smallest normal, 1)."""
        shape = tuple(self._extended_shape(sample_shape))
        dtype = self.probs.dtype
        with no_grad():
            u = Tensor._make(sampling.uniform(shape, float(np.finfo(dtype).tiny), 1.0, dtype))
            return (u.log() / (-self.probs).log1p()).floor()

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        value, probs = broadcast_all(value, self.probs)
        probs = where((probs == 1) & (value == 0), 0.0, probs)  # 0 log 0 = 0
        return value * (-probs).log1p() + self.probs.log()

    def entropy(self):
        """binary_cross_entropy_with_logits(logits, probs) / p."""
        logits, probs = self.logits, self.probs
        bce = logits.clamp(min=0) - logits * probs + (-logits.abs()).exp().log1p()
        return bce / probs


class NegativeBinomial(Distribution):
    """The number of successes before ``total_count`` failures, success probability p:
    log p(k) = lgamma(k + r) - lgamma(k + 1) - lgamma(r) + r log(1 - p) + k log p."""

    arg_constraints = {
        "total_count": constraints.greater_than_eq(0),
        "probs": constraints.half_open_interval(0.0, 1.0),
        "logits": constraints.real,
    }
    support = constraints.nonnegative_integer

    def __init__(self, total_count, probs=None, logits=None, validate_args=None):
        (self.total_count,) = _probs_or_logits(self, probs, logits, total_count)
        self.total_count = self.total_count.astype(self._param.dtype)
        super().__init__(self._param.shape, validate_args=validate_args)

    logits = functools.cached_property(lambda self: probs_to_logits(self.probs, is_binary=True))
    probs = functools.cached_property(lambda self: logits_to_probs(self.logits, is_binary=True))
    param_shape = property(lambda self: self._param.shape)
    mean = property(lambda self: self.total_count * self.logits.exp())
    mode = property(lambda self: ((self.total_count - 1) * self.logits.exp()).floor().clamp(min=0.0))
    variance = property(lambda self: self.mean / (-self.logits).sigmoid())

    def expand(self, batch_shape, _instance=None):
        name = next(n for n in self._given if n != "total_count")
        params = {name: getattr(self, name).expand(*batch_shape)}
        return NegativeBinomial(self.total_count.expand(*batch_shape), **params, validate_args=False)

    def sample(self, sample_shape=()):
        """Poisson(Gamma(total_count, e^-logits)) (PyTorch's two draws)."""
        with no_grad():
            rate = Gamma(self.total_count, (-self.logits).exp(), validate_args=False).sample(sample_shape)
            return poisson(rate)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        r, logits = self.total_count, self.logits
        log_unnormalized = r * (-logits.clamp(min=0) - (-logits.abs()).exp().log1p()) + value * (
            logits - logits.clamp(min=0) - (-logits.abs()).exp().log1p()
        )
        log_normalization = -(r + value).lgamma() + (1.0 + value).lgamma() + r.lgamma()
        log_normalization = where((r + value) == 0, 0.0, log_normalization)
        return log_unnormalized - log_normalization


class _Multinomial(constraints.Constraint):
    """Non-negative integer vectors summing to at most ``upper_bound``."""

    is_discrete = True
    event_dim = 1

    def __init__(self, upper_bound):
        self.upper_bound = upper_bound

    def check(self, value):
        v = value._data
        return constraints._bools(((v >= 0) & (v % 1 == 0)).all(-1) & (v.sum(-1) <= self.upper_bound))

    def __repr__(self):
        return f"Multinomial(upper_bound={self.upper_bound})"


class Multinomial(Distribution):
    """Counts of ``total_count`` draws from K categories:
    log p(x) = lgamma(n + 1) - sum lgamma(x_i + 1) + sum x_i log p_i."""

    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}

    def __init__(self, total_count=1, probs=None, logits=None, validate_args=None):
        if not isinstance(total_count, int):
            raise NotImplementedError("inhomogeneous total_count is not supported")
        from .discrete import Categorical

        self.total_count = total_count
        self._categorical = Categorical(probs=probs, logits=logits, validate_args=validate_args)
        self._binomial = Binomial(total_count=total_count, probs=self._categorical.probs)
        param = self._categorical._param
        super().__init__(param.shape[:-1], param.shape[-1:], validate_args=validate_args)

    probs = property(lambda self: self._categorical.probs)
    logits = property(lambda self: self._categorical.logits)
    param_shape = property(lambda self: self._categorical.param_shape)
    support = property(lambda self: _Multinomial(self.total_count))
    mean = property(lambda self: self.probs * self.total_count)
    variance = property(lambda self: self.total_count * self.probs * (1 - self.probs))

    def expand(self, batch_shape, _instance=None):
        name = "probs" if "probs" in self._categorical.__dict__ else "logits"
        param = getattr(self._categorical, name).expand(*batch_shape, *self._event_shape)
        return Multinomial(self.total_count, **{name: param}, validate_args=False)

    def sample(self, sample_shape=()):
        """total_count categories per distribution (PyTorch's draws), counted."""
        sample_shape = (sample_shape,) if isinstance(sample_shape, int) else tuple(sample_shape)
        with no_grad():
            draws = self._categorical.sample((self.total_count,) + sample_shape)._data
            draws = np.moveaxis(draws, 0, -1)
            k = self._event_shape[0]
            counts = (draws[..., None] == np.arange(k)).sum(-2)
            return Tensor._make(counts.astype(self.probs.dtype))

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        logits = where((value == 0) & (logits == -np.inf), 0.0, logits)
        log_factorial_n = (value.sum(-1) + 1).lgamma()
        log_factorial_xs = (value + 1).lgamma().sum(-1)
        return log_factorial_n - log_factorial_xs + (logits * value).sum(-1)

    def entropy(self):
        """n H(categorical) - lgamma(n + 1) + sum_i E[lgamma(x_i + 1)], x_i ~ Binomial(n, p_i)."""
        n = self.total_count
        term1 = n * self._categorical.entropy() - math.lgamma(n + 1)
        support = self._binomial.enumerate_support(expand=False)[1:]
        binomial_probs = self._binomial.log_prob(support).exp()
        weights = (support + 1).lgamma()
        return term1 + (binomial_probs * weights).sum((0, -1))
