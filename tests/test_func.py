"""autograd.func (torch.func): grad, vjp, jvp, jacrev, jacfwd, hessian and vmap against
autograd.functional, finite differences and explicit loops; functional_call and
stack_module_state; the randomness modes of vmap."""

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor, functional
from autograd.func import (
    functional_call,
    grad,
    grad_and_value,
    hessian,
    jacfwd,
    jacrev,
    jvp,
    stack_module_state,
    vjp,
    vmap,
)

TOL = dict(rtol=1e-10, atol=1e-12)
FD = dict(rtol=1e-6, atol=1e-8)


def close(a, b, **tol):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), **(tol or TOL))


def numeric_jacobian(f, x, eps=1e-6):
    """d f(x) / dx by central differences (f: array -> array), shape f(x).shape + x.shape."""
    x = np.array(x, dtype=np.float64)
    columns = []
    for j in range(x.size):
        step = np.zeros(x.size)
        step[j] = eps
        plus = np.asarray(f(Tensor(x + step.reshape(x.shape))))
        minus = np.asarray(f(Tensor(x - step.reshape(x.shape))))
        columns.append((plus - minus) / (2 * eps))
    return np.stack(columns, -1).reshape(np.shape(columns[0]) + x.shape)


def f_scalar(x):
    return (x.sin() * x).sum()


def f_vector(x):
    return (x.exp() * x.sum()).tanh()


@pytest.fixture
def x(rng):
    return Tensor(rng.standard_normal((2, 3)))


# ---- grad ------------------------------------------------------------------------------


def test_grad_matches_functional_and_finite_differences(x):
    g = grad(f_scalar)(x)
    _, expected = functional.vjp(f_scalar, x)
    close(g, expected)
    close(g, numeric_jacobian(f_scalar, x.numpy()), **FD)
    assert not g.requires_grad


def test_grad_of_grad_is_the_second_derivative(rng):
    x = Tensor(rng.standard_normal(()))
    close(grad(grad(lambda x: x.sin()))(x), -x.sin())
    close(grad(grad(grad(lambda x: x**4)))(x), 24 * x)


@pytest.mark.parametrize("argnums", [1, -1, (0, 1), (1, 0)])
def test_grad_argnums(rng, argnums):
    a, b = Tensor(rng.standard_normal(3)), Tensor(rng.standard_normal(3))

    def f(a, b):
        return (a * b.exp()).sum()

    expected = {0: b.exp(), 1: a * b.exp()}
    got = grad(f, argnums=argnums)(a, b)
    if isinstance(argnums, tuple):
        assert isinstance(got, tuple) and len(got) == len(argnums)
        for g, i in zip(got, argnums):
            close(g, expected[i % 2])
    else:
        close(got, expected[argnums % 2])


def test_grad_of_a_dict_of_tensors_is_a_dict(rng):
    params = {"w": Tensor(rng.standard_normal(3)), "b": Tensor(rng.standard_normal(()))}
    x = Tensor(rng.standard_normal(3))
    g = grad(lambda p, x: ((p["w"] * x).sum() + p["b"]) ** 2)(params, x)
    assert list(g) == ["w", "b"]
    r = (params["w"] * x).sum() + params["b"]
    close(g["w"], 2 * r * x)
    close(g["b"], 2 * r)


def test_grad_has_aux_and_grad_and_value(x):
    def f(x):
        return f_scalar(x), {"doubled": 2 * x}

    g, aux = grad(f, has_aux=True)(x)
    close(g, grad(f_scalar)(x))
    close(aux["doubled"], 2 * x)
    g2, (value, aux2) = grad_and_value(f, has_aux=True)(x)
    close(g2, g)
    close(value, f_scalar(x))
    g3, value3 = grad_and_value(f_scalar)(x)
    close(value3, f_scalar(x))


def test_grad_result_is_differentiable_when_the_input_requires_grad(rng):
    x = Tensor(rng.standard_normal(4), requires_grad=True)
    assert autograd.gradcheck(lambda x: grad(f_scalar)(x), (x,))
    assert grad(f_scalar)(x).requires_grad


