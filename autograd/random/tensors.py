"""The random Tensor functions, named and called as in PyTorch.

Factories (``rand``, ``randn``, ``randint``, ``randperm``, ``normal``, ``multinomial``,
``bernoulli``, ``*_like``) make new Tensors (``device=`` may only be the CPU); the in-place fills (``uniform_``,
``normal_``, ``random_``, ``bernoulli_``, ``exponential_``) overwrite a Tensor's values
and return it. All take ``generator=`` (None: the default generator). Float factories
make the default float dtype unless given ``dtype=``.
"""

import numpy as np

from ..dtypes import check_device
from ..grad_mode import is_grad_enabled
from ..tensor import Tensor
from . import sampling


def _size(size, keyword, what):
    """``f(2, 3)``, ``f((2, 3))``, ``f([2, 3])`` or ``f(size=(2, 3))`` -> (2, 3)."""
    if keyword is not None:
        if size:
            raise TypeError(f"{what}: give the size as arguments or as size=, not both")
        size = (keyword,)
    if len(size) == 1 and not isinstance(size[0], (int, np.integer)):
        size = size[0]  # one tuple or list
    return sampling.as_shape(size, f"{what}: size")


def _new(array, requires_grad, device=None):
    check_device(device)
    t = Tensor._make(np.asarray(array))  # numpy gives 0-d results as scalars
    if requires_grad:
        t.requires_grad_(True)
    return t


def _array(value):
    return value._data if isinstance(value, Tensor) else np.asarray(value)


def rand(*args, size=None, generator=None, dtype=None, device=None, requires_grad=False):
    """Uniform samples from [0, 1)."""
    shape = _size(args, size, "rand")
    return _new(sampling.uniform(shape, 0.0, 1.0, dtype, generator), requires_grad, device)


def randn(*args, size=None, generator=None, dtype=None, device=None, requires_grad=False):
    """Standard normal samples."""
    shape = _size(args, size, "randn")
    return _new(sampling.normal(shape, 0.0, 1.0, dtype, generator), requires_grad, device)


def randint(
    *args, low=None, high=None, size=None, generator=None, dtype=None, device=None, requires_grad=False
):
    """Integers from [low, high), int64 unless ``dtype``: ``randint(high, size)`` or
    ``randint(low, high, size)`` (or with keywords; low defaults to 0)."""
    args = list(args)
    if len(args) > 3:
        raise TypeError(f"randint takes at most (low, high, size), got {len(args)} positional arguments")
    if size is None:
        if not args:
            raise TypeError("randint needs a size, e.g. randint(10, (3,))")
        size = args.pop()
    if high is None:
        if not args:
            raise TypeError("randint needs high, e.g. randint(10, (3,))")
        high = args.pop()
    if low is None:
        low = args.pop() if args else 0
    if args:
        raise TypeError("randint: low or high given both as an argument and as a keyword")
    array = sampling.integers(_size((), size, "randint"), low, high, dtype, generator)
    return _new(array, requires_grad, device)


def randperm(n, generator=None, dtype=None, device=None, requires_grad=False):
    """A random permutation of 0 .. n-1 (int64 unless ``dtype``)."""
    return _new(sampling.permutation(n, dtype, generator), requires_grad, device)


def normal(mean, std=1.0, size=None, generator=None, dtype=None, device=None, requires_grad=False):
    """Normal samples, as ``torch.normal``: numbers ``mean`` and ``std`` with a ``size``, or
    Tensors of means and/or standard deviations (one sample each, broadcast together:
    a standard normal times std, plus mean, in their dtype)."""
    tensors = [_array(v) for v in (mean, std) if isinstance(v, (Tensor, np.ndarray))]
    if not tensors:
        if size is None:
            raise TypeError("normal(mean, std) with numbers needs a size, e.g. normal(0.0, 1.0, size=(3,))")
        shape = _size((), size, "normal")
        return _new(sampling.normal(shape, mean, std, dtype, generator), requires_grad, device)
    if size is not None:
        raise TypeError("normal: size goes with numbers mean and std; with Tensors the shape is theirs")
    dtype = sampling.float_dtype(dtype or np.result_type(*tensors), "normal")
    mean_array, std_array = np.asarray(_array(mean), dtype), np.asarray(_array(std), dtype)
    if isinstance(std, (Tensor, np.ndarray)) and not (std_array >= 0).all():
        raise ValueError("normal expects all elements of std >= 0.0")
    try:
        shape = np.broadcast_shapes(mean_array.shape, std_array.shape)
    except ValueError:
        raise ValueError(
            f"normal: mean of shape {tuple(mean_array.shape)} and std of shape {tuple(std_array.shape)} do not broadcast"
        ) from None
    if isinstance(std, (Tensor, np.ndarray)):
        z = sampling.normal(shape, 0.0, 1.0, dtype, generator) * std_array
    else:
        z = sampling.normal(shape, 0.0, std, dtype, generator)
    return _new(z + mean_array, requires_grad, device)


