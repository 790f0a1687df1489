"""The activations of test_activations_new against PyTorch (float64): values, first and
second derivatives to 1e-10, the derivatives at the joints exactly, the random slopes and
Gumbel noise drawn from the same seed, and the modules' printed form.

Optional: skipped when torch is not installed.
"""

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F
from autograd import Tensor

torch = pytest.importorskip("torch")
TF = torch.nn.functional
TOL = dict(rtol=1e-10, atol=1e-12)

# (name, positional options): the same call on both sides
ACTIVATIONS = [
    ("silu", ()),
    ("mish", ()),
    ("selu", ()),
    ("celu", ()),
    ("celu", (0.4,)),
    ("softsign", ()),
    ("tanhshrink", ()),
    ("hardtanh", ()),
    ("hardtanh", (-2.0, 0.5)),
    ("relu6", ()),
    ("hardsigmoid", ()),
    ("hardswish", ()),
    ("threshold", (0.3, -1.5)),
    ("softshrink", ()),
    ("softshrink", (1.2,)),
    ("hardshrink", ()),
    ("hardshrink", (0.1,)),
    ("rrelu", ()),
    ("rrelu", (0.2, 0.6)),
    ("softmin", (1,)),
    ("glu", ()),
    ("glu", (1,)),
    ("logsigmoid", ()),
]
SMOOTH = {"silu", "mish", "selu", "celu", "softsign", "tanhshrink", "softmin", "glu", "logsigmoid"}


def both(values, grad=True):
    return Tensor(values, requires_grad=grad), torch.tensor(values, requires_grad=grad)


def close(ours, theirs, exact=False):
    theirs = theirs.detach().numpy()
    if exact:
        np.testing.assert_array_equal(ours.numpy(), theirs)
    else:
        np.testing.assert_allclose(ours.numpy(), theirs, **TOL)


@pytest.mark.parametrize("name, options", ACTIVATIONS, ids=lambda c: str(c))
@pytest.mark.parametrize("shape", [(1, 6), (4, 6), (2, 4, 6)], ids=str)
def test_activations_match_torch_with_derivatives_twice(rng, name, options, shape):
    x, tx = both(rng.standard_normal(shape) * 4)
    y, ty = getattr(F, name)(x, *options), getattr(TF, name)(tx, *options)
    close(y, ty)
    upstream = rng.standard_normal(y.shape)
    (g,) = autograd.grad(y, x, Tensor(upstream), create_graph=True)
    (tg,) = torch.autograd.grad(ty, tx, torch.tensor(upstream), create_graph=True)
    close(g, tg)
    if name in SMOOTH:  # the others have a zero second derivative
        again = rng.standard_normal(shape)
        (gg,) = autograd.grad(g, x, Tensor(again))
        (tgg,) = torch.autograd.grad(tg, tx, torch.tensor(again))
        close(gg, tgg)


JOINTS = np.array([-6.0, -3.0, -2.0, -1.5, -1.0, -0.5, 0.0, 0.3, 0.5, 1.0, 1.2, 1.5, 3.0, 6.0, 7.0])


@pytest.mark.parametrize("name, options", [c for c in ACTIVATIONS if c[0] not in SMOOTH], ids=str)
def test_values_and_derivatives_at_the_joints_are_pytorchs_exactly(name, options):
    x, tx = both(JOINTS)
    y, ty = getattr(F, name)(x, *options), getattr(TF, name)(tx, *options)
    close(y, ty, exact=True)
    y.sum().backward()
    ty.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), tx.grad.numpy())


@pytest.mark.parametrize(
    "input_shape, slopes", [((5, 3), 1), ((5, 3), 3), ((1, 3, 4), 3), ((2, 3, 2, 2), 3), ((7,), 1)]
)
def test_prelu_matches_torch_with_the_slopes_gradient(rng, input_shape, slopes):
    values = rng.standard_normal(input_shape)
    values.flat[0] = 0.0
    x, tx = both(values)
    w, tw = both(rng.uniform(0.1, 0.5, slopes))
    y, ty = F.prelu(x, w), TF.prelu(tx, tw)
    close(y, ty, exact=True)
    upstream = rng.standard_normal(y.shape)
    y.backward(Tensor(upstream))
    ty.backward(torch.tensor(upstream))
    close(x.grad, tx.grad)
    close(w.grad, tw.grad)


