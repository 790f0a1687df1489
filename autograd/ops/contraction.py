"""einsum: sums of products named by subscripts, as one differentiable op.

``einsum("bij,bjk->bik", a, b)`` is out[b,i,k] = sum_j a[b,i,j] b[b,j,k]. The equation is
parsed once into integer labels, one per dimension of each operand (``...`` becomes fresh
labels, aligned from the right and broadcast), and numpy computes the sum.

The derivative with respect to one operand is an einsum too: the output's gradient times
every other operand, summed over what the operand does not have,

    d out / d x_k  =  einsum(grad, x_1, ..., (no x_k), ... -> labels of x_k),

with two corrections. A label that x_k repeats (a diagonal, "ii->i") appears once in the
product and is spread back onto the diagonal by identity matrices; a label only x_k has
(summed out, "ij->i") is broadcast back by a vector of ones. Being an einsum, the
derivative is differentiable again.
"""

import numbers
import string

import numpy as np

from ..function import Function
from ..tensor import Tensor
from .shape import broadcast_to, sum_to

LETTERS = string.ascii_uppercase + string.ascii_lowercase  # numpy's 52 labels, in its order
ELLIPSIS = -1


class Einsum(Function):
    """einsum over integer labels: ``inputs`` holds one label tuple per operand, ``output`` the
    result's;  d/dx_k = einsum(grad, other operands -> labels of x_k) (see the module docstring)"""

    @staticmethod
    def forward(ctx, *operands, inputs, output):
        ctx.save_for_backward(*operands)
        ctx.input_labels, ctx.output_labels = inputs, output
        return _contract(operands, inputs, output)

    @staticmethod
    def backward(ctx, grad):
        operands = ctx.saved_tensors
        return tuple(
            _operand_grad(grad, operands, ctx.input_labels, ctx.output_labels, k) if needed else None
            for k, needed in enumerate(ctx.needs_input_grad)
        )


def _contract(operands, inputs, output):
    """The einsum of arrays (numpy; its optimizer when it pays) or of Tensors (differentiable)."""
    if any(isinstance(x, Tensor) for x in operands):
        return Einsum.apply(*operands, inputs=inputs, output=output)
    pairs = [v for x, labels in zip(operands, inputs) for v in (x, list(labels))]
    # numpy's own loop is fast for one operand and small pairs; past that, its optimizer
    # picks an order and hands pairwise products to BLAS (tensordot).
    big = len(operands) > 2 or sum(np.size(x) for x in operands) > 4096
    return np.einsum(*pairs, list(output), optimize=big)


def _operand_grad(grad, operands, inputs, output, k):
    """The gradient of operand k: the einsum of ``grad`` with the other operands."""
    x, labels = operands[k], list(inputs[k])
    size = {}
    terms, term_labels = [grad], [output]
    for m, (other, other_labels) in enumerate(zip(operands, inputs)):
        if m != k:
            terms.append(other)
            term_labels.append(other_labels)
    fresh = max([*output, *(lbl for ls in inputs for lbl in ls)], default=-1) + 1
    for d, label in enumerate(labels):
        size.setdefault(label, x.shape[d])
        if label in labels[:d]:  # a repeat: a new label, tied to the first by an identity
            terms.append(np.eye(x.shape[d], dtype=x.dtype))
            term_labels.append((label, fresh))
            labels[d], fresh = fresh, fresh + 1
    present = {lbl for ls in term_labels for lbl in ls}
    for label in dict.fromkeys(labels):
        if label not in present:  # summed out by x alone: every entry gets the same gradient
            terms.append(np.ones(size[label], dtype=x.dtype))
            term_labels.append((label,))
    result = _contract(terms, tuple(map(tuple, term_labels)), tuple(labels))
    # Size-1 dimensions of x that broadcast against the others: sum the gradient back to 1;
    # dimensions the others had as 1 (and x not): broadcast it out.
    full = np.broadcast_shapes(np.shape(result), x.shape)
    if np.shape(result) != full:
        result = broadcast_to(result, full)
    return sum_to(result, x.shape)


def einsum(equation, *operands):
    """``torch.einsum``: ``einsum("ij,jk->ik", a, b)``, operands also as one list, or in
    sublist form ``einsum(a, [0, 1], b, [1, 2], [0, 2])``."""
    if isinstance(equation, Tensor):  # the sublist form
        pieces = (equation, *operands)
        operands = pieces[0:-1:2] if len(pieces) % 2 else pieces[0::2]
        inputs = [_sublist(s, f"operand {i}") for i, s in enumerate(pieces[1::2])]
        output = _sublist(pieces[-1], "output") if len(pieces) % 2 else None
        return _einsum(operands, inputs, output)
    if not isinstance(equation, str):
        raise TypeError(f"einsum: the equation must be a str, got {type(equation).__name__}")
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    equation = equation.replace(" ", "")
    if equation.count("->") > 1:
        raise ValueError(f"einsum: the equation {equation!r} has more than one '->'")
    left, arrow, right = equation.partition("->")
    inputs = [_subscripts(term, f"operand {i}") for i, term in enumerate(left.split(","))]
    output = _subscripts(right, "the output") if arrow else None
    return _einsum(operands, inputs, output)


