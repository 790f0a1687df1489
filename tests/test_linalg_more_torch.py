"""More of torch.linalg against PyTorch (float64): values, pivots and infos exactly, and the
gradients (first and second order) of a random weighted sum of the outputs, to 1e-10."""

import warnings

import numpy as np
import pytest

import autograd as ag

torch = pytest.importorskip("torch")

RTOL, ATOL = 1e-10, 1e-10


def _tuple(out):
    return tuple(out) if isinstance(out, (tuple, list)) else (out,)


def _same(ours, theirs, exact=False):
    theirs = theirs.detach().numpy() if isinstance(theirs, torch.Tensor) else np.asarray(theirs)
    ours = np.asarray(ours)
    assert ours.shape == theirs.shape, (ours.shape, theirs.shape)
    assert ours.dtype == theirs.dtype, (ours.dtype, theirs.dtype)
    if exact or ours.dtype.kind != "f":
        np.testing.assert_array_equal(ours, theirs)
    else:
        np.testing.assert_allclose(ours, theirs, rtol=RTOL, atol=ATOL)


def compare(ours, theirs, *arrays, second=True):
    """Same outputs (integers exactly); same gradients of a weighted sum of the floating
    outputs; with ``second``, the same Hessian-vector products."""
    rng = np.random.default_rng(0)
    xs = [ag.tensor(a, requires_grad=a.dtype.kind == "f") for a in arrays]
    txs = [torch.tensor(a, requires_grad=a.dtype.kind == "f") for a in arrays]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PyTorch's deprecation warnings (torch.lu, ...)
        outs, touts = _tuple(ours(*xs)), _tuple(theirs(*txs))
    assert len(outs) == len(touts)
    for o, t in zip(outs, touts):
        _same(o, t)
    pairs = [(o, t) for o, t in zip(outs, touts) if t.requires_grad and t.numel()]
    diff = [i for i, a in enumerate(arrays) if a.dtype.kind == "f"]
    if not pairs:
        return
    weights = [rng.uniform(-1, 1, tuple(o.shape)) for o, _ in pairs]
    loss = sum((o * ag.tensor(w)).sum() for (o, _), w in zip(pairs, weights))
    tloss = sum((t * torch.tensor(w)).sum() for (_, t), w in zip(pairs, weights))
    grads = ag.grad(loss, [xs[i] for i in diff], create_graph=second, allow_unused=True)
    tgrads = torch.autograd.grad(tloss, [txs[i] for i in diff], create_graph=second, allow_unused=True)
    for i, g, t in zip(diff, grads, tgrads):
        _same(np.zeros(arrays[i].shape) if g is None else g, np.zeros(arrays[i].shape) if t is None else t)
    if not second:
        return
    vs = [rng.uniform(-1, 1, arrays[i].shape) for i in diff]
    terms = [(g * ag.tensor(v)).sum() for g, v in zip(grads, vs) if g is not None and g.requires_grad]
    tterms = [(t * torch.tensor(v)).sum() for t, v in zip(tgrads, vs) if t is not None and t.requires_grad]
    assert len(terms) == len(tterms)
    if not terms:  # the gradient is constant (a linear function)
        return
    hvps = ag.grad(sum(terms), [xs[i] for i in diff], allow_unused=True)
    thvps = torch.autograd.grad(sum(tterms), [txs[i] for i in diff], allow_unused=True)
    for i, h, t in zip(diff, hvps, thvps):
        _same(np.zeros(arrays[i].shape) if h is None else h, np.zeros(arrays[i].shape) if t is None else t)


SHAPES = [(4, 4), (3, 5, 5), (5, 3), (3, 5), (2, 1, 6, 4), (2, 3, 6)]


@pytest.fixture
def rng():
    return np.random.default_rng(7)


# ---- LU -----------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
def test_lu_factor_ex_matches_torch(rng, shape):
    compare(ag.linalg.lu_factor_ex, torch.linalg.lu_factor_ex, rng.standard_normal(shape))


@pytest.mark.parametrize("shape", SHAPES)
def test_linalg_lu_matches_torch(rng, shape):
    compare(ag.linalg.lu, torch.linalg.lu, rng.standard_normal(shape))


@pytest.mark.parametrize("shape", [(4, 4), (2, 3, 3)])
def test_lu_factor_and_torch_lu_match_torch(rng, shape):
    a = rng.standard_normal(shape)
    compare(ag.linalg.lu_factor, torch.linalg.lu_factor, a)
    compare(ag.lu, torch.lu, a)
    compare(lambda x: ag.lu(x, get_infos=True), lambda x: torch.lu(x, get_infos=True), a)
    compare(lambda x: x.lu(), lambda x: x.lu(), a)


