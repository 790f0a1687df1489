"""Every differentiable operation, grouped by kind; each forward beside its derivative.

``UFUNCS`` maps numpy ufuncs to these ops, so ``np.exp(t)`` on a Tensor is ours.
"""
import numpy as np

from ..tensor import Tensor
from .arithmetic import Add, Div, MatMul, Mul, Neg, Pow, Sub
from .elementwise import (ELU, Abs, Clip, Cos, Erf, Exp, LeakyReLU, Log, Maximum, Minimum, ReLU,
                          Sigmoid, Sin, Softplus, Sqrt, Tanh, Where, gelu, maximum, minimum, select,
                          sigmoid, where)
from .reduction import (LogSoftmax, LogSumExp, Max, Mean, Min, Softmax, Sum, max_with_indices,
                        min_with_indices, softmax, var)
from .shape import (BroadcastTo, Cast, Clone, Concatenate, GetItem, IndexAdd, Reshape, SetItem,
                    SumTo, Transpose, broadcast_to, concatenate, index_add, stack, sum_to, transpose)

UFUNCS = {
    np.add: Add.apply, np.subtract: Sub.apply, np.multiply: Mul.apply, np.true_divide: Div.apply,
    np.power: Pow.apply, np.matmul: MatMul.apply, np.negative: Neg.apply, np.positive: lambda x: x,
    np.absolute: Abs.apply, np.exp: Exp.apply, np.log: Log.apply, np.sqrt: Sqrt.apply,
    np.sin: Sin.apply, np.cos: Cos.apply, np.tanh: Tanh.apply, np.maximum: Maximum.apply,
    np.minimum: Minimum.apply, np.square: lambda x: Mul.apply(x, x),
    np.equal: lambda a, b: a == b, np.not_equal: lambda a, b: a != b, np.less: lambda a, b: a < b,
    np.less_equal: lambda a, b: a <= b, np.greater: lambda a, b: a > b,
    np.greater_equal: lambda a, b: a >= b,
}
# Predicates have no gradient: numpy computes them, and the answer is a bool Tensor.
for _predicate in (np.isnan, np.isinf, np.isfinite, np.signbit, np.logical_not, np.logical_and,
                   np.logical_or, np.logical_xor):
    UFUNCS[_predicate] = lambda *xs, _f=_predicate: Tensor._make(_f(*(x._data for x in xs)))
