"""``torch.func``'s differentiation transforms, built on the reverse-mode engine.

Each transform calls ``func`` on stand-ins for the differentiated arguments: a fresh leaf
requiring grad, or -- when the argument is itself being differentiated by an enclosing
transform or by ordinary autograd -- a differentiable alias of it (``x.view_as(x)``), so the
gradient is taken with respect to this call's use of x alone and the result still depends
on x for the outer level. When func's result depends on a Tensor requiring grad other than
the transform's own fresh leaves -- an enclosing transform's variable (``grad(grad(f))``,
``jacrev(jacrev(f))``, ``jvp(grad(f), ...)``), an argument or a captured Tensor that
requires grad -- derivatives are taken with ``create_graph=True`` so that they can be
differentiated again; otherwise the results are plain values, as torch.func's are.

- ``vjp``: v^T J by one backward pass per call of the returned ``vjp_fn``;
- ``jvp``: J t by the double-vjp trick: g(u) = u^T J is linear in u, so d(g . t)/du = J t
  (two reverse passes, the second through the graph of the first);
- ``jacrev`` / ``jacfwd``: one backward pass per output element (jacfwd gives the same
  Jacobian, computed by reverse mode as well);
- ``hessian``: ``jacfwd(jacrev(f))``.
"""

import functools

import numpy as np

from .. import engine
from ..function import Context
from ..grad_mode import enable_grad, is_grad_enabled
from ..ops import stack
from ..tensor import Tensor
from . import pytree


class _Level:
    """One transform's call of func: grad is enabled inside (a transform's result does not
    depend on an enclosing no_grad), the stand-ins it makes are remembered, and ``decide``
    tells whether this level's derivatives must be differentiable: when grad was enabled
    around the transform and func's results reach a Tensor requiring grad other than this
    level's own stand-ins (an enclosing transform's variable, an argument or a captured
    Tensor that requires grad)."""

    def __init__(self):
        self.outer_grad = is_grad_enabled()
        self.private = set()  # ids of this level's fresh leaves
        self.create_graph = False
        self._grad = enable_grad()

    def __enter__(self):
        self._grad.__enter__()
        return self

    def __exit__(self, *exc):
        self._grad.__exit__(*exc)

    def stand_in(self, x, what):
        """A Tensor that requires grad and stands for x in this call of func."""
        if not isinstance(x, Tensor):
            raise ValueError(f"Thing passed to transform API must be Tensor, got {type(x)}")
        if x.dtype.kind != "f":
            raise RuntimeError(
                f"{what}: only Tensors of floating point dtype can require gradients, got {x.dtype}"
            )
        if x.requires_grad:
            return x.view_as(x)
        leaf = x.detach().requires_grad_()
        self.private.add(id(leaf))
        return leaf

    def decide(self, results, extra=()):
        """Set ``create_graph`` from func's ``results`` (a pytree, aux included) and the
        ``extra`` Tensors that enter the backward pass (jvp's tangents)."""
        tensors = [t for t in pytree.flatten(results)[0] if isinstance(t, Tensor) and t.requires_grad]
        outside = any(
            type(node) is not Context and id(node) not in self.private for node in engine.node_order(tensors)
        )
        self.create_graph = self.outer_grad and (
            outside or any(isinstance(t, Tensor) and t.requires_grad for t in extra)
        )


def _zeros(x):
    return Tensor(np.zeros(x.shape, dtype=x.dtype))


def _backward(outputs, inputs, cotangents, create_graph):
    """sum_k cotangent_k^T d output_k / d input for each input (zeros where unreached)."""
    pairs = [(o, v) for o, v in zip(outputs, cotangents) if o.requires_grad]
    grads = [None] * len(inputs)
    if pairs:
        grads = engine.grad(
            [o for o, _ in pairs],
            inputs,
            [v for _, v in pairs],
            retain_graph=True,
            create_graph=create_graph,
            allow_unused=True,
        )
    return [_zeros(x) if g is None else g for g, x in zip(grads, inputs)]


