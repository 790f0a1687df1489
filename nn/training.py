"""A training loop for notebooks: ``fit``, ``evaluate``, ``predict`` and the ``History`` they fill.

``fit`` runs the plain loop, once per mini-batch::

    model.train()
    optimizer.zero_grad()
    loss = loss_fn(model(X_batch), y_batch)
    loss.backward()
    optimizer.step()

and adds what a notebook wants around it: shuffled mini-batches, metrics,
validation, a progress bar, a CSV log with one row per iteration, a
learning-rate schedule, and a clear stop when the loss becomes nan or inf.

Metrics are functions ``metric(prediction, target) -> float`` of numpy
arrays: the model's output and the targets of the same rows. ``"accuracy"``,
``"mse"`` and ``"mae"`` are built in (see ``accuracy`` for how it reads
binary and multi-class outputs); any other function is named by its
``__name__``.
"""

import csv
import math
import numbers
import os
from contextlib import contextmanager

import numpy as np

import autograd
from autograd import Tensor, no_grad
from autograd.atomic import atomic_write

from .data import DataLoader
from .diagnostics import Diagnostics
from .module import Module

__all__ = ["fit", "evaluate", "predict", "History", "accuracy", "predicted_labels", "METRICS"]


# ---- metrics -------------------------------------------------------------------------------------


def _binary_threshold(scores):
    """0.5 for probabilities (every score in [0, 1]), else 0 for logits: sigmoid(z) > 0.5 iff z > 0."""
    return 0.5 if scores.size and np.all((scores >= 0) & (scores <= 1)) else 0.0


def predicted_labels(prediction):
    """The class each row of a model's output stands for.

    - shape (N, C) with C > 1 (scores or probabilities of C classes): the argmax of each row;
    - shape (N,) or (N, 1), one output (binary): 1 where the output is above 0.5 if every
      output lies in [0, 1] (read as sigmoid probabilities), else above 0 (read as logits).

    The second rule guesses from the values: logits that all happen to lie in [0, 1] are read
    as probabilities. Models that output logits usually leave that range after a few steps.
    """
    prediction = np.asarray(prediction)
    if prediction.ndim == 2 and prediction.shape[1] > 1:
        return prediction.argmax(axis=1)
    if prediction.ndim not in (1, 2):
        raise ValueError(
            f"predicted_labels: expected outputs of shape (N,), (N, 1) or (N, C), "
            f"got shape {tuple(prediction.shape)}"
        )
    scores = prediction.reshape(len(prediction))
    return (scores > _binary_threshold(scores)).astype(np.int64)


def accuracy(prediction, target):
    """The fraction of rows whose predicted class (``predicted_labels``) equals the target's.

    - Multi-class, outputs (N, C): targets are integer labels (N,) or one-hot rows (N, C)
      (their argmax is taken, so class probabilities work too).
    - Binary, outputs (N,) or (N, 1): targets (N,) or (N, 1) with labels 0/1, compared with
      the output thresholded at 0.5 (probabilities) or 0 (logits, when some output is outside
      [0, 1]); labels -1/+1 (as for ``HingeLoss``) are compared with the sign of the output.
    """
    prediction, target = np.asarray(prediction), np.asarray(target)
    n = len(prediction) if prediction.ndim else 0
    if prediction.ndim == 2 and prediction.shape[1] > 1:
        if target.shape == prediction.shape:
            target = target.argmax(axis=1)
        elif target.shape != (n,):
            raise ValueError(
                f"accuracy: multi-class outputs of shape {tuple(prediction.shape)} need integer "
                f"labels of shape ({n},) or one-hot targets of shape {tuple(prediction.shape)}, "
                f"got targets of shape {tuple(target.shape)}"
            )
        return float(np.mean(prediction.argmax(axis=1) == target))
    if prediction.shape not in ((n,), (n, 1)) or target.shape not in ((n,), (n, 1)):
        raise ValueError(
            f"accuracy: binary outputs and targets must have shape (N,) or (N, 1) with the "
            f"same N, got outputs {tuple(prediction.shape)} and targets {tuple(target.shape)}"
        )
    scores, target = prediction.reshape(n), target.reshape(n)
    if np.all((target == 0) | (target == 1)):
        return float(np.mean((scores > _binary_threshold(scores)) == (target == 1)))
    if np.all((target == -1) | (target == 1)):
        return float(np.mean((scores > 0) == (target == 1)))
    raise ValueError(
        f"accuracy: binary targets must be labels 0/1 (or -1/+1), got values from "
        f"{np.min(target):g} to {np.max(target):g}; for regression pass metrics=() or "
        f"metrics=('mse',)"
    )


