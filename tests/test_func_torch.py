"""autograd.func against torch.func: the same calls give the same values, structures and errors."""

import numpy as np
import pytest

import autograd
import autograd.func as ours
import nn

torch = pytest.importorskip("torch")
theirs = torch.func

TOL = dict(rtol=1e-10, atol=1e-12)


def close(a, b):
    """Same pytree structure, same values."""
    if isinstance(b, (tuple, list)):
        assert isinstance(a, (tuple, list)) and len(a) == len(b), (a, b)
        for x, y in zip(a, b):
            close(x, y)
    elif isinstance(b, dict):
        assert isinstance(a, dict) and list(a) == list(b)
        for k in b:
            close(a[k], b[k])
    else:
        assert tuple(a.shape) == tuple(b.shape)
        np.testing.assert_allclose(a.numpy(), b.detach().numpy(), **TOL)


def both(*arrays):
    return [autograd.tensor(a) for a in arrays], [torch.tensor(a) for a in arrays]


def funcs(lib):
    """The same functions written against each library."""
    return {
        "scalar": lambda x: (x.sin() * x).sum(),
        "vector": lambda x: (x.exp() * x.sum()).tanh() * 0.5,
        "two_args": lambda a, b: (a * b.cos()).sum() + (a**2).sum() * b.sum(),
        "two_outputs": lambda a, b: (a * b, a.sin().sum()),
    }


@pytest.mark.parametrize("argnums", [0, 1, (0, 1), (1, 0)])
def test_grad(rng, argnums):
    (a, b), (ta, tb) = both(rng.standard_normal(4), rng.standard_normal(4))
    close(
        ours.grad(funcs(autograd)["two_args"], argnums)(a, b),
        theirs.grad(funcs(torch)["two_args"], argnums)(ta, tb),
    )


def test_grad_and_value_has_aux_and_nesting(rng):
    (x,), (tx,) = both(rng.standard_normal(()))

    def f(lib):
        return lambda x: (x.sin() * x.exp(), {"aux": x * 3})

    close(
        ours.grad_and_value(f(autograd), has_aux=True)(x), theirs.grad_and_value(f(torch), has_aux=True)(tx)
    )
    g = ours.grad(ours.grad(ours.grad(lambda x: x.sin() * x.exp())))
    tg = theirs.grad(theirs.grad(theirs.grad(lambda x: x.sin() * x.exp())))
    close(g(x), tg(tx))


def test_grad_with_a_captured_tensor_that_requires_grad(rng):
    (w, x), (tw, tx) = both(rng.standard_normal(3), rng.standard_normal(3))
    w.requires_grad_()
    tw.requires_grad_()
    g = ours.grad(lambda x: (w * x.sin()).sum() ** 2)(x)
    tg = theirs.grad(lambda x: (tw * x.sin()).sum() ** 2)(tx)
    assert g.requires_grad == tg.requires_grad
    close(autograd.grad(g.sum(), w), torch.autograd.grad(tg.sum(), tw))


def test_grad_of_a_dict(rng):
    (w, b, x), (tw, tb, tx) = both(rng.standard_normal(3), rng.standard_normal(()), rng.standard_normal(3))

    def loss(p, x):
        return ((p["w"] * x).sum() + p["b"]).tanh()

    close(ours.grad(loss)({"w": w, "b": b}, x), theirs.grad(loss)({"w": tw, "b": tb}, tx))


def test_vjp_and_jvp(rng):
    arrays = [rng.standard_normal(4) for _ in range(4)]
    (a, b, u, v), (ta, tb, tu, tv) = both(*arrays)
    f, tf = funcs(autograd)["two_outputs"], funcs(torch)["two_outputs"]
    out, fn = ours.vjp(f, a, b)
    tout, tfn = theirs.vjp(tf, ta, tb)
    close(out, tout)
    close(fn((u, v.sum())), tfn((tu, tv.sum())))
    close(ours.jvp(f, (a, b), (u, v)), theirs.jvp(tf, (ta, tb), (tu, tv)))
    g, tg = funcs(autograd)["vector"], funcs(torch)["vector"]
    close(ours.jvp(g, (a,), (u,)), theirs.jvp(tg, (ta,), (tu,)))


