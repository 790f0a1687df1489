"""The training loop: fit's history, CSV log, NaN guard, schedules, progress output; evaluate,
predict, metrics; XOR with every optimiser; the plots (with matplotlib's Agg backend)."""

import csv
import math
import os
import sys

import numpy as np
import pytest

import autograd
import nn
import optim
from autograd import Tensor
from nn.data import DataLoader, make_circles, make_xor
from nn.plotting import plot_decision_boundary
from nn.training import History, accuracy, evaluate, fit, predict, predicted_labels


def circles(n=40, seed=0):
    X, y = make_circles(n, seed=seed)
    return X, y[:, None].astype(np.float64)


def small_model(seed=0, **options):
    autograd.manual_seed(seed)
    return nn.MLP(2, [6], 1, output_activation="sigmoid", **options)


def quiet_fit(model, data, epochs, lr=0.1, **options):
    opt = optim.SGD(model.parameters(), lr=lr)
    return fit(model, nn.BCELoss(), opt, data, epochs, progress=False, **options)


# ---- history ---------------------------------------------------------------------------------------


def test_history_lengths_keys_and_epoch_means():
    X, y = circles(10)
    val = circles(8, seed=1)
    history = quiet_fit(small_model(), (X, y), epochs=3, batch_size=4, val_data=val)
    # 10 rows in batches of 4 -> 3 iterations (4, 4, 2 rows) per epoch
    assert list(history.epoch) == ["loss", "accuracy", "val_loss", "val_accuracy", "lr"]
    assert list(history.iteration) == [
        "epoch",
        "iteration",
        "loss",
        "accuracy",
        "val_loss",
        "val_accuracy",
        "lr",
    ]
    assert all(len(values) == 3 for values in history.epoch.values())
    assert all(len(values) == 9 for values in history.iteration.values())
    assert history.iteration["epoch"] == [1, 1, 1, 2, 2, 2, 3, 3, 3]
    assert history.iteration["iteration"] == list(range(1, 10))
    losses = np.reshape(history.iteration["loss"], (3, 3))
    assert np.allclose(history.epoch["loss"], losses @ [4, 4, 2] / 10, rtol=1e-14)
    accuracies = np.reshape(history.iteration["accuracy"], (3, 3))
    assert np.allclose(history.epoch["accuracy"], accuracies @ [4, 4, 2] / 10, rtol=1e-14)
    # validation runs after the last step of each epoch only
    val_losses = np.reshape(history.iteration["val_loss"], (3, 3))
    assert np.isnan(val_losses[:, :2]).all()
    assert val_losses[:, 2].tolist() == history.epoch["val_loss"]
    assert history.lr == [0.1] * 3 and history.iteration["lr"] == [0.1] * 9
    assert len(history) == 3


def test_history_values_are_those_of_a_plain_loop():
    X, y = circles(12)
    model, twin = small_model(seed=3), small_model(seed=4)
    twin.load_state_dict(model.state_dict())
    val = circles(6, seed=2)
    history = quiet_fit(model, (X, y), epochs=4, batch_size=None, val_data=val)

    opt, loss_fn = optim.SGD(twin.parameters(), lr=0.1), nn.BCELoss()
    for epoch in range(4):
        output = twin(Tensor(X))
        loss = loss_fn(output, Tensor(y))
        assert history.iteration["loss"][epoch] == loss.item()
        assert history.iteration["accuracy"][epoch] == np.mean((output.numpy() > 0.5) == (y == 1))
        opt.zero_grad()
        loss.backward()
        opt.step()
        with autograd.no_grad():
            val_output = twin(Tensor(val[0]))
            assert history.val_loss[epoch] == loss_fn(val_output, Tensor(val[1])).item()
            assert history.val_accuracy[epoch] == np.mean((val_output.numpy() > 0.5) == (val[1] == 1))
    for p, q in zip(model.parameters(), twin.parameters()):
        assert np.array_equal(p.numpy(), q.numpy())


