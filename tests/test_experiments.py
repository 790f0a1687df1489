"""The figures the notebooks claim, re-computed by the same seeded code (notebooks/experiments.py).

Each test runs the experiment exactly as its notebook does (same data, seeds and settings) and
asserts the figure the notebook reports next to the published one. Where we do not reach the
published figure, the bound asserted is what we do reach, and the notebook says why.
"""

import os
import pathlib
import sys

import numpy as np
import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "notebooks"))
import experiments as E  # noqa: E402

import autograd  # noqa: E402
import nn  # noqa: E402

# ---- E2 (notebook 03) ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "row", E.E2_ROWS, ids=[f"{row[0]}-{'-'.join(map(str, row[1]))}-{row[2]}" for row in E.E2_ROWS]
)
def test_e2_accuracies_near_published(row):
    problem, hidden, optimizer, lr, epochs, seeds = row[:6]
    result = E.e2_row(problem, hidden, optimizer, lr, epochs, seeds)
    assert not E.e2_claim_failures(row, result)  # why each bound: its docstring and notebook 03


def test_e2_zero_init_learns_nothing():
    result = E.e2_init_case("zeros")
    assert result["train_acc"] == 50.0 and result["val_acc"] == 50.0  # one class everywhere
    assert not result["model"].layers[0].weight.numpy().any()  # no gradient ever reached it


def test_e2_identical_init_neurons_stay_copies():
    result = E.e2_init_case("identical")
    first = result["model"].layers[0]
    assert np.ptp(first.weight.numpy(), axis=0).max() == 0 and np.ptp(first.bias.numpy()) == 0
    assert np.abs(first.weight.numpy() - 0.5).max() > 0.01  # they did move, together
    assert result["val_acc"] <= 70.0


def test_e2_random_init_learns():
    assert E.e2_init_case("random")["val_acc"] >= 95.0


@pytest.mark.parametrize("problem", ["circles", "spirals"])
def test_e2_identity_activations_are_one_affine_layer(problem):
    run = E.e2_identity(problem)
    (X, y), _ = E.e2_data(problem)
    W, b = E.collapse_affine(run["model"])
    assert W.shape == (1, 2) and b.shape == (1,)
    collapsed = 1 / (1 + np.exp(-(X @ W.T + b)))
    np.testing.assert_allclose(nn.predict(run["model"], X), collapsed, rtol=0, atol=1e-12)
    assert run["train_acc"] <= 70.0  # a straight line cannot separate either problem


# ---- E3 (notebook 04) ----------------------------------------------------------------------------


def test_e3_sine_fit_captures_most_of_the_curve():
    fit = E.e3_fit(E.sine, [1, 24, 24, 24, 1], lr=0.01, samples=10_000)
    assert fit["model"].num_parameters() == 1273
    assert 1 - fit["mse"] / fit["variance"] >= 0.8


def test_e3_surface_fit_over_seeds():
    # seed-dependent (notebook 04): seeds 0-4 capture 0.979 0.957 0.958 0.993 0.986 of the variance
    captured = [
        1 - fit["mse"] / fit["variance"]
        for fit in (
            E.e3_fit(E.surface, [2, 12, 24, 1], lr=0.001, samples=10_000, seed=seed)
            for seed in E.E3_SURFACE_SEEDS
        )
    ]
    assert np.median(captured) >= 0.975 and min(captured) >= 0.95, np.round(captured, 3)


def test_e3_targets():
    assert E.sine(np.array(0.0)) == 0.75
    assert E.surface(np.array(1.0), np.array(1.0)) == pytest.approx(25 + 17.8 + 0.25 + 15 - 5)
    assert E.surface(np.array(-0.5), np.array(-0.5)) == pytest.approx(-12.5 - 8.9 + 0.0625 + 3.75 - 1.25 - 25)


# ---- E4 (notebook 05) ----------------------------------------------------------------------------


@pytest.mark.parametrize("hidden", [0, 4])
def test_e4_warmup_is_learned_with_or_without_hidden_layer(hidden):
    run = E.e4_warmup(hidden)
    np.testing.assert_array_equal(run["predictions"].round(), E.WARMUP_Y[:, 0])
    assert run["losses"][-1] < 0.005 and run["losses"][-1] < run["losses"][0] / 40


def test_e4_xor_solved_by_20_relu_neurons_not_by_one_neuron():
    _, y = nn.data.make_xor()
    solved = E.e4_xor(hidden=20)
    np.testing.assert_array_equal(solved["predictions"].round(), y)
    assert np.abs(solved["predictions"] - y).max() < 0.05
    single = E.e4_xor(hidden=0)
    np.testing.assert_allclose(
        single["predictions"], 0.5, atol=1e-3
    )  # the best a line can do under squared error
    assert single["losses"][-1] == pytest.approx(0.25, abs=1e-4)


