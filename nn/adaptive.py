"""AdaptiveLogSoftmaxWithLoss: the softmax of a large vocabulary split by frequency (Grave et al.,
"Efficient softmax approximation for GPUs", 2016), as PyTorch's.

The ``cutoffs`` c_1 < ... < c_k split the classes into a head, the c_1 most frequent ones plus one
entry per tail cluster, and k tail clusters [c_i, c_(i+1)). A class in the head has
log p(y) = log softmax(head(x))_y; a class in cluster i has

    log p(y) = log softmax(head(x))_(c_1 + i) + log softmax(tail_i(x))_(y - c_i)

where tail_i is a projection to in_features / div_value^(i+1) features followed by a linear map
to the cluster's classes. Rows only pay for the tail of their own target's cluster.
"""

from collections import namedtuple

import autograd

from . import functional as F
from .layers import Linear
from .module import Module, ModuleList, Sequential

__all__ = ["AdaptiveLogSoftmaxWithLoss"]

_ASMoutput = namedtuple("_ASMoutput", ["output", "loss"])


class AdaptiveLogSoftmaxWithLoss(Module):
    """``forward(input, target)`` gives ``(output, loss)``: each row's log-probability of its
    target and their negated mean; ``log_prob(input)`` every class's, ``predict(input)`` the
    most probable class."""

    def __init__(
        self, in_features, n_classes, cutoffs, div_value=4.0, head_bias=False, device=None, dtype=None
    ):
        super().__init__()
        cutoffs = list(cutoffs)
        if len(cutoffs) == 0:
            raise ValueError("cutoffs should be a sequence of length larger than 0")
        if (
            cutoffs != sorted(cutoffs)
            or min(cutoffs) <= 0
            or max(cutoffs) > (n_classes - 1)
            or len(set(cutoffs)) != len(cutoffs)
            or any(int(c) != c for c in cutoffs)
        ):
            raise ValueError(
                "cutoffs should be a sequence of unique, positive integers sorted in an increasing order, "
                "where each value is between 1 and n_classes-1"
            )
        self.in_features, self.n_classes = in_features, n_classes
        self.cutoffs = cutoffs + [n_classes]
        self.div_value, self.head_bias = div_value, head_bias
        self.shortlist_size = self.cutoffs[0]
        self.n_clusters = len(self.cutoffs) - 1
        self.head_size = self.shortlist_size + self.n_clusters
        options = dict(device=device, dtype=dtype)
        self.head = Linear(in_features, self.head_size, bias=head_bias, **options)
        self.tail = ModuleList(
            Sequential(
                Linear(in_features, int(in_features // (div_value ** (i + 1))), bias=False, **options),
                Linear(int(in_features // (div_value ** (i + 1))), size, bias=False, **options),
            )
            for i, size in enumerate(b - a for a, b in zip(self.cutoffs, self.cutoffs[1:]))
        )

    def reset_parameters(self):
        self.head.reset_parameters()
        for projection, output in self.tail:
            projection.reset_parameters()
            output.reset_parameters()

    def forward(self, input, target):
        input, target = autograd.as_tensor(input), autograd.as_tensor(target)
        if target.ndim == 1:
            if input.shape[0] != target.shape[0]:
                raise RuntimeError("Input and target should have the same size in the batch dimension.")
            if input.ndim != 2:
                raise RuntimeError(
                    f"1D target tensor expects 2D input tensors, but found inputs with size {tuple(input.shape)}"
                )
        elif target.ndim == 0:
            if input.ndim != 1:
                raise RuntimeError(
                    f"0D target tensor expects 1D input tensors, but found inputs with size {tuple(input.shape)}"
                )
        else:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
        if target.dtype.kind not in "iu":
            raise TypeError(
                f"AdaptiveLogSoftmaxWithLoss: target must hold integer classes, got dtype {target.dtype}"
            )
        batched = target.ndim == 1
        if not batched:
            input, target = input.unsqueeze(0), target.unsqueeze(0)
        bounds = [0] + self.cutoffs
        if target.numel() and (int(target.min()) < 0 or int(target.max()) >= self.n_classes):
            raise RuntimeError(
                f"Target values should be in [0, {self.n_classes - 1}], but values in range "
                f"[{int(target.min())}, {int(target.max())}] were found. "
            )
        head_index = target.clone()  # the head entry each row reads: its class, or its cluster's
        output = input.new_zeros(target.shape[0])
        for i, (low, high) in enumerate(zip(bounds[1:], bounds[2:])):
            rows = ((target >= low) & (target < high)).nonzero().reshape(-1)
            if not rows.numel():
                continue
            cluster = F.log_softmax(self.tail[i](input.index_select(0, rows)), dim=1)
            local = cluster.gather(1, (target.index_select(0, rows) - low).unsqueeze(1)).squeeze(1)
            output = output.index_add(0, rows, local)
            head_index = head_index.index_fill(0, rows, self.shortlist_size + i)
        head = F.log_softmax(self.head(input), dim=1)
        output = output + head.gather(1, head_index.unsqueeze(1)).squeeze(1)
        loss = (-output).mean()
        return _ASMoutput(output if batched else output.squeeze(0), loss)

    def _full_log_prob(self, input):
        """Every class's log-probability, (N, n_classes)."""
        head = F.log_softmax(self.head(input), dim=1)
        parts = [head[:, : self.shortlist_size]]
        for i, projection in enumerate(self.tail):
            cluster = F.log_softmax(projection(input), dim=1)
            parts.append(cluster + head[:, self.shortlist_size + i].unsqueeze(1))
        return autograd.cat(parts, dim=1)

    def log_prob(self, input):
        """log p(class | row) for every class: (N, n_classes), or (n_classes,) for one row."""
        input = autograd.as_tensor(input)
        if input.ndim == 1:
            return self._full_log_prob(input.unsqueeze(0)).squeeze(0)
        return self._full_log_prob(input)

    def predict(self, input):
        """The most probable class of each row (of the one row, for 1-d input)."""
        return self.log_prob(input).argmax(dim=-1)