def _argnums(argnums, n_args, what):
    """The positions to differentiate, as a tuple, after checking them."""
    positions = argnums if isinstance(argnums, tuple) else (argnums,)
    if not positions:
        raise RuntimeError(f"{what}: argnums must be non-empty")
    for i in positions:
        if isinstance(i, bool) or not isinstance(i, int):
            raise RuntimeError(f"argnums must be int or Tuple[int, ...], got: {type(argnums)}")
        if not -n_args <= i < n_args:
            raise RuntimeError(
                f"{what}: Got argnums={i}, but only {n_args} positional inputs were passed; "
                f"expected argnums to satisfy {-n_args} <= argnums < {n_args}"
            )
    positions = tuple(i % n_args for i in positions)
    if len(set(positions)) != len(positions):
        raise RuntimeError(f"argnums elements must be unique, got {argnums}")
    return positions


def _call(func, args, argnums, level, what):
    """func(*args) with stand-ins at ``argnums``: (output, the stand-ins' leaves per position,
    their specs)."""
    positions = _argnums(argnums, len(args), what)
    args = list(args)
    variables, specs = [], []
    for i in positions:
        leaves, spec = pytree.flatten(args[i])
        leaves = [level.stand_in(x, what) for x in leaves]
        args[i] = pytree.unflatten(leaves, spec)
        variables.append(leaves)
        specs.append(spec)
    return func(*args), variables, specs


def _split_aux(out, has_aux, what):
    if not has_aux:
        return out, None
    if not (isinstance(out, tuple) and len(out) == 2):
        raise RuntimeError(f"{what}: output of function with has_aux=True must be a tuple (output, aux)")
    for leaf in pytree.flatten(out[1])[0]:
        if not isinstance(leaf, Tensor):
            raise RuntimeError(f"Expected tensors, got unsupported type {type(leaf)}")
    return out


def _detached(tree, keep):
    return tree if keep else pytree.tree_map(lambda t: t.detach() if isinstance(t, Tensor) else t, tree)


def _per_argnums(values, specs, argnums):
    """Gradients regrouped like the arguments they belong to: one pytree per position,
    alone for an int argnums, in a tuple for a tuple."""
    grouped, start = [], 0
    for spec in specs:
        grouped.append(pytree.unflatten(values[start : start + spec.leaves], spec))
        start += spec.leaves
    return tuple(grouped) if isinstance(argnums, tuple) else grouped[0]