# A subset of notebook 05's nine seven-segment runs (each takes ~2 s); the notebook itself asserts
# the rest when tests/test_notebooks.py executes it.
@pytest.mark.parametrize(
    "hidden, activation, loss, correct",
    [
        ([20], "relu", "mse", 10),
        ([10, 10], "sigmoid", "mse", None),  # stuck on the plateau "0.1 for every output"
        ([10, 10], "sigmoid", "cross_entropy", 10),
    ],
)
def test_e4_seven_segment(hidden, activation, loss, correct):
    run = E.e4_seven_segment(hidden, activation, loss)
    if correct is None:
        assert run["correct"] <= 3
        assert run["losses"][-1] == pytest.approx(0.09, abs=0.002)  # (0.9^2 + 9 * 0.1^2) / 10
    else:
        assert run["correct"] == correct
        assert run["losses"][-1] < 0.003


# ---- E5 (notebook 06) ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def digits():
    pytest.importorskip(
        "sklearn", reason="the 8x8 digits ship with scikit-learn (pip install chainrule[notebooks])"
    )
    return E.e5_data()


def test_e5_digits_above_95_percent_with_a_consistent_confusion_matrix(digits):
    X_train, X_test, y_train, y_test = digits
    assert X_train.shape == (1437, 64) and X_test.shape == (360, 64)
    run = E.e5_run(data=digits, seed=0)
    assert run["test_acc"] >= 95.0
    predicted = nn.predict(run["model"], X_test).argmax(axis=1)
    confusion = E.confusion_matrix(y_test, predicted)
    assert confusion.sum() == 360
    np.testing.assert_array_equal(confusion.sum(axis=1), np.bincount(y_test, minlength=10))
    assert 100 * np.trace(confusion) / 360 == pytest.approx(run["test_acc"])


@pytest.mark.parametrize(
    "setting",
    [
        {"activation": "sigmoid"},
        {"l2": 1e-3},
        {"dropout": 0.2},
        {"batchnorm": True},
        {"optimizer": "SGD"},
        {"optimizer": "AdaDelta"},
    ],
    ids=lambda s: "-".join(f"{k}={v}" for k, v in s.items()),
)
def test_e5_comparison_settings_all_learn(digits, setting):
    assert E.e5_run(data=digits, seed=0, **setting)["test_acc"] >= 94.0


def test_e5_one_full_batch_step_per_epoch_is_far_behind(digits):
    assert E.e5_run(data=digits, seed=0, batch_size=len(digits[0]))["test_acc"] < 85.0


def test_e5_penalised_loss_adds_the_penalties():
    w = autograd.Tensor(np.array([[1.0, -2.0]]), requires_grad=True)
    loss = E.penalised(lambda out, target: out.sum() * 0, [w], l1=0.5, l2=0.25)(w, None)
    assert loss.item() == pytest.approx(0.5 * 3 + 0.25 * 5)


def test_e8_lenet_on_digits_reaches_98_percent(digits):
    """Issue 14's figure: a LeNet adapted to 8x8 digits, trained with nn.fit, >= 98 % on the test set."""
    run = E.e8_run(data=digits, seed=0)
    assert run["test_acc"] >= 98.0
    assert run["model"][1].weight.shape == (16, 1, 3, 3)
    # notebook 08's table: conv 1 -> 16 and 16 -> 32 (3 x 3, with biases), 32 * 2 * 2 -> 64 -> 10
    assert run["model"].num_parameters() == (16 * 9 + 16) + (32 * 16 * 9 + 32) + (128 * 64 + 64) + (
        64 * 10 + 10
    )
    assert 100 * run["history"].val_accuracy[-1] == pytest.approx(run["test_acc"])  # its curve ends there


def test_e8_lenet5_has_lenet5s_shapes():
    model = E.e8_lenet5()
    assert model(autograd.randn(2, 784)).shape == (2, 10)
    conv, dense = (6 * 25 + 6) + (16 * 6 * 25 + 16), (400 * 120 + 120) + (120 * 84 + 84) + (84 * 10 + 10)
    assert model.num_parameters() == conv + dense


def test_e8_mnist_if_available():
    folder = os.environ.get("CHAINRULE_MNIST")
    if not folder:
        pytest.skip("MNIST not tested: set CHAINRULE_MNIST to a folder with the four MNIST IDX files")
    (X, y), (X_test, y_test) = nn.data.load_mnist(folder)
    run = E.e8_run(
        network=E.e8_lenet5,
        epochs=1,
        batch_size=64,
        data=(X.astype(np.float64), X_test.astype(np.float64), y, y_test),
    )
    assert run["test_acc"] >= 97.0


def test_e5_mnist_if_available():
    folder = os.environ.get("CHAINRULE_MNIST")
    if not folder:
        pytest.skip("MNIST not tested: set CHAINRULE_MNIST to a folder with the four MNIST IDX files")
    (X, y), (X_test, y_test) = nn.data.load_mnist(folder)
    run = E.e5_run(
        hidden=(128,),
        batch_size=64,
        epochs=3,
        data=(X.astype(np.float64), X_test.astype(np.float64), y, y_test),
    )
    assert run["test_acc"] >= 95.0


# ---- E6 (notebook 07) ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bits14():
    return E.e6_data()


