"""The compatibility names against PyTorch 2.13: values, gradients, warnings and errors."""

import warnings

import numpy as np
import pytest

import autograd

torch = pytest.importorskip("torch")
TOL = dict(rtol=1e-10, atol=1e-12)
AS_STRIDED = [
    ((3, 3), (1, 1), 0),
    ((2, 2), (3, 1), 1),
    ((4, 3), (2, 1), None),
    ((5,), (0,), 2),
    ((2, 3, 2), (4, 1, 2), 0),
]


@pytest.mark.parametrize("method", [False, True])
@pytest.mark.parametrize("size,stride,offset", AS_STRIDED)
def test_as_strided_values_and_gradients_match_torch(rng, size, stride, offset, method):
    values = rng.standard_normal((3, 4))
    ours_x, theirs_x = autograd.tensor(values, requires_grad=True), torch.tensor(values, requires_grad=True)
    ours = (
        ours_x.as_strided(size, stride, offset)
        if method
        else autograd.as_strided(ours_x, size, stride, offset)
    )
    theirs = torch.as_strided(theirs_x, size, stride, offset)
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), **TOL)
    upstream = rng.standard_normal(theirs.shape)
    ours.backward(autograd.tensor(upstream))
    theirs.backward(torch.tensor(upstream))
    np.testing.assert_allclose(ours_x.grad.numpy(), theirs_x.grad.numpy(), **TOL)


def test_as_strided_errors_match_torch():
    for fn in (torch, autograd):
        with pytest.raises(RuntimeError, match="out of bounds"):
            fn.zeros(2, 3).as_strided((3, 3), (2, 1))
        with pytest.raises(RuntimeError, match="mismatch in length of strides and shape"):
            fn.zeros(2, 3).as_strided((3,), (1, 1))


def test_empty_strided_shape_and_dtype_match_torch():
    ours, theirs = (
        autograd.empty_strided((2, 3), (3, 1), dtype=autograd.float32),
        torch.empty_strided((2, 3), (3, 1), dtype=torch.float32),
    )
    assert ours.shape == theirs.shape and str(ours.dtype) == str(theirs.dtype)[6:]


def test_conjugate_and_negative_bits_of_real_tensors_match_torch():
    values = np.arange(6.0).reshape(2, 3)
    ours, theirs = autograd.tensor(values), torch.tensor(values)
    for name in ("resolve_conj", "resolve_neg", "conj_physical", "conj"):
        np.testing.assert_array_equal(
            getattr(autograd, name)(ours).numpy(), getattr(torch, name)(theirs).numpy()
        )
    for name in ("resolve_conj", "resolve_neg", "conj_physical", "conj"):
        assert (getattr(autograd, name)(ours) is ours) == (getattr(torch, name)(theirs) is theirs)
        assert (getattr(ours, name)() is ours) == (getattr(theirs, name)() is theirs)
    for name in ("is_conj", "is_neg"):
        assert getattr(autograd, name)(ours) == getattr(torch, name)(theirs) == getattr(ours, name)()
    assert autograd.is_storage(ours) == torch.is_storage(theirs) is False
    assert autograd.newaxis is torch.newaxis is None


def test_is_inference_mode_enabled_matches_torch():
    assert autograd.is_inference_mode_enabled() == torch.is_inference_mode_enabled() is False
    with autograd.inference_mode(), torch.inference_mode():
        assert autograd.is_inference_mode_enabled() == torch.is_inference_mode_enabled() is True


_DEFAULT_TENSOR_TYPE = """
import json, sys, warnings
warnings.simplefilter("always")
import {lib} as m
seen = []
for t in ({kinds}):
    with warnings.catch_warnings(record=True) as w:
        m.set_default_tensor_type(t)
    seen.append([[c.category.__name__, str(c.message).split(" (Triggered")[0]] for c in w])
    seen.append(str(m.get_default_dtype()).replace("torch.", ""))
print(json.dumps(seen))
"""


@pytest.mark.parametrize(
    "kinds", ['m.DoubleTensor, "torch.FloatTensor"', '"torch.DoubleTensor", m.FloatTensor']
)
def test_set_default_tensor_type_warns_once_and_sets_the_dtype_as_torch(kinds):
    import json
    import os
    import subprocess
    import sys

    def run(lib):
        code = _DEFAULT_TENSOR_TYPE.format(lib=lib, kinds=kinds)
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=os.environ, check=True
        )
        return json.loads(out.stdout)

    assert run("autograd") == run("torch")


def test_set_default_tensor_type_refuses_other_types():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for fn in (autograd, torch):
            with pytest.raises(TypeError):
                fn.set_default_tensor_type(fn.LongTensor)


@pytest.mark.parametrize("dtype,count,offset", [("float64", -1, 0), ("float32", 2, 4), ("int64", -1, 8)])
def test_frombuffer_matches_torch(dtype, count, offset):
    buffer = bytearray(np.arange(4, dtype=np.int64).tobytes())
    ours = autograd.frombuffer(buffer, dtype=getattr(autograd, dtype), count=count, offset=offset)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch warns that a bytearray is not writable-safe
        theirs = torch.frombuffer(buffer, dtype=getattr(torch, dtype), count=count, offset=offset)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    assert str(ours.dtype) == str(theirs.dtype)[6:]
    for fn in (autograd, torch):
        with pytest.raises(ValueError):
            fn.frombuffer(buffer, dtype=fn.float64, offset=40)