def test_grad_is_differentiable_with_respect_to_a_captured_tensor(rng):
    w = Tensor(rng.standard_normal(3), requires_grad=True)
    x = Tensor(rng.standard_normal(3))
    g = grad(lambda x: (w * x.sin()).sum())(x)
    assert g.requires_grad
    close(g, w * x.cos())
    (dw,) = autograd.grad(g.sum(), w)
    close(dw, x.cos())
    assert not grad(lambda x: (w.detach() * x).sum())(x).requires_grad


def test_grad_ignores_an_enclosing_no_grad(x):
    with autograd.no_grad():
        close(grad(f_scalar)(x), grad(f_scalar)(x.detach()))


def test_grad_errors(x):
    with pytest.raises(RuntimeError, match="scalar Tensor"):
        grad(lambda x: x * 2)(x)
    with pytest.raises(RuntimeError, match="got tensor with 1 dims"):
        grad(lambda x: x.sum().reshape(1))(x)
    with pytest.raises(ValueError, match="must be Tensor"):
        grad(lambda x: x * 2)(1.0)
    with pytest.raises(RuntimeError, match="return a Tensor"):
        grad(lambda x: 1.0)(x)
    with pytest.raises(RuntimeError, match="argnums"):
        grad(f_scalar, argnums=2)(x)
    with pytest.raises(RuntimeError, match="floating point"):
        grad(lambda i: i.sum())(autograd.tensor([1, 2]))
    with pytest.raises(RuntimeError, match="has_aux"):
        grad(f_scalar, has_aux=True)(x)


def test_grad_of_an_unused_input_is_zero(x):
    g = grad(lambda a, b: (b * 2).sum(), argnums=(0, 1))(x, x)
    close(g[0], np.zeros(x.shape))
    close(g[1], np.full(x.shape, 2.0))


# ---- vjp / jvp -------------------------------------------------------------------------


def test_vjp_matches_functional(x, rng):
    v = Tensor(rng.standard_normal(x.shape))
    out, vjp_fn = vjp(f_vector, x)
    expected_out, expected = functional.vjp(f_vector, x, v)
    close(out, expected_out)
    (got,) = vjp_fn(v)
    close(got, expected)
    close(vjp_fn(v)[0], expected)  # vjp_fn can be called again


def test_vjp_of_several_primals_and_outputs(rng):
    a, b = Tensor(rng.standard_normal(3)), Tensor(rng.standard_normal(3))
    (out1, out2), vjp_fn = vjp(lambda a, b: (a * b, a.sin()), a, b)
    u, w = Tensor(rng.standard_normal(3)), Tensor(rng.standard_normal(3))
    ga, gb = vjp_fn((u, w))
    close(ga, u * b + w * a.cos())
    close(gb, u * a)
    with pytest.raises(RuntimeError, match="structure"):
        vjp_fn(u)
    with pytest.raises(RuntimeError, match="shape"):
        vjp_fn((u, Tensor(np.ones(2))))


def test_vjp_has_aux(x):
    out, vjp_fn, aux = vjp(lambda x: (x.sin(), x.cos()), x, has_aux=True)
    close(aux, x.cos())
    close(vjp_fn(autograd.ones_like(x))[0], x.cos())


def test_jvp_matches_the_jacobian_times_the_tangent(x, rng):
    t = Tensor(rng.standard_normal(x.shape))
    out, got = jvp(f_vector, (x,), (t,))
    close(out, f_vector(x))
    J = functional.jacobian(f_vector, x).numpy().reshape(x.numel(), x.numel())
    close(got, (J @ t.numpy().reshape(-1)).reshape(x.shape))
    numeric = numeric_jacobian(f_vector, x.numpy()).reshape(6, 6) @ t.numpy().reshape(-1)
    close(got, numeric.reshape(x.shape), **FD)


