"""autograd.amp against a CPU-only PyTorch: the same warnings (category, text, and whether they
point at the caller), the same disabled objects, the same errors; and where they differ (an
enabled CPU autocast, which PyTorch runs in bfloat16/float16), chainrule refuses."""

import warnings

import numpy as np
import pytest

import autograd

torch = pytest.importorskip("torch")
if torch.cuda.is_available():
    pytest.skip("these tests compare with PyTorch without a GPU", allow_module_level=True)


def recorded(make, lib):
    """(what make(lib) returns, [(category, message, points at this file)] of its warnings)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        made = make(lib)
    return made, [(w.category, str(w.message), w.filename == __file__) for w in caught]


SCALERS = {
    "amp-cuda": lambda t: t.amp.GradScaler("cuda"),
    "amp-default": lambda t: t.amp.GradScaler(),
    "amp-keywords": lambda t: t.amp.GradScaler(device="cuda", init_scale=1024.0, growth_interval=5),
    "amp-disabled": lambda t: t.amp.GradScaler("cuda", enabled=False),
    "amp-cpu-disabled": lambda t: t.amp.GradScaler("cpu", enabled=False),
    "cuda.amp": lambda t: t.cuda.amp.GradScaler(),
    "cuda.amp-disabled": lambda t: t.cuda.amp.GradScaler(enabled=False),
    "cpu.amp-disabled": lambda t: t.cpu.amp.GradScaler(enabled=False),
}


class Optimizer:
    def __init__(self):
        self.steps = []

    def step(self, *args, **kwargs):
        self.steps.append((args, kwargs))
        return len(self.steps)


@pytest.mark.parametrize("make", SCALERS.values(), ids=SCALERS.keys())
def test_grad_scaler_warnings_and_disabled_behaviour(make):
    (ours, ours_warned), (theirs, theirs_warned) = recorded(make, autograd), recorded(make, torch)
    assert ours_warned == theirs_warned
    assert ours.is_enabled() is theirs.is_enabled() is False
    for scaler, lib in ((ours, autograd), (theirs, torch)):
        loss = lib.tensor([1.5], requires_grad=True) * 2
        assert scaler.scale(loss) is loss
    results = []
    for scaler in (ours, theirs):
        optimizer = Optimizer()
        results.append(
            (
                scaler.unscale_(optimizer),
                scaler.step(optimizer),
                scaler.step(optimizer, 3, closure=None),
                optimizer.steps,
                scaler.update(),
                scaler.update(16.0),
                scaler.get_scale(),
                scaler.state_dict(),
                scaler.load_state_dict({"scale": 8.0, "_growth_tracker": 1}),
                scaler.get_scale(),
            )
        )
    assert results[0] == results[1]


AUTOCASTS = {
    "autocast-cuda": lambda t: t.autocast(device_type="cuda"),
    "autocast-cuda-float16": lambda t: t.autocast("cuda", dtype=t.float16),
    "amp.autocast-cuda": lambda t: t.amp.autocast("cuda"),
    "autocast-cuda-disabled": lambda t: t.autocast("cuda", enabled=False),
    "autocast-cpu-disabled": lambda t: t.autocast("cpu", enabled=False),
    "autocast-cpu-float64": lambda t: t.autocast("cpu", dtype=t.float64),
    "autocast-cpu-float32": lambda t: t.autocast("cpu", dtype=t.float32),
    "cuda.amp": lambda t: t.cuda.amp.autocast(),
    "cuda.amp-disabled": lambda t: t.cuda.amp.autocast(enabled=False),
    "cpu.amp-disabled": lambda t: t.cpu.amp.autocast(enabled=False),
}


@pytest.mark.parametrize("make", AUTOCASTS.values(), ids=AUTOCASTS.keys())
def test_autocast_warnings_and_no_op(make, rng):
    (ours, ours_warned), (theirs, theirs_warned) = recorded(make, autograd), recorded(make, torch)
    assert ours_warned == theirs_warned
    values = rng.standard_normal((3, 4))
    outcome = []
    for context, lib in ((ours, autograd), (theirs, torch)):
        x = lib.tensor(values, requires_grad=True)
        with context as entered:
            enabled = [
                lib.is_autocast_enabled(),
                lib.is_autocast_enabled("cpu"),
                lib.is_autocast_enabled("cuda"),
            ]
            y = (x @ x.T).tanh().sum()
        y.backward()
        outcome.append(
            (entered is context, enabled, str(y.dtype).replace("torch.", ""), y.item(), x.grad.numpy())
        )
    (*ours_rest, ours_grad), (*theirs_rest, theirs_grad) = outcome
    assert ours_rest[:3] == theirs_rest[:3]
    np.testing.assert_allclose(ours_rest[3], theirs_rest[3], rtol=1e-12)
    np.testing.assert_allclose(ours_grad, theirs_grad, rtol=1e-12)


@pytest.mark.parametrize("form", ["autocast", "cuda.amp"])
def test_decorator_forms(form, rng):
    values = rng.standard_normal(5)
    out = []
    for lib in (autograd, torch):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            decorate = lib.autocast(device_type="cuda") if form == "autocast" else lib.cuda.amp.autocast()

            @decorate
            def f(x):
                """Doc."""
                return (x * x).sum()

        out.append(
            (
                [(w.category, str(w.message)) for w in caught],
                f.__name__,
                f.__doc__,
                f(lib.tensor(values)).item(),
            )
        )
    assert out[0][:3] == out[1][:3]
    np.testing.assert_allclose(out[0][3], out[1][3], rtol=1e-12)


@pytest.mark.parametrize(
    "make",
    [
        lambda t: t.autocast("cpu"),
        lambda t: t.autocast("cpu", dtype=t.float16),
        lambda t: t.cpu.amp.autocast(),
    ],
    ids=["cpu", "cpu-float16", "cpu.amp"],
)
def test_enabled_cpu_autocast_casts_in_torch_and_is_refused_here(make):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        with make(torch):
            assert torch.is_autocast_enabled("cpu")
            assert (torch.ones(2, 2) @ torch.ones(2, 2)).dtype in (torch.bfloat16, torch.float16)
        with pytest.raises(NotImplementedError, match="bfloat16"):
            make(autograd)


def test_enabled_cpu_grad_scaler_scales_in_torch_and_is_refused_here():
    assert torch.amp.GradScaler("cpu").is_enabled()
    with pytest.raises(NotImplementedError, match="GradScaler"):
        autograd.amp.GradScaler("cpu")


def sin_function(lib, fwd, bwd):
    """sin as a custom Function of lib, its forward and backward decorated by fwd and bwd."""

    class Sin(lib.autograd.Function):
        @staticmethod
        @fwd
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x.sin()

        @staticmethod
        @bwd
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return grad * x.cos()

    return Sin


@pytest.mark.parametrize(
    "decorators",
    [
        lambda t: (t.amp.custom_fwd(device_type="cuda"), t.amp.custom_bwd(device_type="cuda")),
        lambda t: (
            t.amp.custom_fwd(device_type="cpu", cast_inputs=t.float32),
            t.amp.custom_bwd(device_type="cpu"),
        ),
        lambda t: (t.cuda.amp.custom_fwd, t.cuda.amp.custom_bwd),
        lambda t: (t.cuda.amp.custom_fwd(cast_inputs=t.float32), t.cuda.amp.custom_bwd),
    ],
    ids=["amp-cuda", "amp-cpu-cast", "cuda.amp", "cuda.amp-cast"],
)
def test_custom_fwd_and_bwd(decorators, rng):
    values = rng.standard_normal(4)
    out = []
    for lib in (autograd, torch):
        Sin, warned = recorded(lambda lib: sin_function(lib, *decorators(lib)), lib)
        x = lib.tensor(values, requires_grad=True)
        y = Sin.apply(x)
        y.sum().backward()
        out.append(
            ([w[:2] for w in warned], str(y.dtype).replace("torch.", ""), y.detach().numpy(), x.grad.numpy())
        )
    assert out[0][:2] == out[1][:2]
    np.testing.assert_allclose(out[0][2], out[1][2], rtol=1e-12)
    np.testing.assert_allclose(out[0][3], out[1][3], rtol=1e-12)


@pytest.mark.parametrize("device", ["cpu", "cuda", "mps", "meta"])
def test_is_autocast_available_and_enabled(device):
    assert autograd.amp.is_autocast_available(device) == torch.amp.is_autocast_available(device)
    if device != "meta":
        assert autograd.is_autocast_enabled(device) == torch.is_autocast_enabled(device)


def test_get_autocast_dtype():
    assert str(autograd.get_autocast_dtype("cuda")) == str(torch.get_autocast_dtype("cuda")).replace(
        "torch.", ""
    )
    assert torch.get_autocast_dtype("cpu") == torch.bfloat16  # which chainrule does not have:
    with pytest.raises(NotImplementedError, match="bfloat16"):
        autograd.get_autocast_dtype("cpu")


@pytest.mark.parametrize(
    "call",
    [
        lambda t: t.autocast("gpu"),
        lambda t: t.autocast(3),
        lambda t: t.is_autocast_enabled("gpu"),
        lambda t: t.is_autocast_enabled(3),
        lambda t: t.amp.is_autocast_available(3),
        lambda t: t.get_autocast_dtype("gpu"),
        lambda t: t.get_autocast_dtype("meta"),
        lambda t: t.amp.custom_fwd(lambda ctx, x: x),
    ],
)
def test_errors_match_torch(call):
    with pytest.raises(Exception) as theirs:
        call(torch)
    with pytest.raises(type(theirs.value)):
        call(autograd)
