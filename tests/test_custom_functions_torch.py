"""Custom Functions with several outputs, mark_non_differentiable, once_differentiable, module
backward hooks and gradgradcheck's random draws against PyTorch (float64, 1e-10): the same code
run on both libraries. Optional: skipped when torch is not installed."""

import numpy as np
import pytest

import autograd
import nn

torch = pytest.importorskip("torch")
TOL = dict(rtol=1e-10, atol=1e-12)


def functions(lib):
    """The same user code on chainrule (lib = autograd) or PyTorch (lib = torch)."""

    class SinCos(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x, w):
            ctx.save_for_backward(x, w)
            return x.sin() * w, (x.cos() * w).sum(0), (x > 0).long()

        @staticmethod
        def backward(ctx, d_sin, d_cos, d_sign):
            x, w = ctx.saved_tensors
            d_cos = d_cos.expand_as(x)
            return d_sin * x.cos() * w - d_cos * x.sin() * w, (d_sin * x.sin() + d_cos * x.cos()).sum(0)

    class Sorted(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            values, indices = x.sort(dim=-1)
            ctx.mark_non_differentiable(indices)
            ctx.save_for_backward(indices)
            return values, indices

        @staticmethod
        @lib.autograd.function.once_differentiable
        def backward(ctx, d_values, d_indices):
            (indices,) = ctx.saved_tensors
            return lib.zeros_like(d_values).scatter(-1, indices, d_values)

    return SinCos, Sorted


def _numpy(t):
    return t.detach().numpy() if isinstance(t, torch.Tensor) else t.numpy()


def run_functions(lib, arrays):
    SinCos, Sorted = functions(lib)
    x, w, v = (lib.tensor(a, requires_grad=True) for a in arrays)
    a, b, sign = SinCos.apply(x, w)
    values, indices = Sorted.apply(v)
    loss = (a**2).sum() + (b * a[0]).sum() + (values * lib.arange(5.0, dtype=lib.float64)).sum()
    grads = lib.autograd.grad(loss, (x, w, v), create_graph=True)
    second = lib.autograd.grad(grads[0].sum() + grads[1].sum(), (x, w))
    flags = [t.requires_grad for t in (a, b, sign, values, indices)]
    return [flags, sign.tolist(), indices.tolist()] + [_numpy(t) for t in (a, b, values, *grads, *second)]


def test_several_outputs_and_once_differentiable_match_torch(rng):
    arrays = [rng.standard_normal((3, 2)), rng.standard_normal(2), rng.standard_normal((2, 5))]
    ours, theirs = run_functions(autograd, arrays), run_functions(torch, arrays)
    assert ours[:3] == theirs[:3]
    for a, b in zip(ours[3:], theirs[3:]):
        np.testing.assert_allclose(a, b, **TOL)


@pytest.mark.parametrize("lib", [autograd, torch])
def test_once_differentiable_raises_when_differentiated_twice(rng, lib):
    _, Sorted = functions(lib)
    v = lib.tensor(rng.standard_normal((2, 5)), requires_grad=True)
    (g,) = lib.autograd.grad((Sorted.apply(v)[0] ** 2).sum(), v, create_graph=True)
    with pytest.raises(RuntimeError, match="once_differentiable"):
        g.sum().backward()


def run_hooks(lib, modules, x_array, weights):
    log = []
    lib.manual_seed(0)
    model = modules.Sequential(
        modules.Linear(4, 5), modules.Tanh(), modules.Linear(5, 2), modules.Sigmoid()
    ).double()
    with lib.no_grad():
        for p, w in zip(model.parameters(), weights):
            p.copy_(lib.tensor(w))

    def record(module, grad_input, grad_output):
        log.append(
            ["bwd", type(module).__name__]
            + [None if g is None else _numpy(g) for g in grad_input + grad_output]
        )

    def scale_input(module, grad_input, grad_output):
        return tuple(None if g is None else g * 3 for g in grad_input)

    def pre(module, grad_output):
        log.append(["pre", type(module).__name__, _numpy(grad_output[0])])
        return (grad_output[0] * -2,)

    model[0].register_full_backward_hook(record)  # its input does not require grad: (None,)
    model[1].register_full_backward_hook(scale_input)
    model[1].register_full_backward_hook(record)
    model[2].register_full_backward_pre_hook(pre)
    model[3].register_full_backward_hook(record, prepend=True)
    x = lib.tensor(x_array)
    model(x).pow(2).sum().backward()
    return log, [_numpy(p.grad) for p in model.parameters()]


@pytest.mark.filterwarnings("ignore:Full backward hook is firing:UserWarning")
def test_module_backward_hooks_match_torch(rng):
    x = rng.standard_normal((3, 4))
    weights = [rng.standard_normal(s) for s in [(5, 4), (5,), (2, 5), (2,)]]
    (ours_log, ours), (theirs_log, theirs) = (
        run_hooks(autograd, nn, x, weights),
        run_hooks(torch, torch.nn, x, weights),
    )
    assert [entry[:2] for entry in ours_log] == [entry[:2] for entry in theirs_log]
    for a, b in zip(ours_log, theirs_log):
        for u, v in zip(a[2:], b[2:]):
            assert (u is None) == (v is None)
            if u is not None:
                np.testing.assert_allclose(u, v, **TOL)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, **TOL)


@pytest.mark.parametrize("shape", [(3,), (2, 5), (17,)])
def test_gradgradcheck_draws_as_torch(shape):
    """The random grad_outputs come from the default generator as PyTorch's: the stream after
    gradgradcheck is the same."""

    def run(lib):
        lib.manual_seed(3)
        x = lib.ones(shape, dtype=lib.float64, requires_grad=True)
        assert lib.autograd.gradgradcheck(lambda t: t**3, (x,))
        return lib.rand(4, dtype=lib.float64).tolist()

    assert run(autograd) == run(torch)
