"""Linear algebra against PyTorch (float64): values, gradients of a weighted sum of the
outputs, and Hessian-vector products, to 1e-10. Optional: skipped when torch is not installed.

Eigenvectors and singular vectors are compared through functions of them that do not
depend on their signs (|V|, V f(L) V^T, U diag(S) Vh), since LAPACK's choice of sign may
differ between numpy's and PyTorch's builds."""

import math

import numpy as np
import pytest

import autograd as ag

torch = pytest.importorskip("torch")

RTOL, ATOL = 1e-10, 1e-10


def _tuple(out):
    return tuple(out) if isinstance(out, (tuple, list)) else (out,)


def _same(ours, theirs):
    theirs = theirs.detach().numpy(force=True) if isinstance(theirs, torch.Tensor) else np.asarray(theirs)
    ours = np.asarray(ours)
    assert ours.shape == theirs.shape, (ours.shape, theirs.shape)
    assert ours.dtype.kind == theirs.dtype.kind, (ours.dtype, theirs.dtype)
    np.testing.assert_allclose(ours, theirs, rtol=RTOL, atol=ATOL)


def compare(ours, theirs, *arrays, second=True):
    """Same values; same gradients of a random weighted sum of the outputs that require grad
    in PyTorch; with ``second``, the same Hessian-vector products."""
    rng = np.random.default_rng(0)
    xs = [ag.Tensor(a, requires_grad=True) for a in arrays]
    txs = [torch.tensor(a, requires_grad=True) for a in arrays]
    outs, touts = _tuple(ours(*xs)), _tuple(theirs(*txs))
    assert len(outs) == len(touts)
    for o, t in zip(outs, touts):
        _same(o, t)
    pairs = [(o, t) for o, t in zip(outs, touts) if t.requires_grad and t.dtype.is_floating_point]
    if not pairs:
        return
    weights = [rng.uniform(-1, 1, tuple(o.shape)) for o, _ in pairs]
    loss = sum((o * ag.Tensor(w)).sum() for (o, _), w in zip(pairs, weights))
    tloss = sum((t * torch.tensor(w)).sum() for (_, t), w in zip(pairs, weights))
    grads = ag.grad(loss, xs, create_graph=second, allow_unused=True)
    tgrads = torch.autograd.grad(tloss, txs, create_graph=second, allow_unused=True)
    for x, g, t in zip(xs, grads, tgrads):
        _same(
            np.zeros(x.shape) if g is None else g,
            torch.zeros(x.shape, dtype=torch.float64) if t is None else t,
        )
    if not second:
        return
    vs = [rng.uniform(-1, 1, x.shape) for x in xs]
    terms = [(g * ag.Tensor(v)).sum() for g, v in zip(grads, vs) if g is not None and g.requires_grad]
    tterms = [(t * torch.tensor(v)).sum() for t, v in zip(tgrads, vs) if t is not None and t.requires_grad]
    hvps = ag.grad(sum(terms), xs, allow_unused=True) if terms else [None] * len(xs)
    thvps = torch.autograd.grad(sum(tterms), txs, allow_unused=True) if tterms else [None] * len(xs)
    for x, h, t in zip(xs, hvps, thvps):
        _same(
            np.zeros(x.shape) if h is None else h,
            torch.zeros(x.shape, dtype=torch.float64) if t is None else t,
        )


def normal(*shape, seed=1):
    return np.random.default_rng(seed).standard_normal(shape)


def well(*shape, seed=1):
    return normal(*shape, seed=seed) * 0.5 + 3 * np.eye(shape[-1])


# ---- determinants, inverses, solves, powers -----------------------------------------------

# name: (ours, theirs); both called on the same square matrices
SQUARE = {
    "det": (ag.linalg.det, torch.linalg.det),
    "slogdet": (lambda a: tuple(ag.linalg.slogdet(a)), lambda a: tuple(torch.linalg.slogdet(a))),
    "torch.slogdet": (lambda a: tuple(ag.slogdet(a)), lambda a: tuple(torch.slogdet(a))),
    "logdet": (ag.logdet, torch.logdet),
    "inv": (ag.linalg.inv, torch.linalg.inv),
    "inv_ex": (lambda a: tuple(ag.linalg.inv_ex(a)), lambda a: tuple(torch.linalg.inv_ex(a))),
    "inverse": (lambda a: a.inverse(), lambda a: a.inverse()),
    "det method": (lambda a: a.det(), lambda a: a.det()),
    "matrix_power 5": (lambda a: ag.linalg.matrix_power(a, 5), lambda a: torch.linalg.matrix_power(a, 5)),
    "matrix_power -3": (lambda a: a.matrix_power(-3), lambda a: a.matrix_power(-3)),
    "matrix_power 0": (lambda a: ag.matrix_power(a, 0), lambda a: torch.matrix_power(a, 0)),
}


