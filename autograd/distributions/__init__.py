"""Probability distributions with PyTorch's interface (``torch.distributions`` in ported code):
sample, rsample, log_prob, entropy, mean, variance, and kl_divergence between them.

Samples are PyTorch's numbers after the same ``manual_seed`` wherever the sampler underneath
(``autograd.random``: normal, uniform, bernoulli, multinomial, exponential) matches PyTorch's,
which holds for every distribution here (Gamma, Beta, Dirichlet, Poisson and Binomial repeat
PyTorch's rejection samplers draw for draw; see ``autograd.random.rejection``).
"""

from . import constraints, transforms
from .continuous import Exponential, Laplace, Normal, Uniform
from .counts import Binomial, Geometric, Multinomial, NegativeBinomial, Poisson
from .discrete import Bernoulli, Categorical, OneHotCategorical
from .distribution import Distribution
from .extreme import Gumbel, Kumaraswamy, Pareto, Weibull
from .gamma import Beta, Chi2, Dirichlet, Gamma
from .heavy_tails import Cauchy, StudentT
from .independent import Independent
from .kl import kl_divergence, register_kl
from .multivariate import MultivariateNormal
from .transformed import HalfCauchy, HalfNormal, LogNormal, TransformedDistribution

__all__ = [
    "Poisson",
    "NegativeBinomial",
    "Geometric",
    "Gamma",
    "Gumbel",
    "HalfCauchy",
    "HalfNormal",
    "Dirichlet",
    "Chi2",
    "Binomial",
    "Beta",
    "Bernoulli",
    "Categorical",
    "Cauchy",
    "Distribution",
    "Exponential",
    "Independent",
    "Kumaraswamy",
    "Laplace",
    "LogNormal",
    "Multinomial",
    "MultivariateNormal",
    "Normal",
    "OneHotCategorical",
    "Pareto",
    "StudentT",
    "TransformedDistribution",
    "Uniform",
    "Weibull",
    "constraints",
    "kl_divergence",
    "register_kl",
    "transforms",
]