def test_history_access_to_dict_and_repr():
    X, y = circles(8)
    history = quiet_fit(small_model(), (X, y), epochs=2, batch_size=None)
    assert history.loss is history.epoch["loss"] and history.accuracy is history.epoch["accuracy"]
    with pytest.raises(AttributeError, match="val_loss.*loss, accuracy, lr"):
        history.val_loss
    copy = history.to_dict()
    assert copy == {"epoch": history.epoch, "iteration": history.iteration}
    copy["epoch"]["loss"].append(0.0)
    assert len(history.loss) == 2
    assert "2 epochs, 2 iterations" in repr(history) and repr(History()) == "History(empty)"


def test_val_every_evaluates_between_epochs():
    X, y = circles(10)
    history = quiet_fit(
        small_model(), (X, y), epochs=2, batch_size=4, val_data=circles(6, seed=1), val_every=2
    )
    measured = [i for i, v in enumerate(history.iteration["val_loss"], 1) if not math.isnan(v)]
    assert measured == [2, 3, 4, 6]  # every 2nd iteration and each epoch's last (3, 6)


def test_seed_makes_shuffling_reproducible():
    X, y = circles(30)
    start = small_model().state_dict()

    def run(seed):
        model = small_model()
        model.load_state_dict(start)
        autograd.manual_seed(99)  # whatever the library generator does, seed decides the order
        history = quiet_fit(model, (X, y), epochs=3, batch_size=8, seed=seed)
        return history.iteration["loss"], model.state_dict()

    losses, state = run(7)
    again_losses, again_state = run(7)
    assert losses == again_losses
    assert all(np.array_equal(state[k], again_state[k]) for k in state)
    assert run(8)[0] != losses


def test_without_seed_the_library_generator_decides():
    X, y = circles(30)
    start = small_model().state_dict()

    def run():
        model = small_model()
        model.load_state_dict(start)
        autograd.manual_seed(5)
        return quiet_fit(model, (X, y), epochs=2, batch_size=8).iteration["loss"]

    assert run() == run()


def test_dataloader_as_train_and_val_data():
    X, y = circles(20)
    loader = DataLoader((X, y), batch_size=6, shuffle=True, seed=0)
    history = quiet_fit(
        small_model(),
        loader,
        epochs=2,
        batch_size=1000,
        val_data=DataLoader(circles(10, seed=1), batch_size=3),
    )
    assert len(history.iteration["loss"]) == 2 * len(loader) == 8
    assert len(history.val_loss) == 2
    with pytest.raises(ValueError, match=r"\(X, y\) pair"):
        quiet_fit(small_model(), DataLoader(X, batch_size=4), epochs=1)


def test_bad_arguments_are_named():
    X, y = circles(8)
    model, opt = small_model(), None
    opt = optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(TypeError, match="train_data"):
        fit(model, nn.BCELoss(), opt, X, 1, progress=False)
    with pytest.raises(ValueError, match=r"\(8, 2\) and \(7, 1\)"):
        fit(model, nn.BCELoss(), opt, (X, y[:7]), 1, progress=False)
    with pytest.raises(ValueError, match="epochs"):
        fit(model, nn.BCELoss(), opt, (X, y), 0, progress=False)
    with pytest.raises(ValueError, match="batch_size"):
        fit(model, nn.BCELoss(), opt, (X, y), 1, batch_size=0, progress=False)
    with pytest.raises(ValueError, match="val_every needs val_data"):
        fit(model, nn.BCELoss(), opt, (X, y), 1, val_every=2, progress=False)
    with pytest.raises(TypeError, match="nn.Module"):
        fit(lambda x: x, nn.BCELoss(), opt, (X, y), 1, progress=False)
    with pytest.raises(TypeError, match="zero_grad"):
        fit(model, nn.BCELoss(), object(), (X, y), 1, progress=False)
    with pytest.raises(ValueError, match=r"one-element Tensor.*shape \(8, 1\)"):
        fit(model, nn.BCELoss(reduction="none"), opt, (X, y), 1, batch_size=None, progress=False)


# ---- progress output -------------------------------------------------------------------------------


