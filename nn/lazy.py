"""Lazy modules: layers that learn the size of their input at their first forward.

``nn.LazyLinear(10)`` is ``nn.Linear(?, 10)``: until it sees an input it holds
``UninitializedParameter`` placeholders (see ``nn.parameter``). Its first call
(the "dry run") runs ``initialize_parameters(input)`` before ``forward``: that
reads the size from the input (``in_features = input.shape[-1]``), gives each
placeholder its shape, initialises it exactly as the eager layer does (the
same random draws, in the same order), and turns the module into the eager
class in place -- afterwards ``type(m) is nn.Linear``::

    net = nn.Sequential(nn.LazyLinear(256), nn.ReLU(), nn.LazyLinear(10))
    net(autograd.rand(2, 20))                # the dry run
    net[0].weight.shape                      # (256, 20)

Each lazy class is ``LazyModuleMixin`` in front of the eager class: the eager
``__init__`` runs with a size of 0 (no parameters made, no random numbers
drawn), then the mixin swaps in the placeholders and registers the forward
pre-hook that does the dry run's work. ``load_state_dict`` of a full state
dict gives the placeholders the loaded shapes instead (``Module.load_state_dict``).
"""

import itertools

import numpy as np

from autograd import no_grad

from .conv import Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d
from .functional._checks import as_tensor
from .layers import BatchNorm1d, BatchNorm2d, Linear
from .normalization import InstanceNorm1d, InstanceNorm2d, _InstanceNorm
from .parameter import UninitializedBuffer, UninitializedParameter, _owned, is_lazy

__all__ = [
    "LazyModuleMixin",
    "LazyLinear",
    "LazyConv1d",
    "LazyConv2d",
    "LazyConv3d",
    "LazyConvTranspose1d",
    "LazyConvTranspose2d",
    "LazyBatchNorm1d",
    "LazyBatchNorm2d",
    "LazyInstanceNorm1d",
    "LazyInstanceNorm2d",
]


class LazyModuleMixin:
    """Put in front of a Module class: parameters whose shapes come from the first input.

    A subclass makes its placeholders in ``__init__`` and implements
    ``initialize_parameters(*args, **kwargs)`` (called with the first forward's arguments: it
    materializes every placeholder and fills it). ``cls_to_become`` is the class the module
    turns into once nothing is uninitialized (None: it stays as it is). ``_inferred`` names the
    size read from the input (``"in_features"``): 0 until then.
    """

    cls_to_become = None
    _sizes_from_input = True  # the eager class's __init__ accepts a size of 0
    _inferred = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._initialize_hook = self.register_forward_pre_hook(self._infer_parameters, with_kwargs=True)

    def has_uninitialized_params(self):
        """Whether a parameter or buffer of this module (not of its submodules) is still a placeholder."""
        return any(map(is_lazy, itertools.chain(self._parameters.values(), self._buffers.values())))

    def initialize_parameters(self, *args, **kwargs):
        """Materialize and fill the placeholders from the first forward's arguments."""
        raise NotImplementedError(f"initialize_parameters is not implemented for {type(self).__name__}")

    def reset_parameters(self):
        """The eager layer's initialisation, once the parameters have their shapes (before: nothing to fill)."""
        inferred = self._inferred is None or getattr(self, self._inferred) != 0
        if inferred and not self.has_uninitialized_params():
            super().reset_parameters()

    def _infer_parameters(self, module, args, kwargs):
        """The forward pre-hook of the dry run: initialize, then become ``cls_to_become``."""
        with no_grad():
            module.initialize_parameters(*args, **kwargs)
        if module.has_uninitialized_params():
            raise RuntimeError(f"module {type(module).__name__} has not been fully initialized")
        module._initialize_hook.remove()
        del module._initialize_hook
        if module.cls_to_become is not None:
            module.__class__ = module.cls_to_become

    def _placeholder(self, name, device, dtype, buffer=False):
        """Register an uninitialized parameter (or buffer) ``name``, made by this module."""
        if buffer:
            self.register_buffer(name, _owned(UninitializedBuffer(device=device, dtype=dtype), self, name))
        else:
            self.register_parameter(
                name, _owned(UninitializedParameter(device=device, dtype=dtype), self, name)
            )

    def _infer(self, x, axis):
        """The size ``_inferred`` as ``x.shape[axis]``, set on the module; a size of 0 is refused
        (the eager layers have no empty form, and there would be nothing to initialise)."""
        size = x.shape[axis]
        if size == 0:
            raise ValueError(
                f"{self!r}: cannot infer {self._inferred} from an input of shape {tuple(x.shape)}: "
                f"its size along dimension {axis % x.ndim} is 0"
            )
        setattr(self, self._inferred, size)
        return size

    def _materialize(self, names, shape):
        for name in names:
            tensor = getattr(self, name)
            if is_lazy(tensor):
                tensor.materialize(shape)


