"""Products that add, BLAS's shapes: addmm, addmv, addr, addbmm, baddbmm, addcmul, addcdiv;
and the contractions tensordot, inner, vdot, multi_dot / chain_matmul.

Each is written with ops that already have derivatives (``@``, ``*``, ``+``, reshape,
permute), so none needs a derivative of its own, and every one differentiates twice.
``beta * input + alpha * (mat1 @ mat2)`` is that formula; two details are PyTorch's:
``beta=0`` ignores ``input`` (a nan or inf there does not reach the result, and input still
gets its zero gradient), and an integer Tensor takes only integer ``beta`` and ``alpha``.
``addbmm`` and ``tensordot`` become one matrix product (BLAS) by reshaping, not a loop.
"""

import math
import numbers

import numpy as np

from ..tensor import Tensor, tensor
from .arithmetic import MatMul
from .checks import dim_index
from .elementwise import where
from .shape import Clone, Reshape, Transpose


def _tensor(x):
    return x if isinstance(x, Tensor) else tensor(x)


def _operands(op, **named):
    """The named operands as Tensors of one dtype (PyTorch refuses mixed dtypes here)."""
    tensors = {name: _tensor(x) for name, x in named.items()}
    dtypes = {t.dtype for t in tensors.values()}
    if len(dtypes) > 1:
        listed = ", ".join(f"{name} {t.dtype}" for name, t in tensors.items())
        raise TypeError(f"{op}: the Tensors must have one dtype, got {listed}")
    return tuple(tensors.values())


def _ndim(op, name, t, ndim):
    if t.ndim != ndim:
        what = {1: "a vector (1-D)", 2: "a matrix (2-D)", 3: "a batch of matrices (3-D)"}[ndim]
        raise ValueError(f"{op}: {name} must be {what}, got shape {tuple(t.shape)}")


def _inner(op, names, a, b):
    """a's last size must be b's first (of its matrix) for a @ b."""
    k = b.shape[-2] if b.ndim > 1 else b.shape[0]
    if a.shape[-1] != k:
        raise ValueError(
            f"{op}: {names[0]} {tuple(a.shape)} and {names[1]} {tuple(b.shape)} cannot be multiplied: "
            f"inner dimensions {a.shape[-1]} and {k} differ"
        )


def _scalar(op, name, value, dtype):
    """beta or alpha: a real number, an integer one for integer Tensors (as PyTorch)."""
    if isinstance(value, Tensor) and value.ndim == 0:
        value = value.item()
    if not isinstance(value, numbers.Real):
        raise TypeError(f"{op}: {name} must be a number, got {value!r:.60}")
    if dtype.kind != "f" and not isinstance(value, numbers.Integral):
        raise TypeError(f"{op}: for integer Tensors (dtype {dtype}), {name} must be an int, got {value!r}")
    return value


def _add_scaled(op, input, product, beta, alpha):
    """beta * input + alpha * product, input broadcast to the product's shape."""
    beta, alpha = _scalar(op, "beta", beta, product.dtype), _scalar(op, "alpha", alpha, product.dtype)
    try:
        fits = np.broadcast_shapes(input.shape, product.shape) == product.shape
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(
            f"{op}: input of shape {tuple(input.shape)} does not broadcast to the product's "
            f"shape {tuple(product.shape)}"
        )
    if alpha != 1:
        product = product * alpha
    if beta == 0:  # input ignored, nan included; it still gets its (zero) gradient
        return product + where(False, input, 0) if input.requires_grad else product
    return (input if beta == 1 else input * beta) + product


def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    """beta * input + alpha * (mat1 @ mat2) for matrices mat1 (n, m) and mat2 (m, p); input
    broadcasts to (n, p)."""
    input, mat1, mat2 = _operands("addmm", input=input, mat1=mat1, mat2=mat2)
    _ndim("addmm", "mat1", mat1, 2)
    _ndim("addmm", "mat2", mat2, 2)
    _inner("addmm", ("mat1", "mat2"), mat1, mat2)
    return _add_scaled("addmm", input, MatMul.apply(mat1, mat2), beta, alpha)


def addmv(input, mat, vec, *, beta=1, alpha=1):
    """beta * input + alpha * (mat @ vec) for a matrix (n, m) and a vector (m,)."""
    input, mat, vec = _operands("addmv", input=input, mat=mat, vec=vec)
    _ndim("addmv", "mat", mat, 2)
    _ndim("addmv", "vec", vec, 1)
    _inner("addmv", ("mat", "vec"), mat, vec)
    return _add_scaled("addmv", input, MatMul.apply(mat, vec), beta, alpha)


def addr(input, vec1, vec2, *, beta=1, alpha=1):
    """beta * input + alpha * outer(vec1, vec2) for vectors (n,) and (m,)."""
    input, vec1, vec2 = _operands("addr", input=input, vec1=vec1, vec2=vec2)
    _ndim("addr", "vec1", vec1, 1)
    _ndim("addr", "vec2", vec2, 1)
    outer = Reshape.apply(vec1, shape=(-1, 1)) * Reshape.apply(vec2, shape=(1, -1))
    return _add_scaled("addr", input, outer, beta, alpha)


