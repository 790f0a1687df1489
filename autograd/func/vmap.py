"""``vmap``: a function of one example turned into a function of a batch.

PyTorch pushes the batch dimension into every op (batching rules). Here the batch is mapped
with a Python loop: func is called once per index b on the inputs sliced at b along their
in_dims (inputs with in_dim None are passed whole), and each output is stacked along its
out_dim. Same results and composition (nested vmap, vmap of grad, grad of vmap: slicing
and stacking are differentiable), at the speed of the loop.

Randomness: 'error' raises when func draws from a generator; 'different' draws anew for
each example (the loop's natural behaviour); 'same' gives every example the same numbers:
each generator func draws from is set back, before each example, to its state before the
first example's draws.
"""

import contextlib
import functools

import numpy as np

from ..ops import stack
from ..random import generator as _generator
from ..tensor import Tensor
from . import pytree
from .transforms import _check_chunk_size

_RANDOMNESS = ("error", "different", "same")
_frames = []  # the active vmaps (and jacfwds), innermost last


class _Frame:
    def __init__(self, randomness):
        self.randomness = randomness
        self.first = True  # during the first example
        self.states = {}  # generator -> its state before the first example drew from it

    def restore(self):
        for generator, state in self.states.items():
            generator.set_state(state)


def _on_draw(generator):
    """Called by every generator before it draws while a vmap is active."""
    if any(frame.randomness == "error" for frame in _frames):
        raise RuntimeError(
            "vmap: called random operation while in randomness error mode. Please either use the "
            "'same' or 'different' randomness flags on vmap or perform the randomness operation out of vmap"
        )
    for frame in _frames:
        if frame.randomness == "same" and frame.first and generator not in frame.states:
            frame.states[generator] = generator.get_state()


def _check_randomness(randomness):
    if randomness not in _RANDOMNESS:
        raise RuntimeError(
            f"Only allowed values for randomness are 'error', 'different', or 'same'. Got {randomness}"
        )


@contextlib.contextmanager
def random_mode(randomness):
    """Within: draws follow ``randomness`` (the frame of one vmap)."""
    _check_randomness(randomness)
    frame = _Frame(randomness)
    if not _frames:
        _generator.draw_hooks.append(_on_draw)
    _frames.append(frame)
    try:
        yield frame
    finally:
        _frames.remove(frame)
        if not _frames:
            _generator.draw_hooks.remove(_on_draw)


def _name(func):
    return getattr(func, "__name__", repr(func))


def _in_dims(in_dims, args, name):
    """The in_dim of each leaf of args, checked."""
    leaves, spec = pytree.flatten(args)
    if isinstance(in_dims, tuple):
        if len(in_dims) != len(args):
            raise ValueError(
                f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): in_dims is not compatible with the "
                f"structure of `inputs`. in_dims has structure {pytree.flatten(in_dims)[1]} but inputs "
                f"has structure {spec}."
            )
        dims = pytree.broadcast_prefix(in_dims, spec, f"vmap({name}, in_dims={in_dims}, ...)")
    elif in_dims is None or (isinstance(in_dims, int) and not isinstance(in_dims, bool)):
        dims = [in_dims] * len(leaves)
    else:
        raise ValueError(
            f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): expected `in_dims` to be int or a "
            f"(potentially nested) tuple matching the structure of inputs, got: {type(in_dims)}."
        )
    checked = []
    for leaf, dim in zip(leaves, dims):
        if dim is not None and (isinstance(dim, bool) or not isinstance(dim, int)):
            raise ValueError(
                f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): in_dims must be int or None, got {dim!r}"
            )
        if dim is not None and not isinstance(leaf, Tensor):
            raise ValueError(
                f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): Got in_dim={dim} for an input but the "
                f"input is of type {type(leaf)}. We cannot vmap over non-Tensor arguments, please use "
                "None as the respective in_dim"
            )
        if dim is not None and not -leaf.dim() <= dim < leaf.dim():
            raise ValueError(
                f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): Got in_dim={dim} for some input, but "
                f"that input is a Tensor of dimensionality {leaf.dim()} so expected in_dim to satisfy "
                f"-{leaf.dim()} <= in_dim < {leaf.dim()}."
            )
        checked.append(None if dim is None else dim % leaf.dim())
    return leaves, spec, checked