def test_progress_false_prints_nothing(capsys):
    X, y = circles(12)
    quiet_fit(small_model(), (X, y), epochs=2, batch_size=4, val_data=circles(4, seed=1))
    assert capsys.readouterr() == ("", "")


def test_progress_bar_shows_epoch_and_numbers(capsys):
    pytest.importorskip("tqdm")
    X, y = circles(12)
    model = small_model()
    fit(model, nn.BCELoss(), optim.SGD(model.parameters(), lr=0.1), (X, y), 2, batch_size=4)
    err = capsys.readouterr().err
    assert "epoch 2/2" in err and "6/6" in err and "loss" in err and "accuracy" in err


def test_without_tqdm_one_line_per_epoch(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm", None)  # importing it now raises ImportError
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    X, y = circles(12)
    model = small_model()
    history = fit(model, nn.BCELoss(), optim.SGD(model.parameters(), lr=0.1), (X, y), 3, batch_size=None)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in lines] == [["epoch", "1/3"], ["epoch", "2/3"], ["epoch", "3/3"]]
    assert f"loss {history.loss[2]:.4g}" in lines[2]
    model = small_model()
    fit(model, nn.BCELoss(), optim.SGD(model.parameters(), lr=0.1), (X, y), 100, batch_size=None)
    assert len(capsys.readouterr().out.splitlines()) == 20  # long runs: every 5th epoch


# ---- CSV log ---------------------------------------------------------------------------------------


def read_csv(path):
    with open(path, newline="") as file:
        return list(csv.reader(file))


def test_csv_has_one_row_per_iteration(tmp_path):
    X, y = circles(10)

    def error_rate(prediction, target):
        return 1 - accuracy(prediction, target)

    path = tmp_path / "log.csv"
    history = quiet_fit(
        small_model(),
        (X, y),
        epochs=2,
        batch_size=4,
        val_data=circles(6, seed=1),
        metrics=("accuracy", error_rate),
        log_csv=path,
    )
    header, *rows = read_csv(path)
    assert header == [
        "epoch",
        "iteration",
        "loss",
        "accuracy",
        "error_rate",
        "val_loss",
        "val_accuracy",
        "val_error_rate",
        "lr",
    ]
    assert len(rows) == 6
    for column, name in enumerate(header):
        written = [float(cell) if cell else math.nan for cell in (row[column] for row in rows)]
        np.testing.assert_array_equal(written, history.iteration[name])  # exact: floats written in full
    assert [row[5] == "" for row in rows] == [True, True, False] * 2
    assert not [name for name in os.listdir(tmp_path) if name != "log.csv"]  # no temporary left


def test_csv_without_validation_has_no_val_columns(tmp_path):
    X, y = circles(8)
    path = str(tmp_path / "log.csv")
    quiet_fit(small_model(), (X, y), epochs=3, batch_size=None, log_csv=path)
    header, *rows = read_csv(path)
    assert header == ["epoch", "iteration", "loss", "accuracy", "lr"] and len(rows) == 3


def test_csv_written_with_usual_permissions(tmp_path):
    mask = os.umask(0)
    os.umask(mask)
    X, y = circles(8)
    path = tmp_path / "log.csv"
    quiet_fit(small_model(), (X, y), epochs=1, log_csv=path)
    assert os.stat(path).st_mode & 0o777 == 0o666 & ~mask


def test_failed_training_leaves_the_old_csv_untouched(tmp_path):
    X, y = circles(10)
    path = tmp_path / "log.csv"
    path.write_text("an older, good log\n")
    calls = []

    def failing_loss(output, target):
        calls.append(1)
        if len(calls) == 5:
            raise RuntimeError("out of memory, say")
        return nn.BCELoss()(output, target)

    model = small_model()
    with pytest.raises(RuntimeError, match="out of memory"):
        fit(
            model,
            failing_loss,
            optim.SGD(model.parameters(), lr=0.1),
            (X, y),
            3,
            batch_size=4,
            progress=False,
            log_csv=path,
        )
    assert path.read_text() == "an older, good log\n"
    assert os.listdir(tmp_path) == ["log.csv"]
    quiet_fit(small_model(), (X, y), epochs=1, batch_size=4, log_csv=path)  # success replaces it
    assert len(read_csv(path)) == 1 + 3


