"""The gamma family: Gamma, Chi2, Beta, Dirichlet.

Samples are PyTorch's (``autograd.random.rejection``: Marsaglia and Tsang's gamma sampler,
draw for draw). ``rsample`` is differentiable by implicit reparameterisation: for
x = F^-1(u; alpha), dx/dalpha = -(dF/dalpha) / f(x), which ``_standard_gamma_grad``
approximates as PyTorch's kernel does (a series for small x, Rice's saddle point for large
alpha, a rational fit between).
"""

import math

import numpy as np

from ..function import Function
from ..functions import stack
from ..grad_mode import no_grad
from ..ops.gamma import _digamma
from ..random import rejection
from ..tensor import Tensor
from . import constraints
from .distribution import Distribution
from .utils import broadcast_all

_COEF_UV = (
    (0.16009398, -0.094634809, 0.025146376, -0.0030648343, 1, 0.32668115, 0.10406089, 0.0014179084),
    (0.53487893, 0.1298071, 0.065735949, -0.0015649758, 0.16639465, 0.020070113, -0.0035938915, -0.00058392623),
    (0.040121004, -0.0065914022, -0.0026286047, -0.0013441777, 0.017050642, -0.0021309326, 0.00085092367, -1.5247877e-07),
)  # fmt: skip


def _gamma_grad_one(alpha, x, digamma):
    """dx/dalpha for x ~ Gamma(alpha, 1), as PyTorch's ``standard_gamma_grad_one``."""
    if x < 0.8:  # Taylor series of the incomplete gamma function
        numer, denom = 1.0, alpha
        series1, series2 = numer / denom, numer / (denom * denom)
        for i in range(1, 6):
            numer *= -x / i
            denom += 1
            series1 += numer / denom
            series2 += numer / (denom * denom)
        pow_x_alpha = math.pow(x, alpha)
        pdf = math.pow(x, alpha - 1) * math.exp(-x)
        cdf_alpha = (math.log(x) - digamma) * pow_x_alpha * series1 - pow_x_alpha * series2
        result = -cdf_alpha / pdf
        return 0.0 if math.isnan(result) else result
    if alpha > 8.0:  # Rice's saddle point expansion
        if 0.9 * alpha <= x <= 1.1 * alpha:
            numer_1 = 1 + 24 * alpha * (1 + 12 * alpha)
            numer_2 = (
                1440 * (alpha * alpha)
                + 6 * x * (53 - 120 * x)
                - 65 * x * x / alpha
                + alpha * (107 + 3600 * x)
            )
            return numer_1 * numer_2 / (1244160 * (alpha * alpha) * (alpha * alpha))
        denom = math.sqrt(8 * alpha)
        term2 = denom / (alpha - x)
        term3 = math.pow(x - alpha - alpha * math.log(x / alpha), -1.5)
        term23 = term2 - term3 if x < alpha else term2 + term3
        term1 = math.log(x / alpha) * term23 - math.sqrt(2 / alpha) * (alpha + x) / (
            (alpha - x) * (alpha - x)
        )
        stirling = 1 + 1 / (12 * alpha) * (1 + 1 / (24 * alpha))
        return -stirling * (x * term1) / denom
    u, v = math.log(x / alpha), math.log(alpha)  # a rational fit in (log(x / alpha), log alpha)
    c = [_COEF_UV[0][i] + u * (_COEF_UV[1][i] + u * _COEF_UV[2][i]) for i in range(8)]
    p = c[0] + v * (c[1] + v * (c[2] + v * c[3]))
    q = c[4] + v * (c[5] + v * (c[6] + v * c[7]))
    return math.exp(p / q)


def standard_gamma_grad(alpha, x):
    """dx/dalpha elementwise, for numpy arrays (PyTorch's ``_standard_gamma_grad``)."""
    alpha, x = np.broadcast_arrays(np.asarray(alpha), np.asarray(x))
    digammas = _digamma(alpha.astype(np.float64)).ravel().tolist()
    grads = [
        _gamma_grad_one(a, v, d) for a, v, d in zip(alpha.ravel().tolist(), x.ravel().tolist(), digammas)
    ]
    return np.array(grads, dtype=np.float64).astype(x.dtype).reshape(x.shape)


class StandardGamma(Function):
    """x ~ Gamma(alpha, 1);  dx/dalpha = -(dF(x; alpha)/dalpha) / f(x; alpha) (implicit)."""

    @staticmethod
    def forward(ctx, alpha):
        x = rejection.standard_gamma(alpha)
        ctx.save_for_backward(alpha, x)
        return x

    @staticmethod
    def backward(ctx, grad):
        alpha, x = (getattr(v, "_data", v) for v in ctx.saved_tensors)
        return grad * standard_gamma_grad(alpha, x)  # not differentiable again (nor in PyTorch)


def _lbeta_terms(concentration):
    """sum lgamma(alpha_i) - lgamma(sum alpha_i) over the last dimension."""
    return concentration.lgamma().sum(-1) - concentration.sum(-1).lgamma()


