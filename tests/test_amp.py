"""autograd.amp (torch.amp, torch.cuda.amp, torch.cpu.amp) on a machine without a GPU: autocast
and GradScaler for "cuda" warn and step aside, an enabled CPU autocast is refused."""

import warnings

import pytest

import autograd
from autograd import Function, Tensor
from autograd.port import port_source

CUDA_AUTOCAST = "CUDA is not available or torch_xla is imported. Disabling autocast."
CUDA_SCALER = "torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  Disabling."


def recorded(make):
    """(the object make() returns, [(category, message)] of the warnings it issued)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        made = make()
    return made, [(w.category, str(w.message)) for w in caught]


class Optimizer:
    """Duck-typed optimizer: records the arguments of each step."""

    def __init__(self):
        self.steps = []

    def step(self, *args, **kwargs):
        self.steps.append((args, kwargs))
        return "stepped"


@pytest.mark.parametrize(
    "make",
    [
        lambda: autograd.amp.GradScaler("cuda"),
        lambda: autograd.amp.GradScaler(),
        lambda: autograd.cuda.amp.GradScaler(),
    ],
    ids=["amp-cuda", "amp-default", "cuda.amp"],
)
def test_cuda_grad_scaler_warns_and_is_disabled(make):
    scaler, caught = recorded(make)
    assert caught[-1] == (UserWarning, CUDA_SCALER)
    assert not scaler.is_enabled()
    loss = Tensor([2.0], requires_grad=True) * 3
    assert scaler.scale(loss) is loss
    pair = [loss, (loss,)]
    assert scaler.scale(pair) is pair
    optimizer = Optimizer()
    assert scaler.unscale_(optimizer) is None
    assert scaler.step(optimizer, 1, closure=None) == "stepped"
    assert optimizer.steps == [((1,), {"closure": None})]
    assert scaler.update() is None and scaler.update(8.0) is None
    assert scaler.get_scale() == 1.0
    assert scaler.state_dict() == {}
    assert scaler.load_state_dict({"scale": 4.0}) is None and scaler.get_scale() == 1.0


def test_grad_scaler_disabled_does_not_warn():
    scaler, caught = recorded(lambda: autograd.amp.GradScaler("cuda", enabled=False))
    assert caught == [] and not scaler.is_enabled()


def test_deprecated_spellings_warn_future_warning_first():
    _, caught = recorded(lambda: autograd.cuda.amp.GradScaler())
    assert caught[0][0] is FutureWarning and "torch.amp.GradScaler('cuda', args...)" in caught[0][1]
    _, caught = recorded(lambda: autograd.cuda.amp.autocast())
    assert caught[0][0] is FutureWarning and caught[1] == (UserWarning, CUDA_AUTOCAST)
    _, caught = recorded(lambda: autograd.cpu.amp.autocast(enabled=False))
    assert caught == [(FutureWarning, caught[0][1])] and "torch.amp.autocast('cpu', args...)" in caught[0][1]


@pytest.mark.parametrize(
    "make",
    [
        lambda: autograd.autocast(device_type="cuda"),
        lambda: autograd.amp.autocast("cuda", dtype=autograd.float16),
        lambda: autograd.cuda.amp.autocast(),
    ],
    ids=["autocast", "amp.autocast", "cuda.amp.autocast"],
)
def test_cuda_autocast_warns_and_does_nothing(make):
    context, caught = recorded(make)
    assert caught[-1] == (UserWarning, CUDA_AUTOCAST)
    x = Tensor([[1.0, 2.0]], requires_grad=True)
    with context as entered:
        assert entered is context
        assert not autograd.is_autocast_enabled() and not autograd.is_autocast_enabled("cuda")
        y = (x @ x.T).sum()
    assert y.dtype == autograd.float64
    y.backward()
    assert x.grad.tolist() == [[2.0, 4.0]]


@pytest.mark.parametrize("device", ["cpu", "cuda"])
def test_disabled_autocast_is_silent(device):
    context, caught = recorded(lambda: autograd.autocast(device, enabled=False))
    assert caught == []
    with context:
        assert not autograd.is_autocast_enabled(device)


@pytest.mark.parametrize(
    "make",
    [
        lambda: autograd.autocast("cpu"),
        lambda: autograd.autocast("cpu", dtype=autograd.float16),
        lambda: autograd.cpu.amp.autocast(),
    ],
    ids=["default", "float16", "cpu.amp"],
)
def test_enabled_cpu_autocast_is_refused(make):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        with pytest.raises(NotImplementedError, match="no bfloat16"):
            make()


def test_cpu_autocast_with_a_dtype_torch_refuses_warns_and_does_nothing():
    context, caught = recorded(lambda: autograd.autocast("cpu", dtype=autograd.float64))
    assert caught == [(UserWarning, caught[0][1])] and "target dtype is not supported" in caught[0][1]
    with context:
        assert not autograd.is_autocast_enabled("cpu")


def test_enabled_cpu_grad_scaler_is_refused():
    with pytest.raises(NotImplementedError, match="GradScaler"):
        autograd.amp.GradScaler("cpu")
    assert not autograd.amp.GradScaler("cpu", enabled=False).is_enabled()


def test_decorator_forms_run_the_function():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")

        @autograd.autocast(device_type="cuda")
        def double(x):
            """Doubles."""
            return x * 2

        @autograd.cuda.amp.autocast()
        def triple(x):
            return x * 3

    assert double.__name__ == "double" and double.__doc__ == "Doubles."
    assert double(autograd.tensor(2.0)).item() == 4.0 and triple(autograd.tensor(2.0)).item() == 6.0


@pytest.mark.parametrize("spelling", ["amp", "amp-cast", "cuda.amp"])
def test_custom_fwd_and_bwd_leave_a_function_as_it_is(spelling):
    if spelling == "cuda.amp":
        fwd, bwd = autograd.cuda.amp.custom_fwd, autograd.cuda.amp.custom_bwd
    else:
        cast = {"cast_inputs": autograd.float32} if spelling == "amp-cast" else {}
        fwd = autograd.amp.custom_fwd(device_type="cpu", **cast)
        bwd = autograd.amp.custom_bwd(device_type="cpu")

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")

        class Cube(Function):
            @staticmethod
            @fwd
            def forward(ctx, x):
                ctx.save_for_backward(x)
                return x**3

            @staticmethod
            @bwd
            def backward(ctx, grad):
                (x,) = ctx.saved_tensors
                return 3 * x**2 * grad

    assert [w.category for w in caught] == ([FutureWarning] * 2 if spelling == "cuda.amp" else [])
    x = Tensor([1.0, -2.0], requires_grad=True)
    y = Cube.apply(x)
    assert y.dtype == autograd.float64
    y.sum().backward()
    assert x.grad.tolist() == [3.0, 12.0]
    assert autograd.gradcheck(Cube.apply, (x,))


def test_custom_fwd_needs_device_type():
    with pytest.raises(TypeError, match="device_type"):
        autograd.amp.custom_fwd(lambda ctx, x: x)


def test_autocast_dtypes_and_availability():
    assert autograd.get_autocast_dtype("cuda") == autograd.float16
    with pytest.raises(NotImplementedError, match="bfloat16"):
        autograd.get_autocast_dtype("cpu")
    assert autograd.amp.is_autocast_available("cpu") and autograd.amp.is_autocast_available("cuda")
    assert not autograd.amp.is_autocast_available("meta")


@pytest.mark.parametrize(
    "call, error",
    [
        (lambda: autograd.autocast("gpu"), RuntimeError),
        (lambda: autograd.autocast(3), ValueError),
        (lambda: autograd.is_autocast_enabled("gpu"), RuntimeError),
        (lambda: autograd.is_autocast_enabled(3), TypeError),
        (lambda: autograd.get_autocast_dtype("gpu"), RuntimeError),
        (lambda: autograd.get_autocast_dtype("meta"), RuntimeError),
    ],
)
def test_bad_device_types(call, error):
    with pytest.raises(error):
        call()


def test_ported_import_spellings_reach_the_amp_names():
    source = port_source(
        "import torch\n"
        "import torch.cuda.amp as cuda_amp\n"
        "import torch.autograd as ag\n"
        "from torch.cuda.amp import GradScaler, autocast\n"
        "from torch.cpu.amp import autocast as cpu_autocast\n"
        "from torch.amp import custom_fwd\n"
        "from torch import autocast as top_autocast\n"
    )
    names = {}
    exec(compile(source, "ported", "exec"), names)
    assert names["cuda_amp"] is autograd.cuda.amp and names["ag"] is autograd.autograd
    assert (
        names["GradScaler"] is autograd.cuda.amp.GradScaler
        and names["autocast"] is autograd.cuda.amp.autocast
    )
    assert (
        names["cpu_autocast"] is autograd.cpu.amp.autocast and names["custom_fwd"] is autograd.amp.custom_fwd
    )
    assert names["top_autocast"] is autograd.amp.autocast is autograd.autocast
