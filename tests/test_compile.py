"""autograd.compile: every replayed loss and gradient is the ordinary engine's, bit for bit;
what cannot be replayed faithfully runs on the ordinary engine, with a warning saying why."""

import warnings

import numpy as np
import pytest

import autograd
import nn
import optim
from autograd import Tensor, function
from benchmarks import mnist, plain, spirals

F = nn.functional


def _same(a, b):
    np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


def _train_side_by_side(make, steps=4, args=()):
    """Two identical setups: one trains with loss_fn, the other with compile(loss_fn); after
    each step the losses, every gradient and every parameter must be equal."""
    (params_a, loss_a, opt_a), (params_b, loss_b, opt_b) = make(), make()
    compiled = autograd.compile(loss_b)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing here may fall back to the ordinary engine
        for step in range(steps):
            step_args = args[step % len(args)] if args else ()
            for loss_fn, opt in ((loss_a, opt_a), (compiled, opt_b)):
                loss = loss_fn(*step_args)
                opt.zero_grad()
                loss.backward()
                opt.step()
                if loss_fn is loss_a:
                    expected = loss.item()
            assert loss.item() == expected
            for a, b in zip(params_a, params_b, strict=True):
                _same(a.grad.numpy(), b.grad.numpy())
                _same(a.numpy(), b.numpy())
            assert step == 0 or loss.grad_fn.name == "compiled"  # replayed, not traced
    return compiled


@pytest.mark.parametrize("workload", [spirals, mnist], ids=["spirals", "mnist"])
def test_plain_op_workloads_replay_exactly(workload):
    data, params = workload.make_data(), workload.initial_params()

    def make():
        model = workload.Plain(*data, params)
        return model._pairs(), model.loss, model.optimizer

    _train_side_by_side(make)


def _float64_mlp(rng, sizes, loss_of):
    weights = [Tensor(rng.standard_normal((a, b)) / a, requires_grad=True) for a, b in zip(sizes, sizes[1:])]
    biases = [Tensor(rng.standard_normal(b), requires_grad=True) for b in sizes[1:]]
    params = [p for pair in zip(weights, biases) for p in pair]
    return (
        params,
        (lambda x, labels, t: loss_of(plain.forward(weights, biases, x), labels, t)),
        optim.Adam(params, lr=0.01),
    )


@pytest.mark.parametrize(
    "loss_of",
    [
        lambda z, labels, t: F.cross_entropy(z, labels),
        lambda z, labels, t: F.binary_cross_entropy(z.sigmoid(), t),
        lambda z, labels, t: F.mse_loss(z, t),
    ],
    ids=["cross_entropy", "binary_cross_entropy", "mse_loss"],
)
def test_float64_losses_replay_exactly_with_new_batches(loss_of):
    rng = np.random.default_rng(0)
    batches = [
        (
            Tensor(rng.standard_normal((16, 4))),
            autograd.tensor(rng.integers(0, 3, 16)),
            Tensor(rng.integers(0, 2, (16, 3)).astype(float)),
        )
        for _ in range(3)
    ]
    _train_side_by_side(lambda: _float64_mlp(np.random.default_rng(1), [4, 8, 3], loss_of), 6, batches)


@pytest.mark.parametrize("bias_shape", [(5,), (1, 5), (1,), ()], ids=str)
def test_broadcast_biases_get_summed_gradients(bias_shape):
    rng = np.random.default_rng(2)
    x = Tensor(rng.standard_normal((7, 3)))

    def make():
        W = Tensor(np.random.default_rng(3).standard_normal((3, 5)), requires_grad=True)
        b = Tensor(np.full(bias_shape, 0.5), requires_grad=True)
        return [W, b], (lambda: ((x @ W + b).tanh() * (b - 1.0)).sum()), optim.SGD([W, b], lr=0.1)

    _train_side_by_side(make)


