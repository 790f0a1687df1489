"""Linear algebra (autograd.linalg and PyTorch's top-level spellings): first and second
derivatives against finite differences in float64 on well-conditioned random matrices,
batched and with broadcast batch dims, and the errors on bad input.

Eigenvectors and singular vectors are unique only up to sign, so, as PyTorch's own tests
do, their checks go through functions of the decomposition that are unique: |V|,
V f(L) V^T, U diag(S) Vh, the singular values."""

import math
import warnings

import numpy as np
import pytest

import autograd as ag
from autograd import Tensor, gradcheck, gradgradcheck, linalg


def var(rng, *shape):
    return Tensor(rng.standard_normal(shape), requires_grad=True)


def well(rng, *shape):
    """Square matrices near 3 I: well-conditioned, far from singular."""
    return Tensor(rng.standard_normal(shape) * 0.5 + 3 * np.eye(shape[-1]), requires_grad=True)


def check(fn, *inputs):
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)


# ---- determinants, inverses, solves, powers -----------------------------------------------

SQUARE = {
    "det": linalg.det,
    "slogdet": lambda a: linalg.slogdet(a).logabsdet,
    "logdet": lambda a: ag.logdet(a),
    "inv": linalg.inv,
    "inv_ex": lambda a: linalg.inv_ex(a).inverse,
    "inverse": lambda a: a.inverse(),
    "matrix_power_3": lambda a: linalg.matrix_power(a, 3),
    "matrix_power_-2": lambda a: linalg.matrix_power(a, -2),
    "matrix_power_0": lambda a: a.matrix_power(0),
    "matrix_power_1": lambda a: ag.matrix_power(a, 1),
}


@pytest.mark.parametrize("shape", [(3, 3), (2, 3, 3), (2, 1, 2, 2)])
@pytest.mark.parametrize("name", sorted(SQUARE))
def test_square_matrix_functions(rng, name, shape):
    check(SQUARE[name], well(rng, *shape))


def test_det_of_a_negative_determinant_and_its_sign(rng):
    a = Tensor(np.diag([2.0, -3.0, 0.5]) + 0.1 * rng.standard_normal((3, 3)), requires_grad=True)
    sign, logabsdet = linalg.slogdet(a)
    assert float(sign) == -1.0
    np.testing.assert_allclose(float(sign) * math.exp(float(logabsdet)), float(linalg.det(a)), rtol=1e-12)
    assert math.isnan(float(ag.logdet(a)))
    check(linalg.det, a)


def test_det_gradient_of_singular_matrices_is_the_cofactor_matrix(rng):
    """At a singular A, d det / dA is the cofactor matrix (A^-T does not exist)."""
    rank_two = rng.standard_normal((3, 2)) @ rng.standard_normal((2, 3))
    a = Tensor(np.stack([np.zeros((3, 3)), rank_two, np.eye(3)]), requires_grad=True)
    linalg.det(a).sum().backward()
    minors = lambda m, i, j: np.linalg.det(np.delete(np.delete(m, i, 0), j, 1))  # noqa: E731
    for m, g in zip(a.numpy(), a.grad.numpy()):
        cofactors = [[(-1) ** (i + j) * minors(m, i, j) for j in range(3)] for i in range(3)]
        np.testing.assert_allclose(g, cofactors, atol=1e-12)


@pytest.mark.parametrize(
    "a_shape, b_shape, left",
    [
        ((3, 3), (3, 2), True),
        ((2, 3, 3), (4, 1, 3, 2), True),  # batch dims broadcast
        ((3, 3), (2, 3, 1), True),
        ((3, 3), (3,), True),  # a vector
        ((2, 3, 3), (2, 3), True),  # a batch of vectors
        ((2, 3, 3), (4, 3), False),  # X A = B, X of shape (2, 4, 3)
    ],
)
def test_solve(rng, a_shape, b_shape, left):
    check(lambda a, b: linalg.solve(a, b, left=left), well(rng, *a_shape), var(rng, *b_shape))


def test_solve_agrees_with_the_inverse(rng):
    a, b = well(rng, 2, 3, 3), var(rng, 3, 4)
    np.testing.assert_allclose(linalg.solve(a, b).numpy(), (linalg.inv(a) @ b).numpy(), rtol=1e-12)
    np.testing.assert_allclose(
        linalg.solve(a, b.mT, left=False).numpy(), (b.mT @ linalg.inv(a)).numpy(), rtol=1e-12
    )


