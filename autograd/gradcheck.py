"""Check derivatives against finite differences.

For every input x that requires grad and every element j of it, the
numeric derivative of every output element i is the central difference

    (f(x + eps e_j)_i - f(x - eps e_j)_i) / (2 eps),

and the analytic one is row i of the Jacobian, got by one backward pass
with the one-hot ``grad_outputs`` e_i. They must agree to
``|analytic - numeric| <= atol + rtol * |numeric|``.
"""

import math
import warnings

import numpy as np

from . import random
from .engine import grad
from .grad_mode import enable_grad, no_grad
from .scalar import Scalar
from .tensor import Tensor

_DIFFERENTIABLE = (Tensor, Scalar)


class GradcheckError(AssertionError):
    """An analytic derivative disagrees with its finite-difference estimate."""


def _as_tuple(values):
    return tuple(values) if isinstance(values, (tuple, list)) else (values,)


def _outputs(fn, inputs):
    outputs = _as_tuple(fn(*inputs))
    for i, out in enumerate(outputs):
        if not isinstance(out, _DIFFERENTIABLE):
            raise TypeError(
                f"gradcheck: the function must return Tensors (or Scalars); output {i} "
                f"is {type(out).__name__}"
            )
    return outputs


def _flat_values(value):
    """The numbers of a Tensor, Scalar or float, copied into a flat float64 array (a copy: an
    output may share memory with an input that is perturbed next)."""
    return np.array(getattr(value, "data", value), dtype=np.float64).reshape(-1)


def _elements(x):
    """x's numbers as something to index and assign: a flat view of a Tensor's data (assigning
    through it changes x), or for a Scalar a one-element proxy that sets ``x.data``."""
    if isinstance(x, Scalar):
        return _ScalarElements(x)
    if not (x._data.flags.c_contiguous and x._data.flags.writeable):
        x._data = np.array(x._data, order="C")  # same values, in memory we can perturb through a flat view
    return x._data.reshape(-1)  # a view: perturbing it perturbs x


class _ScalarElements:
    size = 1

    def __init__(self, scalar):
        self.scalar = scalar

    def __getitem__(self, j):
        return self.scalar.data

    def __setitem__(self, j, value):
        self.scalar.data = value


def _numeric_jacobians(fn, inputs, x, eps):
    """d(each output)/dx by central differences: a list of (out.size, x.size) arrays."""
    flat = _elements(x)
    columns = []
    with no_grad():
        for j in range(flat.size):
            original = flat[j]
            flat[j] = original + eps
            plus = [_flat_values(o) for o in _outputs(fn, inputs)]
            flat[j] = original - eps
            minus = [_flat_values(o) for o in _outputs(fn, inputs)]
            flat[j] = original
            columns.append([(p - m) / (2 * eps) for p, m in zip(plus, minus)])
    n_outputs = len(columns[0]) if columns else len(_outputs(fn, inputs))
    return [np.stack([c[k] for c in columns], axis=1) if columns else None for k in range(n_outputs)]


def _analytic_jacobians(outputs, x):
    """d(each output)/dx by backward passes with one-hot grad_outputs."""
    jacobians = []
    for out in outputs:
        rows = np.zeros((math.prod(out.shape), math.prod(x.shape)))
        if out.requires_grad:
            for i in range(math.prod(out.shape)):
                onehot = np.zeros(math.prod(out.shape), dtype=out.dtype)
                onehot[i] = 1
                weight = onehot.reshape(out.shape) if isinstance(out, Tensor) else onehot.item()
                (g,) = grad(out, x, grad_outputs=weight, retain_graph=True, allow_unused=True)
                if g is not None:
                    rows[i] = _flat_values(g)
        jacobians.append(rows)
    return jacobians


def _fail(message, raise_exception):
    if raise_exception:
        raise GradcheckError(message)
    return False


