"""detect_anomaly: find the operation whose derivative produced a NaN or inf.

Inside ``with detect_anomaly():`` every recorded op remembers the line of
user code that called it, and backward checks each gradient it computes.
The first non-finite one raises an error naming the op and that line.
It costs a stack walk per op, so use it to debug, not to train.
"""

import os
import threading
import traceback

import numpy as np

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


class _AnomalyMode(threading.local):
    enabled = False


_mode = _AnomalyMode()


def is_anomaly_enabled():
    return _mode.enabled


class detect_anomaly:
    """Context manager: raise at the first NaN/inf gradient, naming the op and its call site."""

    def __enter__(self):
        self._previous = _mode.enabled
        _mode.enabled = True
        return self

    def __exit__(self, *exc_info):
        _mode.enabled = self._previous
        return False


def call_site():
    """The innermost stack frame outside the autograd package, as 'file:line in f: code'."""
    for frame in reversed(traceback.extract_stack()):
        if not os.path.abspath(frame.filename).startswith(_PACKAGE_DIR):
            return f'File "{frame.filename}", line {frame.lineno}, in {frame.name}\n    {frame.line}'
    return "(unknown)"


def check_gradient(ctx, input_index, grad):
    """Raise if an op's backward produced a non-finite gradient."""
    values = np.asarray(grad)
    if not np.all(np.isfinite(values)):
        kind = "nan" if np.isnan(values).any() else "inf"
        raise FloatingPointError(
            f"detect_anomaly: the backward of '{ctx.name}' produced {kind} in the gradient of its "
            f"input {input_index}. The op was created at:\n  {getattr(ctx, 'created_at', '(unknown)')}"
        )
