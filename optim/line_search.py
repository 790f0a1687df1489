"""The strong-Wolfe line search of ``LBFGS(line_search_fn="strong_wolfe")``.

Along a descent direction d from x, with phi(t) = f(x + t d) and phi'(t) = g(x + t d) . d,
look for a step t satisfying the *strong Wolfe conditions*

    phi(t) <= phi(0) + c1 t phi'(0)          sufficient decrease (Armijo), c1 = 1e-4
    |phi'(t)| <= -c2 phi'(0)                 the slope has flattened enough, c2 = 0.9

in two phases (Nocedal & Wright, Algorithms 3.5 and 3.6, as in minFunc and PyTorch):

1. *bracketing*: try t, then larger steps chosen by cubic interpolation, until t satisfies
   both conditions, or an interval [t_prev, t] must hold such a step (phi rose above the
   Armijo line or above phi(t_prev), or the slope turned non-negative);
2. *zoom*: shrink that interval, each trial point the minimiser of the cubic through the
   interval's ends (kept 10% of the interval away from them when progress stalls), until a
   point satisfies both conditions or the interval is shorter than ``tolerance_change``.

Each trial costs one evaluation of the closure; at most ``max_ls`` are made.
"""

import math

from .fma import dot

__all__ = ["cubic_interpolate", "strong_wolfe"]


def cubic_interpolate(x1, f1, g1, x2, f2, g2, bounds=None):
    """The minimiser of the cubic with values f1, f2 and slopes g1, g2 at x1, x2, clamped to
    ``bounds`` (default: between x1 and x2). With x2 the point to the right:

        d1 = g1 + g2 - 3 (f1 - f2) / (x1 - x2)
        d2 = sqrt(d1^2 - g1 g2)
        x  = x2 - (x2 - x1) (g2 + d2 - d1) / (g2 - g1 + 2 d2)

    (Nocedal & Wright, eq. 3.59). When d1^2 < g1 g2 the cubic has no minimiser: the middle
    of the bounds is returned instead."""
    low, high = bounds if bounds is not None else ((x1, x2) if x1 <= x2 else (x2, x1))
    d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    d2_square = d1**2 - g1 * g2
    if d2_square < 0:
        return (low + high) / 2.0
    d2 = math.sqrt(d2_square)
    if x1 <= x2:
        minimum = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
    else:
        minimum = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
    return min(max(minimum, low), high)


class _Point:
    """One trial of the line search: step t, value f, gradient g (a flat array), slope g . d."""

    __slots__ = ("t", "f", "g", "slope")

    def __init__(self, t, f, g, slope):
        self.t, self.f, self.g, self.slope = t, f, g, slope


def _trial(evaluate, t, d):
    """Evaluate the function at step t along d (one closure call)."""
    f, g = evaluate(t)
    return _Point(t, f, g, dot(g, d))  # rounded as torch.dot: see optim.fma


def strong_wolfe(evaluate, t, d, f, g, slope, c1=1e-4, c2=0.9, tolerance_change=1e-9, max_ls=25):
    """Search along ``d`` (see the module docstring). ``evaluate(t)`` returns (f, g) at x + t d;
    ``f``, ``g`` and ``slope`` = g . d are those at x, and t is the first step to try. Returns
    ``(f, g, t, evaluations)`` at the chosen step (the lowest point found)."""
    d_norm = float(abs(d).max())
    start = _Point(0, f, g.copy(), slope)
    new = _trial(evaluate, t, d)
    evaluations = 1

    # phase 1: bracketing
    prev, bracket, done, tries = start, None, False, 0
    while tries < max_ls:
        if new.f > f + c1 * new.t * slope or (tries > 1 and new.f >= prev.f):
            bracket = [prev, new]
            break
        if abs(new.slope) <= -c2 * slope:
            bracket, done = [new], True
            break
        if new.slope >= 0:
            bracket = [prev, new]
            break
        # still going down steeply: extrapolate, at least 1% beyond t and at most ten times t
        t_next = cubic_interpolate(
            prev.t,
            prev.f,
            prev.slope,
            new.t,
            new.f,
            new.slope,
            bounds=(new.t + 0.01 * (new.t - prev.t), new.t * 10),
        )
        prev = new
        new = _trial(evaluate, t_next, d)
        evaluations += 1
        tries += 1
    if tries == max_ls:  # out of evaluations: between the start and the last trial
        bracket = [start, new]

    # phase 2: zoom into the bracket; low is its lower end (by value), high the other
    low, high = (0, 1) if bracket[0].f <= bracket[-1].f else (1, 0)
    insufficient_progress = False
    while not done and tries < max_ls:
        left, right = min(bracket[0].t, bracket[1].t), max(bracket[0].t, bracket[1].t)
        if abs(bracket[1].t - bracket[0].t) * d_norm < tolerance_change:
            break  # the interval is too small to matter
        a, b = bracket
        t = cubic_interpolate(a.t, a.f, a.slope, b.t, b.f, b.slope)
        # a trial too close to an end makes little progress: move it 10% of the interval inside
        # (at once if it is on an end, or if the previous trial was too close as well)
        margin = 0.1 * (right - left)
        if min(right - t, t - left) < margin:
            if insufficient_progress or t >= right or t <= left:
                t = right - margin if abs(t - right) < abs(t - left) else left + margin
                insufficient_progress = False
            else:
                insufficient_progress = True
        else:
            insufficient_progress = False

        new = _trial(evaluate, t, d)
        evaluations += 1
        tries += 1
        if new.f > f + c1 * t * slope or new.f >= bracket[low].f:
            # no sufficient decrease, or not below the low end: the new point is the high end
            bracket[high] = new
            low, high = (0, 1) if bracket[0].f <= bracket[1].f else (1, 0)
        else:
            if abs(new.slope) <= -c2 * slope:
                done = True  # both Wolfe conditions hold
            elif new.slope * (bracket[high].t - bracket[low].t) >= 0:
                bracket[high] = bracket[low]  # the slope points away from high: old low becomes high
            bracket[low] = new

    best = bracket[low]
    return best.f, best.g, best.t, evaluations
