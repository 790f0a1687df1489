"""nn.diagnostics: the statistics are those of the layers' real outputs, gradients and updates."""

import math

import numpy as np
import pytest

import autograd
import nn
import optim


def tanh_net(gain, depth=4, width=16, seed=0):
    autograd.manual_seed(seed)
    layers = []
    for i in range(depth):
        linear = nn.Linear(8 if i == 0 else width, width)
        with autograd.no_grad():
            linear.weight[...] = autograd.randn(*linear.weight.shape) * (
                gain / math.sqrt(linear.weight.shape[1])
            )
        layers += [linear, nn.Tanh()]
    return nn.Sequential(*layers, nn.Linear(width, 3))


def batch(seed=1):
    rng = np.random.default_rng(seed)
    return autograd.tensor(rng.standard_normal((64, 8))), autograd.tensor(rng.integers(0, 3, 64))


def train_step(model, optimizer, diag, X, y):
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(X), y)
    loss.backward()
    optimizer.step()
    diag.step()


def test_statistics_equal_those_computed_directly():
    model = tanh_net(gain=3.0)
    X, y = batch()
    diag = nn.diagnostics(model)
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    before = {name: p.numpy().copy() for name, p in model.named_parameters()}
    # the same forward by hand, keeping the tanh outputs and their gradients
    outputs = {}
    h = X
    for name, layer in model.named_children():
        h = layer(h)
        if isinstance(layer, nn.Tanh):
            h.retain_grad()
            outputs[name] = h
    nn.functional.cross_entropy(h, y).backward()
    expected_grads = {name: np.asarray(t.grad) for name, t in outputs.items()}
    model.zero_grad()
    train_step(model, optimizer, diag, X, y)
    assert diag.steps == 1
    for name, t in outputs.items():
        a = t.numpy()
        row = {key: values[-1] for key, values in diag.layers[name].items()}
        assert row["mean"] == pytest.approx(a.mean(), rel=1e-12) and row["std"] == pytest.approx(
            a.std(), rel=1e-12
        )
        assert row["saturated"] == np.mean(np.abs(a) > 0.97)
        assert math.isnan(row["dead"])
        assert row["grad_mean"] == pytest.approx(expected_grads[name].mean(), rel=1e-10)
        assert row["grad_std"] == pytest.approx(expected_grads[name].std(), rel=1e-10)
        np.testing.assert_array_equal(diag.activations[name], a)
    for name, p in model.named_parameters():
        change = p.numpy() - before[name]
        expected = change.std() / before[name].std() if before[name].std() > 0 else math.nan
        assert diag.update_ratio[name][-1] == pytest.approx(expected, rel=1e-12, nan_ok=True)
    assert diag.layers["0"]["saturated"] == [pytest.approx(math.nan, nan_ok=True)]  # a Linear: no saturation


def test_a_bad_initialisation_saturates_and_a_good_one_does_not():
    X, y = batch()
    saturated = {}
    for gain in (5.0, 5 / 3):
        model = tanh_net(gain)
        diag = nn.diagnostics(model)
        train_step(model, optim.SGD(model.parameters(), lr=0.1), diag, X, y)
        saturated[gain] = np.mean([diag.layers[n]["saturated"][-1] for n in diag.default_layers()])
    assert saturated[5.0] > 0.5 > 0.2 > saturated[5 / 3]


def test_dead_relu_units():
    autograd.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 1))
    with autograd.no_grad():
        model[0].bias[...] = np.array([-100.0, -100.0, 0.0, 0.0, 0.0, 0.0])  # two units never fire
    diag = nn.diagnostics(model)
    X = autograd.randn(32, 4)
    model(X).sum().backward()
    diag.step()
    assert diag.layers["1"]["dead"][-1] == pytest.approx(2 / 6)


def test_mlp_layers_are_observed_even_when_fused():
    autograd.manual_seed(0)
    model = nn.MLP(4, [5], 1)  # Linear + ReLU: fused into one op unless watched
    diag = nn.diagnostics(model)
    X = autograd.randn(8, 4)
    model(X).sum().backward()
    diag.step()
    assert not math.isnan(diag.layers["layers.1"]["dead"][-1])
    assert not math.isnan(diag.layers["layers.0"]["mean"][-1])
    diag.remove()
    assert all(not m._forward_hooks for m in model.modules())


