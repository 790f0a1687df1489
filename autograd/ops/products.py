"""Products and distances built from ops that have derivatives: outer, trace, kron, cross,
cdist, and renorm (slices scaled to a largest norm). None needs a derivative of its own.
"""

import numbers

import numpy as np

from ..tensor import Tensor, tensor
from .checks import dim_index
from .elementwise import where
from .layout import diagonal
from .reduction import vector_norm
from .shape import broadcast_to


def _tensor(x):
    return x if isinstance(x, Tensor) else tensor(x)


def outer(input, vec2):
    """out[i, j] = input[i] vec2[j] (PyTorch's outer, alias ger) of two 1-D Tensors."""
    input, vec2 = _tensor(input), _tensor(vec2)
    if input.ndim != 1 or vec2.ndim != 1:
        raise ValueError(
            f"outer: input and vec2 must be 1-D, got shapes {tuple(input.shape)} and {tuple(vec2.shape)}"
        )
    return input.reshape(-1, 1) * vec2.reshape(1, -1)


def trace(input):
    """The sum of the main diagonal of a matrix."""
    input = _tensor(input)
    if input.ndim != 2:
        raise ValueError(f"trace: input must be a matrix (2-D), got shape {tuple(input.shape)}")
    return diagonal(input).sum()


def kron(input, other):
    """The Kronecker product: out[i*p + k, j*q + l] = a[i, j] b[k, l] for b of shape (p, q),
    in any number of dimensions (the fewer-dimensional operand gets leading 1s)."""
    a, b = _tensor(input), _tensor(other)
    ndim = max(a.ndim, b.ndim)
    a_shape, b_shape = (1,) * (ndim - a.ndim) + a.shape, (1,) * (ndim - b.ndim) + b.shape
    # (a0, a1) x (b0, b1) -> (a0, 1, a1, 1) * (1, b0, 1, b1) -> (a0 b0, a1 b1)
    spread = a.reshape(tuple(v for n in a_shape for v in (n, 1))) * b.reshape(
        tuple(v for n in b_shape for v in (1, n))
    )
    return spread.reshape(tuple(m * n for m, n in zip(a_shape, b_shape)))


def cross(input, other, dim=None):
    """The cross product of 3-vectors along ``dim`` (the two broadcast): c = a x b,
    c_0 = a_1 b_2 - a_2 b_1 and cyclically. ``torch.cross`` without dim takes the first
    dimension of size 3 (deprecated in PyTorch); ``linalg.cross`` takes dim=-1."""
    a, b = _tensor(input), _tensor(other)
    try:
        shape = tuple(np.broadcast_shapes(a.shape, b.shape))
    except ValueError:
        raise ValueError(
            f"cross: shapes {tuple(a.shape)} and {tuple(b.shape)} cannot be broadcast together"
        ) from None
    if dim is None:
        dim = next((d for d, n in enumerate(shape) if n == 3), None)
        if dim is None:
            raise ValueError(f"cross: no dimension of size 3 in shape {shape}")
    dim = dim_index(dim, len(shape), "cross")
    if len(shape) == 0 or shape[dim] != 3:
        raise ValueError(
            f"cross: dim {dim} of the shapes {tuple(a.shape)} and {tuple(b.shape)} must have size 3"
        )
    a, b = broadcast_to(a, shape), broadcast_to(b, shape)
    before = (slice(None),) * dim
    a1, a2 = a[before + ([1, 2, 0],)], a[before + ([2, 0, 1],)]
    b1, b2 = b[before + ([1, 2, 0],)], b[before + ([2, 0, 1],)]
    return a1 * b2 - a2 * b1


COMPUTE_MODES = (
    "use_mm_for_euclid_dist_if_necessary",
    "use_mm_for_euclid_dist",
    "donot_use_mm_for_euclid_dist",
)


def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """out[..., i, j] = ||x1[..., i, :] - x2[..., j, :]||_p for x1 (..., P, M) and x2
    (..., R, M), batch dimensions broadcast. ``compute_mode`` is accepted; the distances are
    always computed from the differences (exact, where PyTorch's matrix products round)."""
    x1, x2 = _tensor(x1), _tensor(x2)
    if compute_mode not in COMPUTE_MODES:
        raise ValueError(
            f"cdist: compute_mode must be one of {', '.join(COMPUTE_MODES)}, got {compute_mode!r}"
        )
    if isinstance(p, bool) or not isinstance(p, numbers.Real) or not p >= 0:
        raise ValueError(f"cdist: p must be a number >= 0 (or inf), got {p!r}")
    if x1.ndim < 2 or x2.ndim < 2 or x1.shape[-1] != x2.shape[-1]:
        raise ValueError(
            f"cdist: x1 (..., P, M) and x2 (..., R, M) need at least 2 dimensions and the same M, "
            f"got shapes {tuple(x1.shape)} and {tuple(x2.shape)}"
        )
    if x1.dtype.kind != "f" or x2.dtype.kind != "f":
        raise TypeError(f"cdist: needs floating-point Tensors, got dtypes {x1.dtype} and {x2.dtype}")
    differences = x1.unsqueeze(-2) - x2.unsqueeze(-3)
    return vector_norm(differences, p, -1)


def renorm(input, p, dim, maxnorm):
    """Each slice of input along ``dim`` whose p-norm exceeds ``maxnorm`` scaled down to norm
    maxnorm (by maxnorm / (norm + 1e-7), PyTorch's factor); the others as they are."""
    x = _tensor(input)
    if x.dtype.kind != "f":
        raise TypeError(f"renorm: needs a floating-point Tensor, got dtype {x.dtype}")
    if x.ndim < 2:
        raise ValueError(f"renorm: needs a Tensor with at least 2 dimensions, got shape {tuple(x.shape)}")
    dim = dim_index(dim, x.ndim, "renorm")
    for name, value in (("p", p), ("maxnorm", maxnorm)):
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value >= 0:
            raise ValueError(f"renorm: {name} must be a number >= 0, got {value!r:.60}")
    if p == 0:
        raise ValueError("renorm: p must be positive, got 0")
    norms = vector_norm(x, p, tuple(d for d in range(x.ndim) if d != dim), keepdim=True)
    return x * where(norms > maxnorm, maxnorm / (norms + 1e-7), 1.0)


def dist(input, other, p=2):
    """The p-norm of input - other (which broadcast): ``vector_norm(input - other, p)``."""
    input = _tensor(input)
    return vector_norm(input - input._lift(other), p)