class Gamma(Distribution):
    """Gamma(concentration a, rate b):  log p(x) = a log b + (a - 1) log x - b x - lgamma(a)."""

    arg_constraints = {"concentration": constraints.positive, "rate": constraints.positive}
    support = constraints.nonnegative
    has_rsample = True

    def __init__(self, concentration, rate, validate_args=None):
        self.concentration, self.rate = broadcast_all(concentration, rate)
        super().__init__(self.concentration.shape, validate_args=validate_args)

    mean = property(lambda self: self.concentration / self.rate)
    mode = property(lambda self: ((self.concentration - 1) / self.rate).clamp(min=0))
    variance = property(lambda self: self.concentration / self.rate.pow(2))

    def rsample(self, sample_shape=()):
        """standard_gamma(a) / b, at least the dtype's smallest normal number."""
        shape = self._extended_shape(sample_shape)
        value = StandardGamma.apply(self.concentration.expand(shape)) / self.rate.expand(shape)
        tiny = float(np.finfo(value.dtype).tiny)
        value._data[...] = np.maximum(value._data, tiny)
        return value

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        a, b = self.concentration, self.rate
        return a.xlogy(b) + (a - 1).xlogy(value) - b * value - a.lgamma()

    def entropy(self):
        """a - log b + lgamma(a) + (1 - a) digamma(a)."""
        a = self.concentration
        return a - self.rate.log() + a.lgamma() + (1.0 - a) * a.digamma()


class Chi2(Gamma):
    """Chi2(df) = Gamma(df / 2, 1 / 2)."""

    arg_constraints = {"df": constraints.positive}

    def __init__(self, df, validate_args=None):
        (self.df,) = broadcast_all(df)
        super().__init__(
            0.5 * self.df, Tensor._make(np.full(self.df.shape, 0.5, dtype=self.df.dtype)), validate_args
        )

    def expand(self, batch_shape, _instance=None):
        return Chi2(self.df.expand(*batch_shape), validate_args=False)


class Dirichlet(Distribution):
    """Dirichlet(alpha) over the simplex:  log p(x) = sum (alpha_i - 1) log x_i - log B(alpha)."""

    arg_constraints = {"concentration": constraints.independent(constraints.positive, 1)}
    support = constraints.simplex
    has_rsample = True

    def __init__(self, concentration, validate_args=None):
        if not isinstance(concentration, Tensor) or concentration.ndim < 1:
            raise ValueError("`concentration` parameter must be at least one-dimensional.")
        self.concentration = concentration
        super().__init__(concentration.shape[:-1], concentration.shape[-1:], validate_args=validate_args)

    def rsample(self, sample_shape=()):
        """G / sum G, G ~ Gamma(alpha, 1) in float64 (PyTorch's draws)."""
        shape = self._extended_shape(sample_shape)
        alpha = self.concentration.expand(shape)
        gammas = StandardGamma.apply(alpha.double())
        x = gammas / gammas.sum(-1, keepdim=True)
        dtype = alpha.dtype
        with no_grad():
            low, high = float(np.finfo(dtype).tiny), float(np.nextafter(dtype.type(1), dtype.type(0)))
        return x.clamp(low, high).astype(dtype)

    def sample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        return Tensor._make(rejection.dirichlet(self.concentration.expand(shape)._data))

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return (self.concentration - 1).xlogy(value).sum(-1) - _lbeta_terms(self.concentration)

    @property
    def mean(self):
        return self.concentration / self.concentration.sum(-1, keepdim=True)

    @property
    def mode(self):
        """max(alpha - 1, 0) normalised; where all alpha < 1 (0 / 0), a one-hot at the argmax of
        that row as PyTorch computes it (NaN counts as largest: the first category)."""
        a = self.concentration
        with np.errstate(invalid="ignore"):
            mode = ((a - 1).clamp(min=0.0) / (a - 1).clamp(min=0.0).sum(-1, keepdim=True))._data.copy()
        below = (a._data < 1).all(-1)
        one_hot = (np.arange(a.shape[-1]) == mode.argmax(-1)[..., None]).astype(a.dtype)
        mode[below] = one_hot[below]
        return Tensor._make(mode)

    @property
    def variance(self):
        a0 = self.concentration.sum(-1, keepdim=True)
        return self.concentration * (a0 - self.concentration) / (a0.pow(2) * (a0 + 1))

    def entropy(self):
        """log B(alpha) + (a0 - k) digamma(a0) - sum (alpha_i - 1) digamma(alpha_i)."""
        a, k = self.concentration, self.concentration.shape[-1]
        a0 = a.sum(-1)
        return _lbeta_terms(a) + (a0 - k) * a0.digamma() - ((a - 1.0) * a.digamma()).sum(-1)


class Beta(Distribution):
    """Beta(a, b) = the first coordinate of Dirichlet([a, b])."""

    arg_constraints = {"concentration1": constraints.positive, "concentration0": constraints.positive}
    support = constraints.unit_interval
    has_rsample = True

    def __init__(self, concentration1, concentration0, validate_args=None):
        c1, c0 = broadcast_all(concentration1, concentration0)
        self._dirichlet = Dirichlet(stack([c1, c0], -1), validate_args=validate_args)
        super().__init__(self._dirichlet._batch_shape, validate_args=validate_args)

    concentration1 = property(lambda self: self._dirichlet.concentration[..., 0])
    concentration0 = property(lambda self: self._dirichlet.concentration[..., 1])
    mean = property(lambda self: self.concentration1 / (self.concentration1 + self.concentration0))

    @property
    def mode(self):
        return self._dirichlet.mode[..., 0]

    @property
    def variance(self):
        total = self.concentration1 + self.concentration0
        return self.concentration1 * self.concentration0 / (total.pow(2) * (total + 1))

    def expand(self, batch_shape, _instance=None):
        return Beta(self.concentration1.expand(*batch_shape), self.concentration0.expand(*batch_shape), False)

    def rsample(self, sample_shape=()):
        return self._dirichlet.rsample(sample_shape)[..., 0]

    def sample(self, sample_shape=()):
        return self._dirichlet.sample(sample_shape)[..., 0]

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        heads_tails = stack([value, 1.0 - value], -1)
        return self._dirichlet.log_prob(heads_tails)

    def entropy(self):
        return self._dirichlet.entropy()