def test_e6_architectures_have_the_published_parameter_counts():
    for name, hidden in E.E6_ARCHITECTURES.items():
        assert nn.MLP(14, hidden, 4).num_parameters() == E.E6_PUBLISHED[name][0]


def test_e6_data_split(bits14):
    X_train, X_test, y_train, y_test = bits14
    assert X_train.shape == (13107, 14) and X_test.shape == (3277, 14)
    assert len({tuple(row) for row in np.concatenate([X_train, X_test]).astype(int)}) == 2**14


def test_e6_shallow_network_learns_the_function(bits14):
    assert (
        E.e6_run(E.E6_ARCHITECTURES["14-100-40-4"], seed=0, data=bits14)["test_acc"] >= 0.99
    )  # published 0.977


def test_e6_six_layers_of_28(bits14):
    assert (
        E.e6_run(E.E6_ARCHITECTURES["14-(28 x 6)-4"], seed=0, data=bits14)["test_acc"] >= 0.95
    )  # published 0.915


@pytest.fixture(scope="module")
def deep_runs(bits14):
    """14-(14 x 28)-4 with He init trained from each of E6_DEEP_SEEDS (30-60 s each on a busy core)."""
    return [
        E.e6_run(E.E6_ARCHITECTURES["14-(14 x 28)-4"], seed=seed, data=bits14) for seed in E.E6_DEEP_SEEDS
    ]


# Training the 28-layer network is chaotic: a change in the last bit of any rounding (a reordered
# sum, a fused op) moves single seeds a lot, and so did the change to PyTorch's random stream in 0.2
# (seeds 0-4 gave 0.705 0.943 0.703 0.255 0.814 on 0.1's stream; on PyTorch's they give 0.663 0.81
# 0.639 0.739 0.705, and seeds 5-9 0.804 0.846 0.769 0.851 0.841). So these assert the spread over
# seeds 0-4, never one seed. If a numerics change breaks these, re-run notebook 07 and look at the
# spread before touching a bound.
def test_e6_deep_narrow_network_with_he_init_best_of_five_seeds(deep_runs):
    # published 0.934. At the end of ten epochs none of seeds 0-9 reaches 0.9 (best 0.851; 0.81 of
    # seeds 0-4); on the way seed 4 passes it (0.973 after epoch 9) and falls back to 0.705.
    final = [run["test_acc"] for run in deep_runs]
    best_epoch = [max(run["history"].val_accuracy) for run in deep_runs]
    assert max(final) >= 0.8, f"seeds 0-4: {np.round(final, 3)}"
    assert max(best_epoch) >= 0.9, f"seeds 0-4, best epoch: {np.round(best_epoch, 3)}"


def test_e6_deep_narrow_network_median_seed_learns_more_than_the_majority_bit(deep_runs):
    # the majority bit alone gives 0.5; the median seed gets near 0.7 (0.705 on both streams), one
    # seed may stay at chance (one of five did on 0.1's stream)
    final = [run["test_acc"] for run in deep_runs]
    assert np.median(final) >= 0.6, f"seeds 0-4: {np.round(final, 3)}"


def test_e6_deep_narrow_network_with_default_init_stays_at_chance(bits14):
    run = E.e6_run(E.E6_ARCHITECTURES["14-(14 x 28)-4"], seed=0, init=None, epochs=2, data=bits14)
    assert run["test_acc"] < 0.3
    assert run["history"].loss[-1] == pytest.approx(np.log(4), abs=0.01)


def test_e6_csv_log_has_a_row_per_iteration(bits14, tmp_path):
    # one epoch only: this checks the log, not a figure
    path = tmp_path / "log.csv"
    E.e6_run(
        E.E6_ARCHITECTURES["14-100-40-4"], seed=0, epochs=1, log_csv=str(path), val_every=82, data=bits14
    )
    lines = path.read_text().splitlines()
    assert lines[0] == "epoch,iteration,loss,accuracy,val_loss,val_accuracy,lr"
    rows = [line.split(",") for line in lines[1:]]
    assert len(rows) == 410 and [int(r[1]) for r in rows] == list(range(1, 411))  # ceil(13107 / 32)
    assert [int(r[1]) for r in rows if r[4] != ""] == [82, 164, 246, 328, 410]


def test_e6_identity_network_is_one_affine_layer():
    autograd.manual_seed(0)
    model = nn.MLP(14, [100, 40], 4, activation="identity")
    W, b = E.collapse_affine(model)
    layers = [m for m in model.modules() if isinstance(m, nn.Linear)]
    (W1, b1), (W2, b2), (W3, b3) = [(m.weight.numpy(), m.bias.numpy()) for m in layers]
    np.testing.assert_allclose(W, W3 @ W2 @ W1, rtol=1e-12)
    np.testing.assert_allclose(b, W3 @ (W2 @ b1 + b2) + b3, rtol=1e-12)
    X, _ = nn.data.binary_function(14)
    np.testing.assert_allclose(nn.predict(model, X), X @ W.T + b, rtol=0, atol=1e-12)