@pytest.mark.parametrize("shape", [(3, 3), (2, 4, 4)])
@pytest.mark.parametrize("name", sorted(SQUARE))
def test_square_matrix_functions(name, shape):
    ours, theirs = SQUARE[name]
    compare(ours, theirs, well(*shape))


@pytest.mark.parametrize("name", ["det", "slogdet", "logdet"])
def test_negative_determinants(name):
    a = np.diag([2.0, -3.0, 0.5]) + 0.1 * normal(3, 3)
    ours, theirs = SQUARE[name]
    compare(ours, theirs, a)


def test_det_of_singular_matrices():
    rank_two = normal(3, 2) @ normal(2, 3, seed=2)
    rank_one = np.outer(normal(3), normal(3, seed=3))
    for a in (np.zeros((3, 3)), rank_two, rank_one, np.stack([rank_two, well(3, 3)])):
        compare(ag.linalg.det, torch.linalg.det, a, second=False)


@pytest.mark.parametrize(
    "a_shape, b_shape, left",
    [
        ((3, 3), (3, 2), True),
        ((2, 3, 3), (4, 1, 3, 2), True),
        ((3, 3), (3,), True),
        ((2, 3, 3), (2, 3), True),
        ((2, 3, 3), (4, 3), False),
        ((2, 3, 3), (5, 2, 2, 3), False),
    ],
)
def test_solve(a_shape, b_shape, left):
    compare(
        lambda a, b: ag.linalg.solve(a, b, left=left),
        lambda a, b: torch.linalg.solve(a, b, left=left),
        well(*a_shape),
        normal(*b_shape, seed=2),
    )


@pytest.mark.parametrize("upper", [False, True])
def test_cholesky_solve_and_inverse(upper):
    spd = well(2, 3, 3) @ well(2, 3, 3).swapaxes(-1, -2)
    factor = np.linalg.cholesky(spd)
    factor = factor.swapaxes(-1, -2).copy() if upper else factor
    b = normal(3, 2, seed=2)
    # the whole factor, its zero triangle too, gets PyTorch's gradient
    compare(
        lambda b, f: ag.cholesky_solve(b, f, upper), lambda b, f: torch.cholesky_solve(b, f, upper), b, factor
    )
    compare(lambda f: f.cholesky_inverse(upper), lambda f: f.cholesky_inverse(upper), factor[0])


# ---- decompositions ------------------------------------------------------------------------


def _v_f_vt(values, vectors, f):
    return (vectors * f(values).unsqueeze(-2)) @ vectors.mT


EIGH = {
    "eigenvalues": lambda lib, a, uplo: lib.linalg.eigh(a, UPLO=uplo).eigenvalues,
    "|V|, L": lambda lib, a, uplo: (lambda r: (r[1].abs(), r[0]))(lib.linalg.eigh(a, UPLO=uplo)),
    "V exp(L) V^T": lambda lib, a, uplo: _v_f_vt(*lib.linalg.eigh(a, UPLO=uplo), lambda x: x.exp()),
    "V V^T sin": lambda lib, a, uplo: _v_f_vt(*lib.linalg.eigh(a, UPLO=uplo), lambda x: x.sin()),
    "eigvalsh": lambda lib, a, uplo: lib.linalg.eigvalsh(a, UPLO=uplo),
}


@pytest.mark.parametrize("uplo", ["L", "U"])
@pytest.mark.parametrize("shape", [(3, 3), (2, 4, 4)])
@pytest.mark.parametrize("name", sorted(EIGH))
def test_eigh(name, shape, uplo):
    """On a non-symmetric input: only the triangle UPLO is read, and the gradient is
    PyTorch's (symmetric) one."""
    fn = EIGH[name]
    compare(lambda a: fn(ag, a, uplo), lambda a: fn(torch, a, uplo), normal(*shape))


def test_repeated_eigenvalues_as_pytorch():
    """The eigenvalues alone: a finite gradient (V diag(dL) V^T). The eigenvectors too: the
    1 / (L_j - L_i) of the formula gives inf or NaN, in both."""
    a = np.diag([1.0, 1.0, 2.0])
    compare(lambda a: ag.linalg.eigvalsh(a), lambda a: torch.linalg.eigvalsh(a), a)
    compare(lambda a: ag.linalg.eigh(a).eigenvalues, lambda a: torch.linalg.eigh(a).eigenvalues, a)
    x, tx = ag.Tensor(a, requires_grad=True), torch.tensor(a, requires_grad=True)
    ag.linalg.eigh(x).eigenvectors.abs().sum().backward()
    torch.linalg.eigh(tx).eigenvectors.abs().sum().backward()
    assert not np.isfinite(x.grad.numpy()).all() and not np.isfinite(tx.grad.numpy()).all()
    np.testing.assert_array_equal(np.isfinite(x.grad.numpy()), np.isfinite(tx.grad.numpy()))


