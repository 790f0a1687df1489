"""Small compatibility names: as_strided (gradcheck, overlapping windows), jit, cond, errors."""

import io

import numpy as np
import pytest

import autograd
import nn

AS_STRIDED = [
    ((3, 3), (1, 1), 0),
    ((2, 2), (3, 1), 1),
    ((4, 3), (2, 1), 0),
    ((5,), (0,), 2),
    ((2, 3, 2), (4, 1, 2), 0),
]


@pytest.mark.parametrize("size,stride,offset", AS_STRIDED)
def test_as_strided_gradcheck_and_gradgradcheck_with_overlapping_windows(rng, size, stride, offset):
    x = autograd.tensor(rng.standard_normal((3, 4)), requires_grad=True)
    assert autograd.gradcheck(lambda x: autograd.as_strided(x, size, stride, offset) ** 2, (x,))
    assert autograd.gradgradcheck(lambda x: x.as_strided(size, stride, offset) ** 2, (x,))


def test_as_strided_refuses_out_of_bounds_and_mismatched_lengths():
    x = autograd.zeros(2, 3)
    with pytest.raises(RuntimeError, match="out of bounds"):
        x.as_strided((3, 3), (2, 1))
    with pytest.raises(RuntimeError, match="mismatch"):
        x.as_strided((3,), (1, 1))


def test_cond_and_assert():
    x = autograd.tensor([1.0, 2.0])
    assert autograd.cond(x.sum() > 0, lambda a: a * 2, lambda a: a, (x,)).tolist() == [2.0, 4.0]
    assert autograd.cond(False, lambda a: a * 2, lambda a: a - 1, [x]).tolist() == [0.0, 1.0]
    with pytest.raises(RuntimeError, match="single element"):
        autograd.cond(x > 0, lambda a: a, lambda a: a, (x,))
    with pytest.raises(AssertionError, match="boom"):
        autograd._assert(False, "boom")
    autograd._assert(True, "never")


def test_version_is_setup_cfg_version():
    import configparser
    import pathlib

    config = configparser.ConfigParser()
    config.read(pathlib.Path(autograd.__file__).parent.parent / "setup.cfg")
    assert autograd.__version__ == autograd.version.__version__ == config["metadata"]["version"]


class _Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(4, 3)

    def forward(self, x):
        h = self.linear(x)
        return autograd.tanh(h) if autograd.jit.is_scripting() else autograd.relu(h)


@pytest.mark.filterwarnings("ignore:`torch.jit:DeprecationWarning")
def test_jit_script_trace_save_load_run_eagerly(rng):
    autograd.manual_seed(0)
    net = _Net()
    x = autograd.tensor(rng.standard_normal((2, 4)))
    expected = net(x).numpy()
    assert autograd.jit.script(net) is net
    traced = autograd.jit.trace(net, (x,))
    assert traced is net and autograd.jit.trace_module(net, {"forward": x}) is net
    np.testing.assert_array_equal(traced(x).numpy(), expected)
    buffer = io.BytesIO()
    autograd.jit.save(autograd.jit.freeze(net), buffer)
    buffer.seek(0)
    np.testing.assert_array_equal(autograd.jit.load(buffer)(x).numpy(), expected)
    future = autograd.jit.fork(net, x)
    np.testing.assert_array_equal(autograd.jit.wait(future).numpy(), expected)

    @autograd.jit.script
    def twice(y):
        return autograd.jit.annotate(list, [y * 2])

    assert twice(x)[0].tolist() == (x * 2).tolist()
    assert autograd.jit.ignore(drop=True)(twice) is twice and autograd.jit.unused(twice) is twice
    assert not autograd.jit.is_tracing() and not isinstance(net, autograd.jit.ScriptModule)