def test_prelu_module_matches_torch(rng):
    ours, theirs = nn.PReLU(4, init=0.2), torch.nn.PReLU(4, init=0.2).double()
    x, tx = both(rng.standard_normal((3, 4, 5)))
    ours(x).sum().backward()
    theirs(tx).sum().backward()
    close(ours.weight.grad, theirs.weight.grad)
    assert list(ours.state_dict()) == list(theirs.state_dict())


@pytest.mark.parametrize("dtype, torch_dtype", [(np.float64, torch.float64), (np.float32, torch.float32)])
@pytest.mark.parametrize("seed", [0, 123])
def test_rrelu_while_training_draws_pytorchs_slopes(rng, dtype, torch_dtype, seed):
    values = rng.standard_normal((30, 17)).astype(dtype)
    values[0, :3] = 0
    x, tx = both(values)
    autograd.manual_seed(seed)
    torch.manual_seed(seed)
    y, ty = F.rrelu(x, 0.05, 0.7, training=True), TF.rrelu(tx, 0.05, 0.7, training=True)
    close(y, ty, exact=True)
    y.sum().backward()
    ty.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), tx.grad.numpy())
    close(autograd.rand(5, dtype=dtype), torch.rand(5, dtype=torch_dtype), exact=True)  # the same words used


def test_rrelu_module_in_training_and_eval_matches_torch(rng):
    values = rng.standard_normal((4, 9))
    ours, theirs = nn.RReLU(), torch.nn.RReLU()
    autograd.manual_seed(5)
    torch.manual_seed(5)
    close(ours(Tensor(values)), theirs(torch.tensor(values)), exact=True)
    ours.eval(), theirs.eval()
    close(ours(Tensor(values)), theirs(torch.tensor(values)), exact=True)


@pytest.mark.parametrize("hard", [False, True])
@pytest.mark.parametrize("shape, dim, tau", [((6, 5), -1, 1.0), ((1, 5), 1, 0.3), ((4, 3, 2), 0, 2.0)])
def test_gumbel_softmax_draws_pytorchs_noise(rng, hard, shape, dim, tau):
    logits, tlogits = both(rng.standard_normal(shape))
    autograd.manual_seed(11)
    torch.manual_seed(11)
    y = F.gumbel_softmax(logits, tau=tau, hard=hard, dim=dim)
    ty = TF.gumbel_softmax(tlogits, tau=tau, hard=hard, dim=dim)
    close(y, ty, exact=hard)
    upstream = rng.standard_normal(shape)
    y.backward(Tensor(upstream))
    ty.backward(torch.tensor(upstream))
    close(logits.grad, tlogits.grad)
    close(autograd.rand(3), torch.rand(3, dtype=torch.float64), exact=True)


MODULES = [
    "nn.SiLU()",
    "nn.SiLU(inplace=True)",
    "nn.Mish()",
    "nn.Mish(inplace=True)",
    "nn.SELU(True)",
    "nn.CELU()",
    "nn.CELU(0.5, inplace=True)",
    "nn.Softsign()",
    "nn.Tanhshrink()",
    "nn.GLU()",
    "nn.GLU(0)",
    "nn.Hardtanh()",
    "nn.Hardtanh(-2, 3, True)",
    "nn.ReLU6()",
    "nn.ReLU6(inplace=True)",
    "nn.Hardsigmoid(inplace=True)",
    "nn.Hardswish()",
    "nn.Threshold(0.1, 20)",
    "nn.Threshold(0.1, 2.0, inplace=True)",
    "nn.Softshrink()",
    "nn.Hardshrink(0.25)",
    "nn.PReLU()",
    "nn.PReLU(3, init=0.1)",
    "nn.RReLU()",
    "nn.RReLU(0.1, 0.3, inplace=True)",
    "nn.Softmin()",
    "nn.Softmin(dim=1)",
    "nn.Sequential(nn.Linear(2, 3), nn.Hardswish(), nn.PReLU(3))",
]


@pytest.mark.parametrize("text", MODULES)
def test_modules_print_as_pytorch(text):
    assert repr(eval(text, {"nn": nn})) == repr(eval(text, {"nn": torch.nn}))