def test_lu_pivots_and_infos_of_singular_and_tied_matrices_match_torch():
    singular = np.array([[1.0, 2, 3], [2, 4, 6], [1, 0, 1]])
    ties = np.array([[1.0, 2, 0], [-1, 0, 3], [1, 1, 1]])  # |1| = |-1| = |1|: the first wins
    rank_one = np.outer([1.0, -2, 2, 1], [3.0, 1, -1, 2])
    batch = np.stack([singular, ties, np.zeros((3, 3)), np.eye(3)[::-1]])
    for a in (batch, rank_one, rank_one.T[:3]):
        ours, theirs = ag.linalg.lu_factor_ex(a), torch.linalg.lu_factor_ex(torch.tensor(a))
        _same(ours.pivots, theirs.pivots)
        _same(ours.info, theirs.info)
        np.testing.assert_allclose(ours.LU.numpy(), theirs.LU.numpy(), rtol=1e-14, atol=1e-15)


@pytest.mark.parametrize("left", [True, False])
@pytest.mark.parametrize("adjoint", [True, False])
@pytest.mark.parametrize("batches", [((4,), (4,)), ((2, 1), (3,)), ((), (2,)), ((3,), ())])
def test_lu_solve_matches_torch(rng, left, adjoint, batches):
    a_batch, b_batch = batches
    n, k = 4, 2
    LU, pivots = torch.linalg.lu_factor(torch.tensor(rng.standard_normal(a_batch + (n, n))))
    b = rng.standard_normal(b_batch + ((n, k) if left else (k, n)))
    compare(
        lambda lu, p, b: ag.linalg.lu_solve(lu, p, b, left=left, adjoint=adjoint),
        lambda lu, p, b: torch.linalg.lu_solve(lu, p, b, left=left, adjoint=adjoint),
        LU.numpy(),
        pivots.numpy(),
        b,
    )


def test_torch_lu_solve_and_lu_unpack_match_torch(rng):
    LU, pivots = torch.linalg.lu_factor(torch.tensor(rng.standard_normal((2, 4, 4))))
    b = rng.standard_normal((2, 4, 3))
    compare(ag.lu_solve, torch.lu_solve, b, LU.numpy(), pivots.numpy())
    compare(
        lambda b, lu, p: b.lu_solve(lu, p), lambda b, lu, p: b.lu_solve(lu, p), b, LU.numpy(), pivots.numpy()
    )
    for data, perm in [(True, True), (False, True), (True, False)]:
        compare(
            lambda lu, p, d=data, q=perm: ag.lu_unpack(lu, p, d, q),
            lambda lu, p, d=data, q=perm: torch.lu_unpack(lu, p, d, q),
            LU.numpy(),
            pivots.numpy(),
        )
    LU, pivots = torch.linalg.lu_factor(torch.tensor(rng.standard_normal((5, 3))))
    compare(ag.lu_unpack, torch.lu_unpack, LU.numpy(), pivots.numpy())


def test_lu_return_types_print_as_torch(rng):
    a = rng.standard_normal((2, 2))
    assert repr(ag.linalg.lu_factor(a)).startswith("torch.return_types.linalg_lu_factor(\nLU=")
    assert type(ag.lu(ag.tensor(a))) is tuple
    for ours, theirs in [
        (ag.linalg.lu_factor_ex(a), torch.linalg.lu_factor_ex(torch.tensor(a))),
        (ag.linalg.lu(a), torch.linalg.lu(torch.tensor(a))),
        (ag.lu_unpack(*ag.linalg.lu_factor(a)), torch.lu_unpack(*torch.linalg.lu_factor(torch.tensor(a)))),
    ]:
        assert type(ours).__name__ == type(theirs).__name__
        assert repr(ours).split("(")[0] == repr(theirs).split("(")[0]


# ---- matrix_exp ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "shape, scale", [((4, 4), 0.01), ((4, 4), 0.2), ((3, 3, 3), 1.0), ((2, 5, 5), 3.0), ((1, 1), 9.0)]
)
def test_matrix_exp_matches_torch(rng, shape, scale):
    a = rng.standard_normal(shape) * scale
    compare(ag.linalg.matrix_exp, torch.linalg.matrix_exp, a)
    compare(ag.matrix_exp, torch.matrix_exp, a, second=False)
    compare(lambda x: x.matrix_exp(), lambda x: x.matrix_exp(), a, second=False)


def test_matrix_exp_float32_matches_torch(rng):
    a = rng.standard_normal((3, 4, 4)).astype(np.float32)
    ours, theirs = ag.linalg.matrix_exp(a), torch.linalg.matrix_exp(torch.tensor(a))
    assert ours.dtype == np.float32
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-5, atol=1e-6)