def test_cond_matches_torch():
    values = np.array([1.0, -2.0])
    for pred in (True, False):
        ours = autograd.cond(pred, lambda a: a.sin(), lambda a: a.cos(), (autograd.tensor(values),))
        theirs = torch.cond(pred, lambda a: a.sin(), lambda a: a.cos(), (torch.tensor(values),))
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), **TOL)


@pytest.mark.parametrize("name,args", [("lstsq", 2), ("matrix_rank", 1), ("symeig", 1), ("eig", 1)])
def test_removed_linalg_functions_raise_as_torch(name, args):
    with pytest.raises(RuntimeError, match="deprecated since version 1.9 and is now removed") as theirs:
        getattr(torch, name)(*[torch.eye(2)] * args)
    with pytest.raises(RuntimeError, match="deprecated since version 1.9 and is now removed") as ours:
        getattr(autograd, name)(*[autograd.eye(2)] * args)
    assert "autograd.linalg." in str(ours.value) and "torch.linalg." in str(theirs.value)


def _tutorial_cell(lib, nn_lib, weight, bias):
    """The TorchScript tutorial's MyCell (a decision gate on a Linear), built on ``lib``."""

    class MyDecisionGate(nn_lib.Module):
        def forward(self, x):
            return x if x.sum() > 0 else -x

    class MyCell(nn_lib.Module):
        def __init__(self):
            super().__init__()
            self.dg = lib.jit.script(MyDecisionGate())
            self.linear = nn_lib.Linear(4, 4)

        def forward(self, x, h):
            return lib.tanh(self.dg(self.linear(x)) + h)

    cell = MyCell()
    with lib.no_grad():
        cell.linear.weight.copy_(lib.tensor(weight))
        cell.linear.bias.copy_(lib.tensor(bias))
    return cell


@pytest.mark.filterwarnings("ignore:`torch.jit:DeprecationWarning")
def test_torchscript_tutorial_cell_gives_torch_numbers(rng):
    import nn

    weight, bias = rng.standard_normal((4, 4)), rng.standard_normal(4)
    x, h = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    before = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        theirs_cell = _tutorial_cell(torch, torch.nn, weight, bias)
        theirs = torch.jit.script(theirs_cell)(torch.tensor(x), torch.tensor(h))
        theirs_traced = torch.jit.trace(theirs_cell, (torch.tensor(x), torch.tensor(h)))(
            torch.tensor(x), torch.tensor(h)
        )
    finally:
        torch.set_default_dtype(before)
    ours_cell = _tutorial_cell(autograd, nn, weight, bias)
    ours_scripted = autograd.jit.script(ours_cell)
    ours = ours_scripted(autograd.tensor(x), autograd.tensor(h))
    ours_traced = autograd.jit.trace(ours_cell, (autograd.tensor(x), autograd.tensor(h)))(
        autograd.tensor(x), autograd.tensor(h)
    )
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), **TOL)
    np.testing.assert_allclose(ours_traced.detach().numpy(), theirs_traced.detach().numpy(), **TOL)


@pytest.mark.parametrize("name", ["script", "trace", "trace_module"])
def test_jit_entry_points_warn_as_torch(name):
    def messages(lib):
        module = lib.nn.Linear(2, 2) if lib is torch else __import__("nn").Linear(2, 2)
        args = {"script": (module,), "trace": (lambda x: x * 2, (lib.ones(2),))}
        args["trace_module"] = (module, {"forward": lib.ones(2, dtype=lib.float32 if lib is torch else None)})
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            getattr(lib.jit, name)(*args[name])
        return {(w.category, str(w.message)) for w in caught if w.category is DeprecationWarning}

    assert messages(autograd) == messages(torch)  # PyTorch repeats some; the distinct ones agree


@pytest.mark.parametrize("lib", [autograd, torch], ids=["chainrule", "torch"])
def test_inference_mode_takes_a_mode_and_decorates_as_torch(lib):
    x = lib.ones(2, requires_grad=True)
    with lib.inference_mode(False):
        assert lib.is_grad_enabled() and not lib.is_inference_mode_enabled()
        assert (x * 2).requires_grad
    with lib.no_grad():
        assert not lib.is_inference_mode_enabled()
        with lib.inference_mode():
            assert lib.is_inference_mode_enabled() and not lib.is_grad_enabled()
        with lib.inference_mode(False):
            assert lib.is_grad_enabled()  # mode=False records, even within no_grad
    assert lib.is_grad_enabled()

    @lib.inference_mode
    def bare():
        return lib.is_inference_mode_enabled(), (x * 2).requires_grad

    @lib.inference_mode(mode=True)
    def called():
        return lib.is_inference_mode_enabled(), (x * 2).requires_grad

    assert bare() == called() == (True, False)
    assert not lib.is_inference_mode_enabled()