def test_csv_folder_must_exist(tmp_path):
    X, y = circles(8)
    with pytest.raises(FileNotFoundError, match="log_csv folder"):
        quiet_fit(small_model(), (X, y), epochs=1, log_csv=tmp_path / "missing" / "log.csv")


# ---- the NaN guard ---------------------------------------------------------------------------------


def test_nan_loss_stops_before_the_step_and_names_where():
    X, y = circles(10)
    calls = []

    def loss_turning_nan(output, target):
        calls.append(1)
        loss = nn.BCELoss()(output, target)
        return loss * math.nan if len(calls) == 5 else loss

    model = small_model()
    opt = optim.SGD(model.parameters(), lr=0.1)
    steps = []
    original_step = opt.step
    opt.step = lambda: (steps.append(1), original_step())
    where = r"loss is nan at epoch 2, iteration 5 \(batch 2 of 3"
    with pytest.raises(FloatingPointError, match=where) as info:
        fit(model, loss_turning_nan, opt, (X, y), 3, batch_size=4, progress=False)
    assert len(steps) == 4  # no step with the nan batch
    assert len(info.value.history.iteration["loss"]) == 4 and len(info.value.history) == 1


def test_diverging_learning_rate_raises_with_the_value():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(32, 3)) * 10
    y = X @ [[1.0], [2.0], [3.0]]
    autograd.manual_seed(0)
    model = nn.Linear(3, 1)
    with (
        pytest.raises(FloatingPointError, match=r"loss is (inf|nan) at epoch \d+, iteration \d+") as info,
        np.errstate(over="ignore", invalid="ignore"),
    ):
        fit(
            model,
            nn.MSELoss(),
            optim.SGD(model.parameters(), lr=10.0),
            (X, y),
            200,
            batch_size=None,
            metrics=(),
            progress=False,
        )
    history = info.value.history
    assert len(history.iteration["loss"]) >= 2 and all(map(math.isfinite, history.iteration["loss"]))
    assert history.iteration["loss"][-1] > history.iteration["loss"][0]


# ---- schedules -------------------------------------------------------------------------------------


def test_scheduler_steps_once_per_epoch():
    X, y = circles(12)
    model = small_model()
    opt = optim.SGD(model.parameters(), lr=0.4)
    scheduler = optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
    history = fit(model, nn.BCELoss(), opt, (X, y), 3, batch_size=6, scheduler=scheduler, progress=False)
    assert history.lr == [0.4, 0.2, 0.1]
    assert history.iteration["lr"] == [0.4, 0.4, 0.2, 0.2, 0.1, 0.1]
    assert scheduler.last_epoch == 3 and opt.param_groups[0]["lr"] == 0.05


@pytest.mark.parametrize("with_validation", [True, False])
def test_reduce_on_plateau_gets_the_validation_or_training_loss(with_validation):
    X, y = circles(12)
    model = small_model()
    opt = optim.SGD(model.parameters(), lr=0.1)
    scheduler = optim.lr_scheduler.ReduceLROnPlateau(opt)
    seen = []
    original_step = scheduler.step
    scheduler.step = lambda metric: (seen.append(metric), original_step(metric))
    val = circles(6, seed=1) if with_validation else None
    history = fit(model, nn.BCELoss(), opt, (X, y), 3, val_data=val, scheduler=scheduler, progress=False)
    assert seen == (history.val_loss if with_validation else history.loss)


# ---- evaluate and predict --------------------------------------------------------------------------


def dropout_model():
    autograd.manual_seed(0)
    return nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Dropout(0.5), nn.Linear(8, 1), nn.Sigmoid())