def test_jvp_of_two_primals_and_aux(rng):
    a, b = Tensor(rng.standard_normal(3)), Tensor(rng.standard_normal(3))
    ta, tb = Tensor(rng.standard_normal(3)), Tensor(rng.standard_normal(3))
    out, got, aux = jvp(lambda a, b: (a * b, [a.sum()]), (a, b), (ta, tb), has_aux=True)
    close(got, ta * b + a * tb)
    close(aux[0], a.sum())
    with pytest.raises(RuntimeError, match="Expected tensors"):
        jvp(lambda a, b: (a * b, "aux"), (a, b), (ta, tb), has_aux=True)


def test_jvp_errors(x):
    with pytest.raises(RuntimeError, match="tuple"):
        jvp(f_vector, x, (x,))
    with pytest.raises(RuntimeError, match="same python structure"):
        jvp(lambda a, b: a + b, (x, x), (x,))
    with pytest.raises(RuntimeError, match="same shape"):
        jvp(f_vector, (x,), (Tensor(np.ones(3)),))


def test_hvp_two_ways(rng):
    x, t = Tensor(rng.standard_normal(5)), Tensor(rng.standard_normal(5))
    forward_over_reverse = jvp(grad(f_scalar), (x,), (t,))[1]
    _, vjp_fn = vjp(grad(f_scalar), x)
    (reverse_over_reverse,) = vjp_fn(t)
    H = functional.hessian(f_scalar, x).numpy()
    close(forward_over_reverse, H @ t.numpy())
    close(reverse_over_reverse, H @ t.numpy())


# ---- Jacobians and Hessians ------------------------------------------------------------


@pytest.mark.parametrize("jac", [jacrev, jacfwd])
def test_jacobians_match_functional(x, jac):
    close(jac(f_vector)(x), functional.jacobian(f_vector, x))
    close(jac(f_vector)(x), numeric_jacobian(f_vector, x.numpy()), **FD)


@pytest.mark.parametrize("jac", [jacrev, jacfwd])
def test_jacobians_with_respect_to_several_arguments_and_outputs(rng, jac):
    w, b, x = (Tensor(rng.standard_normal(s)) for s in ((4, 3), (4,), (3,)))

    def predict(w, b, x):
        return (w @ x + b).tanh(), x.sum()

    (jw, jb), (sw, sb) = jac(predict, argnums=(0, 1))(w, b, x)
    y = (w @ x + b).tanh()
    assert tuple(jw.shape) == (4, 4, 3) and tuple(jb.shape) == (4, 4)
    close(jb, np.diag(1 - y.numpy() ** 2))
    close(jw, np.einsum("ij,k->ijk", np.diag(1 - y.numpy() ** 2), x.numpy()))
    close(sw, np.zeros((4, 3)))
    close(sb, np.zeros(4))
    jx = jac(predict, argnums=2)(w, b, x)[0]
    close(jx, functional.jacobian(lambda x: (w @ x + b).tanh(), x))


def test_jacrev_has_aux_and_chunk_size(x):
    j, aux = jacrev(lambda x: (x.sin(), x.sum()), has_aux=True, chunk_size=2)(x)
    close(j, functional.jacobian(lambda x: x.sin(), x))
    close(aux, x.sum())
    with pytest.raises(ValueError, match="chunk_size"):
        jacrev(f_vector, chunk_size=0)


def test_hessian_matches_functional_and_composed_jacobians(rng):
    x = Tensor(rng.standard_normal(4))
    expected = functional.hessian(f_scalar, x)
    close(hessian(f_scalar)(x), expected)
    close(jacrev(jacrev(f_scalar))(x), expected)
    close(jacfwd(jacfwd(f_scalar))(x), expected)
    close(hessian(f_scalar)(x), numeric_jacobian(lambda x: grad(f_scalar)(x), x.numpy()), **FD)


