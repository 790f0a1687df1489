"""nn.utils (weight and spectral norm, parametrizations, vectors, norms, fusion) and the newer
nn.init functions against PyTorch: the same program on both libraries, from the same seed, gives
the same draws, names, values and gradients after several training steps (float64, 1e-10).
Optional: skipped when torch is not installed."""

import warnings

import numpy as np
import pytest

import autograd
import nn
import optim

torch = pytest.importorskip("torch")

TOL = dict(rtol=1e-10, atol=1e-12)
LIBS = {"ours": (autograd, nn, optim), "torch": (torch, torch.nn, torch.optim)}


@pytest.fixture(autouse=True)
def float64_torch():
    before = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(before)


def numpy(t):
    return t.detach().numpy() if hasattr(t, "detach") else np.asarray(t)


def assert_same(ours, theirs):
    assert sorted(ours) == sorted(theirs)
    for key in theirs:
        np.testing.assert_allclose(numpy(ours[key]), numpy(theirs[key]), **TOL, err_msg=key)


def apply(U, kind, module):
    """Register one reparametrization (the name picks which) on module.weight."""
    P = U.parametrizations
    return {
        "weight_norm": lambda: U.weight_norm(module),
        "weight_norm_dim1": lambda: U.weight_norm(module, dim=1),
        "weight_norm_whole": lambda: U.weight_norm(module, dim=None),
        "spectral_norm": lambda: U.spectral_norm(module, n_power_iterations=2),
        "spectral_norm_eps": lambda: U.spectral_norm(module, eps=1e-3, dim=1),
        "p_weight_norm": lambda: P.weight_norm(module),
        "p_weight_norm_whole": lambda: P.weight_norm(module, dim=None),
        "p_spectral_norm": lambda: P.spectral_norm(module),
        "p_spectral_norm_dim1": lambda: P.spectral_norm(module, n_power_iterations=3, dim=1),
        "orthogonal": lambda: P.orthogonal(module),
        "orthogonal_matrix_exp": lambda: P.orthogonal(module, orthogonal_map="matrix_exp"),
        "orthogonal_cayley": lambda: P.orthogonal(module, orthogonal_map="cayley"),
        "orthogonal_householder": lambda: P.orthogonal(module, orthogonal_map="householder"),
        "orthogonal_householder_plain": lambda: P.orthogonal(
            module, orthogonal_map="householder", use_trivialization=False
        ),
    }[kind]()


