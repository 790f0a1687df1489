"""More of torch.linalg: LU (lu_factor, lu, lu_solve, lu_unpack and the older torch.lu,
torch.lu_solve), matrix_exp, the *_ex variants, tensorinv/tensorsolve, vander, cond,
householder_product -- gradcheck and gradgradcheck in float64, batches included, and the
identities the results satisfy."""

import numpy as np
import pytest

import autograd as ag
from autograd.ops.lu import getrf, permutation


def _t(a, grad=True):
    return ag.tensor(np.asarray(a, dtype=np.float64), requires_grad=grad)


def _check(fn, *arrays):
    xs = [_t(a) for a in arrays]
    assert ag.gradcheck(fn, xs)
    assert ag.gradgradcheck(fn, xs)


# ---- LU -----------------------------------------------------------------------------------

SHAPES = [(4, 4), (2, 3, 3), (5, 3), (3, 5), (2, 1, 4, 2), (2, 2, 4)]


@pytest.mark.parametrize("shape", SHAPES)
def test_lu_reconstructs_a_and_pivots_are_lapacks(rng, shape):
    a = rng.standard_normal(shape)
    P, L, U = ag.linalg.lu(_t(a, False))
    np.testing.assert_allclose((P @ L @ U).numpy(), a, rtol=1e-12, atol=1e-12)
    k = min(shape[-2:])
    assert L.shape == shape[:-1] + (k,) and U.shape == shape[:-2] + (k, shape[-1])
    np.testing.assert_array_equal(np.triu(L.numpy(), 1), 0)
    np.testing.assert_array_equal(np.diagonal(L.numpy(), 0, -2, -1), 1)
    np.testing.assert_array_equal(np.tril(U.numpy(), -1), 0)
    LU, pivots = (
        ag.linalg.lu_factor(_t(a, False)) if shape[-1] == shape[-2] else ag.linalg.lu_factor_ex(a)[:2]
    )
    assert pivots.dtype == np.int32 and pivots.shape == shape[:-2] + (k,)
    # each step's pivot is the first row of largest |value| in what is left of its column
    lu = a.reshape((-1,) + shape[-2:]).copy()
    for b, piv in zip(lu, pivots.numpy().reshape(-1, k)):
        for j in range(k):
            assert piv[j] - 1 == j + np.argmax(np.abs(b[j:, j]))
            b[[j, piv[j] - 1]] = b[[piv[j] - 1, j]]
            b[j + 1 :, j] /= b[j, j]
            b[j + 1 :, j + 1 :] -= np.outer(b[j + 1 :, j], b[j, j + 1 :])
    np.testing.assert_allclose(LU.numpy(), lu.reshape(shape), rtol=1e-12, atol=1e-12)


def test_lu_info_counts_the_first_zero_pivot():
    singular = np.array([[1.0, 2, 3], [2, 4, 6], [1, 0, 1]])
    LU, pivots, info = ag.linalg.lu_factor_ex(np.stack([np.eye(3), singular, np.zeros((3, 3))]))
    assert info.tolist() == [0, 3, 1] and info.dtype == np.int32
    assert pivots.tolist()[2] == [1, 2, 3]
    assert np.isfinite(LU.numpy()).all()
    with pytest.raises(RuntimeError, match=r"\(Batch element 1\): U\[3,3\] is zero"):
        ag.linalg.lu_factor(np.stack([np.eye(3), singular]))
    with pytest.raises(RuntimeError, match=r"U\[3,3\] is zero"):
        ag.linalg.lu_factor_ex(singular, check_errors=True)
    assert ag.lu(_t(singular, False), get_infos=True).info.item() == 3  # torch.lu never raises


@pytest.mark.parametrize("shape", SHAPES)
def test_lu_factor_gradcheck(rng, shape):
    _check(lambda a: ag.linalg.lu_factor_ex(a).LU, rng.standard_normal(shape))


@pytest.mark.parametrize("shape", SHAPES)
def test_linalg_lu_gradcheck(rng, shape):
    _check(lambda a: ag.linalg.lu(a)[1:], rng.standard_normal(shape))


