"""``assert_close``: actual and expected agree, elementwise, to |a - e| <= atol + rtol |e|.

Tensors (or numpy arrays, compared with each other), Python numbers, and sequences and
mappings of them, recursively. Tensors must first agree in shape (and dtype, stride when
asked); the default tolerances are the looser of the two dtypes' (float64: 1e-7 / 1e-7,
float32: 1.3e-6 / 1e-5, float16: 1e-3 / 1e-5; integers and bools: exact). A failure raises
AssertionError with PyTorch's message: how many elements mismatch, the greatest absolute
and relative differences and where, and the item of a container where it happened.
"""

import collections.abc
import math

import numpy as np

from .. import dtypes
from ..printing import dtype_name
from ..tensor import Tensor

# dtype -> (rtol, atol); a dtype not listed compares exactly
_TOLERANCES = {
    np.dtype(np.float16): (1e-3, 1e-5),
    np.dtype(np.float32): (1.3e-6, 1e-5),
    np.dtype(np.float64): (1e-7, 1e-7),
}
_NUMBER_DTYPES = {int: np.dtype(np.int64), float: np.dtype(np.float64)}


class _Failure(Exception):
    """A mismatch, with the message and the type of error to raise."""

    def __init__(self, message, kind=AssertionError):
        super().__init__(message)
        self.kind = kind


def _tolerances(dtypes_, rtol, atol):
    if rtol is not None:
        return rtol, atol
    pairs = [_TOLERANCES.get(np.dtype(d), (0.0, 0.0)) for d in dtypes_]
    return max(p[0] for p in pairs), max(p[1] for p in pairs)


def _mismatch(identifier, extra, abs_diff, abs_index, atol, rel_diff, rel_index, rtol):
    equality = rtol == 0 and atol == 0
    lines = [f"{identifier} are not {'equal' if equality else 'close'}!", "", extra]
    for kind, diff, index, tol in (
        ("absolute", abs_diff, abs_index, atol),
        ("relative", rel_diff, rel_index, rtol),
    ):
        line = (
            f"{kind.title()} difference: {diff}"
            if index is None
            else f"Greatest {kind} difference: {diff} at index {index}"
        )
        lines.append(line + ("" if equality else f" (up to {tol} allowed)"))
    return "\n".join(lines)


def _scalar_message(actual, expected, rtol, atol):
    abs_diff = abs(actual - expected)
    rel_diff = float("inf") if expected == 0 else abs_diff / abs(expected)
    return _mismatch(
        "Scalars", f"Expected {expected} but got {actual}.", abs_diff, None, atol, rel_diff, None, rtol
    )


def _close(actual, expected, rtol, atol, equal_nan):
    """The elementwise matches of two arrays of one dtype (isclose: infinities must be equal)."""
    if actual.dtype.kind in "biu":
        return (
            actual.astype(np.int64) - expected.astype(np.int64) == 0
            if rtol == atol == 0
            else np.isclose(actual.astype(np.float64), expected.astype(np.float64), rtol=rtol, atol=atol)
        )
    with np.errstate(invalid="ignore", over="ignore"):
        matches = actual == expected
        finite = np.isfinite(actual) & np.isfinite(expected)
        diff = np.abs(actual - expected)
        matches |= finite & (diff <= atol + rtol * np.abs(expected))
    if equal_nan:
        matches |= np.isnan(actual) & np.isnan(expected)
    return matches


def _tensor_message(actual, expected, matches, rtol, atol):
    total = matches.size
    wrong = total - int(matches.sum())
    extra = f"Mismatched elements: {wrong} / {total} ({wrong / total:.1%})"
    a, e, m = actual.reshape(-1), expected.reshape(-1), matches.reshape(-1)
    if a.dtype.kind in "biu":
        a, e = a.astype(np.int64), e.astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        abs_diff = np.abs(a - e)
        abs_diff[m] = 0
        rel_diff = (
            abs_diff / np.abs(e)
            if a.dtype.kind == "f"
            else abs_diff / np.abs(e).astype(dtypes.get_default_dtype())
        )
        rel_diff[m] = 0

    def where(flat):
        return tuple(int(i) for i in np.unravel_index(flat, matches.shape))

    i, j = int(np.argmax(abs_diff)), int(np.argmax(rel_diff))
    return _mismatch(
        "Tensor-likes", extra, abs_diff[i].item(), where(i), atol, rel_diff[j].item(), where(j), rtol
    )


def _data(x):
    return x._data if isinstance(x, Tensor) else x