def grad_and_value(func, argnums=0, has_aux=False):
    """Like ``grad``, returning ``(gradient, value)`` (``(gradient, (value, aux))`` with has_aux)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        what = "grad_and_value(f)(*args)"
        with _Level() as level:
            out, variables, specs = _call(lambda *a: func(*a, **kwargs), args, argnums, level, what)
            level.decide(out)
            out, aux = _split_aux(out, has_aux, what)
            if not isinstance(out, Tensor):
                raise RuntimeError(f"{what}: Expected f(*args) to return a Tensor, got {type(out)}")
            if out.dim() != 0:
                raise RuntimeError(
                    f"{what}: Expected f(*args) to return a scalar Tensor, got tensor with {out.dim()} "
                    "dims. Maybe you wanted to use the vjp or jacrev APIs instead?"
                )
            flat = [x for leaves in variables for x in leaves]
            grads = _backward([out], flat, [np.ones(out.shape, dtype=out.dtype)], level.create_graph)
        value = _detached(out, level.create_graph)
        grads = _per_argnums(grads, specs, argnums)
        if has_aux:
            return grads, (value, _detached(aux, level.create_graph))
        return grads, value

    return wrapper


def grad(func, argnums=0, has_aux=False):
    """The function computing d func / d args[argnums] (func returns a 0-d Tensor).

    argnums: an int or a tuple of ints (then a tuple of gradients); an argument may be a
    pytree (tuple, list, dict) of Tensors, its gradient the same pytree. With has_aux, func
    returns ``(output, aux)`` and the result is ``(gradient, aux)``. Transforms compose:
    ``grad(grad(f))`` is the second derivative, ``vmap(grad(f))`` per-sample gradients.
    """
    both = grad_and_value(func, argnums, has_aux)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        grads, value = both(*args, **kwargs)
        return (grads, value[1]) if has_aux else grads

    return wrapper


def _output_leaves(out, what):
    leaves, spec = pytree.flatten(out)
    for leaf in leaves:
        if not isinstance(leaf, Tensor):
            raise RuntimeError(f"{what}: Expected f to return Tensors (or pytrees of them), got {type(leaf)}")
    return leaves, spec


def vjp(func, *primals, has_aux=False):
    """``(func(*primals), vjp_fn)``, with ``vjp_fn(cotangents)`` = the tuple of
    cotangents^T d func / d primal_i (one per primal, shaped like it); ``cotangents`` has
    the structure and shapes of func's output. vjp_fn may be called many times (and vmapped).
    With has_aux, func returns ``(output, aux)`` and vjp returns ``(output, vjp_fn, aux)``."""
    what = "vjp(f, *primals)"
    with _Level() as level:
        out, variables, specs = _call(func, primals, tuple(range(len(primals))), level, what)
        level.decide(out)
        out, aux = _split_aux(out, has_aux, what)
    outputs, out_spec = _output_leaves(out, what)
    flat = [x for leaves in variables for x in leaves]
    outer = level.create_graph

    def vjp_fn(cotangents, retain_graph=True, create_graph=None):
        given, spec = pytree.flatten(cotangents)
        if spec != out_spec:
            raise RuntimeError(
                "Expected pytree structure of cotangents to be the same as pytree structure of "
                f"outputs to the function. cotangents: {spec}, primal output: {out_spec}"
            )
        for i, (v, o) in enumerate(zip(given, outputs)):
            if tuple(np.shape(v)) != tuple(o.shape):
                raise RuntimeError(
                    f"Mismatch in shape: grad_output[{i}] has a shape of {tuple(np.shape(v))} and "
                    f"output[{i}] has a shape of {tuple(o.shape)}."
                )
        if create_graph is None:
            create_graph = is_grad_enabled() and (
                outer or any(isinstance(v, Tensor) and v.requires_grad for v in given)
            )
        with enable_grad():
            grads = _backward(outputs, flat, given, create_graph)
        return _per_argnums(grads, specs, tuple(specs))

    value = _detached(out, outer)
    return (value, vjp_fn, _detached(aux, outer)) if has_aux else (value, vjp_fn)


def jvp(func, primals, tangents, *, strict=False, has_aux=False):
    """``(func(*primals), J tangents)``: the Jacobian-vector product, primals and tangents
    tuples of the same structure and shapes. Computed by reverse mode twice (the double-vjp
    trick: d/du of u^T J t), not by forward-mode AD; same numbers.
    With has_aux, func returns ``(output, aux)`` and jvp returns ``(output, jvp_out, aux)``."""
    what = "jvp(f, primals, tangents)"
    if strict:
        raise RuntimeError(f"{what}: strict=True is not supported")
    for name, value in (("primals", primals), ("tangents", tangents)):
        if not isinstance(value, tuple):
            raise RuntimeError(
                f"{what}: Expected {name} to be a tuple. E.g. it should be valid to call f(*{name})."
            )
    primal_leaves, primal_spec = pytree.flatten(primals)
    tangent_leaves, tangent_spec = pytree.flatten(tangents)
    if primal_spec != tangent_spec:
        raise RuntimeError(
            f"{what}: Expected primals and tangents to have the same python structure. For example, "
            f"if primals is a tuple of 3 tensors, tangents also must be. Got primals with structure "
            f"{primal_spec} and tangents with structure {tangent_spec}"
        )
    for p, t in zip(primal_leaves, tangent_leaves):
        if not isinstance(t, Tensor) or tuple(t.shape) != tuple(p.shape):
            raise RuntimeError(
                f"{what}: Expected primals and tangents to have the same shape, got {p!r} and {t!r}"
            )
    with _Level() as level:
        out, variables, _ = _call(func, primals, tuple(range(len(primals))), level, what)
        level.decide(out, extra=tangent_leaves)
        out, aux = _split_aux(out, has_aux, what)
        outputs, out_spec = _output_leaves(out, what)
        flat = [x for leaves in variables for x in leaves]
        dummies = [_zeros(o).requires_grad_() for o in outputs]  # u: u^T J is linear in it
        vjps = _backward(outputs, flat, dummies, create_graph=True)
        pairs = [(g, t) for g, t in zip(vjps, tangent_leaves) if g.requires_grad]
        jvps = _backward([g for g, _ in pairs], dummies, [t for _, t in pairs], level.create_graph)
    value = _detached(out, level.create_graph)
    jvp_out = pytree.unflatten(jvps, out_spec)
    return (value, jvp_out, _detached(aux, level.create_graph)) if has_aux else (value, jvp_out)


def _check_chunk_size(chunk_size, what):
    if chunk_size is not None and (
        isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size <= 0
    ):
        raise ValueError(f"{what}: `chunk_size` should be greater than 0.")


def jacrev(func, argnums=0, *, has_aux=False, chunk_size=None, _preallocate_and_copy=False):
    """The function computing the Jacobian of func with respect to args[argnums] by reverse
    mode: for each output Tensor o and differentiated input x, d o[i...] / d x[j...] of
    shape ``o.shape + x.shape``, one backward pass per element of o. The result has func's
    output structure, each output holding the Jacobians with respect to the argument(s)
    (a tuple of them for a tuple argnums). With has_aux: ``(jacobian, aux)``. ``chunk_size``
    (how many rows PyTorch computes at once) changes nothing here."""
    _check_chunk_size(chunk_size, "jacrev")

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        what = "jacrev(f, ...)(*args)"
        with _Level() as level:
            out, variables, specs = _call(lambda *a: func(*a, **kwargs), args, argnums, level, what)
            level.decide(out)
            out, aux = _split_aux(out, has_aux, what)
            outputs, out_spec = _output_leaves(out, what)
            flat = [x for leaves in variables for x in leaves]
            jacobians = [
                _per_argnums(_jacobian(o, flat, level.create_graph), specs, argnums) for o in outputs
            ]
        jacobian = pytree.unflatten(jacobians, out_spec)
        return (jacobian, _detached(aux, level.create_graph)) if has_aux else jacobian

    return wrapper


def _jacobian(out, inputs, create_graph):
    """[d out / d x for x in inputs], each of shape out.shape + x.shape."""
    n = out.numel()
    rows = [[] for _ in inputs]
    for i in range(n):
        onehot = np.zeros(n, dtype=out.dtype)
        onehot[i] = 1
        for row, g in zip(rows, _backward([out], inputs, [onehot.reshape(out.shape)], create_graph)):
            row.append(g)
    return [
        stack(row).reshape(tuple(out.shape) + tuple(x.shape))
        if row
        else Tensor(np.zeros(tuple(out.shape) + tuple(x.shape), dtype=x.dtype))
        for row, x in zip(rows, inputs)
    ]


def jacfwd(func, argnums=0, has_aux=False, *, randomness="error"):
    """The Jacobian of func with respect to args[argnums], as ``jacrev`` gives it.

    PyTorch computes it by forward-mode AD (one jvp per input element); chainrule has reverse
    mode only and computes the same Jacobian by reverse mode. ``randomness`` is vmap's
    ('error': func must not draw random numbers; 'different', 'same')."""
    from .vmap import random_mode  # (vmap imports this module)

    jacobian = jacrev(func, argnums, has_aux=has_aux)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with random_mode(randomness):
            return jacobian(*args, **kwargs)

    return wrapper


def hessian(func, argnums=0):
    """The Hessian of a scalar function, ``jacfwd(jacrev(func, argnums), argnums)``: shape
    ``x.shape + x.shape`` for an output of one element (output.shape + x.shape * 2 in general)."""
    return jacfwd(jacrev(func, argnums), argnums)
