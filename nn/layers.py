"""Layers: Linear, Bilinear, Dropout, Dropout1d, Dropout2d, AlphaDropout, FeatureAlphaDropout,
BatchNorm1d, BatchNorm2d, LayerNorm, Flatten, Unflatten, and MLP."""

import math
import numbers
from collections.abc import Iterable, Mapping, Set

import numpy as np

from autograd import dtypes, get_default_dtype, no_grad

from . import functional as F
from . import init as initializers
from .activation import ReLU, get_activation
from .functional._checks import as_tensor, check_real
from .functional.affine import _linear
from .module import Module, Parameter, Sequential

__all__ = [
    "Linear",
    "Bilinear",
    "Dropout",
    "Dropout1d",
    "Dropout2d",
    "AlphaDropout",
    "FeatureAlphaDropout",
    "Dropout3d",
    "BatchNorm1d",
    "BatchNorm2d",
    "LayerNorm",
    "Flatten",
    "Unflatten",
    "MLP",
    "MLP_INITS",
]


def _factory_dtype(device, dtype):
    """The dtype of a layer's parameters (``dtype=None``: the default); the device must be the CPU."""
    dtypes.check_device(device)
    return get_default_dtype() if dtype is None else dtypes.as_dtype(dtype)


def _check_size(value, name, owner, smallest=1):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < smallest:
        what = "a positive integer" if smallest == 1 else f"an integer >= {smallest}"
        raise ValueError(f"{owner}: {name} must be {what}, got {value!r}")
    return int(value)


def _check_sizes(value, name, owner, each):
    """An int, or an ordered sequence of them (list, tuple, ...), as a tuple of positive ints.
    Strings, bytes, sets and dicts are refused: their items are not sizes in a defined order."""
    if isinstance(value, (str, bytes, bytearray, Set, Mapping)):
        raise TypeError(
            f"{owner}: {name} must be an int or an ordered sequence (list, tuple) of ints, "
            f"got {type(value).__name__}"
        )
    if not isinstance(value, Iterable) or isinstance(value, np.ndarray) and value.ndim == 0:
        value = (value,)
    return tuple(_check_size(n, each, owner) for n in value)