def multinomial(input, num_samples, replacement=False, generator=None):
    """Category indices (int64) drawn with weights from each row of ``input`` (1-D or 2-D)."""
    return Tensor._make(sampling.multinomial(_array(input), num_samples, replacement, generator))


def bernoulli(input, p=None, generator=None):
    """0/1 samples in input's dtype: with probabilities ``input`` (p None), or ``p`` for all."""
    probs = _array(input)
    if p is None:
        return Tensor._make(sampling.bernoulli(probs.shape, probs, probs.dtype, generator))
    return Tensor._make(sampling.bernoulli(probs.shape, p, probs.dtype, generator))


def rand_like(input, generator=None, dtype=None, device=None, requires_grad=False):
    """``rand`` of input's shape and (unless ``dtype``) dtype."""
    like = _array(input)
    return _new(
        sampling.uniform(like.shape, 0.0, 1.0, dtype or _float_or_none(like), generator),
        requires_grad,
        device,
    )


def randn_like(input, generator=None, dtype=None, device=None, requires_grad=False):
    """``randn`` of input's shape and (unless ``dtype``) dtype."""
    like = _array(input)
    return _new(
        sampling.normal(like.shape, 0.0, 1.0, dtype or _float_or_none(like), generator), requires_grad, device
    )


def _float_or_none(array):
    return array.dtype if array.dtype.kind == "f" else None


def randint_like(
    input, *args, low=None, high=None, generator=None, dtype=None, device=None, requires_grad=False
):
    """``randint`` of input's shape and (unless ``dtype``) dtype: ``randint_like(x, high)`` or
    ``randint_like(x, low, high)``."""
    like = _array(input)
    return randint(
        *args,
        low=low,
        high=high,
        size=like.shape,
        generator=generator,
        dtype=dtype or like.dtype,
        device=device,
        requires_grad=requires_grad,
    )


# ---- in-place fills --------------------------------------------------------------------


def _fill(t, values, what):
    """Write ``values`` into t's array (same shape and dtype) and return t."""
    if not isinstance(t, Tensor):
        raise TypeError(f"{what} fills a Tensor in place, got {type(t).__name__}")
    if t.requires_grad and is_grad_enabled():
        raise RuntimeError(
            f"{what}: a Tensor that requires grad cannot be refilled in place while "
            f"gradients are recorded (wrap the call in autograd.no_grad())"
        )
    t._data[...] = values(t._data.shape, t._data.dtype)
    t._version += 1
    return t


def uniform_(t, a=0.0, b=1.0, generator=None):
    """Fill ``t`` with samples of U(a, b)."""
    return _fill(t, lambda shape, dtype: sampling.uniform(shape, a, b, dtype, generator), "uniform_")


def normal_(t, mean=0.0, std=1.0, generator=None):
    """Fill ``t`` with samples of N(mean, std^2)."""
    return _fill(t, lambda shape, dtype: sampling.normal(shape, mean, std, dtype, generator), "normal_")


def random_(t, *bounds, generator=None):
    """Fill ``t`` with integers: ``random_(t)`` over the dtype's range, ``random_(t, to)``
    from [0, to), ``random_(t, from, to)`` from [from, to) (``to=None``: up to the dtype's max)."""
    if len(bounds) > 2:
        raise TypeError(f"random_ takes (from, to), (to) or nothing, got {len(bounds)} bounds")
    if not bounds:
        return _fill(t, lambda shape, dtype: sampling.random_bits(shape, dtype, generator), "random_")
    low, high = (0, bounds[0]) if len(bounds) == 1 else bounds
    if high is None:
        return _fill(
            t, lambda shape, dtype: sampling.integers_to_max(shape, low, dtype, generator), "random_"
        )
    return _fill(t, lambda shape, dtype: sampling.integers(shape, low, high, dtype, generator), "random_")


def bernoulli_(t, p=0.5, generator=None):
    """Fill ``t`` with 1 (probability p: a number or a Tensor broadcast to t) or 0."""
    p = _array(p) if isinstance(p, (Tensor, np.ndarray)) else p
    return _fill(t, lambda shape, dtype: sampling.bernoulli(shape, p, dtype, generator), "bernoulli_")


def exponential_(t, lambd=1.0, generator=None):
    """Fill ``t`` with samples of Exp(lambd) (density lambd e^(-lambd x))."""
    return _fill(t, lambda shape, dtype: sampling.exponential(shape, lambd, dtype, generator), "exponential_")


def poisson(input, generator=None):
    """Poisson(input) counts, one per rate, in input's dtype (PyTorch's rejection sampler)."""
    from . import rejection

    return Tensor._make(rejection.poisson(_array(input), generator))


def binomial(count, prob, generator=None):
    """Binomial(count, prob) counts, broadcast together, in prob's dtype."""
    from . import rejection

    return Tensor._make(rejection.binomial(_array(count), _array(prob), generator))