def test_evaluation_calls_are_not_recorded():
    model = tanh_net(1.0)
    X, y = batch()
    diag = nn.diagnostics(model)
    model.eval()
    model(X)
    model.train()
    diag.step()
    assert all(math.isnan(values[-1]) for values in diag.layers["1"].values())


def test_fit_collects_diagnostics():
    model = tanh_net(1.0)
    X, y = batch()
    history = nn.fit(
        model,
        nn.CrossEntropyLoss(),
        optim.SGD(model.parameters(), lr=0.1),
        (X, y),
        epochs=2,
        batch_size=16,
        progress=False,
        diagnostics=True,
    )
    diag = history.diagnostics
    assert diag.steps == 8 == len(history.iteration["loss"])
    assert all(len(values) == 8 for table in diag.layers.values() for values in table.values())
    assert all(not m._forward_hooks for m in model.modules())  # removed at the end
    assert (
        nn.fit(
            model,
            nn.CrossEntropyLoss(),
            optim.SGD(model.parameters(), lr=0.1),
            (X, y),
            epochs=1,
            progress=False,
        ).diagnostics
        is None
    )
    with pytest.raises(TypeError, match="diagnostics"):
        nn.fit(
            model,
            nn.CrossEntropyLoss(),
            optim.SGD(model.parameters(), lr=0.1),
            (X, y),
            epochs=1,
            progress=False,
            diagnostics="yes",
        )


def test_plot_draws_the_recorded_numbers():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    model = tanh_net(3.0)
    X, y = batch()
    diag = nn.diagnostics(model)
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    for _ in range(3):
        train_step(model, optimizer, diag, X, y)
    figure = diag.plot()
    activations, gradients, ratios = figure.axes
    layers = diag.default_layers()
    assert layers == ["1", "3", "5", "7"]  # the Tanh layers
    for line, name in zip(activations.lines, layers):
        density, edges = np.histogram(diag.activations[name].ravel(), bins=50, density=True)
        np.testing.assert_array_equal(line.get_xdata(), (edges[:-1] + edges[1:]) / 2)
        np.testing.assert_array_equal(line.get_ydata(), density)
        assert f"saturated {100 * np.mean(np.abs(diag.activations[name]) > 0.97):.0f}%" in line.get_label()
    for line, name in zip(gradients.lines, layers):
        density, _ = np.histogram(diag.gradients[name].ravel(), bins=50, density=True)
        np.testing.assert_array_equal(line.get_ydata(), density)
    weights = [name for name, p in model.named_parameters() if p.ndim == 2]
    for line, name in zip(ratios.lines, weights):
        np.testing.assert_array_equal(line.get_ydata(), diag.update_ratio[name])
    assert ratios.get_yscale() == "log"
    assert ratios.lines[-1].get_ydata()[0] == 1e-3  # the guide line
    matplotlib.pyplot.close(figure)


def test_bad_use():
    with pytest.raises(TypeError, match="nn.Module"):
        nn.diagnostics(3)
    diag = nn.diagnostics(tanh_net(1.0))
    with pytest.raises(ValueError, match="nothing recorded"):
        diag.plot()


def test_forward_hook_signature_and_removal():
    layer = nn.Linear(2, 2)
    calls = []
    handle = layer.register_forward_hook(
        lambda module, inputs, output: calls.append((module, inputs, output))
    )
    x = autograd.randn(3, 2)
    out = layer(x)
    assert len(calls) == 1 and calls[0][0] is layer and calls[0][2] is out
    assert len(calls[0][1]) == 1 and calls[0][1][0] is x
    replaced = layer.register_forward_hook(lambda module, inputs, output: output * 0.0)
    assert np.all(layer(x).numpy() == 0)
    handle.remove()
    replaced.remove()
    handle.remove()  # twice is fine
    layer(x)
    assert len(calls) == 2
    with pytest.raises(TypeError, match="callable"):
        layer.register_forward_hook(3)
