"""L-BFGS: quasi-Newton steps from the last few changes of the gradient (PyTorch's ``LBFGS``).

``opt.step(closure)`` runs up to ``max_iter`` iterations on the function that ``closure``
evaluates (it zeroes the gradients, computes the loss, calls ``backward`` and returns the
loss). All parameters are seen as one flat vector x with gradient g. Each iteration:

1. the direction d = -H g, where H approximates the inverse Hessian from the last
   ``history_size`` pairs s = x_new - x_old, y = g_new - g_old (``two_loop``). The first
   iteration, with no pairs yet, takes d = -g. A pair is kept only if y . s > 1e-10
   (positive curvature along s, which keeps H positive definite, so d goes downhill).
2. the step length t: ``lr`` (on the very first iteration min(1, 1 / sum|g|) * lr), then
   - without a line search, x <- x + t d and the closure is evaluated there (except after
     the last iteration: the next ``step`` evaluates it anyway);
   - with ``line_search_fn="strong_wolfe"``, t is chosen by ``optim.line_search.strong_wolfe``.
3. stop when max_iter iterations or max_eval evaluations are done, when
   max|g| <= tolerance_grad (optimal), max|t d| <= tolerance_change or
   |f - f_old| < tolerance_change (no progress), or when g . d > -tolerance_change
   (d no longer goes downhill).

The pairs, the last direction and step are kept in the state, so the next ``step`` goes on
with the same history. Like PyTorch's, this state is global: it is stored under the first
parameter, and there is one parameter group.
"""

from functools import partial

import numpy as np

from autograd import enable_grad
from autograd.clock import mark_changed

from .fma import add_alpha, dot
from .line_search import strong_wolfe
from .optimizer import Optimizer, _plain, check_number, restore_array, restore_count


def two_loop(grad, dirs, steps, rhos, h_diag):
    """-H g by the two-loop recursion (Nocedal & Wright, Algorithm 7.4), for the L-BFGS inverse
    Hessian H of the pairs (s_i, y_i) = (``steps[i]``, ``dirs[i]``), oldest first, with
    rho_i = 1 / (y_i . s_i):

        q <- -g
        for i from newest to oldest:   a_i = rho_i s_i . q,    q <- q - a_i y_i
        r <- h_diag q                  (h_diag = s . y / y . y of the newest pair)
        for i from oldest to newest:   b_i = rho_i y_i . r,    r <- r + (a_i - b_i) s_i

    and r = -H g. H is never formed: 4m dot products and vector updates for m pairs. (The
    updates and dot products are rounded as PyTorch's: see ``optim.fma``.)"""
    q = -grad
    alphas = [0.0] * len(dirs)
    for i in reversed(range(len(dirs))):
        alphas[i] = dot(steps[i], q) * rhos[i]
        q = add_alpha(q, dirs[i], -alphas[i])
    r = q * h_diag
    for i in range(len(dirs)):
        beta = dot(dirs[i], r) * rhos[i]
        r = add_alpha(r, steps[i], alphas[i] - beta)
    return r