def test_matrix_power_zero_is_the_identity_with_a_zero_gradient(rng):
    a = well(rng, 2, 3, 3)
    out = linalg.matrix_power(a, 0)
    np.testing.assert_array_equal(out.numpy(), np.broadcast_to(np.eye(3), (2, 3, 3)))
    out.sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), np.zeros((2, 3, 3)))


@pytest.mark.parametrize("upper", [False, True])
def test_cholesky_solve_and_inverse(rng, upper):
    spd = well(rng, 2, 3, 3).detach()
    factor = linalg.cholesky(spd @ spd.mT, upper=upper).detach().requires_grad_()
    triangle = (lambda f: f.triu()) if upper else (lambda f: f.tril())
    check(lambda b, f: ag.cholesky_solve(b, triangle(f), upper=upper), var(rng, 3, 2), factor)
    check(lambda f: triangle(f).cholesky_inverse(upper=upper), factor)
    np.testing.assert_allclose(
        ag.cholesky_inverse(factor, upper).numpy(), linalg.inv(spd @ spd.mT).numpy(), rtol=1e-10
    )


# ---- decompositions ------------------------------------------------------------------------


def symmetric(x):
    return x + x.mT


EIGH = {
    "eigenvalues": lambda a: linalg.eigh(symmetric(a)).eigenvalues,
    "|eigenvectors|": lambda a: linalg.eigh(symmetric(a)).eigenvectors.abs(),
    "V exp(L) V^T": lambda a: (
        lambda r: (r.eigenvectors * r.eigenvalues.exp().unsqueeze(-2)) @ r.eigenvectors.mT
    )(linalg.eigh(symmetric(a))),
    "upper": lambda a: linalg.eigh(symmetric(a), UPLO="U").eigenvectors.abs(),
    "eigvalsh": lambda a: linalg.eigvalsh(symmetric(a)),
    "eigvalsh_upper": lambda a: linalg.eigvalsh(symmetric(a), UPLO="U"),
}


@pytest.mark.parametrize("shape", [(3, 3), (2, 4, 4)])
@pytest.mark.parametrize("name", sorted(EIGH))
def test_eigh(rng, name, shape):
    check(EIGH[name], var(rng, *shape))


def test_eigh_reads_one_triangle(rng):
    a = var(rng, 3, 3)
    lower = linalg.eigvalsh(a.tril() + a.tril(-1).mT).numpy()
    np.testing.assert_allclose(linalg.eigvalsh(a).numpy(), lower, rtol=1e-12)
    np.testing.assert_allclose(linalg.eigh(a).eigenvalues.numpy(), lower, rtol=1e-12)
    upper = linalg.eigvalsh(a.triu() + a.triu(1).mT).numpy()
    np.testing.assert_allclose(linalg.eigvalsh(a, UPLO="U").numpy(), upper, rtol=1e-12)


def test_eigh_reconstructs(rng):
    a = symmetric(var(rng, 2, 4, 4))
    values, vectors = linalg.eigh(a)
    np.testing.assert_allclose((vectors * values.unsqueeze(-2) @ vectors.mT).numpy(), a.numpy(), atol=1e-12)
    assert np.all(np.diff(values.numpy(), axis=-1) > 0)


def test_eigenvalues_alone_of_repeated_eigenvalues_have_a_finite_gradient():
    """A loss of the eigenvalues alone skips the 1 / (L_j - L_i) term, as PyTorch does when no
    gradient reaches the eigenvectors; the gradient is V diag(dL) V^T = I here."""
    a = Tensor(np.eye(3), requires_grad=True)
    linalg.eigh(a).eigenvalues.sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), np.eye(3), atol=1e-12)


def uSv(r):
    """U diag(S) Vh from the first min(m, n) singular vectors: unique, A itself."""
    k = r.S.shape[-1]
    return (r.U[..., :k] * r.S.unsqueeze(-2)) @ r.Vh[..., :k, :]


