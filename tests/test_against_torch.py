"""Values, first and second derivatives of random op compositions against PyTorch (float64).

Optional: skipped when torch is not installed.
"""

import numpy as np
import pytest

import autograd as ag

torch = pytest.importorskip("torch")

# (our op, torch's op) on one or two operands, chosen so every value stays in a smooth region.
UNARY = [
    (lambda x: x.exp() * 0.1, lambda x: x.exp() * 0.1),
    (lambda x: (x * x + 1).log(), lambda x: (x * x + 1).log()),
    (lambda x: (x * x + 0.5).sqrt(), lambda x: (x * x + 0.5).sqrt()),
    (lambda x: x.sin(), torch.sin),
    (lambda x: x.cos(), torch.cos),
    (lambda x: x.tanh(), torch.tanh),
    (lambda x: x.sigmoid(), torch.sigmoid),
    (lambda x: x.softplus(), torch.nn.functional.softplus),
    (lambda x: x.gelu(), torch.nn.functional.gelu),
    (lambda x: x.gelu("tanh"), lambda x: torch.nn.functional.gelu(x, approximate="tanh")),
    (lambda x: x.elu(0.5), lambda x: torch.nn.functional.elu(x, 0.5)),
    (lambda x: x.erf(), torch.erf),
    (lambda x: x.softmax(-1), lambda x: x.softmax(-1)),
    (lambda x: x.log_softmax(0), lambda x: x.log_softmax(0)),
    (lambda x: x.logsumexp(axis=-1, keepdims=True) - x, lambda x: x.logsumexp(-1, keepdim=True) - x),
    (
        lambda x: x.var(axis=0, keepdims=True, ddof=0) * x,
        lambda x: x.var(0, keepdim=True, unbiased=False) * x,
    ),
    (lambda x: x.std(axis=-1, ddof=1, keepdims=True) + x, lambda x: x.std(-1, keepdim=True) + x),
    (lambda x: x.mean(axis=1, keepdims=True) * x, lambda x: x.mean(1, keepdim=True) * x),
    (lambda x: x**3, lambda x: x**3),
    (lambda x: 1.5**x, lambda x: 1.5**x),
    (lambda x: x.T @ x, lambda x: x.T @ x),
    (lambda x: x[:, ::-1] * x, lambda x: x.flip(1) * x),
]
BINARY = [
    (lambda a, b: a + b, lambda a, b: a + b),
    (lambda a, b: a - b, lambda a, b: a - b),
    (lambda a, b: a * b, lambda a, b: a * b),
    (lambda a, b: a / (b * b + 1), lambda a, b: a / (b * b + 1)),
    (lambda a, b: (a * a + 1) ** b, lambda a, b: (a * a + 1) ** b),
    (lambda a, b: a @ b.T, lambda a, b: a @ b.T),
]


def compose(rng, depth):
    """A random program: a list of steps applied to two (3, 3) inputs."""
    return [(rng.integers(len(UNARY)), rng.integers(len(BINARY)), rng.integers(2)) for _ in range(depth)]


def run(program, a, b, which):
    for unary, binary, swap in program:
        ours_u, theirs_u = UNARY[unary]
        ours_b, theirs_b = BINARY[binary]
        u, f = (ours_u, ours_b) if which == "ours" else (theirs_u, theirs_b)
        a, b = (f(u(a), b), a) if swap else (f(a, u(b)), b)
        a = a * 0.5  # keep magnitudes moderate
    return (a * a).sum() + b.sum()


@pytest.mark.parametrize("seed", range(40))
def test_random_compositions_match_torch(seed):
    rng = np.random.default_rng(seed)
    program = compose(rng, depth=3)
    a0, b0 = rng.uniform(-1, 1, (3, 3)), rng.uniform(-1, 1, (3, 3))
    v = rng.uniform(-1, 1, (3, 3))

    a, b = ag.Tensor(a0, requires_grad=True), ag.Tensor(b0, requires_grad=True)
    y = run(program, a, b, "ours")
    ga, gb = ag.grad(y, [a, b], create_graph=True)
    hva, hvb = ag.grad((ga * ag.Tensor(v)).sum(), [a, b], allow_unused=True)

    ta, tb = (torch.tensor(x, requires_grad=True) for x in (a0, b0))
    ty = run(program, ta, tb, "torch")
    tga, tgb = torch.autograd.grad(ty, [ta, tb], create_graph=True)
    thva, thvb = torch.autograd.grad((tga * torch.tensor(v)).sum(), [ta, tb], allow_unused=True)

    def same(ours, theirs):
        theirs = np.zeros_like(a0) if theirs is None else theirs.detach().numpy()
        ours = np.zeros_like(a0) if ours is None else ours.numpy()
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)

    np.testing.assert_allclose(y.item(), ty.item(), rtol=1e-10)
    for ours, theirs in ((ga, tga), (gb, tgb), (hva, thva), (hvb, thvb)):
        same(ours, theirs)


@pytest.mark.parametrize(
    "shapes", [((2, 3, 4), (4, 5)), ((4,), (2, 4, 5)), ((3,), (3,)), ((1, 3, 4), (2, 4, 2))]
)
def test_matmul_shapes_match_torch(shapes):
    rng = np.random.default_rng(0)
    a0, b0 = rng.standard_normal(shapes[0]), rng.standard_normal(shapes[1])
    a, b = ag.Tensor(a0, requires_grad=True), ag.Tensor(b0, requires_grad=True)
    ta, tb = torch.tensor(a0, requires_grad=True), torch.tensor(b0, requires_grad=True)
    ((a @ b) ** 2).sum().backward()
    ((ta @ tb) ** 2).sum().backward()
    np.testing.assert_allclose(a.grad, ta.grad.numpy(), rtol=1e-10)
    np.testing.assert_allclose(b.grad, tb.grad.numpy(), rtol=1e-10)


def test_edge_values_match_torch():
    x0 = np.array([0.0, 1e-300, 4.0])
    for ours, theirs in ((lambda t: t.sqrt(), torch.sqrt), (lambda t: t.log(), torch.log)):
        with np.errstate(divide="ignore"):
            x, tx = ag.Tensor(x0, requires_grad=True), torch.tensor(x0, requires_grad=True)
            y, ty = ours(x), theirs(tx)
            y.sum().backward()
            ty.sum().backward()
        np.testing.assert_array_equal(y.numpy(), ty.detach().numpy())
        np.testing.assert_array_equal(x.grad, tx.grad.numpy())
