"""Functions of floating-point numbers as such: fmax and fmin (which pass NaN over),
float_power (in float64), ldexp (x 2^n) and frexp (x = mantissa 2^exponent).

Operands broadcast and promote by PyTorch's rules (``autograd.typeinfo.result_type``).
"""

import numbers

import numpy as np

from .. import dtypes, typeinfo
from ..function import Function
from ..tensor import Tensor
from .shape import broadcasting
from .sorting import return_types


def _promoted(input, other, op):
    """Both operands as Tensors of their common dtype (a cast is in the graph)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"{op}(): argument 'input' must be a Tensor, not {type(input).__name__}")
    other = input._lift(other)
    dtype = typeinfo.result_type(input, other)
    return input.astype(dtype), other.astype(dtype)


class _NanPassingExtremum(Function):
    """Shared by fmax and fmin: y = a where ``a wins`` (a is the one chosen, also on ties and
    where b is NaN), else b;  da = dy where a wins, db = dy elsewhere"""

    rule = wins = None

    @classmethod
    def forward(cls, ctx, a, b):
        out = broadcasting(cls.rule, a, b, name=cls.__name__.lower())
        with np.errstate(invalid="ignore"):
            ctx.a_wins = (cls.wins(a, b) | np.isnan(b)).astype(out.dtype)
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.a_wins, grad * (1 - ctx.a_wins)


class Fmax(_NanPassingExtremum):
    """y = max(a, b), the other where one is NaN;  dy goes to a where a >= b or b is NaN, else to b"""

    rule, wins = staticmethod(np.fmax), staticmethod(np.greater_equal)


class Fmin(_NanPassingExtremum):
    """y = min(a, b), the other where one is NaN;  dy goes to a where a <= b or b is NaN, else to b"""

    rule, wins = staticmethod(np.fmin), staticmethod(np.less_equal)


def fmax(input, other):
    return Fmax.apply(*_promoted(input, other, "fmax"))


def fmin(input, other):
    return Fmin.apply(*_promoted(input, other, "fmin"))


def float_power(input, exponent):
    """input ** exponent computed in float64 whatever the dtypes (either may be a number)."""
    if not isinstance(input, Tensor) and not isinstance(exponent, Tensor):
        raise TypeError("float_power(): 'input' or 'exponent' must be a Tensor")
    for name, x in (("input", input), ("exponent", exponent)):
        if not isinstance(x, Tensor) and (isinstance(x, bool) or not isinstance(x, numbers.Real)):
            raise TypeError(
                f"float_power(): argument '{name}' must be a Tensor or a number, not {type(x).__name__}"
            )
    base = input.astype(dtypes.float64) if isinstance(input, Tensor) else float(input)
    power = exponent.astype(dtypes.float64) if isinstance(exponent, Tensor) else float(exponent)
    return base**power if isinstance(base, Tensor) else power.__rpow__(base)


def ldexp(input, other):
    """input 2^other, in their common float dtype (the default one for two integer Tensors)."""
    for name, x in (("input", input), ("other", other)):
        if not isinstance(x, Tensor):
            raise TypeError(f"ldexp(): argument '{name}' must be a Tensor, not {type(x).__name__}")
    dtype = typeinfo.result_type(input, other)
    dtype = dtype if dtype.kind == "f" else dtypes.get_default_dtype()
    return input.astype(dtype) * other.astype(dtype).__rpow__(2.0)


def frexp(input):
    """``(mantissa, exponent)`` with input = mantissa 2^exponent, |mantissa| in [0.5, 1) (0, inf
    and NaN keep their value, exponent 0); exponent is int32. d mantissa / d input = 2^-exponent."""
    if not isinstance(input, Tensor):
        raise TypeError(f"frexp(): argument 'input' must be a Tensor, not {type(input).__name__}")
    if input.dtype.kind != "f":
        raise TypeError(f"frexp: only floating-point Tensors have a mantissa, got dtype {input.dtype}")
    exponent = np.frexp(input._data)[1].astype(np.int32)
    return return_types.frexp(Mantissa.apply(input, exponent=exponent), Tensor._make(exponent))


class Mantissa(Function):
    """y = x 2^-e for frexp's exponent e of x;  dy/dx = 1 / 2^e"""

    @staticmethod
    def forward(ctx, x, exponent):
        with np.errstate(over="ignore"):  # inf only where 1 / 2^e is beyond the dtype (subnormal x)
            ctx.scale = np.ldexp(1.0, -exponent).astype(x.dtype)
        return np.frexp(x)[0]

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.scale
