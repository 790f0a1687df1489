"""Module backward hooks (``register_full_backward_hook``, ``register_full_backward_pre_hook``), as
PyTorch runs them.

A module call with backward hooks puts an identity op in front of its inputs and another behind
its outputs. Backward reaches the output op first: it has the gradients of the outputs, lets each
pre-hook replace them, and keeps them. Then, when the gradients of the inputs are known, the
input op calls each hook with ``(module, grad_input, grad_output)``; a hook may return new input
gradients. ``grad_input`` has one entry per positional argument (None for an argument that is
not a Tensor requiring grad); when no argument requires grad, the output op calls the hooks
itself, with only Nones for grad_input.
"""

from autograd import Tensor
from autograd.function import TensorFunction


class _Identity(TensorFunction):
    """y_i = x_i for each Tensor given;  dx_i = dy_i, seen (and maybe replaced) by ``on_grads``"""

    name = "backward_hook"

    @staticmethod
    def forward(ctx, *xs, on_grads):
        ctx.on_grads = on_grads
        return tuple(x.clone() for x in xs)

    @staticmethod
    def backward(ctx, *grads):
        return tuple(ctx.on_grads(grads))


class BackwardHook:
    """One module call's backward hooks: ``inputs(args)`` and ``outputs(result)`` wrap the
    Tensors in identity ops whose backward calls the hooks."""

    def __init__(self, module, hooks, pre_hooks):
        self.module, self.hooks, self.pre_hooks = module, hooks, pre_hooks
        self.grad_outputs, self.input_slots, self.n_inputs = None, None, 0

    def inputs(self, args):
        self.n_inputs = len(args)
        slots = [i for i, a in enumerate(args) if isinstance(a, Tensor) and a.requires_grad]
        if not slots or not self.hooks:
            return args
        self.input_slots = slots
        wrapped = _Identity.apply(*(args[i] for i in slots), on_grads=self._input_grads)
        args = list(args)
        for i, w in zip(slots, wrapped):
            args[i] = w
        return tuple(args)

    def outputs(self, result):
        single = isinstance(result, Tensor)
        values = (result,) if single else result
        if not isinstance(values, tuple):
            return result
        slots = [i for i, v in enumerate(values) if isinstance(v, Tensor) and v.requires_grad]
        if not slots:
            return result
        self.output_slots, self.n_outputs = slots, len(values)
        wrapped = _Identity.apply(*(values[i] for i in slots), on_grads=self._output_grads)
        values = list(values)
        for i, w in zip(slots, wrapped):
            values[i] = w
        return values[0] if single else tuple(values)

    def _output_grads(self, grads):
        full = [None] * self.n_outputs
        for i, g in zip(self.output_slots, grads):
            full[i] = g
        grad_outputs = tuple(full)
        for hook in self.pre_hooks:
            replaced = hook(self.module, grad_outputs)
            if replaced is None:
                continue
            replaced = replaced if isinstance(replaced, tuple) else (replaced,)
            if len(replaced) != len(grad_outputs):
                raise RuntimeError(
                    f"a backward pre-hook of {type(self.module).__name__} returned {len(replaced)} "
                    f"grad_output(s), expected {len(grad_outputs)}"
                )
            grad_outputs = replaced
        self.grad_outputs = grad_outputs
        if self.input_slots is None:  # no input requires grad: the hooks are called here
            for hook in self.hooks:
                replaced = hook(self.module, (None,) * self.n_inputs, grad_outputs)
                if replaced is not None and not all(r is None for r in _as_tuple(replaced)):
                    raise RuntimeError(
                        "a backward hook of a module none of whose inputs requires grad must "
                        "return None (or only Nones)"
                    )
            self.grad_outputs = None
        return tuple(grad_outputs[i] for i in self.output_slots)

    def _input_grads(self, grads):
        if self.grad_outputs is None:  # the outputs were not part of this backward
            return grads
        grad_input = [None] * self.n_inputs
        for i, g in zip(self.input_slots, grads):
            grad_input[i] = g
        grad_input = tuple(grad_input)
        for hook in self.hooks:
            replaced = hook(self.module, grad_input, self.grad_outputs)
            if replaced is None:
                continue
            replaced = _as_tuple(replaced)
            if len(replaced) != len(grad_input):
                raise RuntimeError(
                    f"a backward hook of {type(self.module).__name__} returned {len(replaced)} "
                    f"grad_input(s), expected {len(grad_input)}"
                )
            grad_input = replaced
        self.grad_outputs = None
        return tuple(grad_input[i] for i in self.input_slots)


def _as_tuple(value):
    return value if isinstance(value, tuple) else (value,)
