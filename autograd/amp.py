"""``torch.amp`` for ported code: mixed precision as a CPU-only PyTorch runs it.

chainrule computes on the CPU in float64/float32 and has no bfloat16, so:
- ``autocast("cuda")`` and ``GradScaler("cuda")`` warn, as PyTorch without a GPU does, and
  disable themselves: the program runs at full precision and ``scaler.scale(loss)`` is ``loss``.
- an *enabled* CPU autocast (PyTorch casts matmuls and convolutions to bfloat16/float16 there)
  and an enabled CPU GradScaler raise NotImplementedError rather than compute other numbers.
- ``custom_fwd``/``custom_bwd`` leave the function as it is: autocast is never on, and PyTorch
  casts a custom Function's inputs only when it is.
"""

import functools
import warnings

from . import dtypes
from .dtypes import float16

NO_LOW_PRECISION = (
    "chainrule has no bfloat16 and does not cast operations to lower precision; "
    "run at full precision with enabled=False"
)


def _device_type(device_type):
    """'cuda', 'cpu', ...: the device type named by a string; PyTorch's errors for the rest."""
    if not isinstance(device_type, str):
        raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")
    return dtypes.device(device_type).type


def is_autocast_available(device_type):
    """Whether autocast knows device_type (PyTorch: every type but meta)."""
    if not isinstance(device_type, str):
        raise TypeError(f"is_autocast_available(): device_type must be str, not {type(device_type).__name__}")
    return _device_type(device_type) != "meta"


def is_autocast_enabled(device_type="cuda"):
    """Always False: chainrule's autocast never turns on (see the module docstring)."""
    if not isinstance(device_type, str):
        raise TypeError(f"is_autocast_enabled(): device_type must be str, not {type(device_type).__name__}")
    _device_type(device_type)
    return False


def get_autocast_dtype(device_type):
    """float16 for the GPU types, as PyTorch; the CPU's is bfloat16, which chainrule lacks."""
    kind = _device_type(device_type)
    if kind == "cpu":
        raise NotImplementedError(f"get_autocast_dtype('cpu') is bfloat16: {NO_LOW_PRECISION}")
    if kind == "meta":
        raise RuntimeError("unsupported scalarType")
    return float16


class autocast:
    """``with autocast(device_type, dtype=None, enabled=True):`` or ``@autocast(...)``.

    On "cuda" it warns (there is no GPU) and does nothing; disabled, it does nothing on any
    device; enabled on the CPU it raises NotImplementedError, unless dtype is one PyTorch's CPU
    autocast refuses (it then warns and does nothing, as PyTorch)."""

    def __init__(self, device_type, dtype=None, enabled=True, cache_enabled=None):
        self.device = _device_type(device_type)
        self._enabled = False
        if not enabled:
            return
        if self.device == "cuda":
            warnings.warn("CUDA is not available or torch_xla is imported. Disabling autocast.", stacklevel=2)
        elif self.device == "cpu" and dtype is not None and dtype != float16:
            warnings.warn(
                "In CPU autocast, but the target dtype is not supported. Disabling autocast.\n"
                "CPU Autocast only supports dtypes of torch.bfloat16, torch.float16 currently.",
                stacklevel=2,
            )
        else:
            raise NotImplementedError(f"autocast(device_type={self.device!r}) enabled: {NO_LOW_PRECISION}")

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        return False

    def __call__(self, func):
        @functools.wraps(func)
        def run_in_autocast(*args, **kwargs):
            with self:
                return func(*args, **kwargs)

        return run_in_autocast


def custom_fwd(fwd=None, *, device_type, cast_inputs=None):
    """Decorator for a custom Function's forward: unchanged, since autocast is never on."""
    _device_type(device_type)
    if fwd is None:
        return functools.partial(custom_fwd, device_type=device_type, cast_inputs=cast_inputs)

    @functools.wraps(fwd)
    def forward(*args, **kwargs):
        return fwd(*args, **kwargs)

    return forward


def custom_bwd(bwd=None, *, device_type):
    """Decorator for a custom Function's backward: unchanged (it would rerun the forward's autocast)."""
    _device_type(device_type)
    if bwd is None:
        return functools.partial(custom_bwd, device_type=device_type)

    @functools.wraps(bwd)
    def backward(*args, **kwargs):
        return bwd(*args, **kwargs)

    return backward


class GradScaler:
    """Loss scaling for float16 training. ``GradScaler("cuda")`` (the default) warns that there
    is no GPU and is disabled, as in PyTorch: ``scale(loss)`` is ``loss``, ``step(optimizer)`` is
    ``optimizer.step()``, ``get_scale()`` is 1.0. Enabled on the CPU it raises NotImplementedError."""

    def __init__(
        self,
        device="cuda",
        init_scale=2.0**16,
        growth_factor=2.0,
        backoff_factor=0.5,
        growth_interval=2000,
        enabled=True,
    ):
        self._device = device
        self._enabled = False
        if not enabled:
            return
        if device == "cuda":
            warnings.warn(
                "torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  Disabling.", stacklevel=2
            )
        else:
            raise NotImplementedError(
                f"GradScaler({device!r}) enabled: chainrule scales losses only where it has no "
                "low precision to guard against; use enabled=False (it then passes everything through)"
            )

    def scale(self, outputs):
        """outputs * scale; disabled: outputs themselves."""
        return outputs

    def unscale_(self, optimizer):
        """Divide the optimizer's gradients by the scale; disabled: nothing."""

    def step(self, optimizer, *args, **kwargs):
        """optimizer.step(*args, **kwargs) (skipped on inf/NaN gradients when enabled)."""
        return optimizer.step(*args, **kwargs)

    def update(self, new_scale=None):
        """Grow or back off the scale; disabled: nothing."""

    def get_scale(self):
        return 1.0

    def is_enabled(self):
        return self._enabled

    def state_dict(self):
        """{} when disabled, as PyTorch."""
        return {}

    def load_state_dict(self, state_dict):
        """Disabled: the state is ignored, as PyTorch."""