@pytest.mark.parametrize("left", [True, False])
@pytest.mark.parametrize("adjoint", [True, False])
def test_lu_solve_solves_and_gradchecks(rng, left, adjoint):
    a, b = rng.standard_normal((2, 4, 4)), rng.standard_normal((3, 1, 4, 2) if left else (3, 1, 2, 4))
    LU, pivots = ag.linalg.lu_factor(a)
    x = ag.linalg.lu_solve(LU, pivots, b, left=left, adjoint=adjoint).numpy()
    op = np.swapaxes(a, -1, -2) if adjoint else a
    np.testing.assert_allclose(
        op @ x if left else x @ op, np.broadcast_to(b, x.shape), rtol=1e-10, atol=1e-10
    )
    _check(lambda lu, b: ag.linalg.lu_solve(lu, pivots, b, left=left, adjoint=adjoint), LU.numpy(), b)


def test_torch_lu_solve_and_lu_unpack_gradcheck(rng):
    a, b = rng.standard_normal((2, 3, 3)), rng.standard_normal((2, 3, 2))
    LU, pivots = ag.lu(_t(a, False))
    _check(lambda b, lu: ag.lu_solve(b, lu, pivots), b, LU.numpy())
    _check(lambda b, lu: b.lu_solve(lu, pivots), b, LU.numpy())
    _check(lambda lu: ag.lu_unpack(lu, pivots)[1:], LU.numpy())


def test_lu_unpack_flags_and_permutation():
    LU, pivots = ag.linalg.lu_factor(np.array([[0.0, 1, 0], [0, 0, 1], [1, 0, 0]]))
    P, L, U = ag.lu_unpack(LU, pivots, unpack_data=False)
    assert L.shape == (0,) and U.shape == (0,) and P.shape == (3, 3)
    P, L, U = ag.lu_unpack(LU, pivots, unpack_pivots=False)
    assert P.shape == (0,) and L.shape == (3, 3)
    perm = permutation(pivots.numpy(), 3)
    np.testing.assert_array_equal(ag.lu_unpack(LU, pivots).P.numpy()[perm, np.arange(3)], 1)


def test_lu_bad_input():
    with pytest.raises(RuntimeError, match="without pivoting"):
        ag.linalg.lu_factor(np.eye(2), pivot=False)
    with pytest.raises(ValueError, match="at least 2 dimensions"):
        ag.linalg.lu(np.ones(3))
    with pytest.raises(TypeError, match="floating-point"):
        ag.linalg.lu_factor(ag.tensor([[1, 2], [3, 4]]))
    LU, pivots = ag.linalg.lu_factor(np.eye(3))
    with pytest.raises(TypeError, match="int32"):
        ag.linalg.lu_solve(LU, pivots.long(), np.ones((3, 1)))
    with pytest.raises(ValueError, match="do not fit"):
        ag.linalg.lu_solve(LU, pivots[:2], np.ones((3, 1)))
    with pytest.raises(ValueError, match="does not fit"):
        ag.linalg.lu_solve(LU, pivots, np.ones((2, 1)))
    with pytest.raises(ValueError, match="1..3"):
        ag.lu_unpack(LU, ag.tensor([1, 4, 3], dtype=ag.int32))


def test_getrf_keeps_float32(rng):
    a = rng.standard_normal((3, 3)).astype(np.float32)
    lu, pivots, info = getrf(a)
    assert lu.dtype == np.float32 and pivots.dtype == np.int32 and info.shape == ()


# ---- matrix_exp ---------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [1e-3, 0.1, 0.6, 2.0, 30.0])
def test_matrix_exp_series_and_identities(rng, scale):
    a = rng.standard_normal((3, 4, 4)) * scale
    out = ag.linalg.matrix_exp(_t(a, False)).numpy()
    half = ag.linalg.matrix_exp(_t(a / 2, False)).numpy()  # e^A = (e^(A/2))^2
    np.testing.assert_allclose(out, half @ half, rtol=1e-12, atol=1e-12 * np.abs(out).max())
    if scale <= 2:  # det e^A = e^trace(A), e^A e^-A = I (both ill-conditioned for large A)
        np.testing.assert_allclose(np.linalg.det(out), np.exp(np.trace(a, axis1=-2, axis2=-1)), rtol=1e-12)
        back = ag.linalg.matrix_exp(_t(-a, False)).numpy()
        np.testing.assert_allclose(out @ back, np.broadcast_to(np.eye(4), out.shape), atol=1e-12)
    if scale <= 0.6:  # the Taylor series converges fast
        series, term = np.broadcast_to(np.eye(4), a.shape).copy(), np.broadcast_to(np.eye(4), a.shape)
        for k in range(1, 40):
            term = term @ a / k
            series = series + term
        np.testing.assert_allclose(out, series, rtol=1e-14, atol=1e-15)