def test_predict_is_eval_mode_without_graph_and_restores_modes():
    X, _ = circles(20)
    model = dropout_model()
    expected = model.eval()(Tensor(X)).numpy()
    model.train()
    model[2].eval()  # a mixed state must come back as it was
    result = predict(model, X)
    assert isinstance(result, np.ndarray) and result.shape == (20, 1)
    np.testing.assert_array_equal(result, expected)  # dropout off
    assert [m.training for m in model.modules()] == [True, True, True, False, True, True]
    np.testing.assert_allclose(predict(model, Tensor(X), batch_size=7), expected, rtol=1e-15)
    assert autograd.is_grad_enabled()


def test_modes_restored_when_the_model_fails():
    class Failing(nn.Module):
        def forward(self, x):
            assert not self.training and not autograd.is_grad_enabled()
            raise RuntimeError("broken forward")

    model = Failing()
    X, y = circles(4)
    for run in (lambda: predict(model, X), lambda: evaluate(model, (X, y))):
        with pytest.raises(RuntimeError, match="broken forward"):
            run()
        assert model.training and autograd.is_grad_enabled()


def test_evaluate_loss_and_metrics():
    X, y = circles(30)
    model = dropout_model()
    with autograd.no_grad():
        output = model.eval()(Tensor(X))
        loss = nn.BCELoss()(output, Tensor(y)).item()
    model.train()
    results = evaluate(model, (X, y), nn.BCELoss())
    assert results == {"loss": loss, "accuracy": np.mean((output.numpy() > 0.5) == (y == 1))}
    assert model.training
    batched = evaluate(model, (X, y), nn.BCELoss(), metrics=("accuracy", "mae"), batch_size=7)
    assert batched["loss"] == pytest.approx(loss, rel=1e-13)
    assert batched["accuracy"] == results["accuracy"]
    assert batched["mae"] == pytest.approx(np.mean(np.abs(output.numpy() - y)), rel=1e-13)
    assert evaluate(model, (X, y), metrics=()) == {}


# ---- metrics ---------------------------------------------------------------------------------------


def test_binary_accuracy_probabilities_logits_and_signs():
    probabilities = np.array([[0.9], [0.4], [0.6], [0.1]])
    labels = np.array([1, 0, 0, 0])
    assert accuracy(probabilities, labels) == 0.75
    assert accuracy(probabilities, labels[:, None].astype(float)) == 0.75
    assert accuracy(probabilities.ravel(), labels) == 0.75
    logits = np.array([2.0, -0.3, 0.2, -1.5])  # outside [0, 1]: threshold 0
    assert accuracy(logits, labels) == 0.75
    assert accuracy(logits, 2 * labels - 1) == 0.75  # -1/+1 labels: the sign decides
    assert predicted_labels(probabilities).tolist() == [1, 0, 1, 0]
    assert predicted_labels(logits).tolist() == [1, 0, 1, 0]


def test_multiclass_accuracy_labels_and_one_hot():
    scores = np.array([[2.0, 1.0, 0.0], [0.1, 0.2, 0.3], [5.0, -1.0, 9.0], [0.0, 3.0, 1.0]])
    labels = np.array([0, 2, 0, 1])
    assert accuracy(scores, labels) == 0.75
    assert accuracy(scores, np.eye(3)[labels]) == 0.75
    assert predicted_labels(scores).tolist() == [0, 2, 2, 1]


def test_metric_errors_are_clear():
    with pytest.raises(ValueError, match="labels 0/1.*metrics=\\(\\)"):
        accuracy(np.array([0.2, 0.7]), np.array([0.5, 3.0]))
    with pytest.raises(ValueError, match=r"\(4, 3\).*\(4, 2\)"):
        accuracy(np.zeros((4, 3)), np.zeros((4, 2)))
    with pytest.raises(ValueError, match=r"\(3,\).*\(4,\)"):
        accuracy(np.zeros(3), np.zeros(4))
    X, y = circles(8)
    with pytest.raises(ValueError, match="'f1'.*'accuracy', 'mse', 'mae'"):
        quiet_fit(small_model(), (X, y), epochs=1, metrics=("f1",))
    with pytest.raises(ValueError, match="'accuracy' is taken"):
        evaluate(small_model(), (X, y), metrics=("accuracy", accuracy))
    with pytest.raises(TypeError, match="name or a function"):
        evaluate(small_model(), (X, y), metrics=(3,))


