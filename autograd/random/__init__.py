"""Random numbers identical to PyTorch's on the CPU: same seed, same calls, same values.

Everything random in chainrule (initialisers, dropout, shuffling, toy datasets)
draws from ``default_generator`` unless given a ``generator=``, so
``autograd.manual_seed(s)`` makes a program repeatable -- and gives the numbers
PyTorch gives after ``torch.manual_seed(s)``, for the same calls, shapes and dtypes.

- generator.py: ``Generator``, PyTorch's Mersenne Twister stream and its state;
- sampling.py: the samplers on numpy arrays (how words become floats, normals,
  integers, permutations, categories);
- floats.py: the floating point that makes them bit-exact (fma, libm, AVX code);
- rejection.py: the samplers that loop until they accept (gamma, Dirichlet, Poisson, binomial);
- tensors.py: the Tensor functions (``rand``, ``randn``, ``randint``, ...).
"""

from ..tensor import Tensor
from . import sampling
from .generator import Generator, default_generator
from .tensors import (
    bernoulli,
    bernoulli_,
    binomial,
    exponential_,
    multinomial,
    normal,
    normal_,
    poisson,
    rand,
    rand_like,
    randint,
    randint_like,
    randn,
    randn_like,
    random_,
    randperm,
    uniform_,
)

__all__ = [
    "Generator",
    "bernoulli",
    "bernoulli_",
    "binomial",
    "default_generator",
    "exponential_",
    "get_rng_state",
    "initial_seed",
    "manual_seed",
    "multinomial",
    "normal",
    "normal_",
    "poisson",
    "rand",
    "rand_like",
    "randint",
    "randint_like",
    "randn",
    "randn_like",
    "random_",
    "randperm",
    "sampling",
    "seed",
    "set_rng_state",
    "uniform_",
]


def manual_seed(seed):
    """Seed the default generator (``torch.manual_seed``); returns it."""
    return default_generator.manual_seed(seed)


def seed():
    """Seed the default generator from the system's entropy; returns the seed."""
    return default_generator.seed()


def initial_seed():
    """The default generator's seed."""
    return default_generator.initial_seed()


def get_rng_state():
    """The default generator's state, a uint8 Tensor for ``set_rng_state``."""
    return Tensor._make(default_generator.get_state())


def set_rng_state(state):
    """Restore the default generator's state from ``get_rng_state``."""
    default_generator.set_state(state)
