"""Scalar: one number that remembers how it was computed (the micrograd-sized engine).

A graph of single numbers (micrograd's demo: an MLP written neuron by
neuron) is where a Tensor costs most: every op on a 0-d Tensor pays numpy's
price for an array of one element. A ``Scalar`` holds a Python float and
records each op as the op's derivative function and its one or two inputs,
in one object per node: no closures, so no reference cycles, and graphs are
freed as soon as the last reference goes.

    x = Scalar(2.0, requires_grad=True)
    y = x * x + x.tanh()
    y.backward()          # x.grad == 2x + 1 - tanh(x)^2

Each op below is a method that computes its value, followed by its
derivative: ``_<op>_derivative(g, a, [b,] out)`` returns ``g`` times the
partial derivatives of ``out`` with respect to ``a`` (and ``b``). The
derivatives use only arithmetic and the helpers ``_divide``, ``_power``,
``_log`` and ``_value``, which work on floats and on Scalars alike: ``backward`` calls them with floats, and with
Scalars when ``create_graph=True``, so derivatives of derivatives come free.

Values follow IEEE arithmetic like the Tensor ops (1/0 = inf, log(-1) = nan,
e^1000 = inf), not Python's float exceptions.
"""

import math
import numbers
from operator import attrgetter

import numpy as np

from . import clock
from .grad_mode import _mode, enable_grad


class Scalar:
    """A number (``data``, a Python float) with automatic differentiation.

    ``Scalar(data, requires_grad=False, name=None)``. After ``backward()``,
    ``grad`` is d(output)/d(this Scalar) on every Scalar of the graph, as in
    micrograd (under ``create_graph=True`` on leaves only); on leaves it
    accumulates over calls, as ``Tensor.grad`` does.
    """

    __slots__ = ("data", "grad", "requires_grad", "_derivative", "_a", "_b", "_sequence", "_name")
    __array_ufunc__ = None  # numpy defers to us: np.float64(2) * s calls s.__rmul__
    shape, ndim, size, dtype = (), 0, 1, np.dtype(np.float64)  # as a 0-d float64 Tensor's

    def __init__(self, data, requires_grad=False, name=None):
        if isinstance(data, np.ndarray) and data.ndim == 0:
            data = data.item()
        if not isinstance(data, numbers.Real):
            raise TypeError(
                f"Scalar holds one real number (int or float); got {type(data).__name__}. "
                "Arrays, lists and Tensors belong in a Tensor (for the value of one "
                "element, pass x.item())"
            )
        if not isinstance(requires_grad, bool):
            raise TypeError(f"Scalar: requires_grad must be True or False, got {requires_grad!r}")
        _fill_leaf(self, _as_float(data), requires_grad)
        if name is not None:
            self.name = name

    def __repr__(self):
        op = f", op={self.op!r}" if self.op else ""
        grad = f", grad={self.grad!r}" if self.grad is not None else ""
        return f"Scalar({self.data!r}{op}{grad})"

    @property
    def name(self):
        """A label for graph drawings (``draw_graph``), or None."""
        return getattr(self, "_name", None)  # op results leave the slot unset: one store less

    @name.setter
    def name(self, value):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"Scalar: name must be a string or None, got {type(value).__name__}")
        self._name = value

    def __float__(self):
        return self.data

    def __bool__(self):
        return self.data != 0

    def item(self):
        """The value as a Python float."""
        return self.data

    def detach(self):
        """A new leaf with the same value, outside any graph."""
        return Scalar(self.data)

    @property
    def op(self):
        """The name of the op that made this Scalar ('mul', 'tanh', ...), or None for a leaf."""
        return None if self._derivative is None else self._derivative.__name__[1 : -len("_derivative")]

    @property
    def inputs(self):
        """The Scalars this one was computed from: () for a leaf."""
        if self._derivative is None:
            return ()
        return (self._a,) if self._b is None else (self._a, self._b)

    def backward(self, gradient=None, create_graph=False):
        """Add d(self)/d(leaf) * gradient (default 1) to the ``grad`` of every leaf that requires grad
        (and set ``grad`` on every Scalar in between). ``create_graph=True`` makes the
        gradients Scalars with a graph of their own, for second derivatives."""
        backward(self, gradient, create_graph)

    # ---- arithmetic: each op's value, then its derivative -----------------------------------

    def __add__(self, other):
        if type(other) is not Scalar:
            other = _lift(other)
            if other is None:
                return NotImplemented
        return _record(self.data + other.data, _add_derivative, self, other)

    __radd__ = __add__

    def __sub__(self, other):
        if type(other) is not Scalar:
            other = _lift(other)
            if other is None:
                return NotImplemented
        return _record(self.data - other.data, _sub_derivative, self, other)

    def __rsub__(self, other):
        other = _lift(other)
        return NotImplemented if other is None else other - self

    def __mul__(self, other):
        if type(other) is not Scalar:
            other = _lift(other)
            if other is None:
                return NotImplemented
        return _record(self.data * other.data, _mul_derivative, self, other)

    __rmul__ = __mul__

    def __truediv__(self, other):
        if type(other) is not Scalar:
            other = _lift(other)
            if other is None:
                return NotImplemented
        return _record(_divide(self.data, other.data), _div_derivative, self, other)

    def __rtruediv__(self, other):
        other = _lift(other)
        return NotImplemented if other is None else other / self

    def __pow__(self, other):
        if type(other) is not Scalar:
            other = _lift(other)
            if other is None:
                return NotImplemented
        return _record(_power(self.data, other.data), _pow_derivative, self, other)

    def __rpow__(self, other):
        other = _lift(other)
        return NotImplemented if other is None else other**self

    def __neg__(self):
        return _record(-self.data, _neg_derivative, self)

    # ---- functions -------------------------------------------------------------------------

    def relu(self):
        """max(x, 0) (nan stays nan)."""
        x = self.data
        return _record(x if x > 0 else (0.0 if x <= 0 else x), _relu_derivative, self)

    def tanh(self):
        return _record(math.tanh(self.data), _tanh_derivative, self)

    def sigmoid(self):
        """1 / (1 + e^-x), as e^min(x,0) / (1 + e^-|x|) so that no exp overflows."""
        x = self.data
        return _record(math.exp(x if x < 0 else 0.0) / (1.0 + math.exp(-abs(x))), _sigmoid_derivative, self)

    def exp(self):
        try:
            value = math.exp(self.data)
        except OverflowError:
            value = math.inf
        return _record(value, _exp_derivative, self)

    def log(self):
        """Natural logarithm (log 0 = -inf, log of a negative number = nan)."""
        return _record(_log_number(self.data), _log_derivative, self)