def _subscripts(term, where):
    """'ab...c' as labels: ints 0-51 for letters (numpy's order), ELLIPSIS for '...'."""
    labels, rest = [], term
    while rest:
        if rest.startswith("..."):
            if ELLIPSIS in labels:
                raise ValueError(f"einsum: {where} ({term!r}) has a second ellipsis '...'")
            labels.append(ELLIPSIS)
            rest = rest[3:]
        elif rest[0] in LETTERS:
            labels.append(LETTERS.index(rest[0]))
            rest = rest[1:]
        else:
            what = "a '.' that is not part of an ellipsis '...'" if rest[0] == "." else repr(rest[0])
            raise ValueError(
                f"einsum: {where} ({term!r}) has {what}; subscripts are letters a-z, A-Z and '...'"
            )
    return labels


def _sublist(labels, where):
    """A sublist ([0, 1, Ellipsis]) as labels, checked like the letters of an equation."""
    if not isinstance(labels, (list, tuple)):
        raise TypeError(f"einsum: the sublist of {where} must be a list of ints, got {labels!r}")
    out = []
    for label in labels:
        if label is Ellipsis:
            out.append(ELLIPSIS)
        elif isinstance(label, numbers.Integral) and not isinstance(label, bool) and 0 <= label < 52:
            out.append(int(label))
        else:
            raise ValueError(f"einsum: sublist of {where}: {label!r} is not an int in [0, 52) or Ellipsis")
    return out


def _name(label):
    return "..." if label == ELLIPSIS else LETTERS[label]


def _einsum(operands, inputs, output):
    """Check the operands against the parsed labels, expand '...', and contract."""
    if len(inputs) != len(operands):
        raise ValueError(
            f"einsum: the equation names {len(inputs)} operand(s), but {len(operands)} were given"
        )
    for i, x in enumerate(operands):
        if not isinstance(x, Tensor):
            raise TypeError(f"einsum: operand {i} must be a Tensor, got {type(x).__name__}")
    dtypes = {x.dtype for x in operands}
    if len(dtypes) > 1:
        raise TypeError(
            f"einsum: the operands must have one dtype (as in PyTorch), got {[str(x.dtype) for x in operands]}"
        )
    # '...' stands for the leading dimensions the letters leave over, aligned from the right.
    spans = []
    for i, (x, labels) in enumerate(zip(operands, inputs)):
        letters = len(labels) - (ELLIPSIS in labels)
        if x.ndim < letters or (ELLIPSIS not in labels and x.ndim != letters):
            raise ValueError(
                f"einsum: operand {i} has {x.ndim} dimension(s) (shape {tuple(x.shape)}) but "
                f"{''.join(map(_name, labels))!r} names {letters}"
                + ("" if ELLIPSIS in labels else " and has no ellipsis '...'")
            )
        spans.append(x.ndim - letters)
    width = max(spans, default=0)
    dots = tuple(range(52, 52 + width))  # labels of the ellipsis dimensions, past the letters

    def expand(labels, span):
        return tuple(
            lbl for label in labels for lbl in (dots[width - span :] if label == ELLIPSIS else (label,))
        )

    inputs = tuple(expand(labels, span) for labels, span in zip(inputs, spans))
    if output is None:  # implicit: '...' first, then the letters used once, sorted
        counts = [lbl for labels in inputs for lbl in labels]
        output = dots + tuple(sorted(lbl for lbl in set(counts) if lbl < 52 and counts.count(lbl) == 1))
    else:
        seen = {lbl for labels in inputs for lbl in labels}
        for d, label in enumerate(output):
            if label in output[:d]:
                raise ValueError(f"einsum: output subscript {_name(label)} appears more than once")
            if label != ELLIPSIS and label not in seen:
                raise ValueError(
                    f"einsum: output subscript {_name(label)} does not appear in any operand's subscripts"
                )
        output = expand(output, width)
    _check_sizes(operands, inputs)
    return _contract(operands, *_compact(inputs, output))


def _compact(inputs, output):
    """Labels renumbered 0, 1, ... in order of first use (numpy takes at most 52)."""
    order = {lbl: n for n, lbl in enumerate(dict.fromkeys([*(lbl for ls in inputs for lbl in ls), *output]))}
    if len(order) > 52:
        raise ValueError(f"einsum: {len(order)} distinct subscripts (with '...' expanded); at most 52")
    renumber = lambda labels: tuple(order[lbl] for lbl in labels)  # noqa: E731
    return tuple(map(renumber, inputs)), renumber(output)


def _check_sizes(operands, inputs):
    """Each label one size: equal within an operand (a diagonal), 1 or equal across them."""
    size = {}
    for i, (x, labels) in enumerate(zip(operands, inputs)):
        mine = {}
        for label, n in zip(labels, x.shape):
            if mine.setdefault(label, n) != n:
                raise ValueError(
                    f"einsum: subscript {_label_name(label)} is repeated in operand {i} with sizes "
                    f"{mine[label]} and {n} (shape {tuple(x.shape)}); a diagonal needs equal sizes"
                )
        for label, n in mine.items():
            seen = size.setdefault(label, (n, i))
            if n != seen[0] and 1 not in (n, seen[0]):
                raise ValueError(
                    f"einsum: subscript {_label_name(label)} has size {seen[0]} in operand {seen[1]} "
                    f"but {n} in operand {i} (shape {tuple(x.shape)}); sizes must match or be 1"
                )
            if seen[0] == 1:
                size[label] = (n, i)


def _label_name(label):
    return LETTERS[label] if label < 52 else f"'...' (dimension {label - 52} of the ellipsis)"