def train(name, kind, shape, conv=False, steps=4):
    lib, L, opt_module = LIBS[name]
    lib.manual_seed(0)
    module = L.Conv2d(shape[1], shape[0], 3) if conv else L.Linear(shape[1], shape[0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        apply(L.utils, kind, module)
    opt = opt_module.Adam(module.parameters(), lr=0.05)
    x = lib.randn(3, shape[1], 5, 5) if conv else lib.randn(3, shape[1])
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = (module(x) ** 2).sum() + module(x).sum()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    grads = {k: p.grad for k, p in module.named_parameters()}
    module.eval()
    return module(x), losses, dict(module.state_dict()), grads


KINDS = [
    ("weight_norm", (4, 3)),
    ("weight_norm_dim1", (4, 3)),
    ("weight_norm_whole", (4, 3)),
    ("spectral_norm", (4, 3)),
    ("spectral_norm_eps", (3, 5)),
    ("p_weight_norm", (4, 3)),
    ("p_weight_norm_whole", (4, 3)),
    ("p_spectral_norm", (4, 3)),
    ("p_spectral_norm_dim1", (3, 5)),
    ("orthogonal", (4, 4)),
    ("orthogonal", (5, 3)),
    ("orthogonal", (3, 5)),
    ("orthogonal_matrix_exp", (3, 5)),
    ("orthogonal_cayley", (4, 4)),
    ("orthogonal_cayley", (5, 2)),
    ("orthogonal_householder", (5, 3)),
    ("orthogonal_householder", (3, 5)),
    ("orthogonal_householder_plain", (5, 3)),
    ("orthogonal_householder_plain", (3, 4)),
]


@pytest.mark.parametrize("kind, shape", KINDS, ids=[f"{k}-{s[0]}x{s[1]}" for k, s in KINDS])
def test_reparametrized_linear_trains_as_in_torch(kind, shape):
    ours, theirs = train("ours", kind, shape), train("torch", kind, shape)
    np.testing.assert_allclose(numpy(ours[0]), numpy(theirs[0]), **TOL)
    np.testing.assert_allclose(ours[1], theirs[1], **TOL)
    assert_same(ours[2], theirs[2])
    assert_same(ours[3], theirs[3])


@pytest.mark.parametrize("kind", ["weight_norm", "spectral_norm", "p_weight_norm", "p_spectral_norm"])
def test_reparametrized_conv_trains_as_in_torch(kind):
    ours, theirs = (
        train("ours", kind, (4, 2), conv=True, steps=2),
        train("torch", kind, (4, 2), conv=True, steps=2),
    )
    np.testing.assert_allclose(numpy(ours[0]), numpy(theirs[0]), **TOL)
    assert_same(ours[2], theirs[2])


def removed(name, kind):
    lib, L, _ = LIBS[name]
    lib.manual_seed(0)
    module = L.ConvTranspose2d(2, 3, 3) if kind == "spectral_transposed" else L.Linear(3, 4)
    U = L.utils
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        if kind == "weight_norm":
            U.weight_norm(module)
            module(lib.ones(2, 3))
            U.remove_weight_norm(module)
        elif kind.startswith("spectral"):
            U.spectral_norm(module)
            module(lib.ones(2, 2, 4, 4) if kind == "spectral_transposed" else lib.ones(2, 3))
            U.remove_spectral_norm(module)
        else:
            U.parametrizations.weight_norm(module)
            U.parametrize.remove_parametrizations(module, "weight")
    return dict(module.named_parameters()), dict(module.named_buffers())


@pytest.mark.parametrize("kind", ["weight_norm", "spectral", "spectral_transposed", "p_weight_norm"])
def test_removal_leaves_the_normalized_weight_as_torch(kind):
    ours, theirs = removed("ours", kind), removed("torch", kind)
    assert_same(ours[0], theirs[0])
    assert_same(ours[1], theirs[1])


@pytest.mark.parametrize("norm_type", [2.0, 1.0, 3.5, float("inf"), 0.5])
def test_get_total_norm_and_clip_grads_with_norm_match_torch(rng, norm_type):
    arrays = [rng.standard_normal(s) for s in ((3, 4), (5,), (2, 2, 2))]
    results = []
    for lib, utils in ((autograd, nn.utils), (torch, torch.nn.utils)):
        params = [lib.tensor(a, requires_grad=True) for a in arrays]
        for p, a in zip(params, arrays):
            p.grad = lib.tensor(a * 3)
        total = utils.get_total_norm([p.grad for p in params], norm_type)
        utils.clip_grads_with_norm_(params, 1.5, total)
        single = utils.get_total_norm(params[0], norm_type)
        results.append((total, single, [p.grad for p in params]))
    (t1, s1, g1), (t2, s2, g2) = results
    np.testing.assert_allclose(numpy(t1), numpy(t2), **TOL)
    np.testing.assert_allclose(numpy(s1), numpy(s2), **TOL)
    for a, b in zip(g1, g2):
        np.testing.assert_allclose(numpy(a), numpy(b), **TOL)
    assert numpy(nn.utils.get_total_norm([])).item() == torch.nn.utils.get_total_norm([]).item() == 0.0


def test_clip_grad_norm_deprecated_alias_warns_and_clips_as_torch(rng):
    values = rng.standard_normal((4, 3))
    out = []
    for lib, utils in ((autograd, nn.utils), (torch, torch.nn.utils)):
        p = lib.tensor(values, requires_grad=True)
        p.grad = lib.tensor(values * 10)
        with pytest.warns(FutureWarning, match="clip_grad_norm` is now deprecated"):
            total = utils.clip_grad_norm([p], 1.0)
        out.append((total, p.grad))
    np.testing.assert_allclose(numpy(out[0][0]), numpy(out[1][0]), **TOL)
    np.testing.assert_allclose(numpy(out[0][1]), numpy(out[1][1]), **TOL)


def test_parameters_to_vector_and_back_match_torch(rng):
    out = []
    for lib, L in ((autograd, nn), (torch, torch.nn)):
        lib.manual_seed(0)
        model = L.Sequential(L.Linear(3, 4), L.Tanh(), L.Linear(4, 2))
        vec = L.utils.parameters_to_vector(model.parameters())
        (vec * lib.arange(vec.numel(), dtype=vec.dtype)).sum().backward()
        new = lib.tensor(rng.standard_normal(vec.numel() + 3) if lib is autograd else out[0][3])
        L.utils.vector_to_parameters(new, model.parameters())
        x = lib.ones(2, 3)
        out.append((vec, [p.grad for p in model.parameters()], model(x), numpy(new)))
    np.testing.assert_allclose(numpy(out[0][0]), numpy(out[1][0]), **TOL)
    for a, b in zip(out[0][1], out[1][1]):
        np.testing.assert_allclose(numpy(a), numpy(b), **TOL)
    np.testing.assert_allclose(numpy(out[0][2]), numpy(out[1][2]), **TOL)


def fused(name, kind):
    lib, L, _ = LIBS[name]
    lib.manual_seed(0)
    if kind == "linear":
        layer, bn, x = L.Linear(3, 4), L.BatchNorm1d(4), lib.randn(6, 3)
    elif kind == "conv":
        layer, bn, x = L.Conv2d(2, 3, 3, bias=False), L.BatchNorm2d(3), lib.randn(2, 2, 5, 5)
    else:
        layer, bn, x = L.ConvTranspose2d(2, 3, 3), L.BatchNorm2d(3), lib.randn(2, 2, 4, 4)
    for _ in range(3):  # some running statistics, and a trained-looking affine
        bn(layer(lib.randn(*x.shape)))
    with lib.no_grad():
        bn.weight.mul_(1.5)
        bn.bias.add_(0.25)
    layer.eval()
    bn.eval()
    U = L.utils
    if kind == "linear":
        f = U.fuse_linear_bn_eval(layer, bn)
    else:
        f = U.fuse_conv_bn_eval(layer, bn, transpose=kind == "transposed")
    return f(x), bn(layer(x)), f.weight, f.bias, f.weight.requires_grad


@pytest.mark.parametrize("kind", ["linear", "conv", "transposed"])
def test_fusing_batch_norm_matches_torch(kind):
    ours, theirs = fused("ours", kind), fused("torch", kind)
    for a, b in zip(ours[:4], theirs[:4]):
        np.testing.assert_allclose(numpy(a), numpy(b), **TOL)
    np.testing.assert_allclose(numpy(ours[0]), numpy(ours[1]), **TOL)  # the fused layer is bn(layer)
    assert ours[4] == theirs[4]


def test_skip_init_leaves_the_random_stream_as_torch():
    draws = []
    for lib, L in ((autograd, nn), (torch, torch.nn)):
        lib.manual_seed(5)
        layer = L.utils.skip_init(L.Linear, 4, 3, bias=False)
        draws.append((tuple(layer.weight.shape), layer.bias, numpy(lib.randn(5))))
    assert draws[0][0] == draws[1][0] == (3, 4) and draws[0][1] is None and draws[1][1] is None
    np.testing.assert_array_equal(draws[0][2], draws[1][2])


# ---- nn.init ------------------------------------------------------------------------------------

TRUNC = [
    dict(),
    dict(mean=0.5, std=2.0, a=-1.0, b=3.0),
    dict(mean=0.0, std=1.0, a=2.0, b=4.0),  # little mass: the uniform proposal
    dict(std=0.02, a=-0.04, b=0.04),  # ViT's init
    dict(mean=1.0, std=0.1, a=-3.0, b=-2.9),  # far in the tail (a warning)
]


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("shape", [(3, 4), (40, 30)])
@pytest.mark.parametrize("kwargs", TRUNC, ids=[str(k) for k in TRUNC])
def test_trunc_normal_draws_as_torch(dtype, shape, kwargs):
    values = []
    for lib, L in ((autograd, nn), (torch, torch.nn)):
        lib.manual_seed(3)
        t = lib.empty(*shape, dtype=getattr(lib, dtype))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert L.init.trunc_normal_(t, **kwargs) is t
        values.append((numpy(t), numpy(lib.rand(3, dtype=lib.float64)), [str(w.message) for w in caught]))
    np.testing.assert_array_equal(values[0][0], values[1][0])
    np.testing.assert_array_equal(values[0][1], values[1][1])  # the stream after it too
    assert values[0][2] == values[1][2]


def test_trunc_normal_with_a_generator_matches_torch():
    out = []
    for lib, L in ((autograd, nn), (torch, torch.nn)):
        g = lib.Generator().manual_seed(11)
        t = lib.empty(20, 3)
        L.init.trunc_normal_(t, 0.0, 0.5, -0.2, 0.9, generator=g)
        out.append(numpy(t))
    np.testing.assert_array_equal(out[0], out[1])


@pytest.mark.parametrize(
    "name, shape, args",
    [
        ("sparse_", (6, 5), (0.3,)),
        ("sparse_", (10, 20), (0.9, 0.5)),
        ("eye_", (3, 5), ()),
        ("eye_", (4, 2), ()),
        ("dirac_", (4, 2, 3), ()),
        ("dirac_", (6, 4, 3, 3), (2,)),
        ("dirac_", (3, 5, 2, 3, 3), ()),
        ("dirac_", (6, 2, 3), (3,)),
    ],
)
def test_sparse_eye_dirac_match_torch(name, shape, args):
    out = []
    for lib, L in ((autograd, nn), (torch, torch.nn)):
        lib.manual_seed(2)
        t = lib.empty(*shape)
        assert getattr(L.init, name)(t, *args) is t
        out.append((numpy(t), numpy(lib.rand(2))))
    np.testing.assert_array_equal(out[0][0], out[1][0])
    np.testing.assert_array_equal(out[0][1], out[1][1])


DEPRECATED = [
    ("uniform", (3, 4), ()),
    ("normal", (3, 4), (0.5, 2.0)),
    ("constant", (3, 4), (0.7,)),
    ("eye", (3, 4), ()),
    ("dirac", (3, 2, 3), ()),
    ("xavier_uniform", (3, 4), ()),
    ("xavier_normal", (3, 4), ()),
    ("kaiming_uniform", (3, 4), ()),
    ("kaiming_normal", (3, 4), ()),
    ("orthogonal", (3, 4), ()),
    ("sparse", (5, 4), (0.5,)),
]


@pytest.mark.parametrize("name, shape, args", DEPRECATED, ids=[d[0] for d in DEPRECATED])
def test_deprecated_init_names_warn_and_draw_as_torch(name, shape, args):
    out = []
    for lib, L in ((autograd, nn), (torch, torch.nn)):
        lib.manual_seed(4)
        t = lib.empty(*shape)
        with pytest.warns(FutureWarning) as caught:
            getattr(L.init, name)(t, *args)
        out.append((numpy(t), str(caught[0].message)))
    np.testing.assert_allclose(out[0][0], out[1][0], **TOL)
    assert out[0][1] == out[1][1]
