"""The error table of docs/errors.md, one test per row.

Every bad input a learner can give gets an exception of a documented type
whose message names what was wrong. ``CASES`` below is the table: each row
is (id, what the user did, the call, the exception type, an excerpt of the
message). ``test_error_table`` runs every row; ``test_the_docs_table_is_this_table``
checks that docs/errors.md lists exactly these rows with the same types and
excerpts, so the documentation cannot drift from the behaviour.

Rows that involve a model (loading, saving) also check that the model's
parameters and buffers are bit for bit what they were before the call.
"""
import math
import os
import pathlib
import re
import signal
import subprocess
import sys
import textwrap
import time
import warnings
from types import SimpleNamespace

import numpy as np
import pytest

import autograd as ag
import nn
import optim
from autograd import Tensor, tensor

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "errors.md"


# ---- helpers the cases use -------------------------------------------------------------

def t34():
    return Tensor(np.ones((3, 4)), requires_grad=True)


def gradcheck_float32():
    """gradcheck of x^3 at float32: central differences with eps=1e-6 are noise there."""
    x = Tensor(np.array([1.0, 2.0], dtype=np.float32), requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")             # the warning that float32 is untrustworthy
        return ag.gradcheck(lambda t: t ** 3, x)


def params():
    return list(nn.Linear(2, 2).parameters())


def backward_twice():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward()
    y.backward()


def backward_after_inplace_change():
    x = Tensor([1.0, 2.0], requires_grad=True)
    h = x * 1.0
    y = (h * h).sum()            # mul saves h for its derivative
    with ag.no_grad():
        h += 1
    y.backward()


def inplace_on_parameter():
    p = Tensor([1.0], requires_grad=True)
    p += 1


def graph_of(n_ops):
    x = tensor(1.0, requires_grad=True)
    y = x
    for _ in range(n_ops):
        y = y * 1.0
    return y


def write(path, data):
    pathlib.Path(path).write_bytes(data)
    return path


def saved_model_file(ctx):
    """A complete nn.save file of a model shaped like ctx.model, with other values."""
    path = ctx.tmp / "other.npz"
    ag.manual_seed(99)
    nn.save(model_like_ctx(), path)
    return path


def model_like_ctx():
    return nn.MLP(3, [4], 2, batchnorm=True)


def corrupted_copy(ctx):
    good = saved_model_file(ctx).read_bytes()
    data = bytearray(good)
    data[120:220] = bytes(100)      # zero a stretch inside the stored arrays
    return write(ctx.tmp / "corrupt.npz", bytes(data))


def npy_file(ctx):
    path = ctx.tmp / "single.npy"
    np.save(path, np.ones(3))
    return path


def state_with(ctx, **changes):
    state = ctx.model.state_dict()
    for key, value in changes.items():
        key = key.replace("__", ".")
        if value is None:
            del state[key]
        else:
            state[key] = value
    return state


# ---- the table ------------------------------------------------------------------------------

Case = SimpleNamespace
CASES = [
    # Tensor data
    Case(id="data-string", input='`Tensor("abc")`', call=lambda c: Tensor("abc"),
         error=TypeError, excerpt="Tensor data must be a number, a (nested) list of numbers or a numpy array; got str"),
    Case(id="data-none", input="`Tensor(None)`", call=lambda c: Tensor(None),
         error=TypeError, excerpt="Tensor(): data must be a sequence (got NoneType)"),
    Case(id="legacy-number", input="`Tensor(3.0)` (a number that is not a size)", call=lambda c: Tensor(3.0),
         error=TypeError, excerpt="Tensor(): data must be a sequence (got float); a 0-d Tensor holding 3.0 is autograd.tensor(3.0)"),
    Case(id="legacy-sizes-mixed", input="`Tensor(2, 3.0)`", call=lambda c: Tensor(2, 3.0),
         error=TypeError, excerpt="Tensor(): give one piece of data (a list, array or Tensor) or sizes (ints); got (int, float)"),
    Case(id="legacy-size-negative", input="`Tensor(2, -1)`", call=lambda c: Tensor(2, -1),
         error=RuntimeError, excerpt="Tensor(): trying to create a Tensor with negative dimension: [2, -1]"),
    Case(id="data-ragged", input="`Tensor([[1, 2], [3]])` (ragged)", call=lambda c: Tensor([[1, 2], [3]]),
         error=ValueError, excerpt="Tensor data must be a number, a rectangular (nested) list of numbers"),
    Case(id="data-strings-in-list", input='`Tensor(["a", "b"])`', call=lambda c: Tensor(["a", "b"]),
         error=TypeError, excerpt="Tensor data must be numbers (bool, integer or float); got strings"),
    Case(id="data-string-number", input="`Tensor(['0'])` (numpy would parse it)", call=lambda c: Tensor(["0"]),
         error=TypeError, excerpt="Tensor data must be numbers (bool, integer or float); got strings"),
    Case(id="data-none-in-list", input="`Tensor([1.0, None])` (numpy would make nan)",
         call=lambda c: Tensor([1.0, None]),
         error=TypeError, excerpt="Tensor data must be numbers (bool, integer or float); got NoneType among the values"),
    Case(id="data-object", input="`Tensor(object())`", call=lambda c: Tensor(object()),
         error=TypeError, excerpt="Tensor data must be numbers (bool, integer or float); got object among the values"),
    Case(id="data-object-array", input="`Tensor(np.array([1, None], dtype=object))`",
         call=lambda c: Tensor(np.array([1, None], dtype=object)),
         error=TypeError, excerpt="Tensor data must be numbers (bool, integer or float); got NoneType among the values"),
    Case(id="data-complex", input="`Tensor(np.array([1 + 2j]))`", call=lambda c: Tensor(np.array([1 + 2j])),
         error=TypeError, excerpt="got complex numbers (not supported)"),
    Case(id="requires-grad-int", input="`Tensor([1, 2], dtype=np.int64, requires_grad=True)`",
         call=lambda c: Tensor([1, 2], dtype=np.int64, requires_grad=True),
         error=RuntimeError, excerpt="only floating-point Tensors can require grad; this one has dtype int64"),
    Case(id="requires-grad-bool", input="`tensor([True], requires_grad=True)`",
         call=lambda c: ag.tensor([True], requires_grad=True),
         error=RuntimeError, excerpt="only floating-point Tensors can require grad; this one has dtype bool"),
    Case(id="requires-grad-attribute", input="`t.requires_grad = True` on an int64 Tensor",
         call=lambda c: setattr(ag.tensor([1, 2]), "requires_grad", True),
         error=RuntimeError, excerpt="only floating-point Tensors can require grad; this one has dtype int64"),
    Case(id="grad-wrong-shape", input="`b.grad = np.zeros(2)` for a Tensor of shape (3,)",
         call=lambda c: setattr(Tensor(np.zeros(3), requires_grad=True), "grad", np.zeros(2)),
         error=RuntimeError, excerpt="assigned grad has shape (2,), but the Tensor has shape (3,)"),
    Case(id="grad-number", input="`a.grad = 0.`",
         call=lambda c: setattr(Tensor(np.zeros(3), requires_grad=True), "grad", 0.0),
         error=TypeError, excerpt="grad must be a Tensor or None, not float"),
    Case(id="float-multi", input="`float(t)` of a (3, 4) Tensor", call=lambda c: float(t34()),
         error=ValueError, excerpt="float() needs a Tensor with exactly one element; this one has shape (3, 4)"),
    Case(id="item-multi", input="`.item()` on a (3, 4) Tensor", call=lambda c: t34().item(),
         error=ValueError, excerpt="item() needs a Tensor with exactly one element; this one has shape (3, 4) (12 elements)"),
    Case(id="data-too-large", input="`tensor(10**400)` (beyond int64)",
         call=lambda c: tensor(10 ** 400),
         error=ValueError, excerpt="Tensor data holds a number too large for a Tensor"),
    Case(id="number-too-large", input="`a + 10**400` (a Python int beyond float64)",
         call=lambda c: t34() + 10 ** 400,
         error=ValueError, excerpt="is too large for a Tensor"),
    Case(id="full-complex", input="`autograd.full((2,), 1 + 2j)`",
         call=lambda c: ag.full((2,), 1 + 2j),
         error=TypeError, excerpt="complex numbers are not supported (got (1+2j))"),
    Case(id="dtype-name", input='`Tensor([1.0], dtype=",")`',
         call=lambda c: Tensor([1.0], dtype=","),
         error=TypeError, excerpt="Tensor: ',' is not a dtype (use e.g. autograd.float32, autograd.int64, 'float64' or numpy's types)"),
    Case(id="astype-not-numeric", input="`a.astype(str)`",
         call=lambda c: t34().astype(str),
         error=TypeError, excerpt="astype: Tensors hold bool, integer or float numbers, not"),
    # operations on incompatible shapes: raised by the forward call itself
    Case(id="matmul-inner", input="`a @ b` with shapes (3, 4) and (5, 2)",
         call=lambda c: t34() @ Tensor(np.ones((5, 2))),
         error=ValueError, excerpt="matmul: (3, 4) @ (5, 2): inner dimensions 4 and 5 differ"),
    Case(id="matmul-batch", input="`a @ b` with shapes (2, 3, 4) and (3, 4, 5)",
         call=lambda c: Tensor(np.ones((2, 3, 4))) @ Tensor(np.ones((3, 4, 5))),
         error=ValueError, excerpt="matmul: (2, 3, 4) @ (3, 4, 5): batch dimensions (2,) and (3,) cannot be broadcast together"),
    Case(id="matmul-scalar", input="`a @ 2.0`", call=lambda c: t34() @ 2.0,
         error=ValueError, excerpt="matmul: (3, 4) @ (): both operands need at least one dimension (use * to multiply by a scalar)"),
    Case(id="add-shapes", input="`a + b` with shapes (3, 4) and (5,)", call=lambda c: t34() + Tensor(np.ones(5)),
         error=ValueError, excerpt="add: shapes (3, 4) and (5,) cannot be broadcast together"),
    Case(id="sub-shapes", input="`a - b` with shapes (3, 4) and (2, 4)", call=lambda c: t34() - np.ones((2, 4)),
         error=ValueError, excerpt="sub: shapes (3, 4) and (2, 4) cannot be broadcast together"),
    Case(id="mul-shapes", input="`a * b` with shapes (3, 4) and (2, 4)", call=lambda c: t34() * np.ones((2, 4)),
         error=ValueError, excerpt="mul: shapes (3, 4) and (2, 4) cannot be broadcast together"),
    Case(id="div-shapes", input="`a / b` with shapes (3, 4) and (3,)", call=lambda c: t34() / np.ones(3),
         error=ValueError, excerpt="div: shapes (3, 4) and (3,) cannot be broadcast together"),
    Case(id="pow-shapes", input="`a ** b` with shapes (3, 4) and (2, 1, 3)", call=lambda c: t34() ** np.ones((2, 1, 3)),
         error=ValueError, excerpt="pow: shapes (3, 4) and (2, 1, 3) cannot be broadcast together"),
    Case(id="maximum-shapes", input="`autograd.maximum(a, b)` with shapes (3, 4) and (2, 4)",
         call=lambda c: ag.maximum(t34(), np.ones((2, 4))),
         error=ValueError, excerpt="maximum: shapes (3, 4) and (2, 4) cannot be broadcast together"),
    Case(id="minimum-shapes", input="`autograd.minimum(a, b)` with shapes (3, 4) and (2, 4)",
         call=lambda c: ag.minimum(t34(), np.ones((2, 4))),
         error=ValueError, excerpt="minimum: shapes (3, 4) and (2, 4) cannot be broadcast together"),
    Case(id="where-shapes", input="`autograd.where(condition, a, 0.0)` with shapes (2, 4) and (3, 4)",
         call=lambda c: ag.where(np.ones((2, 4)) > 0, t34(), 0.0),
         error=ValueError, excerpt="where: shapes (2, 4) and (3, 4) and () cannot be broadcast together"),
    Case(id="int-negative-power", input="`tensor([2]) ** -1` (integers)",
         call=lambda c: ag.tensor([2]) ** -1,
         error=ValueError, excerpt="pow: Integers to negative integer powers are not allowed"),
    Case(id="reshape-size", input="`a.reshape(5, 5)` of a (3, 4) Tensor", call=lambda c: t34().reshape(5, 5),
         error=ValueError, excerpt="reshape: cannot reshape a Tensor of shape (3, 4) (12 elements) into shape (5, 5)"),
    Case(id="broadcast-to", input="`a.broadcast_to((2, 2))` of a (3, 4) Tensor", call=lambda c: t34().broadcast_to((2, 2)),
         error=ValueError, excerpt="broadcast_to: shape (3, 4) cannot be broadcast to (2, 2)"),
    Case(id="concatenate-shapes", input="`concatenate([a, b])` with shapes (3, 4) and (2, 5)",
         call=lambda c: ag.concatenate([t34(), Tensor(np.ones((2, 5)))]),
         error=ValueError, excerpt="concatenate: shapes [(3, 4), (2, 5)] cannot be joined along axis 0"),
    Case(id="stack-shapes", input="`stack([a, b])` with shapes (3, 4) and (2, 5)",
         call=lambda c: ag.stack([t34(), Tensor(np.ones((2, 5)))]),
         error=ValueError, excerpt="stack: all Tensors need the same shape; got [(3, 4), (2, 5)]"),
    Case(id="axis-range", input="`a.sum(axis=5)` of a 2-D Tensor", call=lambda c: t34().sum(axis=5),
         error=ValueError, excerpt="sum: axis 5 is out of range for a Tensor with 2 dimension(s)"),
    Case(id="axis-huge", input="`a.argmax(axis=10**30)` (beyond int64)",
         call=lambda c: t34().argmax(axis=10 ** 30),
         error=ValueError, excerpt="argmax: dim 1000000000000000000000000000000 does not fit a Tensor of shape (3, 4)"),
    Case(id="squeeze-axis", input="`a.squeeze(2)` of a (3, 4) Tensor",
         call=lambda c: t34().squeeze(2),
         error=IndexError, excerpt="squeeze: dim 2 is out of range for a Tensor of shape (3, 4)"),
    Case(id="flatten-dims", input="`a.flatten(5)` of a 2-D Tensor",
         call=lambda c: t34().flatten(5),
         error=IndexError, excerpt="flatten: dim 5 is out of range for a Tensor of shape (3, 4)"),
    Case(id="softmax-axis", input="`a.softmax(axis=2)` of a 2-D Tensor", call=lambda c: t34().softmax(axis=2),
         error=ValueError, excerpt="softmax: axis 2 is out of range for a Tensor with 2 dimension(s)"),
    Case(id="index-range", input="`a[10]` of a (3, 4) Tensor", call=lambda c: t34()[10],
         error=IndexError, excerpt="index 10 is invalid for a Tensor of shape (3, 4)"),
    Case(id="index-type", input='`a["x"]`', call=lambda c: t34()["x"],
         error=IndexError, excerpt="index 'x' is invalid for a Tensor of shape (3, 4)"),
    Case(id="permute", input="`a.permute(0, 0)`", call=lambda c: t34().permute(0, 0),
         error=ValueError, excerpt="transpose: axes (0, 0) are not a permutation of the 2 dimensions of shape (3, 4)"),
    Case(id="swapaxes", input="`a.transpose(0, 5)` of a 2-D Tensor", call=lambda c: t34().transpose(0, 5),
         error=IndexError, excerpt="swapaxes: axes (0, 5) out of range for a Tensor with 2 dimensions"),
    Case(id="var-ddof", input="`a.var(ddof=12)` of 12 elements", call=lambda c: t34().var(ddof=12),
         error=ValueError, excerpt="var: 12 element(s) along axis None with ddof=12 leave no degrees of freedom"),
    Case(id="clip-no-bounds", input="`a.clip()`", call=lambda c: t34().clip(),
         error=ValueError, excerpt="clip: give at least one of min and max"),
    Case(id="clip-complex", input="`a.clip(1 + 2j)`",
         call=lambda c: t34().clip(1 + 2j),
         error=TypeError, excerpt="clip: min must be a real number or array, got (1+2j)"),
    Case(id="elu-alpha", input='`a.elu(alpha=float("inf"))`',
         call=lambda c: t34().elu(alpha=math.inf),
         error=ValueError, excerpt="elu: alpha must be a finite real number, got inf"),
    Case(id="softplus-beta-op", input="`a.softplus(beta=0)`",
         call=lambda c: t34().softplus(beta=0),
         error=ValueError, excerpt="softplus: beta must be a finite, non-zero real number, got 0"),
    Case(id="leaky-slope-nan", input='`a.leaky_relu(float("nan"))`',
         call=lambda c: t34().leaky_relu(math.nan),
         error=ValueError, excerpt="leaky_relu: negative_slope must be a finite real number, got nan"),
    Case(id="inplace-requires-grad", input="`p += 1` on a Tensor that requires grad (outside `no_grad`)",
         call=lambda c: inplace_on_parameter(),
         error=RuntimeError, excerpt="+= on a leaf Tensor that requires grad would corrupt its graph; wrap it in"),
    Case(id="out-shape", input="`autograd.mul(a, a, out=t)` with a of shape (3, 4), t of shape (4, 3)",
         call=lambda c: ag.mul(t34().detach(), 2.0, out=ag.zeros(4, 3)),
         error=ValueError, excerpt="mul(): out= has shape (4, 3) but the result has shape (3, 4); chainrule does not resize out="),
    Case(id="out-dtype", input="`autograd.add(a, 1, out=t)` with a float64, t int64",
         call=lambda c: ag.add(t34().detach(), 1, out=ag.zeros(3, 4, dtype=ag.int64)),
         error=TypeError, excerpt="add(): the result has dtype float64, which out= of dtype int64 cannot hold"),
    Case(id="out-requires-grad", input="`autograd.exp(p, out=t)` with p requiring grad (outside `no_grad`)",
         call=lambda c: ag.exp(t34(), out=ag.zeros(3, 4)),
         error=RuntimeError, excerpt="exp(): functions with out=... arguments don't support automatic differentiation"),
    Case(id="out-type", input="`autograd.add(a, 1, out=[1])`",
         call=lambda c: ag.add(t34().detach(), 1, out=[1]),
         error=TypeError, excerpt="add(): argument 'out' must be a Tensor (or a tuple of Tensors, for ops returning several), not [1]"),
    # backward and grad
    Case(id="backward-non-scalar", input="`y.backward()` on a (3, 4) Tensor", call=lambda c: (t34() * 2).backward(),
         error=RuntimeError, excerpt="backward: gradient can be omitted only for a Tensor with one element; this one has shape (3, 4)"),
    Case(id="backward-gradient-shape", input="`y.backward(np.ones((4, 3)))` for y of shape (3, 4)",
         call=lambda c: (t34() * 2).backward(np.ones((4, 3))),
         error=RuntimeError, excerpt="backward: gradient has shape (4, 3) but the Tensor has shape (3, 4); they must match"),
    Case(id="backward-gradient-complex", input="`y.sum().backward(1j)`",
         call=lambda c: t34().sum().backward(1j),
         error=TypeError, excerpt="backward: gradient must hold real numbers, got 1j"),
    Case(id="backward-no-grad", input="`tensor(1.0).backward()` (nothing requires grad)",
         call=lambda c: tensor(1.0).backward(),
         error=RuntimeError, excerpt="backward: this Tensor does not require grad, so it has no graph to differentiate"),
    Case(id="backward-twice", input="a second `backward()` through the same graph", call=lambda c: backward_twice(),
         error=RuntimeError, excerpt="a second time: its saved values were freed after the first backward. Pass retain_graph=True"),
    Case(id="backward-after-inplace", input="a value saved for backward changed in place, then `backward()`",
         call=lambda c: backward_after_inplace_change(),
         error=RuntimeError, excerpt="was modified in place after it was used; the gradient would be wrong"),
    Case(id="grad-input-no-grad", input="`autograd.grad(y, x)` where x does not require grad",
         call=lambda c: ag.grad((t34() * 2).sum(), tensor(1.0)),
         error=RuntimeError, excerpt="grad: input 0 does not require grad"),
    Case(id="grad-unused", input="`autograd.grad(y, x)` where y does not depend on x",
         call=lambda c: ag.grad((t34() * 2).sum(), tensor(1.0, requires_grad=True)),
         error=RuntimeError, excerpt="grad: input 0 was not used to compute the outputs; pass allow_unused=True"),
    Case(id="grad-outputs-type", input='`autograd.grad("abc", [x])`',
         call=lambda c: ag.grad("abc", [t34()]),
         error=TypeError, excerpt="grad: outputs must be Tensors; item 0 is str"),
    Case(id="gradcheck-float32", input="`autograd.gradcheck(fn, x)` with x float32",
         call=lambda c: gradcheck_float32(),
         error=ag.GradcheckError, excerpt="(input 0 is float32: finite differences need float64, use .astype('float64'))"),
    # Scalars
    Case(id="scalar-data-string", input='`Scalar("abc")`', call=lambda c: ag.Scalar("abc"),
         error=TypeError, excerpt="Scalar holds one real number (int or float); got str"),
    Case(id="scalar-data-array", input="`Scalar(np.ones(2))`", call=lambda c: ag.Scalar(np.ones(2)),
         error=TypeError, excerpt="got ndarray. Arrays, lists and Tensors belong in a Tensor"),
    Case(id="scalar-requires-grad", input='`Scalar(1.0, requires_grad="yes")`',
         call=lambda c: ag.Scalar(1.0, requires_grad="yes"),
         error=TypeError, excerpt="Scalar: requires_grad must be True or False, got 'yes'"),
    Case(id="scalar-plus-string", input='`Scalar(1.0) + "x"`', call=lambda c: ag.Scalar(1.0) + "x",
         error=TypeError, excerpt="unsupported operand type(s) for +: 'Scalar' and 'str'"),
    Case(id="scalar-plus-tensor", input="`Scalar(1.0) + tensor(1.0)` (either order)",
         call=lambda c: ag.Scalar(1.0) + tensor(1.0),
         error=TypeError, excerpt="a Scalar cannot become Tensor data: Scalars and Tensors do not mix"),
    Case(id="scalar-backward-no-grad", input="`Scalar(1.0).backward()` (nothing requires grad)",
         call=lambda c: ag.Scalar(1.0).backward(),
         error=RuntimeError, excerpt="backward: this Scalar does not require grad, so it has no graph"),
    Case(id="scalar-backward-gradient", input='`s.backward("x")`',
         call=lambda c: (ag.Scalar(1.0, requires_grad=True) * 2).backward("x"),
         error=TypeError, excerpt="backward: gradient must be a number, got str"),
    Case(id="scalar-grad-mixed", input="`autograd.grad(scalar, [tensor])`",
         call=lambda c: ag.grad(ag.Scalar(1.0, requires_grad=True) * 2, [t34()]),
         error=TypeError, excerpt="grad: inputs must be all Scalars or all Tensors; item 0 is Tensor"),
    # layers
    Case(id="linear-features", input="`nn.Linear(3, 2)` called on shape (4, 5)",
         call=lambda c: nn.Linear(3, 2)(np.ones((4, 5))),
         error=ValueError, excerpt="Linear(in_features=3, out_features=2): expected input with 3 features in the last dimension, got shape (4, 5)"),
    Case(id="mlp-features", input="`nn.MLP(3, [4], 2)` called on shape (4, 5)",
         call=lambda c: nn.MLP(3, [4], 2)(np.ones((4, 5))),
         error=ValueError, excerpt="Linear(in_features=3, out_features=4): expected input with 3 features in the last dimension, got shape (4, 5)"),
    Case(id="batchnorm-features", input="`nn.BatchNorm1d(3)` called on shape (4, 5)",
         call=lambda c: nn.BatchNorm1d(3)(np.ones((4, 5))),
         error=ValueError, excerpt="BatchNorm1d(num_features=3): expected input of shape (N, 3) or (N, 3, L), got shape (4, 5)"),
    Case(id="batchnorm-one-sample", input="`nn.BatchNorm1d(3)` in training mode on one sample",
         call=lambda c: nn.BatchNorm1d(3)(np.ones((1, 3))),
         error=ValueError, excerpt="batch_norm: expected more than 1 value per channel when training, got input of shape (1, 3)"),
    Case(id="layernorm-shape", input="`nn.LayerNorm(3)` called on shape (4, 5)",
         call=lambda c: nn.LayerNorm(3)(np.ones((4, 5))),
         error=ValueError, excerpt="LayerNorm((3,)): expected input whose last dimensions are (3,), got shape (4, 5)"),
    Case(id="layernorm-shape-type", input="`nn.LayerNorm(b\"abc\")`", call=lambda c: nn.LayerNorm(b"abc"),
         error=TypeError, excerpt="LayerNorm: normalized_shape must be an int or an ordered sequence (list, tuple) of ints, got bytes"),
    Case(id="layer-input-type", input='`nn.Linear(3, 2)("abc")`', call=lambda c: nn.Linear(3, 2)("abc"),
         error=TypeError, excerpt="input must be a Tensor or array-like, got str"),
    Case(id="linear-size", input="`nn.Linear(0, 2)`", call=lambda c: nn.Linear(0, 2),
         error=ValueError, excerpt="Linear: in_features must be a positive integer, got 0"),
    Case(id="mlp-hidden-size", input="`nn.MLP(2, [-1], 1)`", call=lambda c: nn.MLP(2, [-1], 1),
         error=ValueError, excerpt="MLP: each hidden size must be a positive integer, got -1"),
    Case(id="mlp-hidden-sizes-type", input="`nn.MLP(2, {10, 5}, 1)`", call=lambda c: nn.MLP(2, {10, 5}, 1),
         error=TypeError, excerpt="MLP: hidden_sizes must be an int or an ordered sequence (list, tuple) of ints, got set"),
    Case(id="prelu-channels", input='`nn.PReLU(2)` called on shape (4, 3)',
         call=lambda c: nn.PReLU(2)(Tensor(np.zeros((4, 3)))),
         error=ValueError, excerpt='prelu: weight has 2 slopes, but the input of shape (4, 3) has 3 channels (dimension 1); give 1 slope or 3'),
    Case(id="glu-odd", input='`nn.GLU()` called on shape (4, 3)',
         call=lambda c: nn.GLU()(Tensor(np.zeros((4, 3)))),
         error=ValueError, excerpt='glu: the halved dimension must have an even size, but dimension -1 of the input of shape (4, 3) has size 3'),
    # losses
    Case(id="loss-shapes", input="`nn.MSELoss()` on prediction (4, 3) and target (2, 3)",
         call=lambda c: nn.MSELoss()(Tensor(np.ones((4, 3))), np.ones((2, 3))),
         error=ValueError, excerpt="mse_loss: input shape (4, 3) and target shape (2, 3) cannot be broadcast together"),
    Case(id="bce-shapes", input="`nn.BCELoss()` on prediction (4, 1) and target (4,)",
         call=lambda c: nn.BCELoss()(Tensor(np.full((4, 1), 0.5)), np.ones(4)),
         error=ValueError, excerpt="binary_cross_entropy: input shape (4, 1) and target shape (4,) must be equal"),
    Case(id="loss-target-strings", input='`nn.MSELoss()(x, np.array(["a"]))`',
         call=lambda c: nn.MSELoss()(Tensor([1.0]), np.array(["a"])),
         error=TypeError, excerpt="mse_loss: target must be numeric, got dtype <U1"),
    Case(id="ce-label-range", input="`nn.CrossEntropyLoss()` with label 3 for 3 classes",
         call=lambda c: nn.CrossEntropyLoss()(Tensor(np.ones((4, 3))), np.array([0, 1, 2, 3])),
         error=nn.functional.LabelError,
         excerpt="cross_entropy: class label 3 is out of range for 3 classes (labels must be in [0, 2])"),
    Case(id="ce-label-negative", input="`nn.CrossEntropyLoss()` with label -1",
         call=lambda c: nn.CrossEntropyLoss()(Tensor(np.ones((2, 3))), np.array([0, -1])),
         error=nn.functional.LabelError, excerpt="cross_entropy: class label -1 is out of range for 3 classes"),
    Case(id="nll-label-range", input="`nn.NLLLoss()` with label 3 for 3 classes",
         call=lambda c: nn.NLLLoss()(Tensor(np.ones((4, 3))), np.array([0, 1, 2, 3])),
         error=nn.functional.LabelError, excerpt="nll_loss: class label 3 is out of range for 3 classes"),
    Case(id="ce-label-fraction", input="`nn.CrossEntropyLoss()` with label 0.5",
         call=lambda c: nn.CrossEntropyLoss()(Tensor(np.ones((2, 3))), np.array([0, 0.5])),
         error=ValueError, excerpt="cross_entropy: class labels must be integers, got dtype float64"),
    Case(id="ce-label-float", input="`nn.CrossEntropyLoss()` with float labels `[0., 1., 2.]` (refused, as in PyTorch)",
         call=lambda c: nn.CrossEntropyLoss()(Tensor(np.ones((3, 3))), np.array([0.0, 1.0, 2.0])),
         error=ValueError, excerpt="cross_entropy: class labels must be integers, got dtype float64; for labels such as [0., 1., 2.] pass labels.astype(int), or give class probabilities of shape (3, 3)"),
    Case(id="nll-label-float", input="`nn.NLLLoss()` with float labels `[0., 1., 2.]`",
         call=lambda c: nn.NLLLoss()(Tensor(np.ones((3, 3))), np.array([0.0, 1.0, 2.0])),
         error=ValueError, excerpt="nll_loss: class labels must be integers, got dtype float64"),
    Case(id="ce-label-strings", input='`nn.CrossEntropyLoss()` with labels `np.array(["a", "b"])`',
         call=lambda c: nn.CrossEntropyLoss()(Tensor(np.ones((2, 3))), np.array(["a", "b"])),
         error=ValueError, excerpt="cross_entropy: class labels must be integers, got dtype <U1"),
    Case(id="ce-target-shape", input="`nn.CrossEntropyLoss()` on logits (4, 3) and labels (3,)",
         call=lambda c: nn.CrossEntropyLoss()(Tensor(np.ones((4, 3))), np.array([0, 1, 2])),
         error=ValueError, excerpt="cross_entropy: for input of shape (4, 3) the target must be class labels of shape (4,) or class probabilities of shape (4, 3); got shape (3,)"),
    Case(id="ce-weight-shape", input="`nn.CrossEntropyLoss(weight=[1, 2])` for 3 classes",
         call=lambda c: nn.CrossEntropyLoss(weight=[1.0, 2.0])(Tensor(np.ones((2, 3))), np.array([0, 1])),
         error=ValueError, excerpt="cross_entropy: weight must have one entry per class, shape (3,), got shape (2,)"),
    Case(id="bce-target-range", input="`nn.BCELoss()` with a target of 2",
         call=lambda c: nn.BCELoss()(Tensor(np.full(3, 0.5)), np.array([0.0, 1.0, 2.0])),
         error=ValueError, excerpt="binary_cross_entropy: every target must be in [0, 1], got values from 0 to 2"),
    Case(id="bce-target-nan", input="`nn.BCELoss()` with a NaN target",
         call=lambda c: nn.BCELoss()(Tensor(np.full(2, 0.5)), np.array([np.nan, 1.0])),
         error=ValueError, excerpt="binary_cross_entropy: every target must be in [0, 1], got NaN (1 of 2 values)"),
    Case(id="bce-input-range", input="`nn.BCELoss()` on a prediction of 1.5 (not a probability)",
         call=lambda c: nn.BCELoss()(Tensor([1.5]), np.array([1.0])),
         error=ValueError, excerpt="binary_cross_entropy: every input probability must be in [0, 1], got values from 1.5 to 1.5"),
    Case(id="bce-logits-target-range", input="`nn.BCEWithLogitsLoss()` with a target of -1",
         call=lambda c: nn.BCEWithLogitsLoss()(Tensor([0.3, 0.2]), np.array([-1.0, 1.0])),
         error=ValueError, excerpt="binary_cross_entropy_with_logits: every target must be in [0, 1], got values from -1 to 1"),
    Case(id="hinge-labels", input="`nn.HingeLoss()` with labels 0/1 instead of -1/+1",
         call=lambda c: nn.HingeLoss()(Tensor([0.3, 0.2]), np.array([0.0, 1.0])),
         error=ValueError, excerpt="hinge_loss: target labels must be -1 or +1, got the values 0, 1"),
    Case(id="kl-div-shapes", input='`nn.KLDivLoss()` on log-probabilities (4, 2) and target (3, 2)',
         call=lambda c: nn.KLDivLoss()(Tensor(np.zeros((4, 2))), np.ones((3, 2))),
         error=ValueError, excerpt='kl_div: input shape (4, 2) and target shape (3, 2) cannot be broadcast together'),
    Case(id="kl-div-reduction", input='`nn.KLDivLoss(reduction="batch")`',
         call=lambda c: nn.KLDivLoss(reduction="batch"),
         error=ValueError, excerpt="KLDivLoss: reduction must be 'mean', 'batchmean', 'sum' or 'none', got 'batch'"),
    Case(id="soft-margin-labels", input='`nn.SoftMarginLoss()` with labels 0/1 instead of -1/+1',
         call=lambda c: nn.SoftMarginLoss()(Tensor([0.3, 0.2]), np.array([0.0, 1.0])),
         error=ValueError, excerpt='soft_margin_loss: target labels must be -1 or +1, got the values 0, 1'),
    Case(id="ranking-dims", input='`nn.MarginRankingLoss()` on scores (4, 1), (4,) and labels (4,)',
         call=lambda c: nn.MarginRankingLoss()(Tensor(np.zeros((4, 1))), Tensor(np.zeros(4)), np.ones(4)),
         error=ValueError, excerpt='margin_ranking_loss: the inputs must have the same number of dimensions, got shapes input1 (4, 1), input2 (4,), target (4,)'),
    Case(id="multi-margin-label-range", input='`nn.MultiMarginLoss()` with label 3 for 3 classes',
         call=lambda c: nn.MultiMarginLoss()(Tensor(np.zeros((2, 3))), np.array([0, 3])),
         error=nn.functional.LabelError, excerpt='multi_margin_loss: class label 3 is out of range for 3 classes (labels must be in [0, 2])'),
    Case(id="gaussian-var-shape", input='`nn.GaussianNLLLoss()` with var (3,) for input (4, 2)',
         call=lambda c: nn.GaussianNLLLoss()(Tensor(np.zeros((4, 2))), np.zeros((4, 2)), Tensor(np.ones(3))),
         error=ValueError, excerpt='gaussian_nll_loss: var of shape (3,) does not fit the input of shape (4, 2)'),
    # names
    Case(id="activation-name", input='`nn.get_activation("relux")`', call=lambda c: nn.get_activation("relux"),
         error=ValueError, excerpt="unknown activation 'relux'; valid names are: celu, elu, gelu, glu, hardshrink, hardsigmoid, hardswish, hardtanh, identity, leaky_relu, linear, log_softmax, logsigmoid, mish, prelu, relu, relu6, rrelu, selu, sigmoid, silu, softmax, softmin, softplus, softshrink, softsign, tanh, tanhshrink"),
    Case(id="mlp-activation-name", input='`nn.MLP(2, [3], 1, activation="relux")`',
         call=lambda c: nn.MLP(2, [3], 1, activation="relux"),
         error=ValueError, excerpt="unknown activation 'relux'; valid names are:"),
    Case(id="activation-type", input="`nn.MLP(2, [3], 1, activation=42)`", call=lambda c: nn.MLP(2, [3], 1, activation=42),
         error=TypeError, excerpt="activation must be a name, a Module class, a Module or None, got int"),
    Case(id="init-name", input='`nn.MLP(2, [3], 1, init="glorot")`', call=lambda c: nn.MLP(2, [3], 1, init="glorot"),
         error=ValueError, excerpt="MLP: unknown init 'glorot'; valid names are: zeros, normal_fan_in, lecun_normal, xavier_uniform, xavier_normal, kaiming_uniform, kaiming_normal, he_normal"),
    Case(id="gain-name", input='`nn.init.calculate_gain("swish")`', call=lambda c: nn.init.calculate_gain("swish"),
         error=ValueError, excerpt="calculate_gain: unsupported nonlinearity 'swish'; valid: linear, identity"),
    Case(id="init-mode", input='`nn.init.kaiming_normal_(w, mode="fan_avg")`',
         call=lambda c: nn.init.kaiming_normal_(Tensor(np.zeros((2, 2))), mode="fan_avg"),
         error=ValueError, excerpt="mode must be 'fan_in' or 'fan_out', got 'fan_avg'"),
    Case(id="loss-name", input='`nn.loss.get_loss("mae")`', call=lambda c: nn.loss.get_loss("mae"),
         error=ValueError, excerpt="unknown loss 'mae'; valid names are: bce, bce_with_logits, cosine_embedding, cross_entropy, gaussian_nll, hinge, hinge_embedding, huber, kl_div, l1, margin_ranking, mse, multi_margin, multilabel_margin, multilabel_soft_margin, nll, poisson_nll, smooth_l1, soft_margin, triplet_margin"),
    Case(id="optimizer-name", input='`optim.get_optimizer("lion", params)`',
         call=lambda c: optim.get_optimizer("lion", params()),
         error=ValueError, excerpt="unknown optimiser 'lion'; valid names are: adadelta, adagrad, adam, adamax, adamw, asgd, lbfgs, nadam, radam, rmsprop, rprop, sgd"),
    Case(id="reduction-name", input='`nn.MSELoss(reduction="avg")`', call=lambda c: nn.MSELoss(reduction="avg"),
         error=ValueError, excerpt="MSELoss: reduction must be 'mean', 'sum' or 'none', got 'avg'"),
    Case(id="gelu-approximate", input='`nn.GELU("fast")`', call=lambda c: nn.GELU("fast"),
         error=ValueError, excerpt="GELU: approximate must be 'none' or 'tanh', got 'fast'"),
    Case(id="plateau-mode", input='`ReduceLROnPlateau(opt, mode="up")`',
         call=lambda c: optim.lr_scheduler.ReduceLROnPlateau(optim.SGD(params()), mode="up"),
         error=ValueError, excerpt="ReduceLROnPlateau: mode must be 'min' or 'max', got 'up'"),
    # hyper-parameters
    Case(id="lr-negative", input="`optim.SGD(params, lr=-0.1)`", call=lambda c: optim.SGD(params(), lr=-0.1),
         error=ValueError, excerpt="SGD: invalid lr=-0.1; it must lie in [0, inf)"),
    Case(id="lr-infinite", input='`optim.Adam(params, lr=float("inf"))`', call=lambda c: optim.Adam(params(), lr=math.inf),
         error=ValueError, excerpt="Adam: invalid lr=inf; it must lie in [0, inf)"),
    Case(id="lr-nan", input='`optim.Adam(params, lr=float("nan"))`', call=lambda c: optim.Adam(params(), lr=math.nan),
         error=ValueError, excerpt="Adam: invalid lr=nan"),
    Case(id="lr-string", input='`optim.Adam(params, lr="0.1")`', call=lambda c: optim.Adam(params(), lr="0.1"),
         error=TypeError, excerpt="Adam: lr must be a real number, got '0.1' (str)"),
    Case(id="betas-range", input="`optim.Adam(params, betas=(1.0, 0.999))`",
         call=lambda c: optim.Adam(params(), betas=(1.0, 0.999)),
         error=ValueError, excerpt="Adam: invalid betas[0]=1.0; it must lie in [0, 1)"),
    Case(id="betas-type", input="`optim.Adam(params, betas=0.9)`", call=lambda c: optim.Adam(params(), betas=0.9),
         error=TypeError, excerpt="Adam: betas must be a pair (beta1, beta2), got 0.9"),
    Case(id="nesterov", input="`optim.SGD(params, lr=0.1, nesterov=True)` (no momentum)",
         call=lambda c: optim.SGD(params(), lr=0.1, nesterov=True),
         error=ValueError, excerpt="SGD: nesterov=True needs momentum > 0 and dampening == 0"),
    Case(id="rmsprop-alpha", input="`optim.RMSprop(params, alpha=2)`", call=lambda c: optim.RMSprop(params(), alpha=2),
         error=ValueError, excerpt="RMSprop: invalid alpha=2.0; it must lie in [0, 1]"),
    Case(id="adadelta-rho", input="`optim.Adadelta(params, rho=1.5)`", call=lambda c: optim.Adadelta(params(), rho=1.5),
         error=ValueError, excerpt="Adadelta: invalid rho=1.5; it must lie in [0, 1]"),
    Case(id="optimizer-model", input="`optim.SGD(model)` (the model, not its parameters)",
         call=lambda c: optim.SGD(c.model),
         error=TypeError, excerpt="SGD: got the MLP itself; pass its parameters: SGD(model.parameters(), ...)"),
    Case(id="optimizer-not-iterable", input="`optim.SGD(3)`", call=lambda c: optim.SGD(3),
         error=TypeError, excerpt="SGD: params must be an iterable (e.g. a list) of Tensors or of dicts, got int"),
    Case(id="optimizer-empty", input="`optim.SGD([])`", call=lambda c: optim.SGD([]),
         error=ValueError, excerpt="SGD: got an empty parameter list"),
    Case(id="optimizer-non-leaf", input="`optim.SGD([x * 2])`",
         call=lambda c: optim.SGD([Tensor([1.0], requires_grad=True) * 2]),
         error=ValueError, excerpt="SGD: parameter 0 of a group is not a leaf Tensor"),
    Case(id="optimizer-int-param", input="`optim.SGD([Tensor([1, 2], dtype=np.int64)])`",
         call=lambda c: optim.SGD([Tensor([1, 2], dtype=np.int64)]),
         error=TypeError, excerpt="SGD: parameter 0 of a group has dtype int64; only floating-point Tensors can be optimised"),
    Case(id="steplr-step-size", input="`StepLR(opt, step_size=0)`",
         call=lambda c: optim.lr_scheduler.StepLR(optim.SGD(params()), step_size=0),
         error=ValueError, excerpt="StepLR: step_size must be a positive integer, got 0"),
    Case(id="scheduler-gamma", input='`ExponentialLR(opt, gamma="0.9")`',
         call=lambda c: optim.lr_scheduler.ExponentialLR(optim.SGD(params()), gamma="0.9"),
         error=TypeError, excerpt="ExponentialLR: gamma must be a real number, got '0.9' (str)"),
    Case(id="plateau-factor", input="`ReduceLROnPlateau(opt, factor=1.5)`",
         call=lambda c: optim.lr_scheduler.ReduceLROnPlateau(optim.SGD(params()), factor=1.5),
         error=ValueError, excerpt="ReduceLROnPlateau: factor must be < 1.0, got 1.5"),
    Case(id="dropout-p", input="`nn.Dropout(1.5)`", call=lambda c: nn.Dropout(1.5),
         error=ValueError, excerpt="Dropout: p must be a probability in [0, 1], got 1.5"),
    Case(id="batchnorm-eps", input="`nn.BatchNorm1d(3, eps=-1)`", call=lambda c: nn.BatchNorm1d(3, eps=-1),
         error=ValueError, excerpt="BatchNorm1d: eps must be a finite number in [0, inf), got -1"),
    Case(id="batchnorm-momentum", input="`nn.BatchNorm1d(3, momentum=2)`", call=lambda c: nn.BatchNorm1d(3, momentum=2),
         error=ValueError, excerpt="BatchNorm1d: momentum must be a finite number in [0, 1], got 2"),
    Case(id="leaky-slope", input='`nn.LeakyReLU("0.1")`', call=lambda c: nn.LeakyReLU("0.1"),
         error=TypeError, excerpt="LeakyReLU: negative_slope must be a real number, got '0.1' (str)"),
    Case(id="softplus-beta", input="`nn.Softplus(beta=0)`", call=lambda c: nn.Softplus(beta=0),
         error=ValueError, excerpt="Softplus: beta must be a non-zero number (it divides), got 0"),
    Case(id="huber-delta", input="`nn.HuberLoss(delta=-1)`", call=lambda c: nn.HuberLoss(delta=-1),
         error=ValueError, excerpt="HuberLoss: delta must be positive, got -1"),
    Case(id="label-smoothing", input="`nn.CrossEntropyLoss(label_smoothing=1.5)`",
         call=lambda c: nn.CrossEntropyLoss(label_smoothing=1.5),
         error=ValueError, excerpt="CrossEntropyLoss: label_smoothing must be a finite number in [0, 1], got 1.5"),
    Case(id="loss-weight-type", input='`nn.BCELoss(weight="heavy")`', call=lambda c: nn.BCELoss(weight="heavy"),
         error=TypeError, excerpt="BCELoss: weight must be None or an array of numbers, got str"),
    Case(id="clip-grad-norm", input="`nn.utils.clip_grad_norm_(params, max_norm=-1)`",
         call=lambda c: nn.utils.clip_grad_norm_(params(), -1),
         error=ValueError, excerpt="clip_grad_norm_: max_norm must be >= 0, got -1"),
    Case(id="init-std", input="`nn.init.normal_(w, std=-1)`", call=lambda c: nn.init.normal_(Tensor(np.zeros(2)), std=-1),
         error=ValueError, excerpt="normal_: std must be >= 0, got -1"),
    Case(id="init-not-finite", input='`nn.init.uniform_(w, a=float("-inf"))`',
         call=lambda c: nn.init.uniform_(Tensor(np.zeros(2)), a=-math.inf),
         error=ValueError, excerpt="uniform_: a must be finite, got -inf"),
    Case(id="manual-seed", input="`autograd.manual_seed(2**70)` (PyTorch takes seeds in [-2**63, 2**64))",
         call=lambda c: ag.manual_seed(2 ** 70),
         error=ValueError, excerpt="manual_seed: the seed must lie in [-2**63, 2**64), got 1180591620717411303424"),
    Case(id="draw-graph-collapse", input='`draw_graph(y, collapse="layers")`',
         call=lambda c: ag.draw_graph(graph_of(3), collapse="layers"),
         error=ValueError, excerpt="draw_graph: collapse must be one of ('auto', 'modules', 'none'), got 'layers'"),
    # data
    Case(id="dataloader-lengths", input="`DataLoader((X, y))` with 3 rows in X and 4 in y",
         call=lambda c: nn.data.DataLoader((np.ones((3, 2)), np.ones(4))),
         error=ValueError, excerpt="TensorDataset: every array needs the same number of rows, got lengths [3, 4] (shapes (3, 2), (4,))"),
    Case(id="dataloader-batch-size", input="`DataLoader(X, batch_size=0)`",
         call=lambda c: nn.data.DataLoader(np.ones((3, 2)), batch_size=0),
         error=ValueError, excerpt="DataLoader: batch_size must be >= 1, got 0"),
    Case(id="dataloader-batch-size-type", input="`DataLoader(X, batch_size=2.5)`",
         call=lambda c: nn.data.DataLoader(np.ones((3, 2)), batch_size=2.5),
         error=TypeError, excerpt="DataLoader: batch_size must be an int, got 2.5"),
    Case(id="dataloader-strings", input='`DataLoader((X, np.array(["a", "b", "c"])))`',
         call=lambda c: nn.data.DataLoader((np.ones((3, 2)), np.array(["a", "b", "c"]))),
         error=TypeError, excerpt="DataLoader: array 1 must hold numbers (its batches become Tensors), got dtype <U1"),
    Case(id="dataloader-scalar", input="`DataLoader((1, 2, 3))` (a tuple is read as several arrays)",
         call=lambda c: nn.data.DataLoader((1, 2, 3)),
         error=ValueError, excerpt="DataLoader: a tuple is read as several arrays, e.g. (X, y), but it holds a scalar"),
    Case(id="one-hot-range", input="`one_hot([0, 3], num_classes=3)`", call=lambda c: nn.data.one_hot([0, 3], 3),
         error=ValueError, excerpt="labels must lie in [0, 2] for num_classes=3, got 3"),
    Case(id="split-rows", input="`train_test_split(X, y)` with 10 and 9 rows",
         call=lambda c: nn.data.train_test_split(np.ones((10, 2)), np.ones(9)),
         error=ValueError, excerpt="X and y must have the same number of rows, got X (10, 2) and y (9,)"),
    # saving and loading: the model must be exactly what it was
    Case(id="state-missing", input="`model.load_state_dict(state)` with an entry missing",
         call=lambda c: c.model.load_state_dict(state_with(c, layers__0__bias=None)),
         error=nn.StateDictError, excerpt="failed, model left unchanged:\n  missing: layers.0.bias"),
    Case(id="state-unexpected", input="`model.load_state_dict(state)` with an extra entry",
         call=lambda c: c.model.load_state_dict(state_with(c, extra=np.ones(2))),
         error=nn.StateDictError, excerpt="unexpected: extra"),
    Case(id="state-shape", input="`model.load_state_dict(state)` with a mis-shaped entry",
         call=lambda c: c.model.load_state_dict(state_with(c, layers__0__weight=np.ones((3, 3)))),
         error=nn.StateDictError, excerpt="layers.0.weight: shape (3, 3) in the state dict, (4, 3) in the model"),
    Case(id="state-shape-not-strict", input="`load_state_dict(state, strict=False)` with a mis-shaped entry",
         call=lambda c: c.model.load_state_dict(state_with(c, layers__3__bias=np.ones(5)), strict=False),
         error=nn.StateDictError, excerpt="layers.3.bias: shape (5,) in the state dict, (2,) in the model"),
    Case(id="state-complex", input="`model.load_state_dict(state)` with a complex array",
         call=lambda c: c.model.load_state_dict(state_with(c, layers__0__bias=np.ones(4) * 1j)),
         error=nn.StateDictError, excerpt="layers.0.bias: cannot convert to float64 (dtype complex128 is not a real number type)"),
    Case(id="state-not-dict", input="`model.load_state_dict([1, 2])`", call=lambda c: c.model.load_state_dict([1, 2]),
         error=TypeError, excerpt="load_state_dict: expected a dict of arrays, got list"),
    Case(id="load-missing-file", input="`nn.load(model, path)`, no file at path",
         call=lambda c: nn.load(c.model, c.tmp / "absent.npz"),
         error=FileNotFoundError, excerpt="nn.load: no such file"),
    Case(id="load-corrupted", input="`nn.load(model, path)` of a damaged .npz",
         call=lambda c: nn.load(c.model, corrupted_copy(c)),
         error=ValueError, excerpt="is not a readable .npz archive written by nn.save"),
    Case(id="load-truncated", input="`nn.load(model, path)` of a half-written .npz",
         call=lambda c: nn.load(c.model, write(c.tmp / "half.npz", saved_model_file(c).read_bytes()[:300])),
         error=ValueError, excerpt="is not a readable .npz archive written by nn.save"),
    Case(id="load-text-file", input="`nn.load(model, path)` of a text file",
         call=lambda c: nn.load(c.model, write(c.tmp / "notes.txt", b"weights: 1 2 3\n")),
         error=ValueError, excerpt="is not a chainrule save: it is not a readable .npz archive written by nn.save (truncated, or another format?)"),
    Case(id="load-npy", input="`nn.load(model, path)` of a single-array .npy",
         call=lambda c: nn.load(c.model, npy_file(c)),
         error=ValueError, excerpt="it holds a single array, not an archive of named arrays"),
    Case(id="load-other-model", input="`nn.load(model, path)` of another architecture's file",
         call=lambda c: (nn.save(nn.MLP(3, [5], 2), c.tmp / "wide.npz"), nn.load(c.model, c.tmp / "wide.npz")),
         error=nn.StateDictError, excerpt="layers.0.weight: shape (5, 3) in the state dict, (4, 3) in the model"),
    Case(id="save-not-module", input="`nn.save(model.state_dict(), path)`",
         call=lambda c: nn.save(c.model.state_dict(), c.tmp / "x.npz"),
         error=TypeError, excerpt="nn.save: expected a Module (or an optimiser/scheduler with state_dict), got OrderedDict"),
    Case(id="optimizer-wrong-state", input="`opt.load_state_dict(model.state_dict())`",
         call=lambda c: optim.SGD(c.model.parameters()).load_state_dict(c.model.state_dict()),
         error=ValueError, excerpt="SGD.load_state_dict: expected a dict with 'state' and 'param_groups'"),
    Case(id="scheduler-wrong-state", input="`scheduler.load_state_dict(opt.state_dict())`",
         call=lambda c: optim.lr_scheduler.StepLR(optim.SGD(params()), 2).load_state_dict(optim.SGD(params()).state_dict()),
         error=ValueError, excerpt="StepLR.load_state_dict: missing ['_last_lr', 'base_lrs', 'gamma', 'last_epoch', 'step_size'], unexpected ['param_groups', 'state']"),
]


def snapshot(model):
    """Every parameter and buffer as (dtype, shape, raw bytes): equal means bit for bit equal."""
    return {key: (t.dtype.str, t.shape, t.numpy().tobytes()) for key, t in model._state_tensors().items()}


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_error_table(case, tmp_path):
    ag.manual_seed(0)
    model = model_like_ctx()
    model.train()(np.arange(12.0).reshape(4, 3))      # running statistics away from their start
    ctx = SimpleNamespace(model=model, tmp=tmp_path)
    before = snapshot(model)
    with pytest.raises(case.error, match=re.escape(case.excerpt)):
        case.call(ctx)
    assert snapshot(model) == before


def test_load_of_a_foreign_file_gives_no_pickle_advice(tmp_path):
    """numpy suggests allow_pickle=True for such a file; chainrule never unpickles, so says it is not ours."""
    path = tmp_path / "notes.txt"
    path.write_bytes(b"weights: 1 2 3\n")
    with pytest.raises(ValueError) as info:
        nn.load(nn.MLP(3, [4], 2), path)
    assert "is not a chainrule save" in str(info.value)
    assert "pickle" not in str(info.value) and info.value.__cause__ is None


# ---- the documentation is this table ---------------------------------------------------

def doc_rows():
    """(id, exception name, excerpt) of every row of the tables in docs/errors.md."""
    rows = {}
    for line in DOC.read_text().splitlines():
        match = re.fullmatch(r"\| (.+) \| `(\w+)`(?: \([\w, ]+\))? \| `(.+)` \| `([\w-]+)` \|", line)
        if match:
            assert match.group(4) not in rows, f"row {match.group(4)} twice in docs/errors.md"
            rows[match.group(4)] = (match.group(2), match.group(3))
    return rows


def test_the_docs_table_is_this_table():
    rows = doc_rows()
    assert sorted(rows) == sorted(case.id for case in CASES)
    for case in CASES:
        name, excerpt = rows[case.id]
        assert name == case.error.__name__, case.id
        assert excerpt == case.excerpt.replace("\n", "\\n"), case.id


def test_doc_references_to_other_tests_exist():
    """Rows of the other tables name a test file and function; both must exist."""
    text = DOC.read_text()
    references = re.findall(r"`(test_\w+\.py)::(test_\w+)`", text)
    assert len(references) >= 10
    for filename, function in references:
        source = (ROOT / "tests" / filename).read_text()
        assert f"def {function}(" in source, f"{filename}::{function} named in docs/errors.md does not exist"


# ---- saving: atomic, even when the process dies in the middle ---------------------------

def test_save_failure_mid_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    ag.manual_seed(0)
    path = tmp_path / "model.npz"
    nn.save(model_like_ctx(), path)
    before = path.read_bytes()
    original, calls = np.lib.format.write_array, []

    def write_then_fail(member, array, **kwargs):
        calls.append(array.shape)
        if len(calls) == 4:
            member.write(b"\x93NUMPY half an array")
            raise OSError("disk full (simulated)")
        return original(member, array, **kwargs)

    monkeypatch.setattr(np.lib.format, "write_array", write_then_fail)
    with pytest.raises(OSError, match="simulated"):
        nn.save(nn.MLP(3, [4], 2, batchnorm=True), path)
    assert len(calls) == 4
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.npz"]


def test_save_interrupted_by_keyboard_interrupt_keeps_the_old_file(tmp_path, monkeypatch):
    ag.manual_seed(0)
    path = tmp_path / "model.npz"
    nn.save(model_like_ctx(), path)
    before = path.read_bytes()

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)       # everything written, not yet in place
    with pytest.raises(KeyboardInterrupt):
        nn.save(nn.MLP(3, [4], 2, batchnorm=True), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.npz"]


def test_save_killed_mid_write_keeps_the_old_file(tmp_path):
    """A process killed (SIGKILL: no cleanup at all) while writing leaves the old file loadable."""
    ag.manual_seed(0)
    old = model_like_ctx()
    path = tmp_path / "model.npz"
    nn.save(old, path)
    before = path.read_bytes()
    marker = tmp_path / "writing"
    script = textwrap.dedent(f"""
        import pathlib, time
        import numpy as np
        import nn
        original = np.lib.format.write_array
        def slow_write(member, array, **kwargs):
            original(member, array, **kwargs)
            pathlib.Path({str(marker)!r}).touch()     # one entry written: now kill me
            time.sleep(60)
        np.lib.format.write_array = slow_write
        nn.save(nn.MLP(3, [4], 2, batchnorm=True), {str(path)!r})
    """)
    child = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + 30
        while not marker.exists():
            assert child.poll() is None, "the writer exited before writing"
            assert time.monotonic() < deadline, "the writer never started writing"
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert path.read_bytes() == before
    fresh = model_like_ctx()
    nn.load(fresh, path)
    assert snapshot(fresh) == snapshot(old)