def test_matrix_exp_of_commuting_pieces_and_diagonal():
    d = np.diag([0.5, -2.0, 7.0])
    expected = np.diag(np.exp([0.5, -2.0, 7.0]))  # 7 > theta_13: one squaring, a few ulp
    np.testing.assert_allclose(ag.matrix_exp(_t(d, False)).numpy(), expected, rtol=1e-14)
    rotation = np.array([[0.0, -1.0], [1.0, 0.0]]) * 0.3
    expected = np.array([[np.cos(0.3), -np.sin(0.3)], [np.sin(0.3), np.cos(0.3)]])
    np.testing.assert_allclose(_t(rotation, False).matrix_exp().numpy(), expected, rtol=1e-15, atol=1e-16)


@pytest.mark.parametrize(
    "shape, scale", [((3, 3), 0.05), ((2, 3, 3), 1.0), ((2, 1, 2, 2), 4.0), ((1, 1), 2.0)]
)
def test_matrix_exp_gradcheck(rng, shape, scale):
    _check(ag.linalg.matrix_exp, rng.standard_normal(shape) * scale)


def test_matrix_exp_bad_input():
    with pytest.raises(ValueError, match="square"):
        ag.linalg.matrix_exp(np.ones((2, 3)))
    with pytest.raises(TypeError, match="floating-point"):
        ag.matrix_exp(ag.tensor([[1, 2], [3, 4]]))


# ---- the *_ex variants --------------------------------------------------------------------


def _spd(rng, shape):
    m = rng.standard_normal(shape)
    return m @ np.swapaxes(m, -1, -2) + shape[-1] * np.eye(shape[-1])


def test_cholesky_ex_info_and_factor(rng):
    good = _spd(rng, (4, 4))
    indefinite = good.copy()
    indefinite[2, 2] = -50.0
    L, info = ag.linalg.cholesky_ex(np.stack([good, indefinite, np.zeros((4, 4))]))
    assert info.tolist() == [0, 3, 1] and info.dtype == np.int32
    np.testing.assert_allclose((L[0] @ L[0].mT).numpy(), good, rtol=1e-12)
    np.testing.assert_allclose(L[1, :2, :2].numpy(), np.linalg.cholesky(good[:2, :2]), rtol=1e-12)
    with pytest.raises(ag.linalg.LinAlgError, match=r"\(Batch element 1\).*leading minor of order 3"):
        ag.linalg.cholesky_ex(np.stack([good, indefinite]), check_errors=True)
    with pytest.raises(ag.linalg.LinAlgError, match="not positive-definite"):
        ag.linalg.cholesky(indefinite)
    U, info = ag.linalg.cholesky_ex(good, upper=True)
    np.testing.assert_allclose((U.mT @ U).numpy(), good, rtol=1e-12)


@pytest.mark.parametrize("upper", [False, True])
def test_cholesky_ex_and_torch_cholesky_gradcheck(rng, upper):
    a = _spd(rng, (2, 3, 3))
    sym = lambda x: (x + x.mT) / 2  # noqa: E731  (perturbations stay symmetric)
    _check(lambda x: ag.linalg.cholesky_ex(sym(x), upper=upper).L, a)
    _check(lambda x: ag.cholesky(sym(x), upper), a)
    _check(lambda x: sym(x).cholesky(upper=upper), a)