SVD = {
    "S": lambda a, full: linalg.svd(a, full).S,
    "U S Vh": lambda a, full: uSv(linalg.svd(a, full)),
    "|U|": lambda a, full: (lambda r: r.U[..., : r.S.shape[-1]].abs())(linalg.svd(a, full)),
    "|Vh|": lambda a, full: (lambda r: r.Vh[..., : r.S.shape[-1], :].abs())(linalg.svd(a, full)),
    "U f(S) Vh": lambda a, full: (
        lambda r: (r.U[..., : r.S.shape[-1]] * r.S.exp().unsqueeze(-2)) @ r.Vh[..., : r.S.shape[-1], :]
    )(linalg.svd(a, full)),
    "svdvals": lambda a, full: linalg.svdvals(a),
    "torch.svd |V|": lambda a, full: ag.svd(a, some=not full).V[..., : min(a.shape[-2:])].abs(),
}


@pytest.mark.parametrize("full", [False, True])
@pytest.mark.parametrize("shape", [(3, 3), (4, 3), (3, 4), (2, 4, 2), (2, 2, 4)])
@pytest.mark.parametrize("name", sorted(SVD))
def test_svd(rng, name, shape, full):
    check(lambda a: SVD[name](a, full), var(rng, *shape))


def test_svd_shapes_and_reconstruction(rng):
    a = var(rng, 2, 5, 3)
    u, s, vh = linalg.svd(a)
    assert (u.shape, s.shape, vh.shape) == ((2, 5, 5), (2, 3), (2, 3, 3))
    u, s, vh = linalg.svd(a, full_matrices=False)
    assert (u.shape, s.shape, vh.shape) == ((2, 5, 3), (2, 3), (2, 3, 3))
    np.testing.assert_allclose(uSv(linalg.svd(a)).numpy(), a.numpy(), atol=1e-12)
    old = ag.svd(a)  # torch.svd: V, not Vh; some=True is reduced
    np.testing.assert_allclose(((old.U * old.S.unsqueeze(-2)) @ old.V.mT).numpy(), a.numpy(), atol=1e-12)
    zeros = ag.svd(a, compute_uv=False)
    assert (zeros.U.shape, zeros.V.shape) == ((2, 5, 5), (2, 3, 3)) and not zeros.U.numpy().any()
    np.testing.assert_allclose(zeros.S.numpy(), s.numpy(), rtol=1e-12)


@pytest.mark.parametrize(
    "shape, mode",
    [
        ((4, 3), "reduced"),
        ((3, 4), "reduced"),
        ((3, 3), "complete"),
        ((2, 3, 5), "complete"),
        ((2, 5, 3), "reduced"),
    ],
)
def test_qr(rng, shape, mode):
    check(lambda a: tuple(linalg.qr(a, mode)), var(rng, *shape))


def test_qr_modes_and_old_spelling(rng):
    a = var(rng, 2, 5, 3)
    q, r = linalg.qr(a)
    assert (q.shape, r.shape) == ((2, 5, 3), (2, 3, 3))
    np.testing.assert_allclose((q @ r).numpy(), a.numpy(), atol=1e-12)
    np.testing.assert_allclose((q.mT @ q).numpy(), np.broadcast_to(np.eye(3), (2, 3, 3)), atol=1e-12)
    np.testing.assert_array_equal(r.numpy(), np.triu(r.numpy()))
    q, r = linalg.qr(a, mode="complete")
    assert (q.shape, r.shape) == ((2, 5, 5), (2, 5, 3))
    q, r = linalg.qr(a, mode="r")
    assert q.shape == (0,) and r.shape == (2, 3, 3)
    np.testing.assert_array_equal(ag.qr(a, some=False).Q.numpy(), linalg.qr(a, "complete").Q.numpy())
    np.testing.assert_array_equal(a.qr().R.numpy(), linalg.qr(a).R.numpy())


def test_qr_without_a_derivative_raises_as_pytorch(rng):
    a = var(rng, 4, 3)
    with pytest.raises(RuntimeError, match="mode='r'"):
        linalg.qr(a, mode="r").R.sum().backward()
    with pytest.raises(RuntimeError, match="mode='complete' and nrows > ncols"):
        linalg.qr(a, mode="complete").R.sum().backward()


# ---- pseudo-inverse, least squares, rank ---------------------------------------------------


@pytest.mark.parametrize("shape", [(4, 3), (3, 4), (3, 3), (2, 4, 2)])
def test_pinv(rng, shape):
    check(linalg.pinv, var(rng, *shape))
    check(lambda a: a.pinverse(), var(rng, *shape))


