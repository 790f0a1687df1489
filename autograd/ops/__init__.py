"""Every differentiable operation, grouped by kind; each forward beside its derivative."""
from .arithmetic import Add, Div, MatMul, Mul, Neg, Pow, Sub
from .elementwise import (ELU, Abs, Clip, Cos, Erf, Exp, LeakyReLU, Log, Maximum, Minimum, ReLU,
                          Sigmoid, Sin, Softplus, Sqrt, Tanh, Where, gelu, maximum, minimum, where)
from .reduction import LogSoftmax, LogSumExp, Max, Mean, Min, Softmax, Sum, var
from .shape import (BroadcastTo, Cast, Concatenate, GetItem, IndexAdd, Reshape, SumTo, Transpose,
                    concatenate, stack, sum_to)
