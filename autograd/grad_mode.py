"""Switching graph recording on and off: ``no_grad`` and ``enable_grad``.

The switch is thread-local: ``no_grad`` in one thread does not affect
another. Both work as context managers and as decorators.
"""

import functools
import threading


class _GradMode(threading.local):
    enabled = True
    inference = False  # inside inference_mode()


_mode = _GradMode()


def is_grad_enabled():
    """True when operations record the graph needed by ``backward``."""
    return _mode.enabled


class set_grad_enabled:
    """Context manager / decorator that sets graph recording to ``mode``."""

    def __init__(self, mode):
        self.mode = bool(mode)
        self._previous = []

    def __enter__(self):
        self._previous.append(_mode.enabled)
        _mode.enabled = self.mode
        return self

    def __exit__(self, *exc_info):
        _mode.enabled = self._previous.pop()
        return False

    def __call__(self, function):
        mode = self.mode

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            with set_grad_enabled(mode):  # a fresh one per call: re-entrant, thread-safe
                return function(*args, **kwargs)

        return wrapper


class no_grad(set_grad_enabled):
    """Record no graph inside: ``with no_grad(): ...``, ``@no_grad()`` or ``@no_grad``."""

    def __new__(cls, function=None):
        if function is not None:  # used bare, as @no_grad
            return set_grad_enabled(False)(function)
        return super().__new__(cls)

    def __init__(self, function=None):
        super().__init__(False)


class enable_grad(set_grad_enabled):
    """Record the graph inside, even within ``no_grad``."""

    def __new__(cls, function=None):
        if function is not None:
            return set_grad_enabled(True)(function)
        return super().__new__(cls)

    def __init__(self, function=None):
        super().__init__(True)


class inference_mode:
    """PyTorch's ``inference_mode(mode=True)``: here ``no_grad`` that ``is_inference_mode_enabled()``
    reports (there are no inference Tensors: Tensors made inside behave as any other);
    ``inference_mode(False)`` records, as ``enable_grad``, as PyTorch's does. A context manager,
    or a decorator with or without the call."""

    def __new__(cls, mode=True):
        if not isinstance(mode, bool):  # used bare, as @inference_mode
            return cls()(mode)
        return super().__new__(cls)

    def __init__(self, mode=True):
        self.mode = mode
        self._previous = []

    def __enter__(self):
        self._previous.append((_mode.enabled, _mode.inference))
        _mode.inference, _mode.enabled = self.mode, not self.mode
        return self

    def __exit__(self, *exc_info):
        _mode.enabled, _mode.inference = self._previous.pop()
        return False

    def __call__(self, function):
        mode = self.mode

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            with inference_mode(mode):
                return function(*args, **kwargs)

        return wrapper


def is_inference_mode_enabled():
    """True inside ``inference_mode()``."""
    return _mode.inference