def test_pinv_hermitian_and_rank_deficient(rng):
    check(lambda a: linalg.pinv(a @ a.mT + 0.5 * ag.eye(3), hermitian=True), var(rng, 3, 3))
    low_rank = Tensor(rng.standard_normal((4, 2)) @ rng.standard_normal((2, 3)), requires_grad=True)
    p = linalg.pinv(low_rank)
    for identity in (low_rank @ p @ low_rank - low_rank, p @ low_rank @ p - p):  # Penrose
        np.testing.assert_allclose(identity.numpy(), 0, atol=1e-10)
    assert int(linalg.matrix_rank(low_rank)) == 2
    assert int(linalg.matrix_rank(low_rank, atol=1e3)) == 0
    assert linalg.matrix_rank(var(rng, 2, 3, 4)).tolist() == [3, 3]
    sym = low_rank @ low_rank.mT
    assert int(linalg.matrix_rank(sym, hermitian=True)) == 2
    np.testing.assert_allclose(linalg.pinv(sym, hermitian=True).numpy(), linalg.pinv(sym).numpy(), atol=1e-10)


@pytest.mark.parametrize(
    "a_shape, b_shape", [((5, 3), (5, 2)), ((3, 5), (3, 2)), ((2, 5, 3), (5, 2)), ((2, 5, 3), (2, 5))]
)
def test_lstsq(rng, a_shape, b_shape):
    check(lambda a, b: linalg.lstsq(a, b).solution, var(rng, *a_shape), var(rng, *b_shape))


def test_lstsq_fields(rng):
    a, b = var(rng, 2, 5, 3), var(rng, 2, 5, 2)
    default = linalg.lstsq(a, b)
    assert default.solution.shape == (2, 3, 2) and default.residuals.shape == (0,)
    assert default.rank.tolist() == [3, 3] and default.singular_values.shape == (0,)
    full = linalg.lstsq(a, b, driver="gelsd")
    np.testing.assert_allclose(
        full.residuals.numpy(), ((a @ full.solution - b) ** 2).sum(-2).numpy(), rtol=1e-12
    )
    np.testing.assert_allclose(full.singular_values.numpy(), linalg.svdvals(a).numpy(), rtol=1e-12)
    assert linalg.lstsq(a, b, driver="gels").rank.shape == (0,)
    check(lambda a, b: linalg.lstsq(a, b, driver="gelss").residuals, a, b)
    # the normal equations hold at the solution
    np.testing.assert_allclose((a.mT @ (a @ default.solution - b)).numpy(), 0, atol=1e-10)


# ---- products and norms --------------------------------------------------------------------


@pytest.mark.parametrize("ord", ["fro", "nuc", 2, -2, 1, -1, math.inf, -math.inf])
@pytest.mark.parametrize("dim, keepdim", [((-2, -1), False), ((0, 2), True), ((2, 0), False)])
def test_matrix_norm(rng, ord, dim, keepdim):
    check(lambda a: linalg.matrix_norm(a, ord, dim, keepdim), var(rng, 2, 3, 4))


@pytest.mark.parametrize(
    "ord, dim, shape",
    [
        (None, None, (2, 3)),
        (None, None, (2, 3, 4)),
        (3, None, (4,)),
        ("nuc", None, (3, 4)),
        (1, (0, 1), (3, 4)),
        (-1, 1, (3, 4)),
        (None, (1, 2), (2, 3, 4)),
    ],
)
def test_linalg_norm(rng, ord, dim, shape):
    check(lambda a: linalg.norm(a, ord, dim), var(rng, *shape))


def test_norm_picks_the_vector_or_the_matrix_norm(rng):
    a = var(rng, 3, 4)
    np.testing.assert_allclose(float(linalg.norm(a, 2)), float(linalg.svdvals(a)[0]), rtol=1e-12)
    np.testing.assert_allclose(float(linalg.norm(a.reshape(-1), 2)), float(linalg.vector_norm(a)), rtol=1e-12)
    np.testing.assert_allclose(float(ag.norm(a, "nuc")), float(linalg.svdvals(a).sum()), rtol=1e-12)
    check(lambda a: ag.norm(a, "nuc"), a)