def _add_derivative(g, a, b, out):
    """d(a + b) = da + db"""
    return g, g


def _sub_derivative(g, a, b, out):
    """d(a - b) = da - db"""
    return g, -g


def _mul_derivative(g, a, b, out):
    """d(ab) = b da + a db"""
    return g * b, g * a


def _div_derivative(g, a, b, out):
    """d(a/b) = da / b - a/b^2 db"""
    return _divide(g, b), _divide(-g * a, b * b)


def _pow_derivative(g, a, b, out):
    """d(a^b) = b a^(b-1) da + a^b log(a) db  (log taken as 0 where a = 0 and b >= 0)"""
    zero_base = _value(a) == 0 and _value(b) >= 0
    return g * b * _power(a, b - 1), g * out * (0.0 if zero_base else _log(a))


def _neg_derivative(g, a, out):
    """d(-a) = -da"""
    return -g


def _relu_derivative(g, a, out):
    """d relu(a) = da where a > 0, else 0"""
    return g * (1.0 if _value(a) > 0 else 0.0)


def _tanh_derivative(g, a, out):
    """d tanh(a) = (1 - tanh(a)^2) da"""
    return g * (1 - out * out)


def _sigmoid_derivative(g, a, out):
    """d sigmoid(a) = s (1 - s) da,  s = sigmoid(a)"""
    return g * out * (1 - out)


def _exp_derivative(g, a, out):
    """d e^a = e^a da"""
    return g * out


def _log_derivative(g, a, out):
    """d log(a) = da / a"""
    return _divide(g, a)


# ---- making nodes ----------------------------------------------------------------------------