class LazyLinear(LazyModuleMixin, Linear):
    """``nn.Linear`` whose ``in_features`` is the last dimension of the first input; then a Linear."""

    cls_to_become = Linear
    _inferred = "in_features"

    def __init__(self, out_features, bias=True, device=None, dtype=None):
        super().__init__(0, out_features, False, device, dtype)
        self._placeholder("weight", device, dtype)
        if bias:
            self._placeholder("bias", device, dtype)

    def initialize_parameters(self, input):
        """in_features from ``input.shape[-1]``; weight and bias as Linear's ``reset_parameters``."""
        x = as_tensor(input)
        if x.ndim == 0:
            raise ValueError(f"{self!r}: cannot infer in_features from a 0-d input")
        if self.has_uninitialized_params():
            self._infer(x, -1)
            self._materialize(["weight"], (self.out_features, self.in_features))
            self._materialize(["bias"], (self.out_features,))
            self.reset_parameters()
        elif self.in_features == 0:  # materialized by load_state_dict: the loaded weight's width
            self.in_features = self.weight.shape[1]


class _LazyConvNd(LazyModuleMixin):
    """What the lazy convolutions share: in_channels from the first input's channel axis."""

    _inferred = "in_channels"

    def _init_placeholders(self, bias, device, dtype):
        self._placeholder("weight", device, dtype)
        if bias:
            self._placeholder("bias", device, dtype)

    def initialize_parameters(self, input, *args, **kwargs):
        """in_channels from the input ((N, C, ...) or unbatched (C, ...)); weight and bias as the
        eager layer's ``reset_parameters``."""
        x = as_tensor(input)
        if x.ndim not in (self.dims + 1, self.dims + 2):
            raise ValueError(
                f"{self!r}: expected an input of shape {self.layout}, got shape {tuple(x.shape)}"
            )
        if self.has_uninitialized_params():
            self._infer(x, x.ndim - self.dims - 1)
            if self.in_channels % self.groups:
                raise ValueError(
                    f"{self!r}: in_channels ({self.in_channels}, from the input of shape {tuple(x.shape)}) "
                    f"must be divisible by groups ({self.groups})"
                )
            channels = (
                (self.in_channels, self.out_channels // self.groups)
                if self.transposed
                else (self.out_channels, self.in_channels // self.groups)
            )
            self._materialize(["weight"], channels + self.kernel_size)
            self._materialize(["bias"], (self.out_channels,))
            self.reset_parameters()
        elif self.in_channels == 0:  # materialized by load_state_dict: from the loaded weight
            shape = self.weight.shape
            self.in_channels = shape[0] if self.transposed else shape[1] * self.groups


class _LazyConvolution(_LazyConvNd):
    def __init__(
        self,
        out_channels,
        kernel_size,
        stride=1,
        padding=0,
        dilation=1,
        groups=1,
        bias=True,
        padding_mode="zeros",
        device=None,
        dtype=None,
    ):
        super().__init__(0, out_channels, kernel_size, stride, padding, dilation, groups, False, padding_mode)
        self._init_placeholders(bias, device, dtype)


class _LazyConvTranspose(_LazyConvNd):
    def __init__(
        self,
        out_channels,
        kernel_size,
        stride=1,
        padding=0,
        output_padding=0,
        groups=1,
        bias=True,
        dilation=1,
        padding_mode="zeros",
        device=None,
        dtype=None,
    ):
        super().__init__(
            0,
            out_channels,
            kernel_size,
            stride,
            padding,
            output_padding,
            groups,
            False,
            dilation,
            padding_mode,
        )
        self._init_placeholders(bias, device, dtype)


class LazyConv1d(_LazyConvolution, Conv1d):
    """``nn.Conv1d`` whose ``in_channels`` is the first input's channel count; then a Conv1d."""

    cls_to_become = Conv1d


class LazyConv2d(_LazyConvolution, Conv2d):
    """``nn.Conv2d`` whose ``in_channels`` is the first input's channel count; then a Conv2d."""

    cls_to_become = Conv2d


class LazyConv3d(_LazyConvolution, Conv3d):
    """``nn.Conv3d`` whose ``in_channels`` is the first input's channel count; then a Conv3d."""

    cls_to_become = Conv3d


class LazyConvTranspose1d(_LazyConvTranspose, ConvTranspose1d):
    """``nn.ConvTranspose1d`` whose ``in_channels`` is the first input's channel count; then one."""

    cls_to_become = ConvTranspose1d


class LazyConvTranspose2d(_LazyConvTranspose, ConvTranspose2d):
    """``nn.ConvTranspose2d`` whose ``in_channels`` is the first input's channel count; then one."""

    cls_to_become = ConvTranspose2d


class _LazyNorm(LazyModuleMixin):
    """The lazy batch and instance norms: num_features from the first input's channel axis.
    PyTorch's signature: no num_features, and (for the instance norms too) ``affine=True``,
    ``track_running_stats=True`` by default."""

    _inferred = "num_features"

    def __init__(
        self,
        eps=1e-5,
        momentum=0.1,
        affine=True,
        track_running_stats=True,
        device=None,
        dtype=None,
        *,
        bias=True,
    ):
        super().__init__(0, eps, momentum, False, False)  # no tensors made yet
        self.affine, self.track_running_stats = affine, track_running_stats
        if affine:
            self._placeholder("weight", device, dtype)
            if bias:
                self._placeholder("bias", device, dtype)
        if track_running_stats:
            self._placeholder("running_mean", device, dtype, buffer=True)
            self._placeholder("running_var", device, dtype, buffer=True)
            self.register_buffer("num_batches_tracked", np.array(0, dtype=np.int64))

    def _features_axis(self, x):
        """The channel axis of ``x`` (1; 0 for an instance norm's unbatched input), its ndim checked."""
        if isinstance(self, _InstanceNorm):
            dims = self.no_batch_dims
            allowed, layouts = (dims, dims + 1), f"a {dims}-d (unbatched) or {dims + 1}-d input"
        else:
            allowed, layouts = tuple(self.layouts), "input of shape " + " or ".join(self.layouts.values())
        if x.ndim not in allowed:
            raise ValueError(f"{self!r}: expected {layouts}, got shape {tuple(x.shape)}")
        return x.ndim - self.no_batch_dims if isinstance(self, _InstanceNorm) else 1

    def initialize_parameters(self, input):
        """num_features from the input's channels; weight 1, bias 0, running mean 0 and var 1."""
        x = as_tensor(input)
        axis = self._features_axis(x)
        if self.has_uninitialized_params():
            self._infer(x, axis)
            self._materialize(["weight", "bias", "running_mean", "running_var"], (self.num_features,))
            self.reset_parameters()
        elif self.num_features == 0:  # materialized by load_state_dict: from the loaded shapes
            loaded = [t for t in (self.weight, self.running_mean) if t is not None]
            if loaded:
                self.num_features = loaded[0].shape[0]


class LazyBatchNorm1d(_LazyNorm, BatchNorm1d):
    """``nn.BatchNorm1d`` whose ``num_features`` is the first input's ``shape[1]``; then a BatchNorm1d."""

    cls_to_become = BatchNorm1d


class LazyBatchNorm2d(_LazyNorm, BatchNorm2d):
    """``nn.BatchNorm2d`` whose ``num_features`` is the first input's ``shape[1]``; then a BatchNorm2d."""

    cls_to_become = BatchNorm2d


class LazyInstanceNorm1d(_LazyNorm, InstanceNorm1d):
    """``nn.InstanceNorm1d`` whose ``num_features`` is the first input's channel count; then one."""

    cls_to_become = InstanceNorm1d


class LazyInstanceNorm2d(_LazyNorm, InstanceNorm2d):
    """``nn.InstanceNorm2d`` whose ``num_features`` is the first input's channel count; then one."""

    cls_to_become = InstanceNorm2d