def gradcheck(fn, inputs, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True):
    """True if ``fn``'s backward matches finite differences for every input requiring grad.

    ``inputs``: a Tensor or a tuple of Tensors (and other arguments, passed
    through). On a mismatch raises ``GradcheckError`` naming the input, the
    element, both values and the error (or returns False when
    ``raise_exception=False``). Use float64: float32 cannot resolve eps=1e-6.
    """
    inputs = _as_tuple(inputs)
    checked = [i for i, x in enumerate(inputs) if isinstance(x, _DIFFERENTIABLE) and x.requires_grad]
    if not checked:
        raise ValueError("gradcheck: no input requires grad, so there is nothing to check")
    for i in checked:
        if inputs[i].dtype != np.float64:
            warnings.warn(
                f"gradcheck: input {i} is {inputs[i].dtype}; finite differences need "
                "float64 to be trusted (use .astype('float64'))",
                stacklevel=2,
            )
    low = [f"input {i} is {inputs[i].dtype}" for i in checked if inputs[i].dtype != np.float64]
    hint = f" ({', '.join(low)}: finite differences need float64, use .astype('float64'))" if low else ""
    outputs = _outputs(fn, inputs)
    for i in checked:
        x = inputs[i]
        label = f"input {i}" + (f" ({x.name!r})" if x.name else "")
        numeric = _numeric_jacobians(fn, inputs, x, eps)
        analytic = _analytic_jacobians(outputs, x)
        for k, (a, n) in enumerate(zip(analytic, numeric)):
            if n is None:
                continue
            error = np.abs(a - n)
            bad = error > atol + rtol * np.abs(n)
            if bad.any():
                row, col = np.unravel_index(np.argmax(np.where(bad, error, -1)), bad.shape)
                out_index = np.unravel_index(row, outputs[k].shape)
                in_index = np.unravel_index(col, x.shape)
                return _fail(
                    f"gradcheck failed for {label}, element {tuple(map(int, in_index))}, "
                    f"output {k} element {tuple(map(int, out_index))}: analytic "
                    f"{a[row, col]:.10g}, numeric {n[row, col]:.10g}, error {error[row, col]:.3g} "
                    f"> atol + rtol*|numeric| = {atol + rtol * abs(n[row, col]):.3g} "
                    f"({int(bad.sum())} of {bad.size} entries disagree){hint}",
                    raise_exception,
                )
    return True


def gradgradcheck(fn, inputs, grad_outputs=None, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True):
    """Check second derivatives: gradcheck the map (inputs, v) -> v^T d fn / d inputs.

    ``grad_outputs`` (v) default to random values from the library's
    generator, uniform in [-1, 1) as PyTorch draws them (so a program that calls gradgradcheck
    draws the same numbers after it); they are checked as inputs too.
    """
    inputs = _as_tuple(inputs)
    checked = [i for i, x in enumerate(inputs) if isinstance(x, _DIFFERENTIABLE) and x.requires_grad]
    outputs = _outputs(fn, inputs)
    if grad_outputs is None:
        grad_outputs = tuple(_random_like(o) for o in outputs)
    else:
        grad_outputs = tuple(
            v if isinstance(v, _DIFFERENTIABLE) else Tensor(v) for v in _as_tuple(grad_outputs)
        )
    n_inputs = len(inputs)

    def first_derivatives(*args):
        xs, vs = args[:n_inputs], args[n_inputs:]
        with enable_grad():  # gradcheck evaluates us under no_grad; the inner grad needs a graph
            outs = _outputs(fn, xs)
            pairs = [(o, v) for o, v in zip(outs, vs) if o.requires_grad]
            grads = grad(
                [o for o, _ in pairs],
                [xs[i] for i in checked],
                [v for _, v in pairs],
                create_graph=True,
                allow_unused=True,
            )
        return tuple(g if g is not None else _zeros_like(xs[i]) for g, i in zip(grads, checked))

    return gradcheck(
        first_derivatives,
        inputs + grad_outputs,
        eps=eps,
        atol=atol,
        rtol=rtol,
        raise_exception=raise_exception,
    )


def _random_like(example):
    """Values uniform in [-1, 1) shaped like ``example`` (a Tensor or a Scalar), requiring grad:
    PyTorch's ``make_tensor(low=-1, high=1)``, drawn in the example's floating dtype."""
    dtype = example.dtype if isinstance(example, Tensor) and example.dtype.kind == "f" else np.float64
    values = random.sampling.uniform(example.shape, -1.0, 1.0, dtype=dtype)
    if isinstance(example, Scalar):
        return Scalar(float(values), requires_grad=True)
    return Tensor(values, dtype=example.dtype, requires_grad=True)


def _zeros_like(example):
    return Scalar(0.0) if isinstance(example, Scalar) else Tensor(np.zeros(example.shape))