def _batch_size(leaves, dims, name, in_dims):
    sizes = [leaf.shape[d] for leaf, d in zip(leaves, dims) if d is not None]
    if not sizes:
        raise ValueError(
            f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): at least one input must be batched "
            "(the corresponding in_dim must not be None)"
        )
    if len(set(sizes)) != 1:
        raise ValueError(
            f"vmap: Expected all tensors to have the same size in the mapped dimension, got sizes "
            f"{sizes} for the mapped dimension"
        )
    if sizes[0] == 0:
        raise ValueError(
            "vmap: the mapped dimension has size 0; chainrule's vmap calls the function once per "
            "example and needs at least one"
        )
    return sizes[0]


def _example(leaf, dim, b):
    if dim is None:
        return leaf
    return leaf[(slice(None),) * dim + (b,)]


def _stacked(results, spec, out_dims, name):
    """The outputs of all examples, stacked leaf by leaf along out_dims."""
    if isinstance(out_dims, tuple) and spec.kind is not tuple and len(out_dims) == 1:
        out_dims = out_dims[0]  # out_dims=(0,) for a single output
    dims = pytree.broadcast_prefix(out_dims, spec, f"vmap({name}, ..., out_dims={out_dims})")
    stacked = []
    for k, dim in enumerate(dims):
        values = [leaves[k] for leaves in results]
        if dim is None:
            first = values[0]
            if isinstance(first, Tensor) and any(
                not np.array_equal(first._data, v._data) for v in values[1:]
            ):
                raise ValueError(
                    f"vmap({name}, ..., out_dims={out_dims})(<inputs>): can not return a BatchedTensor "
                    "when out_dim is None"
                )
            stacked.append(first)
            continue
        if isinstance(dim, bool) or not isinstance(dim, int):
            raise ValueError(
                f"vmap({name}, ..., out_dims={out_dims}): out_dims must be int or None, got {dim!r}"
            )
        if not isinstance(values[0], Tensor):
            raise ValueError(
                f"vmap({name}, ...): `{name}` must only return Tensors, got type {type(values[0])}. Did "
                "you mean to set out_dims= to None for output?"
            )
        rank = values[0].dim() + 1
        if not -rank <= dim < rank:
            raise IndexError(
                f"Dimension out of range (expected to be in range of [{-rank}, {rank - 1}], but got {dim})"
            )
        stacked.append(stack(values, dim % rank))
    return pytree.unflatten(stacked, spec)


def vmap(func, in_dims=0, out_dims=0, randomness="error", *, chunk_size=None):
    """The function that maps ``func`` over a dimension of its inputs.

    in_dims: for each positional argument (a tuple, or one value for all) the dimension to
    map over, or None to pass it unmapped to every call; a pytree prefix of the arguments
    (an argument that is a dict / list / tuple of Tensors takes one in_dim for all of them,
    or a matching structure). out_dims: where the mapped dimension goes in each output
    (None: an output that is the same for every example, returned once). Keyword arguments
    are passed unmapped. ``chunk_size`` (how many examples PyTorch batches at once) changes
    nothing here. This implementation calls func once per example in a Python loop and
    stacks the results (see the module docstring), with PyTorch's results.
    """
    _check_randomness(randomness)
    _check_chunk_size(chunk_size, "vmap")
    name = _name(func)

    @functools.wraps(func)
    def wrapped(*args, **kwargs):
        if not args:
            raise ValueError(
                f"vmap({name})(<inputs>): got no inputs. Maybe you forgot to add inputs, or you are "
                "trying to vmap over a function with no inputs. The latter is unsupported."
            )
        leaves, spec, dims = _in_dims(in_dims, args, name)
        size = _batch_size(leaves, dims, name, in_dims)
        results, out_spec = [], None
        with random_mode(randomness) as frame:
            for b in range(size):
                frame.first = b == 0
                frame.restore()
                example = pytree.unflatten([_example(x, d, b) for x, d in zip(leaves, dims)], spec)
                out_leaves, s = pytree.flatten(func(*example, **kwargs))
                if out_spec is not None and s != out_spec:
                    raise ValueError(f"vmap({name}): the function returned outputs of different structures")
                out_spec = s
                results.append(out_leaves)
        return _stacked(results, out_spec, out_dims, name)

    return wrapped