def _fill_leaf(node, data, requires_grad):
    node.data = data
    node.grad = None
    node.requires_grad = requires_grad
    node._derivative = node._a = node._b = None
    node._sequence = 0


_new = object.__new__
_tick = clock.tick


def _lift(other):
    """A number as a constant Scalar, or None if ``other`` is not a number."""
    if not isinstance(other, numbers.Real):
        return None
    constant = _new(Scalar)
    _fill_leaf(constant, _as_float(other), False)
    return constant


def _record(data, derivative, a, b=None):
    """The result of an op: a node linked to its inputs when one of them requires grad
    (and recording is on), a constant otherwise. ``_sequence`` orders backward.
    (Every field set here, without helper calls: this runs once per op, and a call
    costs as much as the op.)"""
    out = _new(Scalar)
    out.data = data
    out.grad = None
    if (a.requires_grad or (b is not None and b.requires_grad)) and _mode.enabled:
        out.requires_grad = True
        out._derivative = derivative
        out._a = a
        out._b = b
        out._sequence = _tick()
    else:
        out.requires_grad = False
        out._derivative = out._a = out._b = None
        out._sequence = 0
    return out


def _divide(x, y):
    """x / y of floats or Scalars; for floats IEEE's answer where Python raises (1/0 = inf)."""
    try:
        return x / y
    except ZeroDivisionError:
        return _ieee(np.divide, x, y)


def _power(x, y):
    """x ** y of floats or Scalars; for floats IEEE's answer (nan, inf) where Python would
    raise or return a complex number ((-8) ** (1/3))."""
    if type(x) is Scalar or type(y) is Scalar:
        return x**y
    try:
        return math.pow(x, y)
    except (ValueError, OverflowError):
        return _ieee(np.power, x, y)


def _as_float(number):
    try:
        return float(number)
    except OverflowError:
        raise ValueError(
            f"Scalar: an integer of {int(number).bit_length()} bits is too large for a "
            "float (at most 1024 bits, about 1.8e308)"
        ) from None


def _value(x):
    return x.data if type(x) is Scalar else x


def _log(x):
    """log for derivatives: of a Scalar (differentiable) or of a float."""
    return x.log() if type(x) is Scalar else _log_number(x)


def _log_number(x):
    try:
        return math.log(x)
    except ValueError:  # 0 or negative
        return -math.inf if x == 0 else math.nan


def _ieee(numpy_function, *numbers_):
    """numpy's IEEE answer (inf, nan) where Python's float arithmetic raises instead."""
    with np.errstate(all="ignore"):
        return float(numpy_function(*numbers_))


# ---- backward --------------------------------------------------------------------------------

_newest_first = attrgetter("_sequence")


def _reach(roots):
    """What backward from ``roots`` visits, through links that require grad: the op
    nodes newest first (each one's consumers come before it), and the leaves."""
    seen, interior, leaves = set(roots), [], []
    stack = list(seen)  # each root once, even if given twice
    while stack:
        node = stack.pop()
        if node._derivative is None:
            leaves.append(node)
            continue
        interior.append(node)
        a, b = node._a, node._b
        if a.requires_grad and a not in seen:
            seen.add(a)
            stack.append(a)
        if b is not None and b.requires_grad and b not in seen:
            seen.add(b)
            stack.append(b)
    interior.sort(key=_newest_first, reverse=True)
    return interior, leaves


def backward_order(roots):
    """The op nodes behind ``roots`` in the order backward visits them (for drawings)."""
    return _reach(roots)[0] if roots else []


def backward(root, gradient=None, create_graph=False):
    """The chain rule over ``root``'s graph: see ``Scalar.backward``."""
    if not isinstance(root, Scalar):
        raise TypeError(f"backward: expected a Scalar, got {type(root).__name__}")
    _run((root,), (1.0 if gradient is None else gradient,), create_graph)