def _usv(r):
    k = r[1].shape[-1]
    return (r[0][..., :k] * r[1].unsqueeze(-2)) @ r[2][..., :k, :]


SVD = {
    "S": lambda lib, a, full: lib.linalg.svd(a, full_matrices=full).S,
    "U S Vh": lambda lib, a, full: _usv(lib.linalg.svd(a, full_matrices=full)),
    "|U| |Vh| S": lambda lib, a, full: (lambda r: (r[0].abs(), r[1], r[2].abs()))(
        lib.linalg.svd(a, full_matrices=full)
    ),
    "U exp(S) Vh": lambda lib, a, full: _usv(
        (lambda r: (r[0], r[1].exp(), r[2]))(lib.linalg.svd(a, full_matrices=full))
    ),
    "svdvals": lambda lib, a, full: lib.linalg.svdvals(a),
    "torch.svd |U| S |V|": lambda lib, a, full: (lambda r: (r[0].abs(), r[1], r[2].abs()))(
        lib.svd(a, some=not full)
    ),
    "torch.svd compute_uv=False": lambda lib, a, full: tuple(lib.svd(a, compute_uv=False)),
}


@pytest.mark.parametrize("full", [False, True])
@pytest.mark.parametrize("shape", [(3, 3), (4, 3), (3, 4), (2, 5, 2), (2, 2, 5)])
@pytest.mark.parametrize("name", sorted(SVD))
def test_svd(name, shape, full):
    """With full_matrices, the columns of U (rows of Vh) past min(m, n) are compared by value
    (|.|: both LAPACKs give the same basis here) and their gradient is ignored by both."""
    fn = SVD[name]
    compare(lambda a: fn(ag, a, full), lambda a: fn(torch, a, full), normal(*shape))


@pytest.mark.parametrize("mode", ["reduced", "complete", "r"])
@pytest.mark.parametrize("shape", [(4, 3), (3, 4), (3, 3), (2, 5, 3), (2, 3, 5)])
def test_qr(shape, mode):
    differentiable = mode != "r" and not (mode == "complete" and shape[-2] > shape[-1])
    compare(
        lambda a: tuple(ag.linalg.qr(a, mode)) if differentiable else ag.linalg.qr(a.detach(), mode).R,
        lambda a: tuple(torch.linalg.qr(a, mode)) if differentiable else torch.linalg.qr(a.detach(), mode).R,
        normal(*shape),
    )


def test_qr_old_spelling():
    a = normal(2, 5, 3)
    compare(lambda a: tuple(ag.qr(a)), lambda a: tuple(torch.qr(a)), a)
    compare(lambda a: tuple(a.qr(some=False)), lambda a: tuple(a.qr(some=False)), a.swapaxes(-1, -2))
    compare(lambda a: tuple(ag.qr(a.detach(), False)), lambda a: tuple(torch.qr(a.detach(), False)), a)


# ---- pseudo-inverse, least squares, rank ---------------------------------------------------


@pytest.mark.parametrize("shape", [(4, 3), (3, 4), (3, 3), (2, 5, 2), (2, 2, 5)])
def test_pinv(shape):
    a = normal(*shape)
    compare(ag.linalg.pinv, torch.linalg.pinv, a)
    compare(lambda a: a.pinverse(), lambda a: a.pinverse(), a)


def test_pinv_hermitian_and_tolerances():
    a = normal(3, 3)
    compare(
        lambda a: ag.linalg.pinv(a @ a.mT + ag.eye(3), hermitian=True),
        lambda a: torch.linalg.pinv(a @ a.mT + torch.eye(3, dtype=torch.float64), hermitian=True),
        a,
    )
    low_rank = normal(5, 2) @ normal(2, 4, seed=2)
    compare(ag.linalg.pinv, torch.linalg.pinv, low_rank)
    s = np.linalg.svd(low_rank, compute_uv=False)
    for options in ({"atol": s[1] * 1.01}, {"rtol": s[1] / s[0] * 1.01}, {"atol": 0.0, "rtol": 0.0}):
        compare(
            lambda a, o=options: ag.linalg.pinv(a, **o),
            lambda a, o=options: torch.linalg.pinv(a, **o),
            normal(5, 4),
        )
        _same(
            ag.linalg.matrix_rank(ag.Tensor(low_rank), **options),
            torch.linalg.matrix_rank(torch.tensor(low_rank), **options),
        )