@pytest.mark.parametrize(
    "make_model",
    [
        lambda: nn.Linear(6, 3),
        lambda: nn.MLP(6, [10, 8], 3),
        lambda: nn.Sequential(nn.Linear(6, 4), nn.Tanh()),
    ],
    ids=["Linear", "MLP", "Sequential"],
)
def test_nn_models_replay_exactly(make_model):
    rng = np.random.default_rng(4)
    x, labels = Tensor(rng.standard_normal((9, 6))), rng.integers(0, 3, 9)

    def make():
        autograd.manual_seed(0)
        model = make_model().double()
        params = list(model.parameters())
        return params, (lambda: F.cross_entropy(model(x), labels)), optim.SGD(params, lr=0.1, momentum=0.9)

    _train_side_by_side(make)


def test_gradients_reach_arguments_that_require_grad_and_accumulate():
    rng = np.random.default_rng(5)
    W = Tensor(rng.standard_normal((3, 2)), requires_grad=True)
    compiled = autograd.compile(lambda x: (x @ W).sigmoid().sum())
    xs = [Tensor(rng.standard_normal((4, 3)), requires_grad=True) for _ in range(3)]
    for x in xs:
        compiled(x).backward()  # W.grad accumulates over the three calls, no zero_grad
    expected_W = Tensor(W.numpy().copy(), requires_grad=True)
    for x in xs:
        x2 = Tensor(x.numpy(), requires_grad=True)
        (x2 @ expected_W).sigmoid().sum().backward()
        _same(x.grad.numpy(), x2.grad.numpy())
    _same(W.grad.numpy(), expected_W.grad.numpy())


def test_a_new_signature_traces_again_and_both_are_kept():
    rng = np.random.default_rng(6)
    W = Tensor(rng.standard_normal((3, 2)), requires_grad=True)
    compiled = autograd.compile(lambda x, scale: ((x @ W) * scale).exp().mean())
    for x, scale in [((4, 3), 2.0), ((5, 3), 2.0), ((4, 3), 3.0), ((4, 3), 2.0), ((5, 3), 2.0)]:
        x = Tensor(rng.standard_normal(x))
        W.grad = None
        compiled(x, scale).backward()
        got = W.grad.numpy().copy()
        W.grad = None
        ((x @ W) * scale).exp().mean().backward()
        _same(got, W.grad.numpy())
    assert len(compiled.tapes) == 3
    x64 = Tensor(rng.standard_normal((4, 3)), requires_grad=True)  # requires_grad is in the key
    compiled(x64, 2.0).backward()
    assert len(compiled.tapes) == 4 and x64.grad is not None


def test_a_parameter_changing_shape_traces_again():
    lin = nn.Linear(3, 2).double()
    x = Tensor(np.ones((4, 3)))
    compiled = autograd.compile(lambda: lin(x).sum())
    compiled(), compiled()
    lin.weight.data = Tensor(np.ones((2, 3), np.float32), requires_grad=True)  # another dtype
    loss = compiled()
    assert loss.grad_fn.name != "compiled" and loss.dtype == np.float64


def _fallback(fn, *args, reason):
    """fn compiled: the first call warns (once) and every call gives the ordinary engine's result."""
    compiled = autograd.compile(fn)
    autograd.manual_seed(0)  # the same random numbers for fn with dropout
    with pytest.warns(UserWarning, match=reason):
        first = compiled(*args)
    autograd.manual_seed(0)
    _same(first.numpy(), fn(*args).numpy())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = compiled(*args)
    assert again.grad_fn.name != "compiled"
    return compiled


W0 = np.random.default_rng(7).standard_normal((3, 3))


@pytest.mark.parametrize(
    "escape, reason",
    [
        (lambda h: h * h.sum().item(), r"\.item\(\)"),
        (lambda h: h * float(h.sum()), r"float\(\)"),
        (lambda h: h * 2 if h.sum() > 0 else h * 3, r"bool\(\)"),
        (lambda h: h * Tensor(h.numpy().copy()), r"\.numpy\(\)"),
        (lambda h: h * Tensor(h.tolist()), r"\.tolist\(\)"),
        (lambda h: h * np.asarray(h).sum(), r"np\.asarray"),
        (lambda h: (print(h), h)[1], "printed"),
        (lambda h: h * f"{h.sum():.3f}".count("-"), "formatted"),
    ],
    ids=["item", "float", "bool", "numpy", "tolist", "asarray", "print", "format"],
)
def test_values_leaving_the_graph_fall_back(escape, reason, capsys):
    W = Tensor(W0, requires_grad=True)
    x = Tensor(np.ones((2, 3)))
    _fallback(lambda: escape(x @ W).sum(), reason=reason)


