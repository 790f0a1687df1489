"""Distributions of categories: Bernoulli, Categorical, OneHotCategorical.

Each takes ``probs`` or ``logits`` (exactly one) and computes the other on first use.
Samples are PyTorch's numbers: ``bernoulli`` and ``multinomial`` read the generator as
PyTorch's CPU kernels do.
"""

import functools
import math

import numpy as np

from ..creation import arange
from ..functions import broadcast_tensors
from ..grad_mode import no_grad
from ..ops import minimum, one_hot
from ..random import bernoulli, multinomial
from ..tensor import Tensor
from . import constraints
from .distribution import Distribution
from .utils import broadcast_all, logits_to_probs, probs_to_logits


def _log_sigmoid(x):
    """log sigmoid(x) = min(x, 0) - log(1 + e^-|x|), without overflow."""
    return minimum(x, 0.0) - (-x.abs()).exp().log1p()


def _one_of(probs, logits):
    if (probs is None) == (logits is None):
        raise ValueError("Either `probs` or `logits` must be specified, but not both.")


def _enumerate(values, batch_shape, expand):
    values = values.reshape((-1,) + (1,) * len(batch_shape))
    return values.expand(-1, *batch_shape) if expand else values


class Bernoulli(Distribution):
    """1 with probability p = sigmoid(logits), else 0:  log p(x) = x log p + (1 - x) log(1 - p),
    computed from the logits as -binary_cross_entropy_with_logits (PyTorch's)."""

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.boolean
    has_enumerate_support = True

    def __init__(self, probs=None, logits=None, validate_args=None):
        _one_of(probs, logits)
        if probs is not None:
            (self.probs,) = broadcast_all(probs)
        else:
            (self.logits,) = broadcast_all(logits)
        self._param = self.probs if probs is not None else self.logits
        super().__init__(self._param.shape, validate_args=validate_args)

    logits = functools.cached_property(lambda self: probs_to_logits(self.probs, is_binary=True))
    probs = functools.cached_property(lambda self: logits_to_probs(self.logits, is_binary=True))
    param_shape = property(lambda self: self._param.shape)
    mean = property(lambda self: self.probs)
    variance = property(lambda self: self.probs * (1 - self.probs))

    @property
    def mode(self):
        """1 where p > 1/2, 0 where p < 1/2, NaN where p = 1/2."""
        p = self.probs._data
        return Tensor._make(np.where(p == 0.5, math.nan, p >= 0.5).astype(p.dtype))

    def sample(self, sample_shape=()):
        with no_grad():
            return bernoulli(self.probs.expand(self._extended_shape(sample_shape)))

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        return -((1 - value) * logits - _log_sigmoid(logits))

    def entropy(self):
        """binary_cross_entropy_with_logits(logits, probs)."""
        return (1 - self.probs) * self.logits - _log_sigmoid(self.logits)

    def enumerate_support(self, expand=True):
        return _enumerate(arange(2, dtype=self._param.dtype), self._batch_shape, expand)


class Categorical(Distribution):
    """One of K categories with probabilities ``probs`` (normalised to sum to 1 along the last
    dimension) or softmax(``logits``):  log p(k) = logits_k - logsumexp(logits)."""

    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}
    has_enumerate_support = True

    def __init__(self, probs=None, logits=None, validate_args=None):
        _one_of(probs, logits)
        param, name = (probs, "probs") if probs is not None else (logits, "logits")
        if not isinstance(param, Tensor) or param.ndim < 1:
            raise ValueError(f"`{name}` parameter must be at least one-dimensional.")
        if probs is not None:
            self.probs = probs / probs.sum(-1, keepdim=True)
        else:
            self.logits = logits - logits.logsumexp(dim=-1, keepdim=True)
        self._param = self.probs if probs is not None else self.logits
        self._num_events = self._param.shape[-1]
        super().__init__(self._param.shape[:-1], validate_args=validate_args)

    logits = functools.cached_property(lambda self: probs_to_logits(self.probs))
    probs = functools.cached_property(lambda self: logits_to_probs(self.logits))
    param_shape = property(lambda self: self._param.shape)
    support = property(lambda self: constraints.integer_interval(0, self._num_events - 1))
    mode = property(lambda self: self.probs.argmax(dim=-1))

    @property
    def mean(self):
        return Tensor._make(np.full(self._extended_shape(), math.nan, dtype=self.probs.dtype))

    variance = mean

    def sample(self, sample_shape=()):
        """``multinomial`` with replacement, one row per distribution of the batch (PyTorch's
        calls, so PyTorch's numbers)."""
        shape = self._extended_shape(sample_shape)
        count = math.prod(shape[: len(shape) - len(self._batch_shape)])
        probs_2d = self.probs.reshape(-1, self._num_events)
        return multinomial(probs_2d, count, True).T.reshape(shape)

    def log_prob(self, value):
        """logits[value] (value broadcast against the batch)."""
        if self._validate_args:
            self._validate_sample(value)
        value = value.long().unsqueeze(-1)
        value, log_pmf = broadcast_tensors(value, self.logits)
        return log_pmf.gather(-1, value[..., :1]).squeeze(-1)

    def entropy(self):
        """-sum p log p (the logits clamped to the dtype's smallest finite value)."""
        logits = self.logits.clamp(min=float(np.finfo(self.logits.dtype).min))
        return -(logits * self.probs).sum(-1)

    def enumerate_support(self, expand=True):
        return _enumerate(arange(self._num_events), self._batch_shape, expand)


class OneHotCategorical(Distribution):
    """Categorical with each sample a one-hot vector of length K (its event)."""

    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}
    support = constraints.one_hot
    has_enumerate_support = True

    def __init__(self, probs=None, logits=None, validate_args=None):
        self._categorical = Categorical(probs, logits, validate_args=validate_args)
        super().__init__(
            self._categorical.batch_shape, self._categorical.param_shape[-1:], validate_args=validate_args
        )

    probs = property(lambda self: self._categorical.probs)
    logits = property(lambda self: self._categorical.logits)
    param_shape = property(lambda self: self._categorical.param_shape)
    mean = property(lambda self: self._categorical.probs)
    variance = property(lambda self: self._categorical.probs * (1 - self._categorical.probs))

    @property
    def mode(self):
        return one_hot(self.probs.argmax(-1), self._categorical._num_events).astype(self.probs.dtype)

    def sample(self, sample_shape=()):
        indices = self._categorical.sample(sample_shape)
        return one_hot(indices, self._categorical._num_events).astype(self.probs.dtype)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return self._categorical.log_prob(value.max(-1)[1])

    def entropy(self):
        return self._categorical.entropy()

    def enumerate_support(self, expand=True):
        n = self._categorical._num_events
        values = one_hot(arange(n), n).astype(self._categorical._param.dtype)
        values = values.reshape((n,) + (1,) * len(self._batch_shape) + (n,))
        return values.expand(n, *self._batch_shape, n) if expand else values

    def expand(self, batch_shape, _instance=None):
        name = "probs" if "probs" in self._categorical.__dict__ else "logits"
        param = getattr(self._categorical, name).expand(*batch_shape, self._categorical._num_events)
        return OneHotCategorical(**{name: param}, validate_args=False)