def grad(outputs, inputs, grad_outputs=None, create_graph=False, allow_unused=False):
    """d(outputs)/d(inputs) for Scalars, as ``autograd.grad`` does for Tensors: a tuple with
    one gradient per input (a float, or a Scalar under ``create_graph``), every ``.grad``
    left as it was. ``grad_outputs`` weights the outputs (default 1 each)."""
    outputs = (outputs,) if isinstance(outputs, Scalar) else tuple(outputs)
    inputs = (inputs,) if isinstance(inputs, Scalar) else tuple(inputs)
    for kind, values in (("outputs", outputs), ("inputs", inputs)):
        for i, value in enumerate(values):
            if not isinstance(value, Scalar):
                raise TypeError(
                    f"grad: {kind} must be all Scalars or all Tensors; item {i} is {type(value).__name__}"
                )
    for i, x in enumerate(inputs):
        if not x.requires_grad:
            raise RuntimeError(
                f"grad: input {i} does not require grad, so no gradient can be taken with respect to it"
            )
    if grad_outputs is None:
        grad_outputs = (1.0,) * len(outputs)
    grad_outputs = tuple(grad_outputs) if isinstance(grad_outputs, (tuple, list)) else (grad_outputs,)
    if len(grad_outputs) != len(outputs):
        raise ValueError(f"grad: {len(grad_outputs)} grad_outputs for {len(outputs)} outputs")
    interior, leaves = _reach(outputs)
    saved = [(node, node.grad) for node in interior + leaves]
    try:
        for leaf in leaves:
            leaf.grad = None
        _run(outputs, grad_outputs, create_graph, keep=set(inputs))
        reached = set(interior + leaves)
        results = tuple(x.grad if x in reached else None for x in inputs)
    finally:
        for node, value in saved:
            node.grad = value
    for i, result in enumerate(results):
        if result is None and not allow_unused:
            raise RuntimeError(
                f"grad: input {i} was not used to compute the outputs; pass "
                "allow_unused=True to get None for it"
            )
    return results


def _run(roots, gradients, create_graph, keep=()):
    """Check the roots and their gradients, then backward from all of them at once.
    ``keep``: op nodes whose gradient must stay in ``.grad`` under ``create_graph``."""
    for root, gradient in zip(roots, gradients):
        if not root.requires_grad:
            raise RuntimeError(
                "backward: this Scalar does not require grad, so it has no graph "
                "to differentiate (did you forget requires_grad=True, or compute "
                "it under no_grad?)"
            )
        if not isinstance(gradient, (numbers.Real, Scalar)):
            raise TypeError(f"backward: gradient must be a number, got {type(gradient).__name__}")
    interior, leaves = _reach(roots)
    if create_graph:
        with enable_grad():
            gradients = [g if type(g) is Scalar else Scalar(g) for g in gradients]
            _backward_graph(roots, gradients, interior, keep)
    else:
        _backward_numbers(roots, [float(g) for g in gradients], interior, leaves)


def _backward_numbers(roots, gradients, interior, leaves):
    """Gradients as floats (the usual case, and the fast one)."""
    for node in interior:
        node.grad = 0.0
    for leaf in leaves:
        if leaf.grad is None:
            leaf.grad = 0.0
    for root, gradient in zip(roots, gradients):
        root.grad += gradient
    for node in interior:
        a, b = node._a, node._b
        if b is None:
            a.grad += node._derivative(node.grad, a.data, node.data)
        else:
            grad_a, grad_b = node._derivative(node.grad, a.data, b.data, node.data)
            if a.requires_grad:
                a.grad += grad_a
            if b.requires_grad:
                b.grad += grad_b


def _backward_graph(roots, gradients, interior, keep):
    """Gradients as Scalars computed by recorded ops, so they can be differentiated again.

    Only leaves (and ``keep``) hold on to them, as in PyTorch: an op node's gradient is
    computed from the node itself (tanh's from its output), so keeping it would make
    a reference cycle, freed only by Python's garbage collector."""
    for node in interior:
        node.grad = None
    for root, gradient in zip(roots, gradients):
        _accumulate(root, gradient)
    for node in interior:
        a, b = node._a, node._b
        if b is None:
            _accumulate(a, node._derivative(node.grad, a, node))
        else:
            grad_a, grad_b = node._derivative(node.grad, a, b, node)
            if a.requires_grad:
                _accumulate(a, grad_a)
            if b.requires_grad:
                _accumulate(b, grad_b)
        if node not in keep:
            node.grad = None


def _accumulate(node, gradient):
    node.grad = gradient if node.grad is None else node.grad + gradient