def test_solve_ex_and_inv_ex_info(rng):
    singular = np.array([[1.0, 2, 3], [2, 4, 6], [1, 0, 1]])
    a = np.stack([np.eye(3) * 2, singular])
    result, info = ag.linalg.solve_ex(a, np.ones((2, 3, 1)))
    assert info.tolist() == [0, 3]
    np.testing.assert_allclose(result[0].numpy(), np.full((3, 1), 0.5))
    assert not np.isfinite(result[1].numpy()).all()
    inverse, info = ag.linalg.inv_ex(a)
    assert info.tolist() == [0, 3]
    np.testing.assert_allclose(inverse[0].numpy(), np.eye(3) / 2)
    with pytest.raises(ag.linalg.LinAlgError, match=r"\(Batch element 1\): The solver failed"):
        ag.linalg.solve_ex(a, np.ones((2, 3, 1)), check_errors=True)
    with pytest.raises(ag.linalg.LinAlgError, match="The diagonal element 3 is zero"):
        ag.linalg.inv_ex(singular, check_errors=True)


@pytest.mark.parametrize("left", [True, False])
def test_solve_ex_and_inv_ex_gradcheck_with_a_singular_matrix_in_the_batch(rng, left):
    a = rng.standard_normal((3, 3, 3)) + 3 * np.eye(3)
    b = rng.standard_normal((3, 3, 2) if left else (3, 2, 3))
    _check(lambda a, b: ag.linalg.solve_ex(a, b, left=left).result, a, b)
    _check(lambda a: ag.linalg.inv_ex(a).inverse, a)
    a[1] = 0.0  # info > 0 there: its result is not differentiated, the others are
    x = _t(a)
    out = ag.linalg.solve_ex(x, b, left=left).result
    out[[0, 2]].sum().backward()
    assert np.isfinite(x.grad.numpy()).all() and not x.grad[1].numpy().any()


def test_solve_ex_vector_right_hand_side(rng):
    a, b = rng.standard_normal((2, 3, 3)) + 3 * np.eye(3), rng.standard_normal((2, 3))
    result, info = ag.linalg.solve_ex(a, b)
    np.testing.assert_allclose(result.numpy(), np.linalg.solve(a, b[..., None])[..., 0], rtol=1e-12)
    _check(lambda a, b: ag.linalg.solve_ex(a, b).result, a, b)


# ---- tensorinv, tensorsolve, vander, cond, householder_product ----------------------------


def test_tensorinv_and_tensorsolve(rng):
    a = rng.standard_normal((4, 6, 8, 3))
    x = ag.linalg.tensorinv(_t(a, False), ind=2).numpy()
    assert x.shape == (8, 3, 4, 6)
    np.testing.assert_allclose(np.tensordot(x, a, 2), np.eye(24).reshape(8, 3, 8, 3), atol=1e-10)
    _check(lambda a: ag.linalg.tensorinv(a, ind=1), rng.standard_normal((6, 2, 3)))
    a, b = rng.standard_normal((2, 3, 6)), rng.standard_normal((2, 3))
    x = ag.linalg.tensorsolve(a, b).numpy()
    np.testing.assert_allclose(np.tensordot(a, x, 1), b, rtol=1e-10)
    _check(lambda a, b: ag.linalg.tensorsolve(a, b, dims=(0,)), rng.standard_normal((6, 2, 3)), b)
    with pytest.raises(ValueError, match="must equal"):
        ag.linalg.tensorinv(np.ones((2, 3)), ind=1)
    with pytest.raises(ValueError, match="positive int"):
        ag.linalg.tensorinv(np.ones((2, 2)), ind=0)
    with pytest.raises(ValueError, match="does not fit"):
        ag.linalg.tensorsolve(np.ones((2, 3, 5)), np.ones((2, 3)))


def test_linalg_vander(rng):
    x = rng.standard_normal((2, 3))
    np.testing.assert_allclose(ag.linalg.vander(x, N=4).numpy(), x[..., None] ** np.arange(4), rtol=1e-15)
    _check(lambda x: ag.linalg.vander(x), np.array([0.0, 1.5, -2.0]))
    with pytest.raises(ValueError, match="greater than 1"):
        ag.linalg.vander(x, N=1)
    with pytest.raises(TypeError, match="floating-point or integer"):
        ag.linalg.vander(ag.tensor([True, False]))