@pytest.mark.parametrize("name", ["ours_rev", "ours_fwd"])
@pytest.mark.parametrize("argnums", [0, (0, 1)])
def test_jacobians(rng, name, argnums):
    (a, b), (ta, tb) = both(rng.standard_normal((2, 3)), rng.standard_normal(3))
    jac = ours.jacrev if name == "ours_rev" else ours.jacfwd
    for f in ("two_args", "two_outputs"):
        close(jac(funcs(autograd)[f], argnums)(a, b), theirs.jacrev(funcs(torch)[f], argnums)(ta, tb))
        close(jac(funcs(autograd)[f], argnums)(a, b), theirs.jacfwd(funcs(torch)[f], argnums)(ta, tb))


def test_jacrev_has_aux(rng):
    (x,), (tx,) = both(rng.standard_normal(3))
    close(
        ours.jacrev(lambda x: (x.sin(), x.cos()), has_aux=True)(x),
        theirs.jacrev(lambda x: (x.sin(), x.cos()), has_aux=True)(tx),
    )


@pytest.mark.parametrize("argnums", [0, 1, (0, 1)])
def test_hessian(rng, argnums):
    (a, b), (ta, tb) = both(rng.standard_normal(3), rng.standard_normal(3))
    close(
        ours.hessian(funcs(autograd)["two_args"], argnums)(a, b),
        theirs.hessian(funcs(torch)["two_args"], argnums)(ta, tb),
    )


def test_hessian_vector_products(rng):
    (x, t), (tx, tt) = both(rng.standard_normal(6), rng.standard_normal(6))
    f = funcs(autograd)["scalar"]
    tf = funcs(torch)["scalar"]
    close(ours.jvp(ours.grad(f), (x,), (t,)), theirs.jvp(theirs.grad(tf), (tx,), (tt,)))
    close(ours.vjp(ours.grad(f), x)[1](t), theirs.vjp(theirs.grad(tf), tx)[1](tt))


@pytest.mark.parametrize(
    "in_dims,out_dims,shapes",
    [
        (0, 0, [(4, 3), (4, 3)]),
        ((1, None), 0, [(3, 4), (3,)]),
        ((None, -1), 1, [(3,), (3, 4)]),
        ((0, 0), -1, [(4, 3), (4, 3)]),
    ],
)
def test_vmap(rng, in_dims, out_dims, shapes):
    (a, b), (ta, tb) = both(*(rng.standard_normal(s) for s in shapes))

    def f(x, y):
        return (x * y).tanh() + x.sum()

    close(ours.vmap(f, in_dims, out_dims)(a, b), theirs.vmap(f, in_dims, out_dims)(ta, tb))


def test_vmap_pytrees_nesting_and_out_dims_tuple(rng):
    (a, b, c), (ta, tb, tc) = both(
        rng.standard_normal((3, 2)), rng.standard_normal((2, 3)), rng.standard_normal(5)
    )

    def f(p, c):
        return {"y": p["a"] * p["b"].sum() + c.sum()}, (p["a"].exp(),)

    close(
        ours.vmap(f, in_dims=({"a": 0, "b": 1}, None), out_dims=({"y": 1}, 0))({"a": a, "b": b}, c),
        theirs.vmap(f, in_dims=({"a": 0, "b": 1}, None), out_dims=({"y": 1}, 0))({"a": ta, "b": tb}, tc),
    )

    def g(x, y):
        return (x * y).sum()

    close(
        ours.vmap(ours.vmap(g, (None, 0)), (0, None))(a, b.T),
        theirs.vmap(theirs.vmap(g, (None, 0)), (0, None))(ta, tb.T),
    )


def test_vmap_of_grad_and_of_jacrev(rng):
    (w, xs, ys), (tw, txs, tys) = both(
        rng.standard_normal(3), rng.standard_normal((5, 3)), rng.standard_normal(5)
    )

    def loss(w, x, y):
        return ((x * w).sum().tanh() - y) ** 2

    close(
        ours.vmap(ours.grad(loss), (None, 0, 0))(w, xs, ys),
        theirs.vmap(theirs.grad(loss), (None, 0, 0))(tw, txs, tys),
    )
    close(
        ours.vmap(ours.jacrev(lambda x: (x * w).sin()))(xs),
        theirs.vmap(theirs.jacrev(lambda x: (x * tw).sin()))(txs),
    )
    close(
        ours.vmap(ours.hessian(lambda x: (x * w).sin().sum()))(xs),
        theirs.vmap(theirs.hessian(lambda x: (x * tw).sin().sum()))(txs),
    )