def _compare_tensors(actual, expected, options):
    a, e = _data(actual), _data(expected)
    if a.shape != e.shape:
        raise _Failure(
            f"The values for attribute 'shape' do not match: {dtypes.Size(a.shape)} != {dtypes.Size(e.shape)}."
        )
    if options["check_stride"]:
        sa, se = (tuple(s // x.itemsize for s in x.strides) for x in (a, e))
        if sa != se:
            raise _Failure(f"The values for attribute 'stride()' do not match: {sa} != {se}.")
    if options["check_dtype"] and a.dtype != e.dtype:
        raise _Failure(
            f"The values for attribute 'dtype' do not match: {dtype_name(a.dtype)} != {dtype_name(e.dtype)}."
        )
    rtol, atol = _tolerances((a.dtype, e.dtype), options["rtol"], options["atol"])
    if a.dtype != e.dtype:
        common = np.result_type(a.dtype, e.dtype)
        a, e = a.astype(common), e.astype(common)
    if a.dtype.kind == "b":
        a, e = a.astype(np.int64), e.astype(np.int64)
    matches = _close(a, e, rtol, atol, options["equal_nan"])
    if matches.all():
        return
    if a.ndim == 0:
        raise _Failure(_scalar_message(a.item(), e.item(), rtol, atol))
    raise _Failure(_tensor_message(a, e, matches, rtol, atol))


def _compare_numbers(actual, expected, options):
    if isinstance(actual, bool) or isinstance(expected, bool):
        if actual is not expected and bool(actual) != bool(expected):
            raise _Failure(f"Booleans mismatch: {actual} is not {expected}")
        return
    kinds = [int if isinstance(x, (int, np.integer)) else float for x in (actual, expected)]
    if options["check_dtype"] and kinds[0] is not kinds[1]:
        raise _Failure(f"The (d)types do not match: {type(actual)} != {type(expected)}.")
    rtol, atol = _tolerances([_NUMBER_DTYPES[k] for k in kinds], options["rtol"], options["atol"])
    if actual == expected or (options["equal_nan"] and math.isnan(actual) and math.isnan(expected)):
        return
    if (
        math.isfinite(actual)
        and math.isfinite(expected)
        and abs(actual - expected) <= atol + rtol * abs(expected)
    ):
        return
    raise _Failure(_scalar_message(actual, expected, rtol, atol))


def _is_number(x):
    return isinstance(x, (bool, int, float, np.bool_, np.integer, np.floating))


def _is_sequence(x):
    return isinstance(x, collections.abc.Sequence) and not isinstance(x, str)


def _unsupported(actual, expected):
    return _Failure(
        f"No comparison pair was able to handle inputs of type {type(actual)} and {type(expected)}.",
        TypeError,
    )


def _compare(actual, expected, path, options):
    """Compare, recursing into containers; a failure carries the path of the item."""
    try:
        if actual is None or expected is None:
            if actual is not expected:
                raise _Failure(f"None mismatch: {actual} is not {expected}")
        elif (
            isinstance(actual, Tensor)
            and isinstance(expected, Tensor)
            or (isinstance(actual, np.ndarray) and isinstance(expected, np.ndarray))
        ):
            if not options["allow_subclasses"] and type(actual) is not type(expected):
                raise _unsupported(actual, expected)
            _compare_tensors(actual, expected, options)
        elif _is_number(actual) and _is_number(expected):
            if isinstance(actual, (bool, np.bool_)) != isinstance(expected, (bool, np.bool_)):
                raise _unsupported(actual, expected)
            _compare_numbers(actual, expected, options)
        elif _is_sequence(actual) and _is_sequence(expected):
            if len(actual) != len(expected):
                raise _Failure(f"The length of the sequences mismatch: {len(actual)} != {len(expected)}")
            for i, (a, e) in enumerate(zip(actual, expected)):
                _compare(a, e, path + [i], options)
        elif isinstance(actual, collections.abc.Mapping) and isinstance(expected, collections.abc.Mapping):
            keys_a, keys_e = set(actual), set(expected)
            if keys_a != keys_e:
                raise _Failure(
                    "The keys of the mappings do not match:\n"
                    f"Missing keys in the actual mapping: {sorted(keys_e - keys_a)}\n"
                    f"Additional keys in the actual mapping: {sorted(keys_a - keys_e)}"
                )
            try:
                keys = sorted(actual)
            except TypeError:
                keys = list(actual)
            for key in keys:
                _compare(actual[key], expected[key], path + [key], options)
        else:
            raise _unsupported(actual, expected)
    except _Failure as failure:
        if path and not getattr(failure, "located", False):
            failure.args = (
                f"{failure.args[0]}\n\nThe failure occurred for item {''.join(f'[{k!r}]' for k in path)}",
            )
        failure.located = True
        raise


def assert_close(
    actual,
    expected,
    *,
    allow_subclasses=True,
    rtol=None,
    atol=None,
    equal_nan=False,
    check_device=True,
    check_dtype=True,
    check_layout=True,
    check_stride=False,
    msg=None,
):
    """Raise AssertionError unless ``actual`` and ``expected`` are close (see the module
    docstring). ``rtol`` and ``atol`` are given together or not at all; ``equal_nan``: NaN
    equals NaN; ``check_dtype=False`` compares in the common dtype with the looser
    tolerances; ``check_stride`` compares strides too. ``msg``: a string replacing the
    message, or a callable that gets it and returns the one to raise. (There is one device
    and one layout here, so check_device and check_layout always hold.)"""
    if (rtol is None) != (atol is None):
        raise ValueError(
            "Both 'rtol' and 'atol' must be either specified or omitted, "
            f"but got no {'atol' if atol is None else 'rtol'}."
        )
    options = dict(
        allow_subclasses=allow_subclasses,
        rtol=rtol,
        atol=atol,
        equal_nan=equal_nan,
        check_dtype=check_dtype,
        check_stride=check_stride,
    )
    try:
        _compare(actual, expected, [], options)
    except _Failure as failure:
        message = failure.args[0]
        if failure.kind is AssertionError and msg is not None:
            message = msg(message) if callable(msg) else msg
        raise failure.kind(message) from None
