"""Global switches PyTorch programs set for reproducibility and speed, and what they mean here.

- ``use_deterministic_algorithms(mode, warn_only=False)`` and ``set_deterministic_debug_mode``:
  every chainrule op is deterministic already (numpy on the CPU, seeded generators), so there
  is nothing to switch; the setting is kept and reported back (``are_deterministic_algorithms_
  enabled``, ``get_deterministic_debug_mode``: 0 off, 1 warn, 2 error) exactly as PyTorch's.
- ``set_float32_matmul_precision("highest" | "high" | "medium")``: float32 products are always
  computed in full float32 (numpy's BLAS; PyTorch's CPU kernels mostly ignore it too); the
  setting is kept and ``get_float32_matmul_precision`` returns it.
- ``set_warn_always(b)``: kept for ``is_warn_always_enabled``; chainrule's warnings follow
  Python's ``warnings`` filters whatever it is.
- ``set_anomaly_enabled(mode)`` is ``detect_anomaly`` switched on or off for the thread.
"""

import warnings

from . import anomaly

_state = {"deterministic": 0, "matmul_precision": "highest", "warn_always": False}
_DEBUG_MODES = {"default": 0, "warn": 1, "error": 2}


def _flag(value, what):
    if not isinstance(value, bool):
        raise TypeError(f"{what}: expects a bool, got {type(value).__name__}")
    return value


def use_deterministic_algorithms(mode, *, warn_only=False):
    """Record the request (chainrule's ops are all deterministic)."""
    _flag(mode, "use_deterministic_algorithms")
    _flag(warn_only, "use_deterministic_algorithms(warn_only=)")
    _state["deterministic"] = 0 if not mode else 1 if warn_only else 2


def are_deterministic_algorithms_enabled():
    return _state["deterministic"] > 0


def is_deterministic_algorithms_warn_only_enabled():
    return _state["deterministic"] == 1


def set_deterministic_debug_mode(debug_mode):
    """``"default"``/0, ``"warn"``/1 or ``"error"``/2, as ``use_deterministic_algorithms``."""
    if isinstance(debug_mode, str):
        if debug_mode not in _DEBUG_MODES:
            raise ValueError(
                f"set_deterministic_debug_mode: expected one of 'default', 'warn', 'error', got {debug_mode!r}"
            )
        debug_mode = _DEBUG_MODES[debug_mode]
    if isinstance(debug_mode, bool) or debug_mode not in (0, 1, 2):
        raise ValueError(f"set_deterministic_debug_mode: expected 0, 1 or 2, got {debug_mode!r}")
    _state["deterministic"] = int(debug_mode)


def get_deterministic_debug_mode():
    return _state["deterministic"]


def set_float32_matmul_precision(precision):
    """Record ``precision``; an unknown one is ignored with a warning, as in PyTorch."""
    if precision not in ("highest", "high", "medium"):
        warnings.warn(
            f"{precision!r} is not one of 'highest', 'high', or 'medium'; set_float32_matmul_precision "
            "has no effect",
            UserWarning,
            stacklevel=2,
        )
        return
    _state["matmul_precision"] = precision


def get_float32_matmul_precision():
    return _state["matmul_precision"]


def set_warn_always(b):
    _state["warn_always"] = _flag(b, "set_warn_always")


def is_warn_always_enabled():
    return _state["warn_always"]


def set_anomaly_enabled(mode, check_nan=True):
    """Switch ``detect_anomaly``'s checks on or off in this thread (outside any ``with``); they
    look for NaN and inf whatever ``check_nan`` is."""
    anomaly._mode.enabled = _flag(mode, "set_anomaly_enabled")
