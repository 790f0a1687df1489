"""How a Tensor prints: PyTorch's layout, so a ported program prints what it printed.

    tensor([[0.4963, 0.7682],
            [0.0885, 0.1320]], grad_fn=<add>)

Floats get four decimals (``set_printoptions(precision=...)``), a trailing ``.`` when every
value is whole, and scientific notation when the finite non-zero magnitudes span more than
a factor 1000, exceed 1e8 or go below 1e-4. All values share one column width. Rows wrap at
80 characters; beyond 1000 elements only the first and last three entries of each dimension
print, around ``...``. The dtype is named unless it is the default float, int64 or bool.
A Tensor's ``name`` (chainrule's label in graph drawings) is not printed, as PyTorch has none.
"""

import math

import numpy as np

from . import dtypes

_DEFAULTS = {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80, "sci_mode": None}
OPTIONS = dict(_DEFAULTS)


def set_printoptions(
    precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None
):
    """Change how Tensors print (PyTorch's options); ``profile="default"`` restores them all."""
    if profile is not None:
        if profile != "default":
            raise ValueError(f"set_printoptions: profile must be 'default', got {profile!r}")
        OPTIONS.update(_DEFAULTS)
    given = {"precision": precision, "threshold": threshold, "edgeitems": edgeitems, "linewidth": linewidth}
    for key, value in given.items():
        if value is not None:
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"set_printoptions: {key} must be a non-negative int, got {value!r}")
            OPTIONS[key] = value
    OPTIONS["sci_mode"] = sci_mode


class _Formatter:
    """One column format for all the values of an array: width, and fixed/whole/scientific."""

    def __init__(self, values):
        self.floating = values.dtype.kind == "f"
        self.whole, self.sci, self.width = True, False, 1
        flat = values.reshape(-1)
        if not self.floating:
            self.width = max([len(str(v)) for v in flat.tolist()], default=1)
            return
        finite = flat[np.isfinite(flat) & (flat != 0)].tolist()
        if finite:
            self._choose(finite)

    def _choose(self, values):
        precision = OPTIONS["precision"]
        magnitudes = [abs(v) for v in values]
        biggest, smallest = max(magnitudes), min(magnitudes)
        self.whole = all(v == math.ceil(v) for v in values)
        self.sci = biggest / smallest > 1000.0 or biggest > 1.0e8 or smallest < 1.0e-4
        if OPTIONS["sci_mode"] is not None:
            self.sci = OPTIONS["sci_mode"]
        if self.sci:
            texts = [f"{v:.{precision}e}" for v in values]
        elif self.whole:
            texts = [f"{v:.0f}." for v in values]
        else:
            texts = [f"{v:.{precision}f}" for v in values]
        self.width = max(self.width, max(len(t) for t in texts))

    def format(self, value):
        precision = OPTIONS["precision"]
        if not self.floating:
            text = str(value)
        elif self.sci:
            text = f"{value:{self.width}.{precision}e}"
        elif self.whole:
            text = f"{value:.0f}" + ("" if math.isinf(value) or math.isnan(value) else ".")
        else:
            text = f"{value:.{precision}f}"
        return " " * (self.width - len(text)) + text


def _summarized(values, edge):
    """The values that show when a large array prints: the first and last ``edge`` of each dim."""
    if values.ndim == 0:
        return values
    if len(values) > 2 * edge:
        values = np.concatenate([values[:edge], values[-edge:]])
    if values.ndim == 1:
        return values
    return np.stack([_summarized(row, edge) for row in values])


def _body(values, indent, summarize, formatter):
    edge = OPTIONS["edgeitems"]
    if values.ndim == 0:
        return formatter.format(values.item())
    cut = summarize and len(values) > 2 * edge
    if values.ndim == 1:
        per_line = max(1, (OPTIONS["linewidth"] - indent) // (formatter.width + 2))
        if summarize and not edge:
            items = ["..."]
        elif cut:
            items = [formatter.format(v) for v in values[:edge].tolist()] + [" ..."]
            items += [formatter.format(v) for v in values[-edge:].tolist()]
        else:
            items = [formatter.format(v) for v in values.tolist()]
        lines = [", ".join(items[i : i + per_line]) for i in range(0, len(items), per_line)]
        return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"
    rows = [*range(edge), None, *range(len(values) - edge, len(values))] if cut else range(len(values))
    parts = ["..." if i is None else _body(values[i], indent + 1, summarize, formatter) for i in rows]
    return "[" + ("," + "\n" * (values.ndim - 1) + " " * (indent + 1)).join(parts) + "]"


def dtype_name(dtype):
    """PyTorch's name of a dtype: ``torch.float32``."""
    return f"torch.{np.dtype(dtype).name}"


def tensor_repr(tensor, prefix="tensor("):
    """``tensor([...], dtype=..., grad_fn=<...>)`` as PyTorch prints it (the module docstring)."""
    values = tensor._data
    if values.dtype == np.float16:
        values = values.astype(np.float32)
    indent = len(prefix)
    suffixes = []
    default = values.dtype in (dtypes.get_default_dtype(), dtypes.int64, dtypes.bool)
    if values.size == 0:
        if values.ndim != 1:
            suffixes.append(f"size={tuple(values.shape)}")
        if values.dtype != dtypes.get_default_dtype():
            suffixes.append(f"dtype={dtype_name(values.dtype)}")
        body = "[]"
    else:
        if not OPTIONS["edgeitems"]:
            suffixes.append(f"size={tuple(values.shape)}")
        if not default:
            suffixes.append(f"dtype={dtype_name(values.dtype)}")
        summarize = values.size > OPTIONS["threshold"]
        formatter = _Formatter(_summarized(values, OPTIONS["edgeitems"]) if summarize else values)
        body = _body(values, indent, summarize, formatter)
    if tensor._ctx is not None:
        suffixes.append(f"grad_fn=<{tensor._ctx.name}>")
    elif tensor._requires_grad:
        suffixes.append("requires_grad=True")
    return _with_suffixes(prefix + body, suffixes, indent)


def _with_suffixes(text, suffixes, indent):
    """Append ``, suffix`` to the last line, or start a new line when it would pass the width."""
    parts = [text]
    line = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        if line + len(suffix) + 2 > OPTIONS["linewidth"]:
            parts.append(",\n" + " " * indent + suffix)
            line = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            line += len(suffix) + 2
    return "".join(parts) + ")"