@pytest.mark.parametrize("p", [None, 2, -2, "fro", "nuc", np.inf, -np.inf, 1, -1])
def test_cond(rng, p):
    a = rng.standard_normal((2, 3, 3)) + 2 * np.eye(3)
    inverse = np.linalg.inv(a)
    if p in (None, 2, -2):
        s = np.linalg.svd(a, compute_uv=False)
        expected = s[..., 0] / s[..., -1] if p != -2 else s[..., -1] / s[..., 0]
    else:
        expected = np.linalg.norm(a, p, axis=(-2, -1)) * np.linalg.norm(inverse, p, axis=(-2, -1))
    np.testing.assert_allclose(ag.linalg.cond(a, p).numpy(), expected, rtol=1e-12)
    _check(lambda a: ag.linalg.cond(a, p), a)
    if p not in (None, 2, -2, "nuc"):  # a singular matrix: inf
        assert ag.linalg.cond(np.array([[1.0, 2], [2, 4]]), p).item() == np.inf


def test_cond_bad_input():
    with pytest.raises(ValueError, match="p must be one of"):
        ag.linalg.cond(np.eye(2), 3)
    with pytest.raises(ValueError, match="square"):
        ag.linalg.cond(np.ones((2, 3)), "fro")


def _reflectors(rng, shape, k):
    a = rng.standard_normal(shape)
    return a, rng.uniform(0.5, 1.5, shape[:-2] + (k,))


def test_householder_product_is_the_product_of_reflections(rng):
    a, tau = _reflectors(rng, (5, 3), 3)
    q = np.eye(5)
    for i in range(3):
        v = np.concatenate([np.zeros(i), [1.0], a[i + 1 :, i]])
        q = q @ (np.eye(5) - tau[i] * np.outer(v, v))
    np.testing.assert_allclose(
        ag.linalg.householder_product(a, tau).numpy(), q[:, :3], rtol=1e-12, atol=1e-14
    )
    np.testing.assert_allclose(
        ag.orgqr(_t(a, False), _t(tau, False)).numpy(), q[:, :3], rtol=1e-12, atol=1e-14
    )


@pytest.mark.parametrize("shape, k", [((4, 4), 4), ((2, 5, 3), 2), ((5, 3), 0)])
def test_householder_product_gradcheck(rng, shape, k):
    _check(ag.linalg.householder_product, *_reflectors(rng, shape, k))
    _check(lambda a, tau: a.orgqr(tau), *_reflectors(rng, shape, k))


def test_householder_product_bad_input():
    with pytest.raises(ValueError, match="at least"):
        ag.linalg.householder_product(np.ones((2, 3)), np.ones(2))
    with pytest.raises(ValueError, match="tau must have shape"):
        ag.linalg.householder_product(np.ones((3, 2)), np.ones(3))


# ---- triangular solves and what needs complex numbers -------------------------------------


@pytest.mark.parametrize("upper", [True, False])
@pytest.mark.parametrize("left", [True, False])
@pytest.mark.parametrize("unitriangular", [False, True])
def test_solve_triangular_left_and_unitriangular(rng, upper, left, unitriangular):
    a = rng.standard_normal((2, 3, 3)) + 3 * np.eye(3)
    b = rng.standard_normal((2, 3, 2) if left else (2, 2, 3))
    tri = np.triu(a) if upper else np.tril(a)
    if unitriangular:
        tri = tri - np.diagonal(tri, 0, -2, -1)[..., None] * np.eye(3) + np.eye(3)
    x = ag.linalg.solve_triangular(
        _t(a, False), _t(b, False), upper=upper, left=left, unitriangular=unitriangular
    )
    x = x.numpy()
    np.testing.assert_allclose(tri @ x if left else x @ tri, b, rtol=1e-10, atol=1e-12)
    _check(
        lambda a, b: ag.linalg.solve_triangular(a, b, upper=upper, left=left, unitriangular=unitriangular),
        a,
        b,
    )