def test_a_tensor_computed_outside_the_ops_falls_back():
    W = Tensor(W0, requires_grad=True)
    x = Tensor(np.ones((2, 3)))
    _fallback(lambda: ((x @ W) * (x @ W > 0)).sum(), reason="outside autograd's ops")
    _fallback(lambda: (x @ W)[:, (x @ W).argmax(1)].sum(), reason="used as an index")
    labels = autograd.tensor([0, 2])
    _fallback(lambda labels: (x @ W)[autograd.arange(2), labels].sum(), labels, reason="used as an index")


def test_constants_from_outside_may_be_read_and_index():
    W = Tensor(W0, requires_grad=True)
    x, rows = Tensor(np.ones((2, 3))), autograd.tensor([1, 0])
    compiled = autograd.compile(lambda: (x @ W)[rows].sum() * float(x.sum()))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(3):
            loss = compiled()
    assert loss.grad_fn.name == "compiled" and loss.item() == (x @ W)[rows].sum().item() * 6


def test_labels_read_by_python_code_are_caught_by_the_check_on_the_first_replay():
    """nll_loss computes np.where(labels != ignore_index, labels, 0) in Python: an array the
    trace froze. The first replay, with other labels, differs from the ordinary engine."""
    W = Tensor(W0, requires_grad=True)
    x = Tensor(np.ones((2, 3)))
    compiled = autograd.compile(lambda labels: F.nll_loss((x @ W).log_softmax(1), labels))
    compiled(autograd.tensor([0, 1]))
    with pytest.warns(UserWarning, match="another value than calling it"):
        loss = compiled(autograd.tensor([2, 2]))
    assert loss.item() == F.nll_loss((x @ W).log_softmax(1), autograd.tensor([2, 2])).item()


def test_detached_values_replay_as_constants_of_this_step():
    W = Tensor(W0, requires_grad=True)
    compiled = autograd.compile(lambda x: ((x @ W) * (x @ W).detach()).sum())
    rng = np.random.default_rng(8)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(3):
            x = Tensor(rng.standard_normal((2, 3)))
            W.grad = None
            compiled(x).backward()
            got = W.grad.numpy().copy()
            W.grad = None
            ((x @ W) * (x @ W).detach()).sum().backward()
            _same(got, W.grad.numpy())


def test_dropout_in_place_ops_and_hooks_fall_back():
    W = Tensor(W0, requires_grad=True)
    x = Tensor(np.ones((2, 3)))
    _fallback(lambda: F.dropout(x @ W, 0.5).sum(), reason="random numbers")

    def in_place():
        h = x @ W
        h.mul_(2)
        return h.sum()

    _fallback(in_place, reason="in place")

    def hooked():
        h = x @ W
        h.register_hook(lambda g: g * 2)
        return h.sum()

    _fallback(hooked, reason="hook")


def test_a_rebound_captured_tensor_is_caught_on_the_first_replay():
    W = Tensor(W0, requires_grad=True)
    batch = {"x": Tensor(np.ones((2, 3)))}
    compiled = autograd.compile(lambda: (batch["x"] @ W).sum())
    compiled()
    batch["x"] = Tensor(np.full((2, 3), 2.0))  # a new batch read from outside, not an argument
    with pytest.warns(UserWarning, match="another value than calling it"):
        loss = compiled()
    assert loss.item() == (batch["x"] @ W).sum().item()


def test_retain_graph_allows_a_second_backward_and_create_graph_is_refused():
    W = Tensor(W0, requires_grad=True)
    x = Tensor(np.ones((2, 3)))
    compiled = autograd.compile(lambda: (x @ W).tanh().sum())
    compiled(), compiled()
    loss = compiled()
    loss.backward(retain_graph=True)
    once = W.grad.numpy().copy()
    loss.backward()  # the replayed ops kept what they saved
    np.testing.assert_array_equal(W.grad.numpy(), 2 * once)
    with pytest.raises(RuntimeError, match="Pass retain_graph=True"):  # freed by the second
        loss.backward()
    loss = compiled()
    loss.backward()
    with pytest.raises(RuntimeError, match="Pass retain_graph=True"):  # the engine's own error
        loss.backward()
    with pytest.raises(RuntimeError, match="create_graph"):
        autograd.grad(compiled(), W, create_graph=True)


