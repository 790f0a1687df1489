"""User-defined ops with several outputs (torch.autograd.Function returning a tuple),
mark_non_differentiable, once_differentiable, and module backward hooks
(register_full_backward_hook / register_full_backward_pre_hook): first and second derivatives,
what backward receives, and the errors."""

import numpy as np
import pytest

import nn
from autograd import Tensor, gradcheck, gradgradcheck, no_grad
from autograd.autograd import Function
from autograd.autograd.function import once_differentiable


class SinCos(Function):
    """Two differentiable outputs of different shapes, and an integer one."""

    @staticmethod
    def forward(ctx, x, w):
        ctx.save_for_backward(x, w)
        sign = (x > 0).long()
        return x.sin() * w, (x.cos() * w).sum(0), sign

    @staticmethod
    def backward(ctx, d_sin, d_cos, d_sign):
        x, w = ctx.saved_tensors
        d_cos = d_cos.expand_as(x)
        return d_sin * x.cos() * w - d_cos * x.sin() * w, (d_sin * x.sin() + d_cos * x.cos()).sum(0)


class Sorted(Function):
    @staticmethod
    def forward(ctx, x):
        values, indices = x.sort(dim=-1)
        ctx.mark_non_differentiable(indices)
        ctx.save_for_backward(indices)
        return values, indices

    @staticmethod
    @once_differentiable
    def backward(ctx, d_values, d_indices):
        (indices,) = ctx.saved_tensors
        return d_values.new_zeros(d_values.shape).scatter(-1, indices, d_values)


def test_several_outputs_are_tensors_of_their_own_shapes_and_dtypes(rng):
    x, w = (
        Tensor(rng.standard_normal((3, 2)), requires_grad=True),
        Tensor(rng.standard_normal(2), requires_grad=True),
    )
    a, b, sign = SinCos.apply(x, w)
    assert a.shape == (3, 2) and b.shape == (2,) and sign.dtype == np.int64
    assert a.requires_grad and b.requires_grad and not sign.requires_grad
    np.testing.assert_allclose(a._data, np.sin(x._data) * w._data)
    with no_grad():
        assert not any(t.requires_grad for t in SinCos.apply(x, w))


def test_several_outputs_gradients_twice(rng):
    x, w = (
        Tensor(rng.standard_normal((3, 2)), requires_grad=True),
        Tensor(rng.standard_normal(2), requires_grad=True),
    )
    assert gradcheck(lambda x, w: SinCos.apply(x, w)[:2], (x, w))
    assert gradgradcheck(lambda x, w: SinCos.apply(x, w)[:2], (x, w))


def test_an_output_left_unused_gets_a_zero_gradient_in_backward(rng):
    seen = {}

    class Pair(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, da, db):
            seen["grads"] = (da.numpy().copy(), db.numpy().copy())
            return 2 * da + 3 * db

    x = Tensor(rng.standard_normal(4), requires_grad=True)
    first, _ = Pair.apply(x)
    first.sum().backward()
    np.testing.assert_array_equal(seen["grads"][1], np.zeros(4))
    np.testing.assert_array_equal(x.grad._data, np.full(4, 2.0))


def test_mark_non_differentiable_and_once_differentiable(rng):
    x = Tensor(rng.standard_normal((2, 5)), requires_grad=True)
    values, indices = Sorted.apply(x)
    assert values.requires_grad and not indices.requires_grad
    (values * Tensor(np.arange(5.0))).sum().backward()
    expected = np.zeros((2, 5))
    np.put_along_axis(expected, indices._data, np.arange(5.0)[None].repeat(2, 0), -1)
    np.testing.assert_array_equal(x.grad._data, expected)
    assert gradcheck(lambda x: Sorted.apply(x)[0], (x,))
    (g,) = __import__("autograd").grad((Sorted.apply(x)[0] ** 2).sum(), x, create_graph=True)
    with pytest.raises(RuntimeError, match="once_differentiable"):
        g.sum().backward()


def test_a_float_output_marked_non_differentiable_does_not_require_grad(rng):
    class Frozen(Function):
        @staticmethod
        def forward(ctx, x):
            out = x * 2
            ctx.mark_non_differentiable(out)
            return out

        @staticmethod
        def backward(ctx, grad):
            return grad * 2

    assert not Frozen.apply(Tensor(rng.standard_normal(3), requires_grad=True)).requires_grad


def test_backward_hooks_see_and_replace_the_gradients(rng):
    layer = nn.Linear(3, 2)
    calls = []

    def hook(module, grad_input, grad_output):
        calls.append(("hook", grad_input[0].shape, grad_output[0].shape))
        return (grad_input[0] * 10,)

    def pre_hook(module, grad_output):
        calls.append(("pre", grad_output[0].shape))
        return (grad_output[0] * 0,)

    x = Tensor(rng.standard_normal((4, 3)), requires_grad=True)
    handle = layer.register_full_backward_hook(hook)
    layer(x).sum().backward()
    np.testing.assert_allclose(x.grad._data, 10 * np.ones((4, 2)) @ layer.weight._data)
    assert calls == [("hook", (4, 3), (4, 2))]
    handle.remove()
    x.grad = None
    layer.register_full_backward_pre_hook(pre_hook)
    layer.weight.grad = None
    layer(x).sum().backward()
    np.testing.assert_array_equal(x.grad._data, np.zeros((4, 3)))
    np.testing.assert_array_equal(layer.weight.grad._data, np.zeros((2, 3)))  # the replaced grad_output
    assert calls[-1] == ("pre", (4, 2))


def test_backward_hooks_of_a_module_whose_input_needs_no_grad(rng):
    layer, seen = nn.Linear(3, 2), []
    layer.register_full_backward_hook(lambda m, gi, go: seen.append((gi, go[0].shape)))
    layer(Tensor(rng.standard_normal((4, 3)))).sum().backward()
    assert seen == [((None,), (4, 2))]
    layer.register_full_backward_hook(lambda m, gi, go: (Tensor(np.ones((4, 3))),))
    with pytest.raises(RuntimeError, match="must return None"):
        layer(Tensor(rng.standard_normal((4, 3)))).sum().backward()


def test_backward_hooks_errors(rng):
    layer = nn.Linear(3, 2)
    with pytest.raises(TypeError, match="register_full_backward_hook: hook must be callable"):
        layer.register_full_backward_hook(3)
    layer.register_full_backward_hook(lambda m, gi, go: (gi[0], gi[0]))
    with pytest.raises(RuntimeError, match="returned 2 grad_input"):
        layer(Tensor(rng.standard_normal((4, 3)), requires_grad=True)).sum().backward()


def test_a_saved_output_of_several_is_differentiated_again(rng):
    """backward uses the saved output exp(x): under create_graph it is the output Tensor, so the
    second derivative counts its dependence on x."""

    class ExpAndSquare(Function):
        @staticmethod
        def forward(ctx, x):
            e = x.exp()
            ctx.save_for_backward(e, x)
            return e, x * x

        @staticmethod
        def backward(ctx, d_e, d_square):
            e, x = ctx.saved_tensors
            return d_e * e + 2 * x * d_square

    x = Tensor(rng.standard_normal(4), requires_grad=True)
    assert gradcheck(lambda x: ExpAndSquare.apply(x), (x,))
    assert gradgradcheck(lambda x: ExpAndSquare.apply(x), (x,))
