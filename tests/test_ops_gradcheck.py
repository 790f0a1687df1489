"""Every differentiable op: first and second derivatives against finite differences (float64)."""

import numpy as np
import pytest

import autograd as ag
from autograd import Tensor, gradcheck, gradgradcheck


def var(rng, shape, low=-2.0, high=2.0, away_from=None):
    """A float64 leaf of random values, kept at least 0.1 away from kinks/ties at `away_from`."""
    data = rng.uniform(low, high, size=shape)
    if away_from is not None:
        data = np.where(np.abs(data - away_from) < 0.1, data + 0.3, data)
    return Tensor(data, requires_grad=True)


def check(fn, *inputs):
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)


BROADCAST_PAIRS = [((), ()), ((3,), ()), ((), (3,)), ((2, 3), (3,)), ((4, 1), (1, 5)), ((2, 3), (2, 3))]


@pytest.mark.parametrize("shapes", BROADCAST_PAIRS)
@pytest.mark.parametrize("op", ["add", "sub", "mul", "div", "pow", "maximum", "minimum"])
def test_binary_ops_with_broadcasting(rng, op, shapes):
    a = var(rng, shapes[0], 0.5, 2.0)
    b = var(rng, shapes[1], 0.5, 2.0)
    fns = {
        "add": lambda a, b: a + b,
        "sub": lambda a, b: a - b,
        "mul": lambda a, b: a * b,
        "div": lambda a, b: a / b,
        "pow": lambda a, b: a**b,
        "maximum": lambda a, b: ag.maximum(a, b),
        "minimum": lambda a, b: ag.minimum(a, b),
    }
    check(fns[op], a, b)


@pytest.mark.parametrize(
    "fn",
    [
        lambda x: x + 2.5,
        lambda x: 2.5 - x,
        lambda x: 3 * x,
        lambda x: 1.5 / x,
        lambda x: x**3,
        lambda x: x**-0.5,
        lambda x: 2.0**x,
        lambda x: -x,
        lambda x: np.float64(2) * x,
        lambda x: np.ones(3) + x,
    ],
)
def test_operators_with_constants(rng, fn):
    check(fn, var(rng, (3,), 0.5, 2.0))


@pytest.mark.parametrize(
    "shapes",
    [
        ((3,), (3,)),
        ((3,), (3, 4)),
        ((2, 3), (3,)),
        ((2, 3), (3, 4)),
        ((2, 3, 4), (4, 5)),
        ((2, 3, 4), (2, 4, 5)),
        ((4,), (2, 4, 5)),
        ((1, 3, 4), (2, 4, 2)),
    ],
)
def test_matmul(rng, shapes):
    check(lambda a, b: a @ b, var(rng, shapes[0]), var(rng, shapes[1]))


UNARY = {
    "exp": (lambda x: x.exp(), -2, 2, None),
    "log": (lambda x: x.log(), 0.2, 3, None),
    "sqrt": (lambda x: x.sqrt(), 0.2, 3, None),
    "abs": (lambda x: x.abs(), -2, 2, 0.0),
    "sin": (lambda x: x.sin(), -3, 3, None),
    "cos": (lambda x: x.cos(), -3, 3, None),
    "tanh": (lambda x: x.tanh(), -2, 2, None),
    "sigmoid": (lambda x: x.sigmoid(), -4, 4, None),
    "relu": (lambda x: x.relu(), -2, 2, 0.0),
    "leaky_relu": (lambda x: x.leaky_relu(0.1), -2, 2, 0.0),
    "elu": (lambda x: x.elu(0.7), -2, 2, 0.0),
    "softplus": (lambda x: x.softplus(), -3, 3, None),
    "softplus_beta": (lambda x: x.softplus(beta=2.0, threshold=3.0), -3, 3, 1.5),
    "gelu": (lambda x: x.gelu(), -3, 3, None),
    "gelu_tanh": (lambda x: x.gelu("tanh"), -3, 3, None),
    "erf": (lambda x: x.erf(), -2, 2, None),
    "clip": (lambda x: x.clip(-0.5, 1.0), -2, 2, None),
    "clip_min": (lambda x: x.clip(min=0.3), -2, 2, 0.3),
}


@pytest.mark.parametrize("shape", [(), (3,), (2, 3)])
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_ops(rng, name, shape):
    fn, low, high, kink = UNARY[name]
    x = var(rng, shape, low, high, away_from=kink)
    if name == "clip":
        x = Tensor(np.where(np.abs(x.numpy() + 0.5) < 0.1, x.numpy() + 0.3, x.numpy()), requires_grad=True)
        x = Tensor(np.where(np.abs(x.numpy() - 1.0) < 0.1, x.numpy() + 0.3, x.numpy()), requires_grad=True)
    check(fn, x)