def _batches(op, batch1, batch2):
    _ndim(op, "batch1", batch1, 3)
    _ndim(op, "batch2", batch2, 3)
    if batch1.shape[0] != batch2.shape[0]:
        raise ValueError(
            f"{op}: batch1 {tuple(batch1.shape)} and batch2 {tuple(batch2.shape)} must have "
            "the same number of matrices"
        )
    _inner(op, ("batch1", "batch2"), batch1, batch2)


def baddbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """beta * input + alpha * (batch1 @ batch2), matrix by matrix: (b, n, m) @ (b, m, p);
    input broadcasts to (b, n, p)."""
    input, batch1, batch2 = _operands("baddbmm", input=input, batch1=batch1, batch2=batch2)
    _batches("baddbmm", batch1, batch2)
    return _add_scaled("baddbmm", input, MatMul.apply(batch1, batch2), beta, alpha)


def addbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """beta * input + alpha * sum_i batch1[i] @ batch2[i]; input broadcasts to (n, p).
    The sum of products is one product: (n, b m) @ (b m, p)."""
    input, batch1, batch2 = _operands("addbmm", input=input, batch1=batch1, batch2=batch2)
    _batches("addbmm", batch1, batch2)
    (b, n, m), p = batch1.shape, batch2.shape[2]
    rows = Reshape.apply(Transpose.apply(batch1, axes=(1, 0, 2)), shape=(n, b * m))
    product = MatMul.apply(rows, Reshape.apply(batch2, shape=(b * m, p)))
    return _add_scaled("addbmm", input, product, beta, alpha)


def _value(op, value, dtype):
    if not isinstance(value, numbers.Real):
        raise TypeError(f"{op}: value must be a number, got {value!r:.60}")
    if dtype.kind != "f" and not isinstance(value, numbers.Integral):
        raise TypeError(f"{op}: for integer Tensors (dtype {dtype}), value must be an int, got {value!r}")
    return value


def addcmul(input, tensor1, tensor2, *, value=1):
    """input + value * tensor1 * tensor2, the three broadcast together."""
    input, tensor1, tensor2 = _operands("addcmul", input=input, tensor1=tensor1, tensor2=tensor2)
    value = _value("addcmul", value, input.dtype)
    return input + (tensor1 if value == 1 else tensor1 * value) * tensor2


def addcdiv(input, tensor1, tensor2, *, value=1):
    """input + value * tensor1 / tensor2, the three broadcast together (floats only, as PyTorch)."""
    input, tensor1, tensor2 = _operands("addcdiv", input=input, tensor1=tensor1, tensor2=tensor2)
    if tensor1.dtype.kind != "f":
        raise TypeError(
            f"addcdiv: tensor1 and tensor2 must be floating point (integer division with addcdiv is "
            f"not supported, as in PyTorch), got dtype {tensor1.dtype}"
        )
    value = _value("addcdiv", value, input.dtype)
    return input + (tensor1 if value == 1 else tensor1 * value) / tensor2


# ---- contractions ------------------------------------------------------------------------


def _contracted_dims(a, b, dims):
    """tensordot's dims as two lists of dimensions of a and of b, checked."""
    if isinstance(dims, Tensor):
        dims = dims.item() if dims.ndim == 0 else dims.tolist()
    if isinstance(dims, numbers.Integral) and not isinstance(dims, bool):
        if not 0 <= dims <= min(a.ndim, b.ndim):
            raise ValueError(
                f"tensordot: dims {dims} must be in [0, {min(a.ndim, b.ndim)}] for shapes "
                f"{tuple(a.shape)} and {tuple(b.shape)}"
            )
        dims_a, dims_b = list(range(a.ndim - dims, a.ndim)), list(range(dims))
    elif isinstance(dims, (tuple, list)) and len(dims) == 2:
        dims_a, dims_b = ([d] if isinstance(d, numbers.Integral) else list(d) for d in dims)
        if len(dims_a) != len(dims_b):
            raise ValueError(f"tensordot: dims {dims} must list as many dimensions of a as of b")
        dims_a = [dim_index(d, a.ndim, "tensordot") for d in dims_a]
        dims_b = [dim_index(d, b.ndim, "tensordot") for d in dims_b]
        if len(set(dims_a)) != len(dims_a) or len(set(dims_b)) != len(dims_b):
            raise ValueError(f"tensordot: dims {dims} repeat a dimension")
    else:
        raise TypeError(f"tensordot: dims must be an int or a pair of lists of ints, got {dims!r:.60}")
    for da, db in zip(dims_a, dims_b):
        if a.shape[da] != b.shape[db]:
            raise ValueError(
                f"tensordot: dimension {da} of a {tuple(a.shape)} has size {a.shape[da]} but "
                f"dimension {db} of b {tuple(b.shape)} has size {b.shape[db]}; contracted sizes must match"
            )
    return dims_a, dims_b


