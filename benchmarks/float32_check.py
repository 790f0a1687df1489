"""Does float32 stay float32 through one training step of our engine?

One step of the spirals and of the MNIST workload, both float32, and a look
at every array involved:

* forward: every Tensor of the loss's graph (``autograd.engine.topological_order``);
* backward: every parameter's ``.grad``;
* optimiser: every array in the optimiser's state, and the parameters after the step;
* anywhere: every floating-point array wrapped into a Tensor while the step
  runs, and every gradient an op's backward hands to the engine before the
  engine casts it to its input's dtype. A float64 array there is a silent
  upcast, even if a later cast hides it from the checks above (numpy 2 keeps
  float32 * python float in float32, but float32 * a float64 array, even 0-d,
  becomes float64). These two watch engine internals (``Tensor._make`` and
  ``autograd.engine._as_gradient``); if the engine no
  longer has them the report says what was not checked.
"""

import numpy as np


class _WatchNewArrays:
    """Record the dtype (and shape) of every floating array that becomes a Tensor."""

    def __init__(self):
        from autograd import Tensor

        self.tensor_class, self.seen, self.others = Tensor, 0, []

    def __enter__(self):
        self.original = self.tensor_class.__dict__.get("_make")
        if self.original is None:
            return self
        make, watcher = self.original.__func__, self

        def watched(cls, data, *args, **kwargs):
            if isinstance(data, np.ndarray) and data.dtype.kind == "f":
                watcher.seen += 1
                if data.dtype != np.float32:
                    watcher.others.append(f"{data.dtype} {data.shape}")
            return make(cls, data, *args, **kwargs)

        self.tensor_class._make = classmethod(watched)
        return self

    def __exit__(self, *exc_info):
        if self.original is not None:
            self.tensor_class._make = self.original
        return False


class _WatchBackwardGradients:
    """Record the dtype of every gradient an op's backward returns, before the engine casts it."""

    NAMES = ("_as_gradient",)  # _as_gradient(grad, dtype of the value it is for, ...)

    def __init__(self):
        from autograd import engine

        self.engine, self.seen, self.others = engine, 0, []
        self.name = next((name for name in self.NAMES if hasattr(engine, name)), None)

    def __enter__(self):
        if self.name is None:
            return self
        self.original = original = getattr(self.engine, self.name)
        watcher = self

        def watched(grad, expected, *args, **kwargs):
            watcher.seen += 1
            dtype = getattr(grad, "dtype", None)
            if dtype is not None and dtype != expected:
                watcher.others.append(f"{dtype} for a {expected} value")
            return original(grad, expected, *args, **kwargs)

        setattr(self.engine, self.name, watched)
        return self

    def __exit__(self, *exc_info):
        if self.name is not None:
            setattr(self.engine, self.name, self.original)
        return False


def check(workload):
    """Problems found in one float32 step of ``workload`` (spirals or mnist); [] if none."""
    from autograd.engine import topological_order

    ours = workload.Ours(*workload.make_data(), workload.initial_params())
    problems = []
    with _WatchNewArrays() as watch, _WatchBackwardGradients() as backward_watch:
        loss = ours.loss()
        for t in topological_order(loss):
            if t.dtype != np.float32:
                made_by = t.grad_fn.name if t.grad_fn is not None else "a leaf"
                problems.append(f"forward: a Tensor made by {made_by} is {t.dtype}")
        ours.optimizer.zero_grad()
        loss.backward()
        for name, p in ours.model.named_parameters():
            if p.grad is None or p.grad.dtype != np.float32:
                problems.append(f"backward: {name}.grad is {None if p.grad is None else p.grad.dtype}")
        ours.optimizer.step()
    for name, p in ours.model.named_parameters():
        if p.dtype != np.float32:
            problems.append(f"step: parameter {name} became {p.dtype}")
        for key, value in ours.optimizer.state.get(p, {}).items():
            if isinstance(value, np.ndarray) and value.dtype.kind == "f" and value.dtype != np.float32:
                problems.append(f"optimiser: state {key!r} of {name} is {value.dtype}")
    if watch.original is None or watch.seen == 0:
        problems.append("(not checked: arrays created inside the step; Tensor._make is not used)")
    elif watch.others:
        problems.append(
            f"{len(watch.others)} of {watch.seen} arrays made into Tensors during the step "
            f"were not float32: {', '.join(sorted(set(watch.others))[:6])}"
        )
    if backward_watch.name is None or backward_watch.seen == 0:
        problems.append(
            "(not checked: gradients returned by each op's backward before the engine casts them)"
        )
    elif backward_watch.others:
        problems.append(
            f"{len(backward_watch.others)} of {backward_watch.seen} gradients returned by ops' "
            f"backward had another dtype (cast back by the engine): "
            f"{', '.join(sorted(set(backward_watch.others))[:6])}"
        )
    return problems