def mse(prediction, target):
    """Mean squared error, mean((prediction - target)^2), of arrays of the same shape."""
    return float(np.mean((np.asarray(prediction) - _same_shape(prediction, target, "mse")) ** 2))


def mae(prediction, target):
    """Mean absolute error, mean(|prediction - target|), of arrays of the same shape."""
    return float(np.mean(np.abs(np.asarray(prediction) - _same_shape(prediction, target, "mae"))))


def _same_shape(prediction, target, name):
    prediction, target = np.asarray(prediction), np.asarray(target)
    if prediction.shape != target.shape:
        raise ValueError(
            f"{name}: outputs of shape {tuple(prediction.shape)} and targets of shape "
            f"{tuple(target.shape)} must have the same shape"
        )
    return target


METRICS = {"accuracy": accuracy, "mse": mse, "mae": mae}


def _resolve_metrics(metrics, who):
    """``metrics`` (names and functions) as an ordered dict name -> function."""
    if metrics is None:
        metrics = ()
    elif isinstance(metrics, str) or callable(metrics):
        metrics = (metrics,)
    resolved = {}
    for metric in metrics:
        if isinstance(metric, str):
            if metric not in METRICS:
                raise ValueError(
                    f"{who}: unknown metric {metric!r}; valid names are "
                    f"{', '.join(map(repr, METRICS))}, or pass a function "
                    f"metric(prediction, target) -> float"
                )
            name, function = metric, METRICS[metric]
        elif callable(metric):
            name, function = getattr(metric, "__name__", type(metric).__name__), metric
        else:
            raise TypeError(f"{who}: each metric must be a name or a function, got {type(metric).__name__}")
        if name in resolved or name in ("loss", "lr", "epoch", "iteration") or name.startswith("val_"):
            raise ValueError(
                f"{who}: metric name {name!r} is taken (a duplicate, a column of the log, "
                f"or starts with 'val_'); give the function another __name__"
            )
        resolved[name] = function
    return resolved


def _measure(metrics, prediction, target):
    return {name: float(function(prediction, target)) for name, function in metrics.items()}


# ---- data and modes ------------------------------------------------------------------------------


def _rows(value, name):
    array = value._data if isinstance(value, Tensor) else np.asarray(value)
    if array.ndim == 0:
        raise ValueError(f"{name} needs one row per example, got a scalar")
    return array