def test_regression_with_mse_metric():
    X = np.linspace(-1, 1, 20)[:, None]
    y = 3 * X - 1
    autograd.manual_seed(0)
    model = nn.Linear(1, 1)
    history = fit(
        model,
        nn.MSELoss(),
        optim.SGD(model.parameters(), lr=0.3),
        (X, y),
        50,
        batch_size=None,
        metrics="mse",
        progress=False,
    )
    assert history.epoch["mse"] == history.loss  # MSE loss over a full batch
    assert evaluate(model, (X, y), metrics="mse")["mse"] < 1e-6


# ---- convergence -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make_optimizer",
    [
        lambda p: optim.SGD(p, lr=0.5),
        lambda p: optim.SGD(p, lr=0.2, momentum=0.9, nesterov=True),
        lambda p: optim.Adam(p, lr=0.05),
        lambda p: optim.AdamW(p, lr=0.05),
        lambda p: optim.RMSprop(p, lr=0.02),
        lambda p: optim.Adagrad(p, lr=0.3),
        lambda p: optim.Adadelta(p, lr=1.0),
    ],
    ids=["SGD", "SGD-nesterov", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta"],
)
def test_xor_reaches_full_accuracy(make_optimizer):
    X, y = make_xor()
    autograd.manual_seed(0)
    model = nn.MLP(2, [8], 1, activation="tanh", output_activation="sigmoid")
    history = fit(
        model,
        nn.BCELoss(),
        make_optimizer(model.parameters()),
        (X, y[:, None]),
        300,
        batch_size=None,
        progress=False,
    )
    assert history.loss[-1] < 0.1 * history.loss[0]
    assert evaluate(model, (X, y))["accuracy"] == 1.0
    np.testing.assert_array_equal(predict(model, X).round().ravel(), y)


# ---- plots -----------------------------------------------------------------------------------------


@pytest.fixture
def pyplot():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


def test_history_plot(pyplot):
    X, y = circles(12)
    history = quiet_fit(small_model(), (X, y), epochs=3, batch_size=4, val_data=circles(6, seed=1))
    figure = history.plot(log_loss=True)
    loss_axes, accuracy_axes = figure.axes
    assert loss_axes.get_yscale() == "log" and accuracy_axes.get_title() == "accuracy"
    train, val = loss_axes.get_lines()
    np.testing.assert_array_equal(train.get_ydata(), history.loss)
    np.testing.assert_array_equal(val.get_ydata(), history.val_loss)
    per_iteration = history.plot(metrics=[], per="iteration")
    train, val = per_iteration.axes[0].get_lines()
    assert len(train.get_xdata()) == 9 and val.get_xdata().tolist() == [3, 6, 9]
    with pytest.raises(ValueError, match="no metric 'mse'.*accuracy"):
        history.plot(metrics=["mse"])


def test_plot_decision_boundary(pyplot):
    X, y = circles(40)
    model = small_model()
    ax = plot_decision_boundary(model, X, y, resolution=30)
    assert ax.collections[-1].get_offsets().shape == (40, 2)
    three = nn.Linear(2, 3)
    _, given = pyplot.subplots()
    labels = np.arange(40) % 3
    assert plot_decision_boundary(three, X, np.eye(3)[labels], ax=given) is given
    with pytest.raises(ValueError, match=r"\(N, 2\).*\(40, 3\)"):
        plot_decision_boundary(model, np.zeros((40, 3)), y)


def test_plots_name_the_missing_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    X, y = circles(8)
    history = quiet_fit(small_model(), (X, y), epochs=1)
    with pytest.raises(ImportError, match=r"pip install chainrule\[notebooks\]"):
        history.plot()
    with pytest.raises(ImportError, match=r"pip install chainrule\[notebooks\]"):
        plot_decision_boundary(small_model(), X, y)