def test_bad_use_is_a_clear_error_and_leaves_no_trace_behind():
    W = Tensor(W0, requires_grad=True)
    with pytest.raises(TypeError, match="callable"):
        autograd.compile(3)
    with pytest.raises(TypeError, match=r"must return a Tensor \(or a tuple of Tensors\), got float"):
        autograd.compile(lambda: (W * 2).sum().item())()
    assert function.tracer is None
    with pytest.raises(TypeError, match="argument 0 is a numpy array"):
        autograd.compile(lambda x: (W * x).sum())(np.ones(3))
    with pytest.raises(TypeError, match="argument 1 .list. is neither"):
        autograd.compile(lambda x, y: (W * x).sum())(Tensor(np.ones(3)), [1])
    with pytest.raises(TypeError, match="positionally"):
        autograd.compile(lambda x: (W * x).sum())(x=Tensor(np.ones(3)))
    with pytest.raises(ValueError):  # fn's own error, raised as it is; the trace is undone
        autograd.compile(lambda: (W @ Tensor(np.ones(4))).sum())()
    assert function.tracer is None and autograd.Tensor.item.__name__ == "item"
    assert autograd.Tensor._make.__func__.__qualname__ == "Tensor._make"
    constant = autograd.compile(lambda: Tensor(np.ones(3)).sum())
    with pytest.warns(UserWarning, match="does not require grad"):
        assert constant().item() == 3.0


def test_under_no_grad_and_inside_another_trace_fn_is_just_called():
    W = Tensor(W0, requires_grad=True)
    inner = autograd.compile(lambda x: (x @ W).relu())
    with autograd.no_grad():
        assert not inner(Tensor(np.ones((2, 3)))).requires_grad
    assert inner.tapes == {}
    outer = autograd.compile(lambda x: inner(x).sum())
    x = Tensor(np.ones((2, 3)))
    loss = outer(x)
    assert inner.tapes == {}  # its ops went to the outer tape
    for _ in range(2):
        loss = outer(x)
    assert loss.grad_fn.name == "compiled" and len(outer.tapes) == 1
    assert loss.item() == (x @ W).relu().sum().item()


def test_a_compiled_module_still_answers_as_the_module():
    model = nn.Linear(3, 2)
    compiled = autograd.compile(model)
    assert compiled.weight is model.weight and list(compiled.parameters()) == list(model.parameters())
    x = Tensor(np.ones((4, 3), np.float32))
    for _ in range(2):
        out = compiled(x)
    _same(out.numpy(), model(x).numpy())
    assert out.grad_fn.name == "compiled"


def test_fit_with_compile_trains_as_without():
    rng = np.random.default_rng(9)
    X, y = rng.standard_normal((50, 4)), rng.integers(0, 3, 50)
    histories, weights = [], []
    for compile in (False, True):
        autograd.manual_seed(0)
        model = nn.MLP(4, [8], 3).double()
        optimizer = optim.Adam(model.parameters(), lr=0.01)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no fallback: the last, smaller batch is traced too
            history = nn.fit(
                model,
                nn.CrossEntropyLoss(),
                optimizer,
                (X, y),
                3,
                batch_size=16,
                seed=0,
                progress=False,
                compile=compile,
            )
        histories.append(history.iteration["loss"])
        weights.append([p.numpy().copy() for p in model.parameters()])
    assert histories[0] == histories[1]
    for a, b in zip(*weights, strict=True):
        _same(a, b)
    with pytest.raises(TypeError, match="compile must be True or False"):
        nn.fit(model, nn.CrossEntropyLoss(), optimizer, (X, y), 1, progress=False, compile="yes")


def test_extra_results_come_back_without_a_graph():
    W = Tensor(W0, requires_grad=True)
    compiled = autograd.compile(lambda x: ((x @ W).sum(), x @ W))
    x = Tensor(np.ones((2, 3)))
    for _ in range(3):
        loss, output = compiled(x)
    assert loss.grad_fn.name == "compiled" and not output.requires_grad
    _same(output.numpy(), (x @ W).numpy())
