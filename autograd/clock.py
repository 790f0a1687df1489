"""One counter that orders what happens to graphs.

Every recorded op takes the next number (``ctx.sequence``). An op's inputs
exist before it, so they have smaller numbers: visiting ops from the highest
number down is a topological order, which is how backward walks a graph.

In-place changes take a number from the same counter and stamp it on the
Tensor (``tensor._version``): an op whose saved input has a stamp above the
op's own number used a value that has since changed, and its backward would
be wrong. ``last_change`` lets backward skip that check when nothing changed.
"""
import itertools

tick = itertools.count(1).__next__   # the next number
last_change = 0                      # the number of the latest in-place change


def mark_changed(tensor):
    """Record that ``tensor._data`` was modified in place (call after modifying it)."""
    global last_change
    tensor._version = last_change = tick()
