"""Pictures of training: learning curves (``History.plot``), 2-D decision boundaries, and the
layer diagnostics of ``nn.diagnostics`` (``Diagnostics.plot``).

matplotlib is an optional extra, imported only when a picture is drawn:
``pip install chainrule[notebooks]``.
"""

import numpy as np

from autograd import Tensor

from .training import predict, predicted_labels

__all__ = ["plot_history", "plot_decision_boundary", "plot_diagnostics"]

_NOT_METRICS = ("loss", "lr", "epoch", "iteration")


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError(
            "drawing needs matplotlib, an optional extra: pip install chainrule[notebooks]"
        ) from None
    return plt


def plot_history(history, metrics=None, log_loss=False, per="epoch"):
    """One panel for the loss and one per metric, training solid and validation dashed; returns the Figure.

    ``metrics``: names of recorded metrics to draw (default: all); ``log_loss``: the loss axis on
    a log scale (loss curves often fall over decades); ``per``: "epoch" (x = 1, 2, ...) or
    "iteration" (x = the iteration count; validation points only where it ran).
    """
    if per not in ("epoch", "iteration"):
        raise ValueError(f"plot_history: per must be 'epoch' or 'iteration', got {per!r}")
    table = history.epoch if per == "epoch" else history.iteration
    if not table.get("loss"):
        raise ValueError("plot_history: the history is empty (nothing was trained)")
    recorded = [name for name in table if name not in _NOT_METRICS and not name.startswith("val_")]
    if metrics is None:
        metrics = recorded
    elif isinstance(metrics, str):
        metrics = [metrics]
    unknown = [name for name in metrics if name not in recorded]
    if unknown:
        raise ValueError(
            f"plot_history: no metric {unknown[0]!r} in the history; recorded: "
            f"{', '.join(recorded) or 'none'}"
        )
    x = np.asarray(table["iteration"]) if per == "iteration" else np.arange(1, len(table["loss"]) + 1)
    plt = _pyplot()
    names = ["loss", *metrics]
    figure, axes = plt.subplots(1, len(names), figsize=(4.5 * len(names), 3.5), squeeze=False)
    for ax, name in zip(axes[0], names):
        for key, label, style in ((name, "train", "-"), (f"val_{name}", "validation", "--")):
            if key in table:
                values = np.asarray(table[key], dtype=float)
                measured = np.isfinite(values)  # validation is nan where it did not run
                ax.plot(x[measured], values[measured], style, label=label)
        ax.set_title(name)
        ax.set_xlabel(per)
        if name == "loss" and log_loss:
            ax.set_yscale("log")
        ax.legend()
    figure.tight_layout()
    return figure


def _labels_of(y, n):
    """Class labels 0..K-1 from labels (N,) / (N, 1) or one-hot rows (N, C); -1/+1 become 0/1."""
    y = y._data if isinstance(y, Tensor) else np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        y = y.argmax(axis=1)
    if y.size != n:
        raise ValueError(
            f"plot_decision_boundary: y must hold one label per row of X ({n}), got shape {tuple(y.shape)}"
        )
    y = y.reshape(n)
    if np.all((y == -1) | (y == 1)):
        y = y == 1
    return y.astype(np.int64)