def test_multi_dot_and_vecdot(rng):
    check(lambda a, b, c: linalg.multi_dot([a, b, c]), var(rng, 3), var(rng, 3, 4), var(rng, 4, 2))
    check(lambda a, b, c: linalg.multi_dot([a, b, c]), var(rng, 2, 3), var(rng, 3, 4), var(rng, 4))
    check(lambda a, b: linalg.multi_dot([a, b]), var(rng, 3), var(rng, 3))
    check(lambda a, b: linalg.vecdot(a, b), var(rng, 2, 3), var(rng, 3))
    check(lambda a, b: linalg.vecdot(a, b, dim=0), var(rng, 3, 2), var(rng, 3, 1))


def test_diagonal_defaults_to_the_last_two_dims(rng):
    a = var(rng, 2, 3, 4)
    np.testing.assert_array_equal(linalg.diagonal(a).numpy(), np.diagonal(a.numpy(), axis1=-2, axis2=-1))
    np.testing.assert_array_equal(
        linalg.diagonal(a, offset=1, dim1=0, dim2=2).numpy(), np.diagonal(a.numpy(), 1, 0, 2)
    )


def test_top_level_aliases_are_the_linalg_ops(rng):
    a = well(rng, 2, 3, 3)
    same = np.testing.assert_array_equal
    same(ag.det(a).numpy(), linalg.det(a).numpy())
    same(a.det().numpy(), linalg.det(a).numpy())
    same(ag.inverse(a).numpy(), linalg.inv(a).numpy())
    same(ag.matrix_power(a, 2).numpy(), (a @ a).numpy())
    same(ag.slogdet(a).logabsdet.numpy(), linalg.slogdet(a).logabsdet.numpy())
    same(a.slogdet().sign.numpy(), linalg.slogdet(a).sign.numpy())
    same(ag.pinverse(a).numpy(), linalg.pinv(a, rtol=1e-15).numpy())
    assert repr(ag.slogdet(a)).startswith("torch.return_types.slogdet(")
    assert repr(linalg.slogdet(a)).startswith("torch.return_types.linalg_slogdet(")


