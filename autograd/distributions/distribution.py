"""Distribution: what every distribution has (PyTorch's ``torch.distributions.Distribution``).

A distribution holds a batch of independent distributions (``batch_shape``), each over
events of ``event_shape``. ``sample(sample_shape)`` draws values of shape
``sample_shape + batch_shape + event_shape`` without a graph; ``rsample`` draws them as a
differentiable function of the parameters (the reparameterisation trick), where the
distribution has one. With ``validate_args`` (on by default, as in PyTorch) parameters are
checked against ``arg_constraints`` and values given to ``log_prob`` against ``support``.
"""

import numpy as np

from ..dtypes import Size
from ..grad_mode import no_grad
from ..tensor import Tensor
from . import constraints


class Distribution:
    has_rsample = False
    has_enumerate_support = False
    arg_constraints = {}
    support = None
    _validate_args = True

    @staticmethod
    def set_default_validate_args(value):
        """Turn checking on or off for the distributions made from now on."""
        if value not in (True, False):
            raise ValueError(f"set_default_validate_args: expected True or False, got {value!r}")
        Distribution._validate_args = value

    def __init__(self, batch_shape=(), event_shape=(), validate_args=None):
        self._batch_shape, self._event_shape = Size(batch_shape), Size(event_shape)
        self._given = [name for name in self.arg_constraints if name in self.__dict__]  # for expand
        if validate_args is not None:
            self._validate_args = validate_args
        if self._validate_args:
            for param, constraint in self.arg_constraints.items():
                if constraint is constraints.dependent or param not in self.__dict__:
                    continue  # set by others, or computed only when asked for
                value = getattr(self, param)
                if not bool(constraint.check(value).all()):
                    raise ValueError(
                        f"Expected parameter {param} (Tensor of shape {tuple(value.shape)}) of "
                        f"distribution {self!r} to satisfy the constraint {constraint!r}, but found "
                        f"invalid values:\n{value!r}"
                    )

    batch_shape = property(lambda self: self._batch_shape, doc="The shape of the batch of distributions")
    event_shape = property(lambda self: self._event_shape, doc="The shape of one sample of one of them")

    def expand(self, batch_shape, _instance=None):
        """The same distribution with its parameters broadcast to ``batch_shape`` (each
        parameter given at construction keeps its own event dimensions)."""
        batch = len(self._batch_shape)
        params = {
            name: getattr(self, name).expand(*batch_shape, *getattr(self, name).shape[batch:])
            for name in self._given
        }
        return type(self)(**params, validate_args=False)

    @property
    def mean(self):
        raise NotImplementedError

    @property
    def mode(self):
        raise NotImplementedError(f"{type(self).__name__} does not implement mode")

    @property
    def variance(self):
        raise NotImplementedError

    @property
    def stddev(self):
        return self.variance.sqrt()

    def sample(self, sample_shape=()):
        """Values of shape sample_shape + batch_shape + event_shape, outside any graph."""
        with no_grad():
            return self.rsample(sample_shape)

    def rsample(self, sample_shape=()):
        raise NotImplementedError(
            f"{type(self).__name__} has no rsample (its samples are not differentiable)"
        )

    def sample_n(self, n):
        return self.sample(Size((n,)))

    def log_prob(self, value):
        raise NotImplementedError

    def cdf(self, value):
        raise NotImplementedError

    def entropy(self):
        raise NotImplementedError

    def perplexity(self):
        return self.entropy().exp()

    def enumerate_support(self, expand=True):
        raise NotImplementedError

    def _extended_shape(self, sample_shape=()):
        """sample_shape + batch_shape + event_shape."""
        sample_shape = (sample_shape,) if isinstance(sample_shape, int) else tuple(sample_shape)
        return Size(sample_shape + tuple(self._batch_shape) + tuple(self._event_shape))

    def _validate_sample(self, value):
        """value must be a Tensor that broadcasts with batch_shape + event_shape and lies in
        the support (ValueError otherwise, with PyTorch's words)."""
        if not isinstance(value, Tensor):
            raise ValueError(f"The value argument to log_prob must be a Tensor, got {type(value).__name__}")
        event = len(self._event_shape)
        if tuple(value.shape[value.ndim - event :]) != tuple(self._event_shape) or value.ndim < event:
            raise ValueError(
                f"The right-most size of value must match event_shape: {value.shape} vs {self._event_shape}."
            )
        try:
            np.broadcast_shapes(tuple(value.shape), tuple(self._batch_shape) + tuple(self._event_shape))
        except ValueError:
            raise ValueError(
                f"Value is not broadcastable with batch_shape+event_shape: {value.shape} vs "
                f"{Size(self._batch_shape + self._event_shape)}."
            ) from None
        if self.support is not None and not bool(self.support.check(value).all()):
            raise ValueError(
                f"Expected value argument (Tensor of shape {tuple(value.shape)}) to be within the "
                f"support ({self.support!r}) of the distribution {self!r}, but found invalid values:\n{value!r}"
            )

    def __repr__(self):
        shown = []
        for name in self.arg_constraints:
            if name in self.__dict__:
                value = self.__dict__[name]
                shown.append(f"{name}: {value if value.numel() == 1 else value.size()}")
        return f"{type(self).__name__}({', '.join(shown)})"