def test_matrix_rank():
    low_rank = np.stack([normal(5, 2) @ normal(2, 4, seed=2), normal(5, 4), np.zeros((5, 4))])
    _same(ag.linalg.matrix_rank(ag.Tensor(low_rank)), torch.linalg.matrix_rank(torch.tensor(low_rank)))
    sym = low_rank @ low_rank.swapaxes(-1, -2)
    _same(
        ag.linalg.matrix_rank(ag.Tensor(sym), hermitian=True),
        torch.linalg.matrix_rank(torch.tensor(sym), hermitian=True),
    )


@pytest.mark.parametrize(
    "a_shape, b_shape, driver",
    [
        (a_shape, b_shape, driver)
        for a_shape, b_shape in [((5, 3), (5, 2)), ((2, 5, 3), (2, 5)), ((3, 5), (3, 2))]
        for driver in (None, "gels", "gelsy", "gelsd", "gelss")
        if driver != "gels" or a_shape[-2] >= a_shape[-1]  # gels needs full column rank
    ],
)
def test_lstsq(a_shape, b_shape, driver):
    compare(
        lambda a, b: ag.linalg.lstsq(a, b, driver=driver).solution,
        lambda a, b: torch.linalg.lstsq(a, b, driver=driver).solution,
        normal(*a_shape),
        normal(*b_shape, seed=2),
    )
    ours = ag.linalg.lstsq(ag.Tensor(normal(*a_shape)), ag.Tensor(normal(*b_shape, seed=2)), driver=driver)
    theirs = torch.linalg.lstsq(
        torch.tensor(normal(*a_shape)), torch.tensor(normal(*b_shape, seed=2)), driver=driver
    )
    for o, t in zip(ours, theirs):
        _same(o, t)


# ---- products and norms --------------------------------------------------------------------


@pytest.mark.parametrize("ord", ["fro", "nuc", 2, -2, 1, -1, math.inf, -math.inf])
@pytest.mark.parametrize("dim, keepdim", [((-2, -1), False), ((0, 2), True), ((2, 0), False)])
def test_matrix_norm(ord, dim, keepdim):
    compare(
        lambda a: ag.linalg.matrix_norm(a, ord, dim, keepdim),
        lambda a: torch.linalg.matrix_norm(a, ord, dim, keepdim),
        normal(2, 3, 4),
    )


@pytest.mark.parametrize(
    "ord, dim, shape",
    [
        (None, None, (2, 3)),
        (None, None, (2, 3, 4)),
        (3, None, (4,)),
        (math.inf, None, (4,)),
        ("nuc", None, (3, 4)),
        (2, None, (3, 4)),
        (1, (0, 1), (3, 4)),
        (-1, 1, (3, 4)),
        (None, (1, 2), (2, 3, 4)),
        (0.5, (1,), (2, 3, 4)),
    ],
)
def test_linalg_norm(ord, dim, shape):
    compare(lambda a: ag.linalg.norm(a, ord, dim), lambda a: torch.linalg.norm(a, ord, dim), normal(*shape))


def test_torch_norm_nuclear():
    compare(lambda a: ag.norm(a, "nuc"), lambda a: torch.norm(a, "nuc"), normal(3, 4))
    compare(lambda a: a.norm("nuc", dim=(0, 2)), lambda a: a.norm("nuc", dim=(0, 2)), normal(3, 2, 4))


def test_multi_dot_and_vecdot():
    for shapes in [
        ((3,), (3, 4), (4, 2)),
        ((2, 3), (3, 4), (4,)),
        ((3,), (3,)),
        ((2, 3), (3, 4), (4, 5), (5, 2)),
    ]:
        arrays = [normal(*s, seed=i) for i, s in enumerate(shapes)]
        compare(lambda *xs: ag.linalg.multi_dot(xs), lambda *xs: torch.linalg.multi_dot(xs), *arrays)
    compare(ag.linalg.vecdot, torch.linalg.vecdot, normal(2, 3), normal(3, seed=2))
    compare(
        lambda a, b: ag.linalg.vecdot(a, b, dim=0),
        lambda a, b: torch.linalg.vecdot(a, b, dim=0),
        normal(3, 2),
        normal(3, 1, seed=2),
    )


def test_diagonal():
    for options in ({}, {"offset": 1}, {"offset": -1, "dim1": 0, "dim2": 2}):
        compare(
            lambda a, o=options: ag.linalg.diagonal(a, **o),
            lambda a, o=options: torch.linalg.diagonal(a, **o),
            normal(2, 3, 4),
        )
