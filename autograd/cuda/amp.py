"""``torch.cuda.amp``: the deprecated spellings of ``torch.amp``'s names with device "cuda".
Each warns FutureWarning, as PyTorch, then behaves as autograd.amp's does."""

import functools
import warnings

from .. import amp
from ..dtypes import float16


def _deprecated(name, instead):
    warnings.warn(
        f"`torch.cuda.amp.{name}(args...)` is deprecated. Please use `{instead}` instead.",
        FutureWarning,
        stacklevel=3,
    )


class autocast(amp.autocast):
    def __init__(self, enabled=True, dtype=float16, cache_enabled=True):
        _deprecated("autocast", "torch.amp.autocast('cuda', args...)")
        super().__init__("cuda", dtype=dtype, enabled=enabled, cache_enabled=cache_enabled)


class GradScaler(amp.GradScaler):
    def __init__(
        self, init_scale=2.0**16, growth_factor=2.0, backoff_factor=0.5, growth_interval=2000, enabled=True
    ):
        _deprecated("GradScaler", "torch.amp.GradScaler('cuda', args...)")
        super().__init__("cuda", init_scale, growth_factor, backoff_factor, growth_interval, enabled)


def custom_fwd(fwd=None, *, cast_inputs=None):
    _deprecated("custom_fwd", "torch.amp.custom_fwd(args..., device_type='cuda')")
    if fwd is None:
        return functools.partial(amp.custom_fwd, device_type="cuda", cast_inputs=cast_inputs)
    return amp.custom_fwd(fwd, device_type="cuda", cast_inputs=cast_inputs)


def custom_bwd(bwd):
    _deprecated("custom_bwd", "torch.amp.custom_bwd(args..., device_type='cuda')")
    return amp.custom_bwd(bwd, device_type="cuda")
