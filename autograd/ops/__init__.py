"""Every differentiable operation, grouped by kind; each forward beside its derivative.

``UFUNCS`` maps numpy ufuncs to these ops, so ``np.exp(t)`` on a Tensor is ours.
"""

import numpy as np

from ..tensor import Tensor
from .arithmetic import Add, Div, MatMul, Mul, Neg, Pow, Sub
from .bessel import I0, I1, I0e, I1e
from .blas import (
    addbmm,
    addcdiv,
    addcmul,
    addmm,
    addmv,
    addr,
    baddbmm,
    chain_matmul,
    inner,
    multi_dot,
    tensordot,
    vdot,
)
from .building import (
    atleast_1d,
    atleast_2d,
    atleast_3d,
    block_diag,
    cartesian_prod,
    combinations,
    diag_embed,
    diagflat,
    linalg_vander,
    meshgrid,
    tril_indices,
    triu_indices,
    vander,
)
from .calculus import cumulative_trapezoid, gradient, trapezoid, trapz
from .comparison import (
    all,
    allclose,
    any,
    equal,
    isclose,
    isfinite,
    isinf,
    isnan,
    isneginf,
    isposinf,
    isreal,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    nonzero,
    signbit,
)
from .condition import cond
from .contraction import Einsum, einsum
from .coordinates import argwhere, unravel_index
from .counting import bincount
from .cumulative import (
    Cumprod,
    Cumsum,
    LogCumSumExp,
    Prod,
    cummax,
    cummin,
    cumprod,
    cumsum,
    logcumsumexp,
    prod,
)
from .decompositions import (
    QR,
    SVD,
    Eigh,
    Eigvalsh,
    Svdvals,
    eigh,
    eigvalsh,
    linalg_qr,
    linalg_svd,
    qr,
    svd,
    svdvals,
)
from .elementwise import (
    ELU,
    Abs,
    Clamp,
    Clip,
    Cos,
    Erf,
    Exp,
    Expm1,
    LeakyReLU,
    Log,
    Log1p,
    Log2,
    Log10,
    Maximum,
    Minimum,
    Reciprocal,
    ReLU,
    Rsqrt,
    Sigmoid,
    Sin,
    Softplus,
    Sqrt,
    Square,
    Tanh,
    Where,
    clamp,
    gelu,
    maximum,
    minimum,
    select,
    sigmoid,
    where,
)
from .floating import Fmax, Fmin, float_power, fmax, fmin, frexp, ldexp
from .gamma import Digamma, Lgamma, Polygamma, mvlgamma
from .histograms import histogram, histogramdd
from .householder import householder_product, orgqr
from .index_writes import index_add as index_add_along  # ops.index_add is shape's helper
from .index_writes import index_put, index_reduce, put
from .indexing import (
    Scatter,
    ScatterAdd,
    gather,
    index_select,
    masked_fill,
    masked_select,
    one_hot,
    repeat_interleave,
    scatter,
    scatter_add,
    take,
    take_along_dim,
)
from .integer import (
    bitwise_and,
    bitwise_left_shift,
    bitwise_not,
    bitwise_or,
    bitwise_right_shift,
    bitwise_xor,
    gcd,
    lcm,
)
from .lapack import LinAlgError
from .layout import (
    chunk,
    diag,
    diagonal,
    diff,
    expand,
    flip,
    narrow,
    repeat,
    roll,
    rot90,
    split,
    tensor_split,
    tril,
    triu,
    unbind,
    unflatten,
    unfold,
)
from .ldl import ldl_factor, ldl_factor_ex, ldl_solve
from .lu import (
    LUFactor,
    linalg_lu,
    linalg_lu_solve,
    lu,
    lu_factor,
    lu_factor_ex,
    lu_solve,
    lu_unpack,
)
from .matrices import (
    CholeskySolve,
    Det,
    Inv,
    LogAbsDet,
    Pinv,
    Solve,
    cholesky_inverse,
    cholesky_solve,
    det,
    inv,
    inverse,
    linalg_norm,
    linalg_slogdet,
    logdet,
    lstsq,
    matrix_norm,
    matrix_power,
    matrix_rank,
    pinv,
    pinverse,
    slogdet,
    solve,
    vecdot,
)
from .matrix_exp import MatrixExp, matrix_exp
from .moments import corrcoef, cov, nanmean, nansum, std_mean, var_mean
from .normal import Erfc, Erfinv, LogNdtr, Ndtr, Ndtri
from .pointwise import (
    Atan2,
    Copysign,
    Fmod,
    Hypot,
    LogAddExp,
    LogAddExp2,
    Remainder,
    XLog1pY,
    XLogY,
    atan2,
    copysign,
    fmod,
    heaviside,
    hypot,
    lerp,
    logaddexp,
    logaddexp2,
    nan_to_num,
    nextafter,
    remainder,
    xlog1py,
    xlogy,
)
from .products import cdist, cross, dist, kron, outer, renorm, trace
from .reduction import (
    LogSoftmax,
    LogSumExp,
    Max,
    Mean,
    Min,
    Norm,
    Softmax,
    Sum,
    amax,
    amin,
    norm,
    softmax,
    var,
    vector_norm,
)
from .rounding import Ceil, Floor, Round, RoundedDiv, Sign, Trunc, divide
from .scattering import ScatterReduce, index_copy, index_fill, masked_scatter, scatter_reduce
from .sets import bucketize, isin, searchsorted, unique, unique_consecutive
from .shape import (
    BroadcastTo,
    Cast,
    Clone,
    Concatenate,
    GetItem,
    IndexAdd,
    Reshape,
    SetItem,
    SumTo,
    Transpose,
    broadcast_to,
    concatenate,
    index_add,
    stack,
    sum_to,
    transpose,
)
from .sorting import argsort, max, max_with_indices, min, min_with_indices, return_types, sort, topk
from .special import Entr, Exp2, Frac, Logit, Sinc
from .stacking import column_stack, dsplit, dstack, hsplit, hstack, movedim, row_stack, vsplit, vstack
from .statistics import (
    Median,
    NanMedian,
    aminmax,
    count_nonzero,
    histc,
    kthvalue,
    median,
    mode,
    nanmedian,
    nanquantile,
    quantile,
)
from .tensor_inverse import tensorinv, tensorsolve
from .triangular import (
    Cholesky,
    SolveTriangular,
    cholesky,
    cholesky_deprecated,
    cholesky_ex,
    solve_triangular,
    triangular_solve,
)
from .trigonometric import Acos, Asin, Atan, Cosh, Sinh, Tan, deg2rad, rad2deg
from .view_scatters import diagonal_scatter, select_scatter, slice_scatter
from .with_info import inv_ex, solve_ex

