"""nn.utils' weight and spectral normalization, parametrizations, parameter vectors, norms,
fusion and skip_init, and the newer nn.init functions: gradcheck and gradgradcheck through a
forward (float64), the properties each promises, and the errors."""

import math
import warnings

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor

P = nn.utils.parametrizations


def legacy(apply, module, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return apply(module, *args, **kwargs)


def check_through_forward(module, x):
    """gradcheck and gradgradcheck of module(x) in the module's own parameters (perturbed in
    place, as the forward reads them) and in x."""
    params = tuple(module.parameters())

    def forward(*inputs):
        return module(inputs[-1])

    x = Tensor(x, requires_grad=True)
    assert autograd.gradcheck(forward, params + (x,))
    assert autograd.gradgradcheck(forward, params + (x,))


REPARAMETRIZATIONS = {
    "weight_norm": lambda m: legacy(nn.utils.weight_norm, m),
    "weight_norm_dim1": lambda m: legacy(nn.utils.weight_norm, m, dim=1),
    "weight_norm_whole": lambda m: legacy(nn.utils.weight_norm, m, dim=None),
    "spectral_norm": lambda m: nn.utils.spectral_norm(m, n_power_iterations=3),
    "p_weight_norm": lambda m: P.weight_norm(m),
    "p_weight_norm_whole": lambda m: P.weight_norm(m, dim=None),
    "p_spectral_norm": lambda m: P.spectral_norm(m),
    "orthogonal_matrix_exp": lambda m: P.orthogonal(m, orthogonal_map="matrix_exp"),
    "orthogonal_cayley": lambda m: P.orthogonal(m, orthogonal_map="cayley"),
    "orthogonal_householder": lambda m: P.orthogonal(m, orthogonal_map="householder"),
    "orthogonal_householder_plain": lambda m: P.orthogonal(
        m, orthogonal_map="householder", use_trivialization=False
    ),
}


@pytest.mark.parametrize("kind", REPARAMETRIZATIONS)
@pytest.mark.parametrize("shape", [(3, 4), (4, 3)])
def test_gradcheck_through_a_reparametrized_linear(rng, kind, shape):
    module = nn.Linear(shape[1], shape[0])
    REPARAMETRIZATIONS[kind](module)
    module(Tensor(rng.standard_normal((2, shape[1]))))  # a power iteration in training mode
    module.eval()  # fixed u, v: the forward is a function of the parameters alone
    if "householder" not in kind:
        check_through_forward(module, rng.standard_normal((2, shape[1])))
        return
    # Householder: Q also depends on int(diagonal of X), a step (PyTorch's), sitting at -1 or 1:
    # check the derivatives in the reflectors, the strictly lower part (of the tall orientation).
    orth = module.parametrizations.weight[0]
    original = module.parametrizations.weight.original.detach().numpy()
    mask = np.tril(np.ones(shape), -1) if shape[0] >= shape[1] else np.triu(np.ones(shape), 1)
    fixed, mask = Tensor(original * (1 - mask)), Tensor(mask)
    lower = Tensor(original * mask.numpy(), requires_grad=True)
    x = Tensor(rng.standard_normal((2, shape[1])), requires_grad=True)

    def forward(lower, x):
        return x @ orth(fixed + lower * mask).mT

    assert autograd.gradcheck(forward, (lower, x))
    assert autograd.gradgradcheck(forward, (lower, x))


def test_gradcheck_through_a_spectral_normalized_convolution(rng):
    module = nn.utils.spectral_norm(nn.Conv2d(2, 3, 2))
    module.eval()
    check_through_forward(module, rng.standard_normal((1, 2, 3, 3)))


@pytest.mark.parametrize("dim, g_shape", [(0, (4, 1)), (1, (1, 3)), (None, ()), (-1, ()), (-2, (4, 1))])
def test_weight_norm_splits_length_and_direction(rng, dim, g_shape):
    module = nn.Linear(3, 4)
    weight = module.weight.detach().clone()
    with pytest.warns(FutureWarning, match="parametrizations.weight_norm"):
        nn.utils.weight_norm(module, dim=dim)
    assert [n for n, _ in module.named_parameters()] == ["bias", "weight_g", "weight_v"]
    assert tuple(module.weight_g.shape) == g_shape
    np.testing.assert_allclose(module.weight.detach().numpy(), weight.numpy(), rtol=1e-12)
    with autograd.no_grad():
        module.weight_g.mul_(2.0)
    module(Tensor(rng.standard_normal((1, 3))))  # the hook recomputes the weight
    np.testing.assert_allclose(module.weight.detach().numpy(), 2 * weight.numpy(), rtol=1e-12)
    nn.utils.remove_weight_norm(module)
    assert isinstance(module.weight, nn.Parameter) and not module._forward_pre_hooks
    np.testing.assert_allclose(module.weight.detach().numpy(), 2 * weight.numpy(), rtol=1e-12)


def test_spectral_norm_iterates_in_training_only(rng):
    module = nn.utils.spectral_norm(nn.Linear(5, 4))
    u0 = module.weight_u.clone()
    x = Tensor(rng.standard_normal((2, 5)))
    module(x)
    u1 = module.weight_u.clone()
    assert not np.allclose(u0.numpy(), u1.numpy())
    module.eval()
    module(x)
    np.testing.assert_array_equal(module.weight_u.numpy(), u1.numpy())
    for _ in range(100):  # many iterations: sigma is the largest singular value
        module.train()
        module(x)
    sigma = np.linalg.svd(module.weight_orig.detach().numpy(), compute_uv=False)[0]
    np.testing.assert_allclose(
        module.weight.detach().numpy(), module.weight_orig.detach().numpy() / sigma, rtol=1e-8
    )


def test_parametrized_spectral_norm_of_a_vector_is_normalize(rng):
    module = nn.Module()
    module.weight = nn.Parameter(rng.standard_normal(4))
    P.spectral_norm(module)
    w = module.parametrizations.weight.original.detach().numpy()
    np.testing.assert_allclose(module.weight.detach().numpy(), w / np.linalg.norm(w), rtol=1e-12)


@pytest.mark.parametrize("orthogonal_map", ["matrix_exp", "cayley", "householder"])
@pytest.mark.parametrize("shape", [(4, 4), (5, 3), (3, 5), (2, 4, 3)])
def test_orthogonal_gives_orthonormal_columns_or_rows(rng, orthogonal_map, shape):
    module = nn.Module()
    module.weight = nn.Parameter(rng.standard_normal(shape))
    P.orthogonal(module, orthogonal_map=orthogonal_map)
    optimizer = __import__("optim").SGD(module.parameters(), lr=0.1)
    for _ in range(3):
        optimizer.zero_grad()
        (module.weight * Tensor(rng.standard_normal(shape))).sum().backward()
        optimizer.step()
    Q = module.weight.detach().numpy()
    gram = Q.swapaxes(-1, -2) @ Q if shape[-2] >= shape[-1] else Q @ Q.swapaxes(-1, -2)
    np.testing.assert_allclose(gram, np.broadcast_to(np.eye(min(shape[-2:])), gram.shape), atol=1e-12)


def test_orthogonal_keeps_an_orthogonal_weight_and_orthonormalizes_another(rng):
    q, _ = np.linalg.qr(rng.standard_normal((4, 4)))
    module = nn.Module()
    module.weight = nn.Parameter(q.copy())
    P.orthogonal(module)
    np.testing.assert_allclose(module.weight.detach().numpy(), q, atol=1e-14)
    module.weight = Tensor(2 * q)  # assigning goes through right_inverse: QR of 2q is q (signs fixed)
    expected = q * np.sign(np.diag(np.linalg.qr(2 * q)[1]))
    np.testing.assert_allclose(module.weight.detach().numpy(), expected, atol=1e-14)


def test_parametrized_weight_norm_has_two_originals_and_removes_to_one(rng):
    module = nn.Linear(3, 4)
    weight = module.weight.detach().clone()
    P.weight_norm(module)
    names = [n for n, _ in module.named_parameters()]
    assert names == ["bias", "parametrizations.weight.original0", "parametrizations.weight.original1"]
    np.testing.assert_allclose(module.weight.detach().numpy(), weight.numpy(), rtol=1e-12)
    module.weight = Tensor(3 * weight.numpy())  # right_inverse gives (g, v) back
    np.testing.assert_allclose(module.parametrizations.weight.original1.detach().numpy(), 3 * weight.numpy())
    with pytest.raises(ValueError, match="sequence of tensors"):
        nn.utils.parametrize.remove_parametrizations(module, "weight", leave_parametrized=False)
    nn.utils.parametrize.remove_parametrizations(module, "weight")
    assert isinstance(module.weight, nn.Parameter) and type(module) is nn.Linear
    np.testing.assert_allclose(module.weight.detach().numpy(), 3 * weight.numpy(), rtol=1e-12)


def test_reparametrization_errors():
    module = legacy(nn.utils.weight_norm, nn.Linear(2, 2))
    with pytest.raises(RuntimeError, match="two weight_norm hooks"):
        legacy(nn.utils.weight_norm, module)
    with pytest.raises(ValueError, match="weight_norm of 'bias' not found"):
        nn.utils.remove_weight_norm(module, "bias")
    with pytest.raises(ValueError, match="n_power_iterations to be positive"):
        nn.utils.spectral_norm(nn.Linear(2, 2), n_power_iterations=0)
    with pytest.raises(ValueError, match="n_power_iterations to be positive"):
        P.spectral_norm(nn.Linear(2, 2), n_power_iterations=0)
    with pytest.raises(IndexError, match="Dimension out of range"):
        P.spectral_norm(nn.Linear(2, 2), dim=2)
    module = nn.utils.spectral_norm(nn.Linear(2, 2))
    with pytest.raises(RuntimeError, match="two spectral_norm hooks"):
        nn.utils.spectral_norm(module)
    with pytest.raises(ValueError, match="spectral_norm of 'weight' not found"):
        nn.utils.remove_spectral_norm(nn.Linear(2, 2))
    with pytest.raises(ValueError, match="no parameter or buffer with name 'kernel'"):
        P.orthogonal(nn.Linear(2, 2), "kernel")
    with pytest.raises(ValueError, match="matrix or batch of matrices"):
        P.orthogonal(nn.BatchNorm1d(3))
    with pytest.raises(
        ValueError, match='orthogonal_map has to be one of "matrix_exp", "cayley", "householder"'
    ):
        P.orthogonal(nn.Linear(2, 2), orthogonal_map="qr")
    module = P.orthogonal(nn.Linear(3, 3), orthogonal_map="cayley", use_trivialization=False)
    with pytest.raises(NotImplementedError, match="use_trivialization=False"):
        module.weight = autograd.eye(3)
    with pytest.raises(ValueError, match="Expected a matrix or batch of matrices of shape"):
        P.orthogonal(nn.Linear(3, 3)).weight = autograd.eye(2)


# ---- vectors, norms, fusion, skip_init -------------------------------------------------------------


def test_parameters_to_vector_is_differentiable_and_vector_to_parameters_shares_memory(rng):
    a, b = (Tensor(rng.standard_normal(s), requires_grad=True) for s in ((2, 3), (4,)))
    assert autograd.gradcheck(lambda a, b: nn.utils.parameters_to_vector([a, b]) ** 2, (a, b))
    vec = autograd.arange(12.0)
    nn.utils.vector_to_parameters(vec, [a, b])
    np.testing.assert_array_equal(a.detach().numpy(), np.arange(6.0).reshape(2, 3))
    vec[7] = -1.0
    assert b.detach().numpy()[1] == -1.0 and a.requires_grad
    with pytest.raises(TypeError, match="expected a Tensor as vec"):
        nn.utils.vector_to_parameters(np.zeros(10), [a, b])
    with pytest.raises(RuntimeError, match="too few"):
        nn.utils.vector_to_parameters(autograd.zeros(9), [a, b])
    with pytest.raises(TypeError, match="parameter 1 is a list"):
        nn.utils.parameters_to_vector([a, [1.0]])


def test_total_norm_and_clipping_by_it(rng):
    grads = [Tensor(rng.standard_normal(s)) for s in ((3, 2), (5,))]
    flat = np.concatenate([g.numpy().ravel() for g in grads])
    for p in (1.0, 2.0, math.inf):
        np.testing.assert_allclose(
            nn.utils.get_total_norm(grads, p).item(), np.linalg.norm(flat, p), rtol=1e-12
        )
    params = [Tensor(g.numpy(), requires_grad=True) for g in grads]
    for p, g in zip(params, grads):
        p.grad = g.clone()
    nn.utils.clip_grads_with_norm_(params, 1.0, nn.utils.get_total_norm(grads))
    np.testing.assert_allclose(nn.utils.get_total_norm([p.grad for p in params]).item(), 1.0, rtol=1e-5)
    nn.utils.clip_grads_with_norm_(params, 100.0, 1.0)  # never scales up
    np.testing.assert_allclose(nn.utils.get_total_norm([p.grad for p in params]).item(), 1.0, rtol=1e-5)
    with pytest.raises(RuntimeError, match="not finite"):
        nn.utils.get_total_norm([Tensor([np.nan])], error_if_nonfinite=True)
    with pytest.warns(UserWarning, match="empty generator"):
        nn.utils.clip_grad_norm_((p for p in []), 1.0)
    with pytest.raises(TypeError, match="foreach must be None, True or False"):
        nn.utils.clip_grad_norm_(params, 1.0, foreach="yes")


def test_fused_linear_and_conv_compute_batch_norm_of_the_layer(rng):
    for layer, bn, x in (
        (nn.Linear(3, 4, bias=False), nn.BatchNorm1d(4), rng.standard_normal((5, 3))),
        (nn.Conv1d(2, 3, 2), nn.BatchNorm1d(3), rng.standard_normal((2, 2, 6))),
    ):
        bn.running_mean.copy_(Tensor(rng.standard_normal(bn.num_features)))
        bn.running_var.copy_(Tensor(rng.random(bn.num_features) + 0.5))
        layer.eval()
        bn.eval()
        fuse = nn.utils.fuse_linear_bn_eval if isinstance(layer, nn.Linear) else nn.utils.fuse_conv_bn_eval
        fused = fuse(layer, bn)
        x = Tensor(x)
        np.testing.assert_allclose(
            fused(x).detach().numpy(), bn(layer(x)).detach().numpy(), rtol=1e-12, atol=1e-14
        )
        assert isinstance(fused.weight, nn.Parameter) and fused is not layer
    with pytest.raises(AssertionError, match="Fusion only for eval"):
        nn.utils.fuse_linear_bn_eval(nn.Linear(2, 2), nn.BatchNorm1d(2))
    linear, bn = nn.Linear(2, 3), nn.BatchNorm1d(2)
    linear.eval()
    bn.eval()
    with pytest.raises(AssertionError, match="linear.out_features == bn.num_features"):
        nn.utils.fuse_linear_bn_eval(linear, bn)


def test_skip_init_draws_nothing_and_checks_its_class():
    autograd.manual_seed(1)
    expected = autograd.randn(3)
    autograd.manual_seed(1)
    layer = nn.utils.skip_init(nn.Linear, 5, 2)
    assert tuple(layer.weight.shape) == (2, 5)
    np.testing.assert_array_equal(autograd.randn(3).numpy(), expected.numpy())
    with pytest.raises(RuntimeError, match="Expected a Module"):
        nn.utils.skip_init(dict)

    class NoDevice(nn.Module):
        def __init__(self, n):
            super().__init__()

    with pytest.raises(RuntimeError, match="'device' arg"):
        nn.utils.skip_init(NoDevice, 3)


# ---- nn.init --------------------------------------------------------------------------------------


def test_trunc_normal_stays_in_its_bounds_with_the_truncated_moments():
    t = autograd.empty(200, 500)
    nn.init.trunc_normal_(t, mean=0.3, std=1.0, a=-1.0, b=1.5)
    values = t.numpy()
    assert values.min() >= -1.0 and values.max() <= 1.5
    alpha, beta = -1.3, 1.2  # (a - mean) / std, (b - mean) / std
    pdf = [math.exp(-z * z / 2) / math.sqrt(2 * math.pi) for z in (alpha, beta)]
    mass = 0.5 * (math.erf(beta / math.sqrt(2)) - math.erf(alpha / math.sqrt(2)))
    mean = 0.3 + (pdf[0] - pdf[1]) / mass
    assert abs(values.mean() - mean) < 0.01
    with pytest.warns(UserWarning, match="more than 2 std"):
        nn.init.trunc_normal_(autograd.empty(3), mean=5.0, a=-1.0, b=1.0)
    with pytest.raises(ValueError, match="trunc_normal_: std must be finite"):
        nn.init.trunc_normal_(autograd.empty(3), std=math.inf)


def test_sparse_zeroes_a_fraction_of_each_column():
    t = nn.init.sparse_(autograd.empty(10, 6), sparsity=0.25, std=0.5)
    assert ((t.numpy() == 0).sum(axis=0) == 3).all()


def test_eye_and_dirac_are_identities(rng):
    np.testing.assert_array_equal(nn.init.eye_(autograd.empty(2, 3)).numpy(), np.eye(2, 3))
    conv = nn.Conv2d(3, 3, 3, padding=1, bias=False)
    nn.init.dirac_(conv.weight)
    x = Tensor(rng.standard_normal((1, 3, 4, 4)))
    np.testing.assert_allclose(conv(x).detach().numpy(), x.numpy(), atol=1e-15)
    grouped = nn.init.dirac_(autograd.empty(4, 2, 3), groups=2).numpy()
    assert (
        grouped[0, 0, 1] == grouped[1, 1, 1] == grouped[2, 0, 1] == grouped[3, 1, 1] == 1
        and grouped.sum() == 4
    )


def test_init_errors():
    with pytest.raises(ValueError, match="Only tensors with 2 dimensions"):
        nn.init.eye_(autograd.empty(3))
    with pytest.raises(ValueError, match="Only tensors with 2 dimensions"):
        nn.init.sparse_(autograd.empty(2, 3, 4), 0.5)
    with pytest.raises(ValueError, match="Only tensors with 3, 4, or 5 dimensions"):
        nn.init.dirac_(autograd.empty(3, 3))
    with pytest.raises(ValueError, match="dim 0 must be divisible by groups"):
        nn.init.dirac_(autograd.empty(3, 2, 3), groups=2)
    with pytest.raises(TypeError, match="fill a Tensor"):
        nn.init.trunc_normal_(np.zeros(3))


@pytest.mark.parametrize("norm_type", [np.array([2.0]), [2.0], np.ones((1, 1))])
def test_get_total_norm_refuses_a_norm_type_that_is_not_one_number(norm_type):
    """A one-element array is refused before float() (numpy 2.0 deprecates converting it)."""
    with pytest.raises(TypeError, match="norm_type must be a number"):
        nn.utils.get_total_norm([autograd.ones(3)], norm_type)