def _is_count(value):
    """True for a positive int (not a bool)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool) and value >= 1


def _check_batch_size(batch_size, who):
    if batch_size is not None and not _is_count(batch_size):
        raise ValueError(
            f"{who}: batch_size must be None (one full batch) or a positive int, got {batch_size!r}"
        )


def _loader(data, batch_size, name, shuffle=False, seed=None):
    """``data`` as an iterable of ``(X, y)`` Tensor batches: a DataLoader as it is, an (X, y) pair cut
    into batches of ``batch_size`` rows (one batch when it is None or >= N; only then unshuffled)."""
    if isinstance(data, DataLoader):
        return data
    if not isinstance(data, (tuple, list)) or len(data) != 2:
        what = type(data).__name__
        if isinstance(data, (tuple, list)):
            what = f"a {what} of length {len(data)}"
        raise TypeError(
            f"{name} must be an (X, y) pair of arrays or Tensors, or an nn.data.DataLoader, got {what}"
        )
    X, y = _rows(data[0], f"{name} X"), _rows(data[1], f"{name} y")
    if len(X) != len(y) or len(X) == 0:
        raise ValueError(
            f"{name}: X and y need the same, non-zero number of rows, got shapes {tuple(X.shape)} and {tuple(y.shape)}"
        )
    if batch_size is None or batch_size >= len(X):
        return DataLoader((X, y), batch_size=len(X))
    return DataLoader((X, y), batch_size=batch_size, shuffle=shuffle, seed=seed)


def _pair(batch, name):
    if not isinstance(batch, (tuple, list)) or len(batch) != 2:
        raise ValueError(f"{name}: each batch must be an (X, y) pair; build the DataLoader from (X, y)")
    return batch


def _check_model(model, who):
    if not isinstance(model, Module):
        raise TypeError(f"{who}: model must be an nn.Module, got {type(model).__name__}")


@contextmanager
def _evaluating(model):
    """Eval mode without graph recording; afterwards each submodule gets back its own
    ``training`` flag, also when an error is raised inside."""
    modes = [(module, module.training) for module in model.modules()]
    model.eval()
    try:
        with no_grad():
            yield
    finally:
        for module, mode in modes:
            module.training = mode


def _output_array(output, who):
    if not isinstance(output, Tensor):
        raise TypeError(f"{who}: the model must return a Tensor, got {type(output).__name__}")
    return output._data


def predict(model, X, batch_size=None):
    """The model's outputs for the rows of ``X`` as a numpy array, in eval mode under ``no_grad``.

    ``batch_size`` rows at a time (all at once when None). The previous train/eval mode of
    every submodule is restored afterwards.
    """
    _check_model(model, "predict")
    _check_batch_size(batch_size, "predict")
    X = _rows(X, "predict: X")
    if len(X) == 0:
        raise ValueError(f"predict: X has no rows (shape {tuple(X.shape)})")
    step = len(X) if batch_size is None else batch_size
    with _evaluating(model):
        outputs = [
            _output_array(model(Tensor(X[start : start + step])), "predict")
            for start in range(0, len(X), step)
        ]
    return np.concatenate(outputs)


def evaluate(model, data, loss_fn=None, metrics=("accuracy",), batch_size=None):
    """The loss (when ``loss_fn`` is given) and metrics of ``model`` on ``data``, as a dict.

    ``data`` is an (X, y) pair or a DataLoader. Runs in eval mode under ``no_grad`` and restores
    the previous mode of every submodule. Metrics are computed once on all outputs; the loss is
    the mean of the batch losses weighted by batch size (the exact mean over all rows for a loss
    with reduction "mean"; with ``batch_size=None`` an (X, y) pair is one batch).
    """
    _check_model(model, "evaluate")
    _check_batch_size(batch_size, "evaluate")
    metric_functions = _resolve_metrics(metrics, "evaluate")
    loader = _loader(data, batch_size, "evaluate: data")
    outputs, targets, loss_total = [], [], 0.0
    with _evaluating(model):
        for batch in loader:
            X, y = _pair(batch, "evaluate: data")
            output = model(X)
            if loss_fn is not None:
                loss_total += _loss_value(loss_fn(output, y), "evaluate") * len(X)
            outputs.append(_output_array(output, "evaluate"))
            targets.append(y._data)
    if not outputs:
        raise ValueError("evaluate: data holds no batches")
    outputs, targets = np.concatenate(outputs), np.concatenate(targets)
    results = {"loss": loss_total / len(outputs)} if loss_fn is not None else {}
    results.update(_measure(metric_functions, outputs, targets))
    return results


def _loss_value(loss, who):
    if not isinstance(loss, Tensor) or loss.numel() != 1:
        what = f"shape {tuple(loss.shape)}" if isinstance(loss, Tensor) else type(loss).__name__
        raise ValueError(
            f"{who}: loss_fn must return a one-element Tensor (reduction 'mean' or 'sum'), got {what}"
        )
    return loss.item()


# ---- what fit records ----------------------------------------------------------------------------


class History:
    """What ``fit`` measured, as plain lists.

    - ``history.epoch``: name -> one value per epoch: ``"loss"`` and each metric (means over
      the epoch's batches, weighted by batch size, measured while the weights were changing),
      ``"val_loss"``/``"val_<metric>"`` with validation data (measured after the epoch's last
      step), and ``"lr"`` (the first parameter group's learning rate during the epoch).
    - ``history.iteration``: name -> one value per iteration (optimiser step), the rows of the
      CSV log: ``"epoch"``, ``"iteration"`` (counted from 1 over the whole run), ``"loss"`` and
      the metrics of the batch (before its step), ``"val_*"`` (nan where validation did not run
      after that step), ``"lr"``.

    Per-epoch lists can also be read as attributes: ``history.loss``, ``history.val_accuracy``.
    """

    def __init__(self):
        self.epoch = {}
        self.iteration = {}

    @staticmethod
    def _append(table, row):
        for name, value in row.items():
            table.setdefault(name, []).append(value)

    def __getattr__(self, name):
        epoch = self.__dict__.get("epoch", {})
        if name in epoch:
            return epoch[name]
        recorded = ", ".join(epoch) or "nothing"
        raise AttributeError(f"History has no {name!r}; per epoch it recorded: {recorded}")

    def __len__(self):
        """The number of epochs recorded."""
        return len(self.epoch.get("loss", ()))

    def to_dict(self):
        """``{"epoch": {...}, "iteration": {...}}`` with copies of the lists."""
        return {
            "epoch": {name: list(values) for name, values in self.epoch.items()},
            "iteration": {name: list(values) for name, values in self.iteration.items()},
        }

    def plot(self, metrics=None, log_loss=False, per="epoch"):
        """A matplotlib figure: loss and metric curves, train solid and validation dashed.

        ``metrics``: the metric names to draw beside the loss (default: all recorded);
        ``log_loss``: loss on a log scale; ``per``: "epoch" or "iteration".
        Needs matplotlib (``pip install chainrule[notebooks]``).
        """
        from .plotting import plot_history

        return plot_history(self, metrics=metrics, log_loss=log_loss, per=per)

    def __repr__(self):
        if not len(self):
            return "History(empty)"
        last = ", ".join(f"{name} {values[-1]:.4g}" for name, values in self.epoch.items())
        return f"History({len(self)} epochs, {len(self.iteration['loss'])} iterations; last epoch: {last})"


class _CsvLog:
    """One CSV row per iteration, streamed through ``autograd.atomic.atomic_write``: the file
    appears at ``path`` only when training ends normally. If training fails, the temporary
    file is deleted and an older file at ``path`` stays as it was."""

    def __init__(self, path, columns):
        self.columns, self._writing, self.writer = columns, None, None
        if path is None:
            return
        path = os.path.abspath(os.fspath(path))
        folder = os.path.dirname(path)
        if not os.path.isdir(folder):
            raise FileNotFoundError(f"fit: log_csv folder {folder!r} does not exist")
        if os.path.isdir(path):
            raise IsADirectoryError(f"fit: log_csv {path!r} is a folder; give a file name")
        self._writing = atomic_write(path, "w", newline="", encoding="utf-8")
        self.writer = csv.writer(self._writing.__enter__())
        self.writer.writerow(columns)

    def write(self, row):
        """Write ``row`` (a dict); nan (not measured) becomes an empty cell."""
        if self.writer is not None:
            self.writer.writerow(
                [
                    "" if isinstance(row[name], float) and math.isnan(row[name]) else row[name]
                    for name in self.columns
                ]
            )

    def finish(self, success):
        """Put the file in place (success) or throw it away."""
        if self._writing is None:
            return
        if success:
            self._writing.__exit__(None, None, None)
        else:
            failure = RuntimeError("training stopped")
            self._writing.__exit__(type(failure), failure, None)


class _Progress:
    """A tqdm bar over the iterations (``tqdm.auto``: the widget in Jupyter), its description the
    epoch and its postfix the last epoch's numbers. Without tqdm: printed lines instead."""

    def __init__(self, enabled, epochs, iterations_per_epoch):
        self.enabled, self.epochs, self.bar = enabled, epochs, None
        if not enabled:
            return
        try:
            from tqdm.auto import tqdm
        except ImportError:
            return
        self.bar = tqdm(total=epochs * iterations_per_epoch, desc=f"epoch 1/{epochs}", unit="it")

    def step(self):
        if self.bar is not None:
            self.bar.update()

    def end_epoch(self, epoch, row):
        numbers_text = "  ".join(f"{name} {value:.4g}" for name, value in row.items() if name != "lr")
        if self.bar is not None:
            self.bar.set_postfix_str(numbers_text, refresh=False)
            self.bar.set_description(f"epoch {min(epoch + 1, self.epochs)}/{self.epochs}", refresh=False)
        elif self.enabled and (epoch % math.ceil(self.epochs / 20) == 0 or epoch == self.epochs):
            print(f"epoch {epoch}/{self.epochs}  {numbers_text}", flush=True)

    def close(self):
        if self.bar is not None:
            self.bar.close()


def _learning_rate(optimizer):
    groups = getattr(optimizer, "param_groups", None)
    return float(groups[0]["lr"]) if groups and "lr" in groups[0] else math.nan


def _step_scheduler(scheduler, epoch_row):
    """``scheduler.step()``; ReduceLROnPlateau is given the validation loss, else the training loss."""
    from optim.lr_scheduler import ReduceLROnPlateau  # late: optim does not belong to nn

    if isinstance(scheduler, ReduceLROnPlateau):
        scheduler.step(epoch_row.get("val_loss", epoch_row["loss"]))
    else:
        scheduler.step()


def _non_finite_loss(value, epoch, iteration, batch, history):
    """The error that stops ``fit`` at a nan/inf loss; it carries the history recorded so far."""
    error = FloatingPointError(
        f"fit: the loss is {value} at epoch {epoch}, iteration {iteration} (batch {batch} in the epoch); "
        f"stopped before optimizer.step(), so the parameters are the ones that produced it. Try a smaller "
        f"learning rate, check the data for nan/inf, or use a stable loss (nn.BCEWithLogitsLoss, "
        f"nn.CrossEntropyLoss); inside `with autograd.detect_anomaly():` the op is named."
    )
    error.history = history
    return error


def _check_fit_arguments(model, loss_fn, optimizer, epochs, batch_size, val_data, scheduler, val_every):
    _check_model(model, "fit")
    if not callable(loss_fn):
        raise TypeError(f"fit: loss_fn must be callable (e.g. nn.MSELoss()), got {type(loss_fn).__name__}")
    for method in ("zero_grad", "step"):
        if not callable(getattr(optimizer, method, None)):
            raise TypeError(
                f"fit: optimizer needs a {method}() method (e.g. optim.SGD(model.parameters(), "
                f"lr=0.1)), got {type(optimizer).__name__}"
            )
    if scheduler is not None and not callable(getattr(scheduler, "step", None)):
        raise TypeError(f"fit: scheduler needs a step() method, got {type(scheduler).__name__}")
    if not _is_count(epochs):
        raise ValueError(f"fit: epochs must be a positive int, got {epochs!r}")
    _check_batch_size(batch_size, "fit")
    if val_every is not None:
        if not _is_count(val_every):
            raise ValueError(f"fit: val_every must be None or a positive int, got {val_every!r}")
        if val_data is None:
            raise ValueError("fit: val_every needs val_data")


def _forward_and_loss(model, loss_fn):
    def forward_and_loss(X, y):
        output = model(X)
        return loss_fn(output, y), output

    return forward_and_loss


def fit(
    model,
    loss_fn,
    optimizer,
    train_data,
    epochs,
    batch_size=32,
    val_data=None,
    metrics=("accuracy",),
    scheduler=None,
    progress=True,
    log_csv=None,
    seed=None,
    val_every=None,
    diagnostics=False,
    compile=False,
):
    """Train ``model`` for ``epochs`` passes over ``train_data``; return a ``History``.

    - ``train_data``, ``val_data``: an ``(X, y)`` pair of arrays or Tensors, or an
      ``nn.data.DataLoader`` of (X, y) batches (then ``batch_size`` and ``seed`` do not apply).
      A pair is cut into shuffled batches of ``batch_size`` rows, reshuffled every epoch;
      ``batch_size=None`` or >= N trains on the whole set at once (full-batch gradient descent,
      unshuffled). The order comes from ``numpy.random.default_rng(seed)`` when ``seed`` is given,
      else from ``autograd.random.generator()`` (``autograd.manual_seed``; it also drives
      initialisation and dropout, which ``seed`` does not touch).
    - Every iteration: ``model.train()``, ``optimizer.zero_grad()``, ``loss = loss_fn(model(X), y)``,
      ``loss.backward()``, ``optimizer.step()``. A nan or inf loss raises FloatingPointError naming
      the epoch and iteration before the step (the parameters are those that produced it); the
      error's ``history`` attribute holds what was recorded until then.
    - ``metrics``: names in ``METRICS`` ("accuracy", "mse", "mae") or functions
      ``metric(prediction, target) -> float`` of numpy arrays, keyed by ``__name__``. Per
      iteration they are measured on the batch's outputs (train mode, so with dropout active).
    - Validation runs ``evaluate(model, val_data, loss_fn, metrics)`` (eval mode, one batch for a
      pair) after the last step of each epoch, and also after every ``val_every`` iterations when
      that is given (e.g. ``val_every=1`` for per-iteration test curves; it costs one pass over
      ``val_data`` each time).
    - ``scheduler``: ``scheduler.step()`` after each epoch; a ``ReduceLROnPlateau`` is given the
      epoch's validation loss, or its training loss without ``val_data``.
    - ``progress=True``: a tqdm bar over the iterations (``tqdm.auto``: the widget in Jupyter)
      showing the epoch and the last epoch's loss and metrics. Without tqdm installed, printed lines
      instead: one per epoch, or every k-th epoch (and the last) for runs over 20 epochs, so at most
      about 20 lines. ``progress=False``: no output.
    - ``log_csv=path``: one row per iteration with columns ``epoch, iteration, loss, <metrics>,
      val_loss, val_<metrics>`` (validation columns only with ``val_data``; empty where validation
      did not run), ``lr``. Rows are streamed to a temporary file in the same folder, renamed onto
      ``path`` when training ends; if training fails the temporary file is removed, so a crash never
      leaves a half-written log in place of an older one.
    - ``diagnostics=True``: record ``nn.diagnostics(model)`` over the run (each layer's activation
      and gradient statistics, each parameter's update-to-data ratio, per iteration), returned as
      ``history.diagnostics`` (``history.diagnostics.plot()``); the hooks are removed at the end.
    - ``compile=True``: ``loss_fn(model(X), y)`` runs through ``autograd.compile``: traced on the
      first batch of each shape, replayed after (see ``autograd.compiled``; a model with dropout
      runs on the ordinary engine, with a warning).
    """
    _check_fit_arguments(model, loss_fn, optimizer, epochs, batch_size, val_data, scheduler, val_every)
    metric_functions = _resolve_metrics(metrics, "fit")
    train = _loader(train_data, batch_size, "fit: train_data", shuffle=True, seed=seed)
    if val_data is not None:
        _loader(val_data, None, "fit: val_data")  # check it now, not after the first epoch
    val_names = ["val_loss", *(f"val_{name}" for name in metric_functions)] if val_data is not None else []
    columns = ["epoch", "iteration", "loss", *metric_functions, *val_names, "lr"]
    val_metrics = tuple(metric_functions.values())
    history = History()
    batches = len(train)
    if batches == 0:
        raise ValueError(
            "fit: train_data gives no batches (a DataLoader with drop_last=True and fewer "
            "rows than batch_size?)"
        )
    if not isinstance(diagnostics, bool):
        raise TypeError(f"fit: diagnostics must be True or False, got {diagnostics!r}")
    if not isinstance(compile, bool):
        raise TypeError(f"fit: compile must be True or False, got {compile!r}")
    forward = _forward_and_loss(model, loss_fn)
    if compile:
        forward = autograd.compile(forward)
    log = _CsvLog(log_csv, columns)
    bar = _Progress(progress, epochs, batches)
    recorder = history.diagnostics = Diagnostics(model) if diagnostics else None
    success = False
    try:
        iteration = 0
        for epoch in range(1, epochs + 1):
            totals, rows_seen, val_results = dict.fromkeys(["loss", *metric_functions], 0.0), 0, {}
            for batch_number, batch in enumerate(train, 1):
                iteration += 1
                X, y = _pair(batch, "fit: train_data")
                lr = _learning_rate(optimizer)
                model.train()
                optimizer.zero_grad()
                loss, output = forward(X, y)
                loss_value = _loss_value(loss, "fit")
                if not math.isfinite(loss_value):
                    raise _non_finite_loss(
                        loss_value, epoch, iteration, f"{batch_number} of {batches}", history
                    )
                loss.backward()
                optimizer.step()
                if recorder is not None:
                    recorder.step()

                row = {
                    "epoch": epoch,
                    "iteration": iteration,
                    "loss": loss_value,
                    **_measure(metric_functions, _output_array(output, "fit"), y._data),
                    **dict.fromkeys(val_names, math.nan),
                    "lr": lr,
                }
                for name in totals:
                    totals[name] += row[name] * len(X)
                rows_seen += len(X)
                validate_now = batch_number == batches or (val_every and iteration % val_every == 0)
                if val_data is not None and validate_now:
                    val_results = {
                        f"val_{name}": value
                        for name, value in evaluate(model, val_data, loss_fn, val_metrics).items()
                    }
                    row.update(val_results)
                History._append(history.iteration, row)
                log.write(row)
                bar.step()
            means = {name: total / rows_seen for name, total in totals.items()}
            epoch_row = {**means, **val_results, "lr": lr}
            History._append(history.epoch, epoch_row)
            bar.end_epoch(epoch, epoch_row)
            if scheduler is not None:
                _step_scheduler(scheduler, epoch_row)
        success = True
    finally:
        bar.close()
        log.finish(success)
        if recorder is not None:
            recorder.remove()
    return history
