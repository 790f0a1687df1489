"""One counter that orders what happens to graphs.

Every recorded op takes the next number (``ctx.sequence``). An op's inputs
exist before it, so they have smaller numbers: visiting ops from the highest
number down is a topological order, which is how backward walks a graph.

In-place changes take a number from the same counter and stamp it on the
Tensor (``tensor._version``): an op whose saved input has a stamp above the
op's own number used a value that has since changed, and its backward would
be wrong. ``last_change`` lets backward skip that check when nothing changed.

An in-place op recorded in a graph gives the Tensor a new history instead
(``autograd.inplace``). Ops that used it before link to its old node, so they
need nothing more; only a Tensor that had no node (a constant) keeps its old
self, stamped with a number, for the pictures of those ops (``as_consumed``).
"""

import itertools

tick = itertools.count(1).__next__  # the next number
last_change = 0  # the number of the latest in-place change
last_rebase = 0  # the number of the latest recorded in-place op (autograd.compile watches it)


def mark_changed(tensor):
    """Record that ``tensor._data`` was modified in place (call after modifying it)."""
    global last_change
    tensor._version = last_change = tick()


def rebased():
    """Record that a Tensor took a new history (a recorded in-place op); its number."""
    global last_rebase
    last_rebase = tick()
    return last_rebase


def as_consumed(tensor, sequence):
    """The constant ``tensor`` as op number ``sequence`` used it: an in-place op recorded
    later gave the Tensor a history, and kept the constant it was in ``tensor._previous``."""
    while tensor._previous is not None and tensor._previous[0] > sequence:
        tensor = tensor._previous[1]
    return tensor