def test_hessian_of_a_vector_function(rng):
    w, x = Tensor(rng.standard_normal((2, 3))), Tensor(rng.standard_normal(3))
    H = hessian(lambda w, x: (w @ x).tanh(), argnums=1)(w, x)
    assert tuple(H.shape) == (2, 3, 3)
    for i in range(2):
        close(H[i], functional.hessian(lambda x, i=i: (w @ x).tanh()[i], x))


# ---- vmap ------------------------------------------------------------------------------


def test_vmap_matches_a_loop(rng):
    xs = Tensor(rng.standard_normal((5, 3)))
    close(vmap(f_vector)(xs), autograd.stack([f_vector(x) for x in xs]))


@pytest.mark.parametrize("in_dim", [0, 1, -1])
@pytest.mark.parametrize("out_dim", [0, 1, -1])
def test_vmap_in_dims_and_out_dims(rng, in_dim, out_dim):
    xs = Tensor(rng.standard_normal((4, 3)))
    w = Tensor(rng.standard_normal((3 if in_dim == 0 else 4, 2)))
    expected = np.stack(
        [w.numpy().T @ np.take(xs.numpy(), i, axis=in_dim) for i in range(xs.shape[in_dim])], axis=out_dim
    )
    got = vmap(lambda x, w: w.T @ x, in_dims=(in_dim, None), out_dims=out_dim)(xs, w)
    close(got, expected)


def test_vmap_over_dicts_lists_and_nested_in_dims(rng):
    p = {"a": Tensor(rng.standard_normal((4, 2))), "b": Tensor(rng.standard_normal((2, 4)))}
    pair = [Tensor(rng.standard_normal(4)), Tensor(rng.standard_normal(3))]

    def f(p, pair):
        return p["a"] * p["b"].sum() + pair[0] + pair[1].sum(), {"s": pair[0] * 2}

    out, extra = vmap(f, in_dims=({"a": 0, "b": 1}, [0, None]))(p, pair)
    for i in range(4):
        close(out[i], p["a"][i] * p["b"][:, i].sum() + pair[0][i] + pair[1].sum())
    close(extra["s"], pair[0] * 2)


def test_nested_vmap(rng):
    xs, ys = Tensor(rng.standard_normal((3, 5))), Tensor(rng.standard_normal((4, 5)))
    outer = vmap(vmap(lambda x, y: (x * y).sum(), in_dims=(None, 0)), in_dims=(0, None))(xs, ys)
    close(outer, xs.numpy() @ ys.numpy().T)


def test_vmap_of_grad_gives_per_sample_gradients(rng):
    w = Tensor(rng.standard_normal(3))
    xs, ys = Tensor(rng.standard_normal((6, 3))), Tensor(rng.standard_normal(6))

    def loss(w, x, y):
        return ((x * w).sum() - y) ** 2

    per_sample = vmap(grad(loss), in_dims=(None, 0, 0))(w, xs, ys)
    for i in range(6):
        close(per_sample[i], grad(loss)(w, xs[i], ys[i]))
    close(per_sample.mean(0), grad(lambda w: vmap(loss, in_dims=(None, 0, 0))(w, xs, ys).mean())(w))


def test_vmap_of_vjp_fn_gives_the_jacobian(x):
    _, vjp_fn = vjp(f_vector, x.reshape(-1))
    (J,) = vmap(vjp_fn)(autograd.eye(6))
    close(J, functional.jacobian(f_vector, x.reshape(-1)))


def test_vmap_out_dims_none_and_python_values(rng):
    xs = Tensor(rng.standard_normal((3, 2)))
    out, const = vmap(lambda x: (x * 2, 7), out_dims=(0, None))(xs)
    close(out, xs * 2)
    assert const == 7
    with pytest.raises(ValueError, match="must only return Tensors"):
        vmap(lambda x: 7)(xs)