def tensordot(a, b, dims=2):
    """sum over the dimensions dims[0] of a and dims[1] of b, paired (an int n: a's last n
    with b's first n); the result has a's other dimensions, then b's. It is one matrix
    product: a permuted and reshaped to (rest of a, contracted) @ b to (contracted, rest of b)."""
    a, b = _operands("tensordot", a=a, b=b)
    dims_a, dims_b = _contracted_dims(a, b, dims)
    free_a = [d for d in range(a.ndim) if d not in dims_a]
    free_b = [d for d in range(b.ndim) if d not in dims_b]
    k = math.prod(a.shape[d] for d in dims_a)
    rows, cols = math.prod(a.shape[d] for d in free_a), math.prod(b.shape[d] for d in free_b)
    left = Reshape.apply(Transpose.apply(a, axes=tuple(free_a + dims_a)), shape=(rows, k))
    right = Reshape.apply(Transpose.apply(b, axes=tuple(dims_b + free_b)), shape=(k, cols))
    shape = tuple(a.shape[d] for d in free_a) + tuple(b.shape[d] for d in free_b)
    return Reshape.apply(MatMul.apply(left, right), shape=shape)


def inner(input, other):
    """The sum of products over the last dimension of both (a 0-d operand multiplies);
    out[i..., j...] = sum_k input[i..., k] other[j..., k]."""
    input, other = _operands("inner", input=input, other=other)
    if input.ndim == 0 or other.ndim == 0:
        return input * other
    if input.shape[-1] != other.shape[-1]:
        raise ValueError(
            f"inner: the last dimension must match, got shapes {tuple(input.shape)} and {tuple(other.shape)}"
        )
    return tensordot(input, other, ([-1], [-1]))


def vdot(input, other):
    """sum_i input[i] other[i] of two vectors of one size (real: no conjugate to take)."""
    input, other = _operands("vdot", input=input, other=other)
    if input.ndim != 1 or other.ndim != 1 or input.shape != other.shape:
        raise ValueError(
            f"vdot: input and other must be vectors (1-D) of one size, got shapes "
            f"{tuple(input.shape)} and {tuple(other.shape)}"
        )
    return MatMul.apply(input, other)


def _chain_order(sizes):
    """The cheapest way to multiply matrices of shapes (sizes[i], sizes[i + 1]): split[i][j] is
    where the product of matrices i..j is cut in two (the classic dynamic programme)."""
    n = len(sizes) - 1
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j], split[i][j] = min(
                (cost[i][k] + cost[k + 1][j] + sizes[i] * sizes[k + 1] * sizes[j + 1], k) for k in range(i, j)
            )
    return split


def multi_dot(tensors):
    """tensors[0] @ tensors[1] @ ... in the order that costs the fewest multiplications
    (PyTorch's linalg.multi_dot): the first may be a vector (a row), the last a vector
    (a column), the others matrices."""
    if isinstance(tensors, Tensor) or not isinstance(tensors, (list, tuple)):
        raise TypeError(
            f"multi_dot: tensors must be a list or tuple of Tensors, got {type(tensors).__name__}"
        )
    if len(tensors) < 2:
        raise ValueError(f"multi_dot: expected at least 2 tensors, got {len(tensors)}")
    tensors = list(_operands("multi_dot", **{f"tensors[{i}]": t for i, t in enumerate(tensors)}))
    first, last = tensors[0].ndim == 1, tensors[-1].ndim == 1
    if first:
        tensors[0] = Reshape.apply(tensors[0], shape=(1, -1))
    if last:
        tensors[-1] = Reshape.apply(tensors[-1], shape=(-1, 1))
    for i, t in enumerate(tensors):
        _ndim("multi_dot", f"tensors[{i}]", t, 2)
        if i and tensors[i - 1].shape[1] != t.shape[0]:
            raise ValueError(
                f"multi_dot: tensors[{i - 1}] {tuple(tensors[i - 1].shape)} and tensors[{i}] "
                f"{tuple(t.shape)} cannot be multiplied (inner sizes differ)"
            )
    split = _chain_order([tensors[0].shape[0]] + [t.shape[1] for t in tensors])

    def product(i, j):
        if i == j:
            return tensors[i]
        k = split[i][j]
        return MatMul.apply(product(i, k), product(k + 1, j))

    result = product(0, len(tensors) - 1)
    shape = result.shape[1 if first else 0 : 1 if last else 2]
    return Reshape.apply(result, shape=shape) if shape != result.shape else result


def chain_matmul(*matrices):
    """The product of the matrices (2-D each), as multi_dot (PyTorch's deprecated name)."""
    if len(matrices) == 1 and isinstance(matrices[0], (list, tuple)):
        matrices = tuple(matrices[0])
    for i, m in enumerate(matrices):
        if _tensor(m).ndim != 2:
            raise ValueError(f"chain_matmul: matrices[{i}] must be a matrix (2-D), got shape {np.shape(m)}")
    if len(matrices) == 1:
        return Clone.apply(_tensor(matrices[0]))
    if not matrices:
        raise ValueError("chain_matmul: expected at least one matrix")
    return multi_dot(matrices)