UFUNCS = {
    np.add: Add.apply,
    np.subtract: Sub.apply,
    np.multiply: Mul.apply,
    np.true_divide: Div.apply,
    np.power: Pow.apply,
    np.matmul: MatMul.apply,
    np.negative: Neg.apply,
    np.positive: lambda x: x,
    np.absolute: Abs.apply,
    np.exp: Exp.apply,
    np.log: Log.apply,
    np.sqrt: Sqrt.apply,
    np.sin: Sin.apply,
    np.cos: Cos.apply,
    np.tanh: Tanh.apply,
    np.maximum: Maximum.apply,
    np.minimum: Minimum.apply,
    np.square: Square.apply,
    np.log2: Log2.apply,
    np.log10: Log10.apply,
    np.log1p: Log1p.apply,
    np.expm1: Expm1.apply,
    np.reciprocal: Reciprocal.apply,
    np.tan: Tan.apply,
    np.arcsin: Asin.apply,
    np.arccos: Acos.apply,
    np.arctan: Atan.apply,
    np.sinh: Sinh.apply,
    np.cosh: Cosh.apply,
    np.sign: Sign.apply,
    np.floor: Floor.apply,
    np.ceil: Ceil.apply,
    np.trunc: Trunc.apply,
    np.rint: Round.apply,
    np.exp2: Exp2.apply,
    np.arctan2: Atan2.apply,
    np.hypot: Hypot.apply,
    np.copysign: Copysign.apply,
    np.fmod: Fmod.apply,
    np.remainder: Remainder.apply,
    np.equal: lambda a, b: a == b,
    np.not_equal: lambda a, b: a != b,
    np.less: lambda a, b: a < b,
    np.less_equal: lambda a, b: a <= b,
    np.greater: lambda a, b: a > b,
    np.greater_equal: lambda a, b: a >= b,
    np.floor_divide: lambda a, b: divide(a, b, "floor"),
    np.fmax: fmax,
    np.fmin: fmin,
    np.deg2rad: deg2rad,
    np.rad2deg: rad2deg,
    np.bitwise_and: bitwise_and,
    np.bitwise_or: bitwise_or,
    np.bitwise_xor: bitwise_xor,
    np.invert: bitwise_not,
    np.left_shift: bitwise_left_shift,
    np.right_shift: bitwise_right_shift,
    np.gcd: gcd,
    np.lcm: lcm,
}
# Predicates have no gradient: numpy computes them, and the answer is a bool Tensor.
for _predicate in (
    np.isnan,
    np.isinf,
    np.isfinite,
    np.signbit,
    np.logical_not,
    np.logical_and,
    np.logical_or,
    np.logical_xor,
):
    UFUNCS[_predicate] = lambda *xs, _f=_predicate: Tensor._make(_f(*(x._data for x in xs)))