def test_vmap_errors_as_torch(rng):
    (a,), (ta,) = both(rng.standard_normal((3, 2)))
    for lib, x in ((ours, a), (theirs, ta)):
        with pytest.raises(ValueError):
            lib.vmap(lambda u, v: u + v)(x, x[:2])
        with pytest.raises(ValueError):
            lib.vmap(lambda u, v: u * v)(x, 2.0)
        with pytest.raises(ValueError):
            lib.vmap(lambda u: u, in_dims=2)(x)
    with pytest.raises(RuntimeError, match="randomness error mode"):
        theirs.vmap(lambda u: u + torch.rand(2))(ta)
    with pytest.raises(RuntimeError, match="randomness error mode"):
        ours.vmap(lambda u: u + autograd.rand(2))(a)


def test_vmap_randomness_same_and_different_as_torch(rng):
    (a,), (ta,) = both(rng.standard_normal((3, 4)))
    autograd.manual_seed(7)
    torch.manual_seed(7)
    close(
        ours.vmap(lambda u: u + autograd.rand(4, dtype=autograd.float64), randomness="same")(a),
        theirs.vmap(lambda u: u + torch.rand(4, dtype=torch.float64), randomness="same")(ta),
    )
    close(
        autograd.rand(3, dtype=autograd.float64), torch.rand(3, dtype=torch.float64)
    )  # both generators moved alike
    for lib, rand, x in ((ours, autograd.rand, a), (theirs, torch.rand, ta)):
        r = lib.vmap(lambda u, rand=rand: u * 0 + rand(4), randomness="different")(x)
        assert not (r[0] == r[1]).all()


def test_functional_call_and_stack_module_state(rng):
    torch.set_default_dtype(torch.float64)
    try:
        models = [nn.Linear(3, 2) for _ in range(3)]
        tmodels = [torch.nn.Linear(3, 2) for _ in range(3)]
        for m, tm in zip(models, tmodels):
            with torch.no_grad():
                tm.weight.copy_(torch.tensor(m.weight.numpy()))
                tm.bias.copy_(torch.tensor(m.bias.numpy()))
        (x,), (tx,) = both(rng.standard_normal((4, 3)))
        params, buffers = ours.stack_module_state(models)
        tparams, tbuffers = theirs.stack_module_state(tmodels)
        close(params, tparams)
        assert params["weight"].requires_grad == tparams["weight"].requires_grad
        assert buffers == tbuffers == {}

        def run(lib, base):
            return lambda p, b, x: lib.functional_call(base, (p, b), (x,))

        out = ours.vmap(run(ours, models[0]), in_dims=(0, 0, None))(params, buffers, x)
        tout = theirs.vmap(run(theirs, tmodels[0]), in_dims=(0, 0, None))(tparams, tbuffers, tx)
        close(out, tout)
        out.sum().backward()
        tout.sum().backward()
        close(params["weight"].grad, tparams["weight"].grad)
        new = {"weight": params["weight"][1]}
        close(
            ours.functional_call(models[0], new, x),
            theirs.functional_call(tmodels[0], {"weight": tparams["weight"][1]}, tx),
        )
        grads = ours.grad(lambda p: ours.functional_call(models[0], p, (x,)).pow(2).sum())(
            dict(models[0].named_parameters())
        )
        tgrads = theirs.grad(lambda p: theirs.functional_call(tmodels[0], p, (tx,)).pow(2).sum())(
            dict(tmodels[0].named_parameters())
        )
        close(grads, tgrads)
    finally:
        torch.set_default_dtype(torch.float32)


@pytest.mark.parametrize(
    "outer,inner",
    [("same", "different"), ("different", "same"), ("same", "same"), ("different", "different")],
)
def test_nested_vmap_randomness_as_torch(outer, inner):
    x = np.zeros((2, 3, 4))
    autograd.manual_seed(1)
    torch.manual_seed(1)
    got = ours.vmap(
        ours.vmap(lambda u: u + autograd.rand(4, dtype=autograd.float64), randomness=inner), randomness=outer
    )(autograd.tensor(x))
    expected = theirs.vmap(
        theirs.vmap(lambda u: u + torch.rand(4, dtype=torch.float64), randomness=inner), randomness=outer
    )(torch.tensor(x))
    close(got, expected)