def test_vmap_errors(rng):
    xs = Tensor(rng.standard_normal((3, 2)))
    with pytest.raises(ValueError, match="same size"):
        vmap(lambda a, b: a + b)(xs, Tensor(np.ones((4, 2))))
    with pytest.raises(ValueError, match="non-Tensor"):
        vmap(lambda a, b: a * b)(xs, 2.0)
    with pytest.raises(ValueError, match="in_dims is not compatible"):
        vmap(lambda a, b: a * b, in_dims=(0,))(xs, xs)
    with pytest.raises(ValueError, match="dimensionality"):
        vmap(lambda a: a, in_dims=2)(xs)
    with pytest.raises(ValueError, match="at least one input must be batched"):
        vmap(lambda a: a, in_dims=None)(xs)
    with pytest.raises(ValueError, match="no inputs"):
        vmap(lambda: 1)()
    with pytest.raises(RuntimeError, match="randomness"):
        vmap(lambda a: a, randomness="sometimes")


def test_vmap_randomness_error_different_same(rng):
    xs = Tensor(rng.standard_normal((3, 4)))
    with pytest.raises(RuntimeError, match="randomness error mode"):
        vmap(lambda x: x + autograd.rand(4))(xs)
    with pytest.raises(RuntimeError, match="randomness error mode"):
        vmap(lambda x: nn.functional.dropout(x, 0.5))(xs)
    vmap(lambda x: x * 2)(xs)  # no draw, no error
    autograd.manual_seed(3)
    different = vmap(lambda x: autograd.rand(4), randomness="different")(xs)
    autograd.manual_seed(3)
    close(different, autograd.rand(3, 4))  # uniforms are drawn in row-major order
    autograd.manual_seed(3)
    same = vmap(lambda x: x * 0 + autograd.rand(4), randomness="same")(xs)
    after = autograd.rand(1)
    autograd.manual_seed(3)
    once = autograd.rand(4)
    close(same, np.broadcast_to(once.numpy(), (3, 4)))
    close(after, autograd.rand(1))  # the generator moved as for one draw
    autograd.manual_seed(3)
    masks = vmap(lambda x: nn.functional.dropout(autograd.ones(4), 0.5), randomness="same")(xs)
    assert all((masks[i] == masks[0]).all() for i in range(3))


def test_vmap_randomness_error_inside_jacfwd_and_hessian(rng):
    x = Tensor(rng.standard_normal(3))
    with pytest.raises(RuntimeError, match="randomness error mode"):
        jacfwd(lambda x: x * autograd.rand(3))(x)
    jacrev(lambda x: x * autograd.rand(3))(x)  # jacrev does not vmap over random draws


# ---- functional_call and stack_module_state --------------------------------------------


def test_functional_call_swaps_parameters_for_one_call(rng):
    model = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1))
    x = Tensor(rng.standard_normal((4, 3)))
    before = {k: v.numpy().copy() for k, v in model.named_parameters()}
    new = {k: Tensor(rng.standard_normal(v.shape)) for k, v in model.named_parameters()}
    out = functional_call(model, new, (x,))
    h = (x.numpy() @ new["0.weight"].numpy().T + new["0.bias"].numpy()).clip(0)
    close(out, h @ new["2.weight"].numpy().T + new["2.bias"].numpy())
    for k, v in model.named_parameters():  # restored
        assert isinstance(v, nn.Parameter)
        close(v, before[k])
    close(
        functional_call(model, {"0.bias": new["0.bias"]}, x),
        model[2](model[1](x @ model[0].weight.T + new["0.bias"])),
    )


def test_functional_call_buffers_kwargs_and_several_dicts(rng):
    bn = nn.BatchNorm1d(3).eval()
    x = Tensor(rng.standard_normal((4, 3)))
    mean, var = Tensor(rng.standard_normal(3)), Tensor(rng.random(3) + 0.5)
    params = dict(bn.named_parameters())
    out = functional_call(bn, (params, {"running_mean": mean, "running_var": var}), args=(x,))
    close(out, (x.numpy() - mean.numpy()) / np.sqrt(var.numpy() + bn.eps))
    close(bn.running_mean, np.zeros(3))
    with pytest.raises(ValueError, match="multiple dictionaries"):
        functional_call(bn, (params, params), (x,))

    class Scale(nn.Module):
        def __init__(self):
            super().__init__()
            self.s = nn.Parameter(autograd.ones(1))

        def forward(self, x, *, shift=0.0):
            return x * self.s + shift

    close(functional_call(Scale(), {"s": Tensor([3.0])}, (x,), {"shift": 1.0}), x * 3 + 1)