def plot_decision_boundary(model, X, y, ax=None, resolution=200, margin=0.1, cmap="coolwarm", alpha=0.3):
    """Colour the plane by the class ``model`` predicts, and scatter the points ``X`` coloured by ``y``.

    ``X`` is (N, 2); ``y`` holds labels (N,) or one-hot rows. The model is evaluated on a
    ``resolution`` x ``resolution`` grid covering ``X`` plus ``margin`` times its range on each
    side, through ``predict`` (eval mode, no graph); its outputs become classes as in
    ``nn.training.predicted_labels`` (argmax, or a threshold of 0.5 for probabilities / 0 for
    logits). Draws into ``ax`` (a new figure if None) and returns the Axes.
    """
    X = X._data if isinstance(X, Tensor) else np.asarray(X)
    if X.ndim != 2 or X.shape[1] != 2 or len(X) == 0:
        raise ValueError(f"plot_decision_boundary: X must have shape (N, 2), got {tuple(X.shape)}")
    if isinstance(resolution, bool) or not isinstance(resolution, (int, np.integer)) or resolution < 2:
        raise ValueError(f"plot_decision_boundary: resolution must be an int >= 2, got {resolution!r}")
    labels = _labels_of(y, len(X))
    low, high = X.min(axis=0), X.max(axis=0)
    pad = margin * np.where(high > low, high - low, 1.0)
    grid_x, grid_y = np.meshgrid(
        np.linspace(low[0] - pad[0], high[0] + pad[0], resolution),
        np.linspace(low[1] - pad[1], high[1] + pad[1], resolution),
    )
    dtype = X.dtype if X.dtype.kind == "f" else np.float64
    grid = np.column_stack([grid_x.ravel(), grid_y.ravel()]).astype(dtype)
    regions = predicted_labels(predict(model, grid)).reshape(grid_x.shape)
    n_classes = int(max(regions.max(), labels.max())) + 1
    plt = _pyplot()
    if ax is None:
        ax = plt.subplots(figsize=(5, 5))[1]
    ax.contourf(
        grid_x,
        grid_y,
        regions,
        levels=np.arange(n_classes + 1) - 0.5,
        cmap=cmap,
        alpha=alpha,
        vmin=0,
        vmax=max(n_classes - 1, 1),
    )
    ax.scatter(
        X[:, 0],
        X[:, 1],
        c=labels,
        cmap=cmap,
        vmin=0,
        vmax=max(n_classes - 1, 1),
        edgecolors="k",
        linewidths=0.5,
        s=20,
    )
    ax.set_xlim(grid_x[0, 0], grid_x[0, -1])
    ax.set_ylim(grid_y[0, 0], grid_y[-1, 0])
    return ax


def plot_diagnostics(diag, layers=None, params=None):
    """Three panels: the last step's activation histograms and gradient histograms, one line
    per layer (with its mean, std and saturated / dead fraction in the legend), and each
    parameter's update-to-data ratio per step on a log scale with the 1e-3 guide line."""
    if not diag.steps:
        raise ValueError(
            "Diagnostics.plot: nothing recorded yet (call diag.step() after each optimizer.step())"
        )
    layers = diag.default_layers() if layers is None else list(layers)
    params = diag.default_params() if params is None else list(params)
    for name in layers:
        if name not in diag.activations:
            raise ValueError(
                f"Diagnostics.plot: no layer {name!r} was recorded; recorded: "
                f"{', '.join(diag.activations) or 'none'}"
            )
    for name in params:
        if name not in diag.update_ratio:
            raise ValueError(
                f"Diagnostics.plot: no parameter {name!r}; the model has: {', '.join(diag.update_ratio)}"
            )
    plt = _pyplot()
    figure, (act_ax, grad_ax, ratio_ax) = plt.subplots(1, 3, figsize=(15, 3.8))
    for name in layers:
        table = diag.layers[name]
        extra = "".join(
            f", {key} {100 * table[key][-1]:.0f}%"
            for key in ("saturated", "dead")
            if np.isfinite(table[key][-1])
        )
        x, density = diag.histogram(name, "activations")
        act_ax.plot(
            x,
            density,
            label=f"{name} ({diag.kinds[name]}): mean {table['mean'][-1]:+.2f}, "
            f"std {table['std'][-1]:.2f}{extra}",
        )
        if name in diag.gradients:
            x, density = diag.histogram(name, "gradients")
            grad_ax.plot(
                x,
                density,
                label=f"{name}: mean {table['grad_mean'][-1]:+.1e}, std {table['grad_std'][-1]:.1e}",
            )
    act_ax.set_title("activations (last step)")
    grad_ax.set_title("gradients dL/d(activation) (last step)")
    steps = np.arange(1, diag.steps + 1)
    for name in params:
        ratio_ax.plot(steps, diag.update_ratio[name], label=name)
    ratio_ax.axhline(1e-3, color="black", linestyle="--", linewidth=1, label="1e-3")
    ratio_ax.set_yscale("log")
    ratio_ax.set_title("update / data: std(step) / std(parameter)")
    ratio_ax.set_xlabel("step")
    for ax in (act_ax, grad_ax, ratio_ax):
        if ax.lines:
            ax.legend(fontsize=7)
    figure.tight_layout()
    return figure