class Linear(Module):
    """y = x @ W.T + b, with ``weight`` W of shape (out_features, in_features), ``bias`` b (out_features,).

    Works on any input whose last dimension is ``in_features`` (a vector, a batch (N, in),
    or more leading dimensions). Default init as PyTorch: W and b from
    U(-1/sqrt(in_features), 1/sqrt(in_features)) (``kaiming_uniform_(W, a=sqrt(5))``).
    """

    _sizes_from_input = False  # nn.LazyLinear: in_features 0 until its first forward

    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        smallest = 0 if self._sizes_from_input else 1
        self.in_features = _check_size(in_features, "in_features", type(self).__name__, smallest)
        self.out_features = _check_size(out_features, "out_features", type(self).__name__)
        dtype = _factory_dtype(device, dtype)
        self.weight = Parameter(np.empty((self.out_features, self.in_features), dtype))
        if bias:
            self.bias = Parameter(np.empty(self.out_features, dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        """PyTorch's default initialisation (see the class docstring)."""
        initializers.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            bound = 1 / math.sqrt(self.in_features)
            initializers.uniform_(self.bias, -bound, bound)

    def forward(self, x):
        return self._forward(x)

    def _forward(self, x, relu=False):
        """y, or max(y, 0) as one fused op with ``relu=True`` (``MLP`` runs Linear + ReLU so)."""
        x = as_tensor(x)
        if x.ndim == 0 or x.shape[-1] != self.in_features:
            raise ValueError(
                f"Linear(in_features={self.in_features}, out_features={self.out_features}): "
                f"expected input with {self.in_features} features in the last dimension, "
                f"got shape {tuple(x.shape)}"
            )
        return _linear(x, self.weight, self.bias, relu)

    def extra_repr(self):
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"
        )


class Bilinear(Module):
    """y = x1^T A x2 + b per output feature, ``weight`` A of shape (out_features, in1_features,
    in2_features), ``bias`` b (out_features,); inputs (*, in1_features) and (*, in2_features).

    Default init as PyTorch: A and b from U(-1/sqrt(in1_features), 1/sqrt(in1_features)).
    """

    def __init__(self, in1_features, in2_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        owner = type(self).__name__
        self.in1_features = _check_size(in1_features, "in1_features", owner)
        self.in2_features = _check_size(in2_features, "in2_features", owner)
        self.out_features = _check_size(out_features, "out_features", owner)
        dtype = _factory_dtype(device, dtype)
        self.weight = Parameter(np.empty((self.out_features, self.in1_features, self.in2_features), dtype))
        if bias:
            self.bias = Parameter(np.empty(self.out_features, dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        """PyTorch's default initialisation (see the class docstring)."""
        bound = 1 / math.sqrt(self.in1_features)
        initializers.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            initializers.uniform_(self.bias, -bound, bound)

    def forward(self, input1, input2):
        return F.bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self):
        return (
            f"in1_features={self.in1_features}, in2_features={self.in2_features}, "
            f"out_features={self.out_features}, bias={self.bias is not None}"
        )


class Dropout(Module):
    """Inverted dropout: in training, zero each element with probability ``p`` and scale the
    survivors by 1/(1-p); in eval mode, the identity. See ``nn.functional.dropout``."""

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if isinstance(p, bool) or not isinstance(p, numbers.Real) or not 0 <= p <= 1:
            raise ValueError(f"{type(self).__name__}: p must be a probability in [0, 1], got {p!r}")
        self.p, self.inplace = p, inplace

    def forward(self, x):
        return F.dropout(x, self.p, self.training, self.inplace)

    def extra_repr(self):
        return f"p={self.p}, inplace={self.inplace}"


class Dropout2d(Dropout):
    """Channel dropout: in training, zero each whole channel of an (N, C, H, W) input with
    probability ``p`` and scale the others by 1/(1-p). See ``nn.functional.dropout2d``."""

    def forward(self, x):
        return F.dropout2d(x, self.p, self.training, self.inplace)


class Dropout1d(Dropout):
    """Channel dropout of (N, C, L) (or (C, L)) inputs; see ``nn.functional.dropout1d``."""

    def forward(self, x):
        return F.dropout1d(x, self.p, self.training, self.inplace)


class AlphaDropout(Dropout):
    """Alpha dropout for SELU networks (mean and variance kept); see ``nn.functional.alpha_dropout``."""

    def forward(self, x):
        return F.alpha_dropout(x, self.p, self.training, self.inplace)


class FeatureAlphaDropout(Dropout):
    """Alpha dropout of whole channels; see ``nn.functional.feature_alpha_dropout``."""

    def forward(self, x):
        return F.feature_alpha_dropout(x, self.p, self.training, self.inplace)


class Dropout3d(Dropout):
    """Channel dropout: in training, zero each whole channel of an (N, C, D, H, W) or (C, D, H, W)
    input with probability ``p`` and scale the others by 1/(1-p). See ``nn.functional.dropout3d``."""

    def forward(self, x):
        return F.dropout3d(x, self.p, self.training, self.inplace)


class _BatchNorm(Module):
    """Batch normalisation of the C channels (axis 1) of an (N, C, ...) input:

        y = (x - mean) / sqrt(var + eps) * weight + bias

    Training: mean and (biased) var of the batch (over every axis but the channels'), and the
    buffers ``running_mean`` / ``running_var`` move towards the batch's mean and *unbiased*
    variance: ``running = (1 - momentum) * running + momentum * batch`` (``momentum=None``: a
    plain average over all batches so far). Eval: the running statistics. ``weight`` starts at
    1, ``bias`` at 0 (if ``affine``); ``num_batches_tracked`` counts training batches.
    """

    layouts = {}  # accepted numbers of dimensions -> their shapes, for the error message
    _sizes_from_input = False  # the lazy batch and instance norms: num_features 0 until their first forward

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True):
        super().__init__()
        owner = type(self).__name__
        smallest = 0 if self._sizes_from_input else 1
        self.num_features = _check_size(num_features, "num_features", owner, smallest)
        check_real(owner, "eps", eps, low=0)
        if momentum is not None:
            check_real(owner, "momentum", momentum, 0, 1)
        self.eps, self.momentum = eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        if affine:
            self.weight = Parameter(np.ones(self.num_features, get_default_dtype()))
            self.bias = Parameter(np.zeros(self.num_features, get_default_dtype()))
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", np.zeros(self.num_features, get_default_dtype()))
            self.register_buffer("running_var", np.ones(self.num_features, get_default_dtype()))
            self.register_buffer("num_batches_tracked", np.array(0, dtype=np.int64))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)

    def reset_running_stats(self):
        """Forget the running statistics: mean 0, var 1, no batch counted (if they are tracked)."""
        if self.track_running_stats:
            with no_grad():
                self.running_mean[...] = 0.0
                self.running_var[...] = 1.0
                self.num_batches_tracked[...] = 0

    def reset_parameters(self):
        """The initial state: running statistics reset, weight 1 and bias 0 (if ``affine``)."""
        self.reset_running_stats()
        if self.affine:
            initializers.ones_(self.weight)
            if self.bias is not None:
                initializers.zeros_(self.bias)

    def forward(self, x):
        x = as_tensor(x)
        if x.ndim not in self.layouts or x.shape[1] != self.num_features:
            shapes = " or ".join(
                layout.replace("C", str(self.num_features)) for layout in self.layouts.values()
            )
            raise ValueError(
                f"{type(self).__name__}(num_features={self.num_features}): expected input of "
                f"shape {shapes}, got shape {tuple(x.shape)}"
            )
        momentum = self.momentum
        if self.training and self.track_running_stats:
            with no_grad():
                self.num_batches_tracked[...] = self.num_batches_tracked._data + 1
            if momentum is None:
                momentum = 1.0 / self.num_batches_tracked.item()
        use_batch_stats = self.training or not self.track_running_stats
        return F.batch_norm(
            x,
            self.running_mean,
            self.running_var,
            self.weight,
            self.bias,
            training=use_batch_stats,
            momentum=momentum,
            eps=self.eps,
        )

    def extra_repr(self):
        return (
            f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
            f"bias={self.bias is not None}, track_running_stats={self.track_running_stats}"
        )


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of the C features of an (N, C) or (N, C, L) input (see ``_BatchNorm``)."""

    layouts = {2: "(N, C)", 3: "(N, C, L)"}


class BatchNorm2d(_BatchNorm):
    """Batch normalisation of the C channels of an (N, C, H, W) input, statistics over N, H and W
    (see ``_BatchNorm``)."""

    layouts = {4: "(N, C, H, W)"}


class LayerNorm(Module):
    """Normalise each sample over its last dimensions (``normalized_shape``):

        y = (x - mean) / sqrt(var + eps) * weight + bias     (biased var; weight 1, bias 0 at start)

    The same computation in training and eval.
    """

    def __init__(
        self, normalized_shape, eps=1e-5, elementwise_affine=True, bias=True, device=None, dtype=None
    ):
        super().__init__()
        dtype = _factory_dtype(device, dtype)
        self.normalized_shape = _check_sizes(
            normalized_shape, "normalized_shape", "LayerNorm", "each size in normalized_shape"
        )
        self.eps = check_real("LayerNorm", "eps", eps, low=0)
        self.elementwise_affine = elementwise_affine
        if elementwise_affine:
            self.weight = Parameter(np.ones(self.normalized_shape, dtype))
            if bias:
                self.bias = Parameter(np.zeros(self.normalized_shape, dtype))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)

    def forward(self, x):
        x = as_tensor(x)
        k = len(self.normalized_shape)
        if x.shape[max(x.ndim - k, 0) :] != self.normalized_shape:
            raise ValueError(
                f"LayerNorm({self.normalized_shape}): expected input whose last dimensions are "
                f"{self.normalized_shape}, got shape {tuple(x.shape)}"
            )
        return F.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return (
            f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}, "
            f"bias={self.bias is not None}"
        )


class Flatten(Module):
    """Merge dimensions start_dim..end_dim into one: (N, C, H, W) -> (N, C*H*W) by default."""

    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, x):
        return as_tensor(x).flatten(self.start_dim, self.end_dim)

    def extra_repr(self):
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    """Split dimension ``dim`` into ``unflattened_size``: Unflatten(1, (C, H, W)) undoes Flatten()."""

    def __init__(self, dim, unflattened_size):
        super().__init__()
        self.dim, self.unflattened_size = dim, tuple(unflattened_size)

    def forward(self, x):
        x = as_tensor(x)
        if not -x.ndim <= self.dim < x.ndim:
            raise IndexError(
                f"{self!r}: dim {self.dim} is out of range for an input of shape {tuple(x.shape)}"
            )
        dim = self.dim % x.ndim
        sizes = self.unflattened_size
        known = math.prod(n for n in sizes if n != -1)
        fits = known == x.shape[dim] if -1 not in sizes else known > 0 and x.shape[dim] % known == 0
        if not fits:
            raise ValueError(
                f"{self!r}: cannot split dimension {dim} of size {x.shape[dim]} "
                f"(input of shape {tuple(x.shape)}) into {self.unflattened_size}"
            )
        return x.reshape(x.shape[:dim] + self.unflattened_size + x.shape[dim + 1 :])

    def extra_repr(self):
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"


def _hooked(module):
    return bool(module._forward_hooks or module._forward_pre_hooks)


MLP_INITS = {
    "zeros": initializers.zeros_,
    "normal_fan_in": initializers.lecun_normal_,
    "lecun_normal": initializers.lecun_normal_,
    "xavier_uniform": initializers.xavier_uniform_,
    "xavier_normal": initializers.xavier_normal_,
    "kaiming_uniform": lambda w: initializers.kaiming_uniform_(w, nonlinearity="relu"),
    "kaiming_normal": lambda w: initializers.kaiming_normal_(w, nonlinearity="relu"),
    "he_normal": lambda w: initializers.kaiming_normal_(w, nonlinearity="relu"),
}


class MLP(Module):
    """A multi-layer perceptron in one line::

        nn.MLP(2, [40, 25, 10], 1, output_activation="sigmoid")   # 1416 parameters

    Each hidden size h adds ``Linear -> [BatchNorm1d(h)] -> activation -> [Dropout(dropout)]``;
    then a ``Linear`` to ``out_features`` and the ``output_activation`` (None: no activation).
    All of it sits in ``self.layers`` (a Sequential), so parameters are named
    ``layers.0.weight``, ``layers.0.bias``, ...

    Activations are names ("relu", "tanh", ... see ``nn.get_activation``), Module classes or
    None. ``init``: None keeps PyTorch's default init of every Linear; otherwise every Linear
    weight is re-initialised by ``init`` -- a name in ``MLP_INITS`` ("zeros", "normal_fan_in"
    = "lecun_normal" N(0, 1/fan_in), "xavier_uniform", "xavier_normal", "kaiming_uniform",
    "kaiming_normal" = "he_normal" N(0, 2/fan_in)) or a function called as ``init(weight)`` --
    and every Linear bias is set to zero.
    """

    def __init__(
        self,
        in_features,
        hidden_sizes,
        out_features,
        activation="relu",
        output_activation=None,
        dropout=0.0,
        batchnorm=False,
        init=None,
    ):
        super().__init__()
        sizes = [_check_size(in_features, "in_features", "MLP")]
        sizes += _check_sizes(hidden_sizes, "hidden_sizes", "MLP", "each hidden size")
        sizes.append(_check_size(out_features, "out_features", "MLP"))
        get_activation(activation)  # fail early on a bad name
        layers = Sequential()
        for n_in, n_out in zip(sizes[:-2], sizes[1:-1]):
            layers.append(Linear(n_in, n_out))
            if batchnorm:
                layers.append(BatchNorm1d(n_out))
            layers.append(get_activation(activation))
            if dropout:
                layers.append(Dropout(dropout))
        layers.append(Linear(sizes[-2], sizes[-1]))
        if output_activation is not None:
            layers.append(get_activation(output_activation))
        self.layers = layers
        if init is not None:
            self.reset_parameters(init)

    def reset_parameters(self, init):
        """Re-initialise every Linear: weight by ``init`` (a name or a function), bias to zero."""
        if isinstance(init, str):
            if init not in MLP_INITS:
                raise ValueError(
                    f"MLP: unknown init {init!r}; valid names are: {', '.join(MLP_INITS)} "
                    f"(or pass a function called as init(weight))"
                )
            init = MLP_INITS[init]
        elif not callable(init):
            raise TypeError(f"MLP: init must be None, a name or a function, got {type(init).__name__}")
        for module in self.modules():
            if isinstance(module, Linear):
                init(module.weight)
                if module.bias is not None:
                    initializers.zeros_(module.bias)
        return self

    def forward(self, x):
        """``self.layers(x)``, except that a Linear directly followed by a ReLU runs as one fused
        op, ``linear_relu``: the same numbers, a node less in the graph, and the pre-activation
        freed at once instead of kept in the graph until backward (not when either has forward
        hooks, which must see each call)."""
        layers = list(self.layers)
        i = 0
        while i < len(layers):
            fuse = (
                type(layers[i]) is Linear
                and i + 1 < len(layers)
                and type(layers[i + 1]) is ReLU
                and not (_hooked(layers[i]) or _hooked(layers[i + 1]))
            )  # hooks see both calls
            x = layers[i]._forward(x, relu=True) if fuse else layers[i](x)
            i += 2 if fuse else 1
        return x