class LBFGS(Optimizer):
    """``LBFGS(params, lr=1, max_iter=20, max_eval=None, tolerance_grad=1e-7, tolerance_change=1e-9,
    history_size=100, line_search_fn=None)``: see the module docstring. ``max_eval`` defaults
    to ``max_iter * 5 // 4``; ``line_search_fn`` is None or ``"strong_wolfe"``.

    ``step(closure)`` needs the closure and returns the loss of its first evaluation. State
    (under the first parameter): ``func_evals`` and ``n_iter`` (totals over all steps), ``d``,
    ``t``, ``old_dirs`` (the y's), ``old_stps`` (the s's), ``ro`` (the rho's), ``H_diag``,
    ``prev_flat_grad`` and ``prev_loss``, PyTorch's names.
    """

    def __init__(
        self,
        params,
        lr=1,
        max_iter=20,
        max_eval=None,
        tolerance_grad=1e-7,
        tolerance_change=1e-9,
        history_size=100,
        line_search_fn=None,
    ):
        if max_eval is None and _is_count(max_iter):
            max_eval = max_iter * 5 // 4
        defaults = dict(
            lr=lr,
            max_iter=max_iter,
            max_eval=max_eval,
            tolerance_grad=tolerance_grad,
            tolerance_change=tolerance_change,
            history_size=history_size,
            line_search_fn=line_search_fn,
        )
        super().__init__(params, defaults)
        self._params = self.param_groups[0]["params"]

    def add_param_group(self, param_group):
        if self.param_groups:
            raise ValueError("LBFGS doesn't support per-parameter options (parameter groups): give one group")
        super().add_param_group(param_group)

    def _check_group(self, group):
        check_number("LBFGS", group, "lr", low=0.0)
        check_number("LBFGS", group, "tolerance_grad")
        check_number("LBFGS", group, "tolerance_change")
        for key in ("max_iter", "max_eval", "history_size"):
            value = _plain(group[key])
            if not _is_count(value) or value < 1:
                raise ValueError(f"LBFGS: {key} must be a positive integer, got {group[key]!r}")
            group[key] = int(value)
        if group["line_search_fn"] not in (None, "strong_wolfe"):
            raise ValueError(
                f"LBFGS: line_search_fn must be None or 'strong_wolfe', got {group['line_search_fn']!r}"
            )

    # ----- the parameters as one flat vector ------------------------------------------
    def _gather_flat_grad(self):
        """The gradients laid end to end (zeros for a parameter without one)."""
        return np.concatenate(
            [
                np.zeros(p._data.size, p._data.dtype) if p.grad is None else np.asarray(p.grad).reshape(-1)
                for p in self._params
            ]
        )

    def _add_grad(self, t, d):
        """x <- x + t d (rounded as PyTorch's ``add_(alpha=)``), each parameter its segment of d."""
        offset = 0
        for p in self._params:
            size = p._data.size
            p._data[...] = add_alpha(p._data, d[offset : offset + size].reshape(p._data.shape), t)
            offset += size
            mark_changed(p)

    def _set_params(self, values):
        for p, value in zip(self._params, values):
            p._data[...] = value
            mark_changed(p)

    def _evaluate_along(self, closure, start, d, t):
        """The loss and flat gradient at x + t d, for the line search; x (``start``) is put back."""
        self._add_grad(t, d)
        loss = float(self._evaluate(closure))
        grad = self._gather_flat_grad()
        self._set_params(start)
        return loss, grad

    def _evaluate(self, closure):
        with enable_grad():
            loss = closure()
        return loss

    def step(self, closure=None):
        """Run up to ``max_iter`` iterations (the module docstring); return the closure's first loss."""
        if closure is None or not callable(closure):
            raise TypeError(
                "LBFGS.step needs a closure that recomputes the loss: opt.step(closure), where closure() "
                "calls opt.zero_grad(), computes the loss, calls loss.backward() and returns the loss"
            )
        group = self.param_groups[0]
        lr, max_iter, max_eval = group["lr"], group["max_iter"], group["max_eval"]
        tolerance_grad, tolerance_change = group["tolerance_grad"], group["tolerance_change"]
        history_size = group["history_size"]
        state = self.state[self._params[0]]
        state.setdefault("func_evals", 0)
        state.setdefault("n_iter", 0)

        first_loss = self._evaluate(closure)
        loss = float(first_loss)
        evaluations = 1
        state["func_evals"] += 1
        flat_grad = self._gather_flat_grad()
        if abs(flat_grad).max() <= tolerance_grad:
            return first_loss  # already optimal

        d, t = state.get("d"), state.get("t")
        old_dirs, old_stps, ro = state.get("old_dirs"), state.get("old_stps"), state.get("ro")
        H_diag, prev_flat_grad, prev_loss = (
            state.get("H_diag"),
            state.get("prev_flat_grad"),
            state.get("prev_loss"),
        )
        n_iter = 0
        while n_iter < max_iter:
            n_iter += 1
            state["n_iter"] += 1

            # 1. the direction
            if state["n_iter"] == 1:
                d = -flat_grad
                old_dirs, old_stps, ro, H_diag = [], [], [], 1
            else:
                y = flat_grad - prev_flat_grad
                s = d * t
                ys = dot(y, s)
                if ys > 1e-10:  # positive curvature: keep the pair, forgetting the oldest if full
                    if len(old_dirs) == history_size:
                        old_dirs.pop(0)
                        old_stps.pop(0)
                        ro.pop(0)
                    old_dirs.append(y)
                    old_stps.append(s)
                    ro.append(1.0 / ys)
                    H_diag = ys / dot(y, y)
                d = two_loop(flat_grad, old_dirs, old_stps, ro, H_diag)
            prev_flat_grad = flat_grad.copy()
            prev_loss = loss

            # 2. the step length
            t = min(1.0, 1.0 / float(abs(flat_grad).sum())) * lr if state["n_iter"] == 1 else lr
            gtd = dot(flat_grad, d)  # the slope along d
            if gtd > -tolerance_change:
                break  # d does not go downhill (enough)
            if group["line_search_fn"] == "strong_wolfe":
                along = partial(self._evaluate_along, closure, [p._data.copy() for p in self._params], d)
                loss, flat_grad, t, used = strong_wolfe(
                    along, t, d, loss, flat_grad, gtd, max_ls=max_eval - evaluations
                )
                self._add_grad(t, d)
                optimal = abs(flat_grad).max() <= tolerance_grad
            else:
                self._add_grad(t, d)
                used, optimal = 0, False
                if n_iter != max_iter:  # the last iteration's loss is the next step's first
                    loss = float(self._evaluate(closure))
                    flat_grad = self._gather_flat_grad()
                    optimal = abs(flat_grad).max() <= tolerance_grad
                    used = 1
            evaluations += used
            state["func_evals"] += used

            # 3. stop?
            if n_iter == max_iter or evaluations >= max_eval or optimal:
                break
            if abs(d * t).max() <= tolerance_change or abs(loss - prev_loss) < tolerance_change:
                break  # no progress

        state.update(
            d=d,
            t=t,
            old_dirs=old_dirs,
            old_stps=old_stps,
            ro=ro,
            H_diag=H_diag,
            prev_flat_grad=prev_flat_grad,
            prev_loss=prev_loss,
        )
        return first_loss

    def _restore_state(self, index, key, value, param):
        """Counts as ints, step and scale as floats, the flat vectors (one entry per element of
        all the parameters) as arrays, the history as lists of them."""
        size = sum(p._data.size for p in self._params)
        dtype = self._params[0]._data.dtype
        if key in ("func_evals", "n_iter"):
            return restore_count("LBFGS", index, key, value)
        if key in ("t", "H_diag", "prev_loss"):
            return float(_plain(value))
        if key == "ro":
            return [float(_plain(v)) for v in value]
        if key in ("old_dirs", "old_stps"):
            return [restore_array("LBFGS", index, key, v, (size,), dtype) for v in value]
        return restore_array("LBFGS", index, key, value, (size,), dtype)


def _is_count(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))
