"""Adafactor (Shazeer & Stern, 2018) as PyTorch 2.13 defines it: Adam's second moment kept in
factored form (a row and a column of averages for a matrix), no first moment, and a step scaled
by the parameter's own size.

For each parameter p with gradient g, at step t = 1, 2, ...:

    g <- -g                                         if maximize
    beta2_t' = t ** beta2_decay                     (the weight of the new g^2, 1 at t = 1)
    rho = min(lr, 1 / sqrt(t)),  alpha = max(eps2, ||p|| / sqrt(numel p)) * rho
    p <- p * (1 - lr * weight_decay)
    matrix (and batches of them, the last two dims):
        R <- R + beta2_t' (mean_over_cols g^2 - R),  C <- C + beta2_t' (mean_over_rows g^2 - C)
        V = R C / max(mean of R over the rows, eps1)
    vector: V <- V + beta2_t' (g^2 - V)
    U = g / sqrt(max(V, eps1^2)),   p <- p - alpha / max(1, RMS(U) / d) * U

``eps1`` None is the machine epsilon of the parameters' dtype (taken at each group's first
parameter with a gradient, as in PyTorch). Each ``+ w (x - y)`` is PyTorch's ``lerp``.
"""

import numpy as np

from autograd import Tensor

from .optimizer import Optimizer, check_flag, check_implementation_options, check_number, restore_array


def _lerp_(start, end, weight):
    """start <- lerp(start, end, weight) in place, with PyTorch's two formulas (exact at 0 and 1)."""
    if weight < 0.5:
        start += weight * (end - start)
    else:
        start[...] = end - (end - start) * (1 - weight)


class Adafactor(Optimizer):
    """``Adafactor(params, lr=1e-2, beta2_decay=-0.8, eps=(None, 1e-3), d=1.0, weight_decay=0.0,
    *, foreach=None, maximize=False)``.

    State per parameter: ``step``, and ``row_var`` and ``col_var`` (a matrix: shapes with the
    last, resp. the second-to-last, dimension 1) or ``variance`` (a vector)."""

    def __init__(
        self,
        params,
        lr=1e-2,
        beta2_decay=-0.8,
        eps=(None, 1e-3),
        d=1.0,
        weight_decay=0.0,
        *,
        foreach=None,
        maximize=False,
    ):
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        check_implementation_options("Adafactor", foreach)
        defaults = dict(
            lr=lr,
            beta2_decay=beta2_decay,
            eps=eps,
            d=d,
            weight_decay=weight_decay,
            foreach=foreach,
            maximize=maximize,
        )
        super().__init__(params, defaults)

    def _check_group(self, group):
        owner = "Adafactor"
        check_number(owner, group, "lr", low=0.0)
        check_number(owner, group, "beta2_decay", high=0.0)
        check_number(owner, group, "d", low=1.0)
        check_number(owner, group, "weight_decay", low=0.0)
        check_flag(owner, group, "maximize")
        eps = group["eps"]
        if not isinstance(eps, (tuple, list)) or len(eps) != 2:
            raise TypeError(f"{owner}: eps must be a pair (eps1 or None, eps2), got {eps!r}")
        box = {"eps[1]": eps[1]}
        check_number(owner, box, "eps[1]", low=0.0)
        if eps[0] is not None:
            box["eps[0]"] = eps[0]
            check_number(owner, box, "eps[0]", low=0.0)
        group["eps"] = (box.get("eps[0]"), box["eps[1]"])

    def _restore_state(self, index, key, value, param):
        """The factored averages have the parameter's shape with one dimension of size 1."""
        if key not in ("row_var", "col_var"):
            return super()._restore_state(index, key, value, param)
        shape = list(param._data.shape)
        shape[-1 if key == "row_var" else -2] = 1
        return restore_array("Adafactor", index, key, value, tuple(shape), param._data.dtype)

    def step(self, closure=None):
        """One Adafactor step for every parameter with a gradient (see the module docstring)."""
        self._eps1 = {}  # id of a parameter group -> its eps1 in this step
        return super().step(closure)

    def _update(self, param, grad, state, group):
        if group["maximize"]:
            grad = -grad
        eps1, eps2 = group["eps"]
        if eps1 is None:  # PyTorch fixes it at the group's first parameter with a gradient
            eps1 = self._eps1.setdefault(id(group), np.finfo(param.dtype).eps)
        grad = grad.astype(param.dtype, copy=False)
        if not state:
            state["step"] = 0
            if grad.ndim > 1:
                state["row_var"] = np.zeros(grad.shape[:-1] + (1,), grad.dtype)
                state["col_var"] = np.zeros(grad.shape[:-2] + (1,) + grad.shape[-1:], grad.dtype)
            else:
                state["variance"] = np.zeros_like(grad)
        state["step"] += 1
        step = float(state["step"])
        weight = step ** group["beta2_decay"]
        lr = group["lr"]
        rho = min(lr, 1 / step**0.5)
        alpha = max(eps2, float(np.linalg.norm(param.reshape(-1))) / param.size**0.5) * rho
        if group["weight_decay"] != 0:
            param *= 1 - lr * group["weight_decay"]
        if grad.ndim > 1:
            row_var, col_var = state["row_var"], state["col_var"]
            row_mean = np.square(np.sqrt(np.sum(grad * grad, axis=-1, keepdims=True))) / grad.shape[-1]
            _lerp_(row_var, row_mean, weight)
            col_mean = np.square(np.sqrt(np.sum(grad * grad, axis=-2, keepdims=True))) / grad.shape[-2]
            _lerp_(col_var, col_mean, weight)
            var_estimate = (row_var @ col_var) / np.maximum(row_var.mean(axis=-2, keepdims=True), eps1)
        else:
            _lerp_(state["variance"], grad * grad, weight)
            var_estimate = state["variance"].copy()
        update = (1.0 / np.sqrt(np.maximum(var_estimate, eps1 * eps1))) * grad
        denom = max(1.0, float(np.linalg.norm(update.reshape(-1))) / (update.size**0.5 * group["d"]))
        param -= (alpha / denom) * update