def test_functional_call_tie_weights_and_strict(rng):
    class Tied(nn.Module):
        def __init__(self):
            super().__init__()
            self.a = nn.Linear(2, 2, bias=False)
            self.b = nn.Linear(2, 2, bias=False)
            self.b.weight = self.a.weight

        def forward(self, x):
            return self.b(self.a(x))

    model, x = Tied(), Tensor(rng.standard_normal((1, 2)))
    w = Tensor(rng.standard_normal((2, 2)))
    close(functional_call(model, {"a.weight": w}, x), x.numpy() @ w.numpy().T @ w.numpy().T)
    untied = functional_call(model, {"a.weight": w}, x, tie_weights=False)
    close(untied, x.numpy() @ w.numpy().T @ model.a.weight.numpy().T)
    with pytest.raises(ValueError, match="tied"):
        functional_call(model, {"a.weight": w, "b.weight": w * 2}, x)
    with pytest.raises(RuntimeError, match="Unexpected key"):
        functional_call(nn.Linear(2, 2), {"weight": w, "bias": w[0], "extra": w}, x, strict=True)
    with pytest.raises(RuntimeError, match="Missing key"):
        functional_call(nn.Linear(2, 2), {"weight": w}, x, strict=True)


def test_functional_call_needs_only_the_module_protocol(rng):
    class Duck:  # no nn.Module: named_parameters/named_buffers and attributes
        def __init__(self):
            self.w = Tensor(np.ones(3))

        def named_parameters(self):
            yield "w", self.w

        def named_buffers(self):
            return iter(())

        def __call__(self, x):
            return (self.w * x).sum()

    duck, x = Duck(), Tensor(rng.standard_normal(3))
    w = Tensor(rng.standard_normal(3))
    close(functional_call(duck, {"w": w}, x), (w * x).sum())
    close(duck.w, np.ones(3))
    close(grad(lambda w: functional_call(duck, {"w": w}, x))(w), x)
    close(nn.utils.stateless.functional_call(duck, parameters_and_buffers={"w": w}, args=x), (w * x).sum())


def test_stack_module_state_and_an_ensemble(rng):
    models = [nn.Linear(3, 2) for _ in range(4)]
    params, buffers = stack_module_state(models)
    assert list(params) == ["weight", "bias"] and buffers == {}
    assert tuple(params["weight"].shape) == (4, 2, 3) and params["weight"].requires_grad
    assert params["weight"]._ctx is None  # a leaf
    x = Tensor(rng.standard_normal((5, 3)))
    base = nn.Linear(3, 2).to("meta")
    assert np.isnan(base.weight.numpy()).all()
    out = vmap(lambda p, b, x: functional_call(base, (p, b), (x,)), in_dims=(0, 0, None))(params, buffers, x)
    close(out, autograd.stack([m(x) for m in models]))
    out.sum().backward()
    close(params["bias"].grad, np.full((4, 2), 5.0))
    with pytest.raises(RuntimeError, match="at least one model"):
        stack_module_state([])
    with pytest.raises(RuntimeError, match="training/eval"):
        stack_module_state([nn.Linear(1, 1), nn.Linear(1, 1).eval()])
    frozen = nn.Linear(3, 2).requires_grad_(False)
    with pytest.raises(RuntimeError, match="requires_grad"):
        stack_module_state([nn.Linear(3, 2), frozen])


def test_vmap_refuses_an_empty_batch():
    with pytest.raises(ValueError, match="size 0"):
        vmap(lambda x: x * 2)(autograd.ones(0, 2))