@pytest.mark.parametrize("transpose", [False, True])
def test_torch_triangular_solve_gradcheck(rng, transpose):
    a, b = rng.standard_normal((3, 3)) + 3 * np.eye(3), rng.standard_normal((3, 2))
    _check(lambda b, a: ag.triangular_solve(b, a, transpose=transpose).solution, b, a)
    _check(lambda b, a: b.triangular_solve(a, False, transpose).solution, b, a)


def test_eig_and_eigvals_say_complex_numbers_are_missing():
    for f in (ag.linalg.eig, ag.linalg.eigvals):
        with pytest.raises(NotImplementedError, match="complex"):
            f(ag.eye(2))


# ---- LDL^T --------------------------------------------------------------------------------


def _ldl_matrices(ld, pivots):
    """(U, D) with A = U D U^T from LAPACK's packed (LD, pivots), lower: U = P_1 L_1 P_2 L_2 ...,
    P_k the interchange of step k and L_k its unit lower elimination (LAPACK's sytrf docs)."""
    n = ld.shape[0]
    U, D = np.eye(n), np.zeros((n, n))
    k = 0
    while k < n:
        step = 1 if pivots[k] > 0 else 2
        kp = abs(pivots[k]) - 1
        kk = k + step - 1
        swap, elimination = np.eye(n), np.eye(n)
        swap[[kk, kp]] = swap[[kp, kk]]
        elimination[k + step :, k : k + step] = ld[k + step :, k : k + step]
        block = np.tril(ld[k : k + step, k : k + step])
        D[k : k + step, k : k + step] = block + np.tril(block, -1).T
        U = U @ swap @ elimination
        k += step
    return U, D


@pytest.mark.parametrize("n", [1, 2, 5, 8])
def test_ldl_factor_reconstructs_a_and_ldl_solve_solves(rng, n):
    for trial in range(5):
        a = rng.standard_normal((n, n))
        a = a + a.T
        if trial == 1 and n > 1:
            np.fill_diagonal(a, 0.0)  # 2 x 2 pivots
        LD, pivots = ag.linalg.ldl_factor(a)
        assert pivots.dtype == np.int32 and pivots.shape == (n,)
        U, D = _ldl_matrices(LD.numpy(), pivots.numpy())
        np.testing.assert_allclose(U @ D @ U.T, a, rtol=1e-10, atol=1e-10)
        b = rng.standard_normal((2, n, 3))
        x = ag.linalg.ldl_solve(LD, pivots, b).numpy()
        np.testing.assert_allclose(a @ x, b, rtol=1e-9, atol=1e-9)


def test_ldl_batches_info_and_no_derivative(rng):
    a = rng.standard_normal((3, 4, 4))
    a = a + np.swapaxes(a, -1, -2)
    a[2] = 0.0
    LD, pivots, info = ag.linalg.ldl_factor_ex(a)
    assert info.tolist() == [0, 0, 1] and LD.shape == (3, 4, 4) and pivots.shape == (3, 4)
    with pytest.raises(ag.linalg.LinAlgError, match="singular"):
        ag.linalg.ldl_factor(a)
    with pytest.raises(ag.linalg.LinAlgError, match="singular"):
        ag.linalg.ldl_factor_ex(a, check_errors=True)
    x = _t(a[:2])
    LD, pivots = ag.linalg.ldl_factor(x)
    with pytest.raises(RuntimeError, match="derivative for linalg.ldl_factor_ex is not implemented"):
        LD.sum().backward()
    b = _t(rng.standard_normal((4, 1)))
    with pytest.raises(RuntimeError, match="derivative for linalg.ldl_solve is not implemented"):
        ag.linalg.ldl_solve(LD.detach(), pivots, b).sum().backward()
    with pytest.raises(ValueError, match="pivots must be int32"):
        ag.linalg.ldl_solve(LD.detach(), pivots.long(), b)
    with pytest.raises(ValueError, match="equal pairs"):
        ag.linalg.ldl_solve(LD[0].detach(), ag.tensor([1, 2, 3, -4], dtype=ag.int32), b)
    with pytest.raises(TypeError, match="hermitian must be a bool"):
        ag.linalg.ldl_factor(a[0], hermitian=None)