REDUCTIONS = {
    "sum": lambda x, **kw: x.sum(**kw),
    "mean": lambda x, **kw: x.mean(**kw),
    "var": lambda x, **kw: x.var(ddof=0, **kw),
    "var_ddof": lambda x, **kw: x.var(ddof=1, **kw),
    "std": lambda x, **kw: x.std(**kw),
    "amax": lambda x, **kw: x.amax(**kw),
    "amin": lambda x, **kw: x.amin(**kw),
    "logsumexp": lambda x, **kw: x.logsumexp(**kw),
    "max_dim": lambda x, axis, **kw: (
        x.max(dim=axis, **kw).values if isinstance(axis, int) else x.amax(dim=axis, **kw)
    ),
}


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", [None, 0, 1, -1, (0, 2)])
@pytest.mark.parametrize("name", sorted(REDUCTIONS))
def test_reductions(rng, name, axis, keepdims):
    x = Tensor(
        rng.permutation(24).reshape(2, 3, 4) / 7.0 + rng.uniform(0, 0.01, (2, 3, 4)), requires_grad=True
    )  # distinct values: no ties for max/min
    check(lambda x: REDUCTIONS[name](x, axis=axis, keepdims=keepdims), x)


def test_max_shares_gradient_equally_among_ties():
    x = Tensor([1.0, 3.0, 3.0, 2.0], requires_grad=True)
    x.max().backward()
    np.testing.assert_array_equal(x.grad, [0, 0.5, 0.5, 0])
    y = Tensor([[1.0, 1.0], [0.0, 2.0]], requires_grad=True)
    y.amin(axis=1).sum().backward()
    np.testing.assert_array_equal(y.grad, [[0.5, 0.5], [1.0, 0.0]])


def test_maximum_splits_ties():
    a, b = Tensor([1.0, 2.0], requires_grad=True), Tensor([1.0, 3.0], requires_grad=True)
    ag.maximum(a, b).sum().backward()
    np.testing.assert_array_equal(a.grad, [0.5, 0.0])
    np.testing.assert_array_equal(b.grad, [0.5, 1.0])


@pytest.mark.parametrize("axis", [0, 1, -1])
@pytest.mark.parametrize("op", ["softmax", "log_softmax"])
def test_softmax_family(rng, op, axis):
    weights = Tensor(rng.uniform(size=(3, 4)))
    check(lambda x: getattr(x, op)(axis=axis) * weights, var(rng, (3, 4)))


SHAPE_OPS = {
    "reshape": lambda x: x.reshape(4, 6),
    "reshape_tuple": lambda x: x.reshape((6, -1)),
    "flatten": lambda x: x.flatten(),
    "flatten_1": lambda x: x.flatten(1),
    "transpose": lambda x: x.transpose(),
    "transpose_perm": lambda x: x.transpose(1, 2, 0),
    "transpose_swap": lambda x: x.transpose(0, 2),
    "permute": lambda x: x.permute(2, 0, 1),
    "swapaxes": lambda x: x.swapaxes(-1, 0),
    "T": lambda x: x.T,
    "squeeze": lambda x: x.reshape(2, 1, 3, 4).squeeze(1),
    "unsqueeze": lambda x: x.unsqueeze(-1),
    "broadcast_to": lambda x: x[:, :1, :].broadcast_to((5, 2, 3, 4)),
    "getitem_int": lambda x: x[1],
    "getitem_slices": lambda x: x[:, ::2, 1:],
    "getitem_negative_step": lambda x: x[..., ::-2],
    "getitem_none": lambda x: x[None, 0, ..., None],
    "getitem_int_array": lambda x: x[[0, 1, 1, 0]],
    "getitem_repeated": lambda x: x[:, [2, 2, 0], [1, 1, 3]],
    "getitem_mask": lambda x: x[x.numpy() > 0],
    "getitem_tensor_index": lambda x: x[ag.tensor(np.array([1, 0]))],
    "concatenate": lambda x: ag.concatenate([x, x * 2, x[:, :1]], axis=1),
    "stack": lambda x: ag.stack([x, x.exp()], axis=-1),
    "where": lambda x: ag.where(x.numpy() > 0, x, x * x),
    "where_scalar": lambda x: ag.where(x.numpy() > 0, x, 0.5),
}


@pytest.mark.parametrize("name", sorted(SHAPE_OPS))
def test_shape_ops(rng, name):
    check(SHAPE_OPS[name], var(rng, (2, 3, 4), away_from=0.0))


def test_where_with_broadcast_operands(rng):
    a, b = var(rng, (3, 1)), var(rng, (4,))
    cond = rng.uniform(size=(3, 4)) > 0.5
    check(lambda a, b: ag.where(cond, a, b), a, b)


def test_shared_subexpressions_and_reuse(rng):
    x, y = var(rng, (3,)), var(rng, (2, 3))

    def f(x, y):
        s = (x * y).tanh()
        return (s * s + s.exp() * x - (s @ x).reshape(2, 1) * y).sum(axis=0)

    check(f, x, y)


def test_deep_composition_second_derivative(rng):
    x = var(rng, (2, 2))
    check(lambda x: ((x @ x).sigmoid().log_softmax(0) * x.T).logsumexp(1), x)


def test_astype_casts_the_gradient_back():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x.astype("float32")
    assert y.dtype == np.float32 and y.grad_fn.name == "cast"
    (y * 3).sum().backward()
    assert x.grad.dtype == np.float64
    np.testing.assert_array_equal(x.grad, [3.0, 3.0])
    check(lambda x: (x.astype("float64") * x).sum(), x)
