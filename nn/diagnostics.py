"""Training diagnostics: what happens inside every layer, step by step.

    diag = nn.diagnostics(model)
    for X, y in batches:
        optimizer.zero_grad()
        loss_fn(model(X), y).backward()
        optimizer.step()
        diag.step()                 # closes the step: records the parameter updates
    diag.plot()

(or ``nn.fit(..., diagnostics=True)``, which does the same and puts the result in
``history.diagnostics``.) A forward hook on every layer (every module without
submodules) records, for each step, from the layer's output ``a`` in training mode:

- ``mean`` and ``std`` of ``a``;
- ``saturated``: for a Tanh layer, the fraction of outputs with |a| > 0.97, where
  tanh's derivative 1 - a^2 is below 0.06 and the gradient hardly passes;
- ``dead``: for a ReLU layer, the fraction of units (features, the last axis) that
  are 0 for every example of the batch, so none of them passes a gradient;
- ``grad_mean`` and ``grad_std`` of dL/da (a hook on the output Tensor);

and for every parameter p the update-to-data ratio std(p_after - p_before) / std(p_before)
(nan where std(p_before) = 0), which a healthy training keeps near 1e-3 (Karpathy's rule of
thumb). The last step's activations and gradients are kept for the histograms of ``plot``.
"""

import math

import numpy as np

from autograd import Tensor

from .activation import ReLU, Tanh

SATURATION = 0.97


def diagnostics(model):
    """Start recording ``model``'s layers (see the module docstring); returns a ``Diagnostics``."""
    return Diagnostics(model)


class Diagnostics:
    """Per layer and per step statistics of a model being trained (see ``nn.diagnostics``).

    - ``layers[name]``: a dict of lists, one value per step: ``mean std saturated dead
      grad_mean grad_std`` (nan where it does not apply or the layer did not run);
    - ``update_ratio[param_name]``: one ratio per step;
    - ``activations[name]`` / ``gradients[name]``: the last step's arrays (for histograms).
    """

    def __init__(self, model):
        if not callable(getattr(model, "named_modules", None)):
            raise TypeError(f"diagnostics: model must be an nn.Module, got {type(model).__name__}")
        self.kinds = {
            name: type(m).__name__
            for name, m in model.named_modules()
            if name and not any(True for _ in m.children())
        }
        modules = dict(model.named_modules())
        self.layers = {name: {key: [] for key in STATISTICS} for name in self.kinds}
        self.params = dict(model.named_parameters())
        self.update_ratio = {name: [] for name in self.params}
        self.activations, self.gradients = {}, {}
        self._current = {}
        self._before = {name: p._data.copy() for name, p in self.params.items()}
        self._handles = [modules[name].register_forward_hook(self._hook(name)) for name in self.kinds]

    @property
    def steps(self):
        """The number of steps recorded."""
        return len(next(iter(self.update_ratio.values()), ()))

    def _hook(self, name):
        def record(module, inputs, output):
            if not module.training or not isinstance(output, Tensor):
                return
            a = output._data
            row = dict.fromkeys(STATISTICS, math.nan)
            row["mean"], row["std"] = float(a.mean()), float(a.std())
            if isinstance(module, Tanh):
                row["saturated"] = float((np.abs(a) > SATURATION).mean())
            if isinstance(module, ReLU):
                row["dead"] = (
                    float((a.reshape(-1, a.shape[-1]) <= 0).all(axis=0).mean()) if a.ndim else math.nan
                )
            self._current[name] = row
            self.activations[name] = a.copy()
            if output.requires_grad:
                output.register_hook(self._gradient_hook(name))

        return record

    def _gradient_hook(self, name):
        def record(grad):
            grad = np.asarray(grad)
            row = self._current.get(name)
            if row is not None:
                row["grad_mean"], row["grad_std"] = float(grad.mean()), float(grad.std())
            self.gradients[name] = grad.copy()

        return record

    def step(self):
        """Close a step (call it after ``optimizer.step()``): store the layers' statistics of
        this step and each parameter's update-to-data ratio."""
        for name, table in self.layers.items():
            row = self._current.get(name, dict.fromkeys(STATISTICS, math.nan))
            for key in STATISTICS:
                table[key].append(row[key])
        self._current = {}
        for name, p in self.params.items():
            before, after = self._before[name], p._data
            scale = before.std()
            self.update_ratio[name].append(float((after - before).std() / scale) if scale > 0 else math.nan)
            self._before[name] = after.copy()

    def remove(self):
        """Stop recording (remove the hooks); what was recorded stays."""
        for handle in self._handles:
            handle.remove()
        self._handles = []

    def histogram(self, name, of="activations", bins=50):
        """(bin centres, densities) of the last step's activations (or gradients) of layer ``name``."""
        values = (self.activations if of == "activations" else self.gradients)[name].ravel()
        density, edges = np.histogram(values, bins=bins, density=True)
        return (edges[:-1] + edges[1:]) / 2, density

    def plot(self, layers=None, params=None):
        """A matplotlib figure: the histograms of the last step's activations and gradients per
        layer (default: the activation layers, Tanh/ReLU/..., else every layer) and the update
        ratio of each parameter over the steps (default: the weight matrices, ndim >= 2), on a
        log scale with the 1e-3 guide line. Needs matplotlib (``pip install chainrule[notebooks]``)."""
        from .plotting import plot_diagnostics

        return plot_diagnostics(self, layers, params)

    def default_layers(self):
        """The layers ``plot`` draws by default."""
        from .activation import ACTIVATIONS

        activation_types = {cls.__name__ for cls in ACTIVATIONS.values()} - {"Identity"}
        chosen = [
            name for name, kind in self.kinds.items() if kind in activation_types and name in self.activations
        ]
        return chosen or [name for name in self.kinds if name in self.activations]

    def default_params(self):
        return [name for name, p in self.params.items() if p.ndim >= 2] or list(self.params)

    def __repr__(self):
        return f"<Diagnostics: {len(self.kinds)} layers, {len(self.params)} parameters, {self.steps} steps>"


STATISTICS = ("mean", "std", "saturated", "dead", "grad_mean", "grad_std")