# ---- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, error, match",
    [
        (
            lambda: linalg.det(ag.ones(2, 3)),
            ValueError,
            r"linalg.det: A must be batches of square matrices.*2 by 3",
        ),
        (
            lambda: linalg.inv(ag.ones(3)),
            ValueError,
            r"linalg.inv: A must have at least 2 dimensions.*\(3,\)",
        ),
        (lambda: linalg.inv(ag.tensor([[1, 2], [3, 4]])), TypeError, "floating-point, got dtype int64"),
        (lambda: linalg.slogdet(ag.ones(4, 2, 3)), ValueError, "2 by 3"),
        (lambda: linalg.eigh(ag.ones(2, 3)), ValueError, "linalg.eigh.*square"),
        (lambda: linalg.eigh(ag.ones(2, 2), UPLO="X"), ValueError, "UPLO must be 'L' or 'U'"),
        (lambda: linalg.qr(ag.ones(2, 2), mode="full"), ValueError, "mode must be"),
        (lambda: linalg.svd(ag.ones(3)), ValueError, "linalg.svd: A must have at least 2 dimensions"),
        (lambda: linalg.solve(ag.eye(3), ag.ones(2)), ValueError, r"incompatible shapes.*\(3, 3\).*\(2,\)"),
        (lambda: linalg.solve(ag.eye(3), ag.ones(2, 3, 1), left=False), ValueError, "XA = B"),
        (lambda: linalg.solve(ag.eye(3), ag.ones(3), left=False), ValueError, r"XA = B.*\(3,\)"),
        (lambda: linalg.solve(ag.eye(3), ag.ones(3, 1, dtype=ag.float32)), TypeError, "same dtype"),
        (
            lambda: linalg.solve(ag.ones(2, 3, 3), ag.ones(4, 3, 1)),
            ValueError,
            "batch dims.*cannot be broadcast",
        ),
        (lambda: linalg.matrix_power(ag.eye(2), 1.5), TypeError, "n must be an int"),
        (lambda: linalg.matrix_norm(ag.ones(2, 2), 3), ValueError, "order 3 is not supported"),
        (lambda: linalg.matrix_norm(ag.ones(2, 2), dim=0), ValueError, "dim must be a 2-tuple"),
        (lambda: linalg.matrix_norm(ag.ones(2, 2), dim=(0, 2)), IndexError, "dim 2 is out of range"),
        (lambda: linalg.norm(ag.ones(2, 2, 2), 2), ValueError, "must be 1D or 2D, got 3D"),
        (lambda: linalg.norm(ag.ones(2, 2, 2), None, (0, 1, 2)), ValueError, "2-tuple"),
        (lambda: linalg.multi_dot([ag.ones(2, 2)]), ValueError, "at least 2 tensors, got 1"),
        (
            lambda: linalg.multi_dot([ag.ones(2, 2, 2), ag.ones(2, 2)]),
            ValueError,
            r"tensors\[0\] must be a matrix \(2-D\), got shape \(2, 2, 2\)",
        ),
        (
            lambda: linalg.multi_dot([ag.ones(2, 3), ag.ones(2, 2)]),
            ValueError,
            r"tensors\[0\] \(2, 3\) and tensors\[1\] \(2, 2\) cannot be multiplied",
        ),
        (lambda: linalg.lstsq(ag.ones(3, 2), ag.ones(4, 1)), ValueError, "same number of rows"),
        (
            lambda: linalg.lstsq(ag.ones(3, 2), ag.ones(3, 1), driver="gelsx"),
            ValueError,
            "driver must be one of",
        ),
        (lambda: linalg.pinv(ag.ones(2, 2), rtol="big"), TypeError, "rtol must be a number"),
        (lambda: linalg.pinv(ag.ones(2, 3), hermitian=True), ValueError, "square"),
        (lambda: ag.cholesky_solve(ag.ones(3, 1), ag.eye(2)), ValueError, r"input2 of shape \(2, 2\)"),
        (lambda: ag.det([[1.0, 2.0], [3.0, 4.0]]), TypeError, "argument 'input' must be a Tensor"),
    ],
)
def test_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: linalg.inv(ag.zeros(2, 2)), r"linalg.inv: the input matrix is singular.*\(2, 2\)"),
        (lambda: linalg.inv(ag.stack([ag.eye(2), ag.zeros(2, 2)])), "singular"),
        (
            lambda: linalg.solve(ag.zeros(2, 2), ag.ones(2)),
            "linalg.solve: the solver failed because the input matrix is singular",
        ),
        (lambda: linalg.slogdet(ag.zeros(2, 2, requires_grad=True)).logabsdet.backward(), "singular"),
    ],
)
def test_singular_matrices_raise_linalg_error(call, match):
    """PyTorch's torch.linalg.LinAlgError is a RuntimeError; ours is also a ValueError."""
    with pytest.raises(linalg.LinAlgError, match=match) as info:
        call()
    assert isinstance(info.value, RuntimeError) and isinstance(info.value, ValueError)


def test_singular_slogdet_and_det_values():
    sign, logabsdet = linalg.slogdet(ag.zeros(2, 2))
    assert float(sign) == 0 and float(logabsdet) == -math.inf
    assert float(linalg.det(ag.zeros(2, 2))) == 0
    assert float(ag.logdet(ag.zeros(2, 2))) == -math.inf


@pytest.mark.parametrize(
    "fn",
    [
        linalg.det,
        linalg.inv,
        linalg.svdvals,
        linalg.eigvalsh,
        linalg.pinv,
        lambda a: linalg.slogdet(a).logabsdet,
    ],
    ids=["det", "inv", "svdvals", "eigvalsh", "pinv", "slogdet"],
)
def test_nan_and_inf_give_no_numpy_warning(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for bad in (np.nan, np.inf):
            try:
                fn(Tensor(np.array([[1.0, bad], [bad, 1.0]])))
            except linalg.LinAlgError:
                pass  # LAPACK may refuse (PyTorch raises too); a warning would fail the test


def test_gradcheck_perturbs_a_transposed_input(rng):
    """A leaf whose array is a transposed view (``linalg.cholesky(..., upper=True)``, ``.mT``)
    is copied C-contiguous, so gradcheck's flat view perturbs it (an F-ordered copy did not)."""
    transposed = Tensor(rng.standard_normal((3, 2))).mT.detach().requires_grad_()
    assert not transposed._data.flags.c_contiguous
    assert gradcheck(lambda x: x * ag.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), (transposed,))
    check(lambda x: linalg.det(x @ x.mT + ag.eye(2)), transposed)
