"""``torch.jit`` for an eager engine: everything runs as plain Python, nothing is compiled.

``script``/``trace`` return what they are given (``trace`` runs it once on the example, so a
bad example fails where PyTorch's trace fails); ``save``/``load`` write and read the whole
module with ``autograd.save``/``autograd.load``; ``fork`` runs the call at once and ``wait``
hands back its result. ``is_scripting()`` and ``is_tracing()`` are always False, so code that
branches on them takes its eager path, as it does under PyTorch without jit.
"""

import warnings
from typing import Final  # noqa: F401  (torch.jit.Final is typing's Final)

from . import serialization


class ScriptModule:
    """Nothing is ever a ScriptModule here: ``script(m)`` returns ``m`` itself."""


class ScriptFunction:
    """Nothing is ever a ScriptFunction here: ``script(f)`` returns ``f`` itself."""


def script(obj=None, optimize=None, _frames_up=0, _rcb=None, example_inputs=None):
    """``obj`` (a function, Module or class) unchanged; it runs eagerly. Also a decorator."""
    _deprecated("script")
    return obj


def trace(func, example_inputs=None, *args, example_kwarg_inputs=None, **kwargs):
    """Run ``func`` once on ``example_inputs`` (a Tensor or a tuple of them) and return ``func``."""
    _deprecated("trace")
    _run_once(func, example_inputs, example_kwarg_inputs)
    return func


def trace_module(mod, inputs, *args, example_inputs_is_kwarg=False, **kwargs):
    """Run each ``mod.<method>`` of ``inputs`` (``{"forward": example, ...}``) once; return ``mod``."""
    _deprecated("trace_method")  # PyTorch 2.13's text for trace_module
    if not isinstance(inputs, dict):
        raise TypeError(
            f"trace_module: inputs must be a dict of method name to example inputs, got {type(inputs).__name__}"
        )
    for name, example in inputs.items():
        method = getattr(mod, name)
        _run_once(
            method, None if example_inputs_is_kwarg else example, example if example_inputs_is_kwarg else None
        )
    return mod


def _deprecated(name):
    message = f"`torch.jit.{name}` is deprecated. Please switch to `torch.compile` or `torch.export`."
    warnings.warn(message, DeprecationWarning, stacklevel=3)


def _run_once(func, example_inputs, example_kwarg_inputs):
    if example_kwarg_inputs is not None:
        return func(**example_kwarg_inputs)
    if example_inputs is None:
        return func()
    return func(*example_inputs) if isinstance(example_inputs, tuple) else func(example_inputs)


def _decorator(fn=None, **kwargs):
    """``fn`` unchanged, written ``@ignore``, ``@ignore(drop=True)`` or ``@unused``."""
    return fn if fn is not None else (lambda f: f)


ignore = unused = _decorator


def export(fn):
    """``fn`` unchanged (marks a method to compile in PyTorch)."""
    return fn


script_method = export


def script_if_tracing(fn):
    """``fn`` unchanged: nothing is ever traced."""
    return fn


def is_scripting():
    """False: code always runs eagerly."""
    return False


def is_tracing():
    """False: code always runs eagerly."""
    return False


def annotate(the_type, the_value):
    """``the_value``: a type hint for the TorchScript compiler, which eager code does not need."""
    return the_value


class Attribute:
    """``Attribute(value, type)``: in eager Python, ``self.x = Attribute(v, T)`` is simply ``v``."""

    def __new__(cls, value, type=None):
        return value


def freeze(mod, preserved_attrs=None, optimize_numerics=True):
    """``mod`` unchanged (there are no compiled constants to fold)."""
    return mod


def optimize_for_inference(mod, other_methods=None):
    """``mod`` unchanged."""
    return mod


def save(m, f, _extra_files=None):
    """Write the whole module ``m`` to ``f`` with ``autograd.save`` (not TorchScript's format)."""
    serialization.save(m, f)


def load(f, map_location=None, _extra_files=None):
    """Read a module written by ``jit.save`` (a pickle: only load files you trust)."""
    return serialization.load(f, map_location=map_location, weights_only=False)


class Future:
    """The result of ``fork``: already computed, as ``wait``/``value()``/``done()`` report."""

    def __init__(self, value):
        self._value = value

    def wait(self):
        return self._value

    value = wait

    def done(self):
        return True


def fork(func, *args, **kwargs):
    """Call ``func(*args, **kwargs)`` now; a Future holding its result."""
    return Future(func(*args, **kwargs))


def wait(future):
    """The result of a ``fork``."""
    return future.wait()
