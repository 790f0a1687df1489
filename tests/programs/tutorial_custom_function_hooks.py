"""Extending autograd and hooks (pytorch/tutorials: "Double Backward with Custom Functions",
"Hooks for autograd saved tensors", "Fusing Convolution and Batch Norm", and the torch.autograd
docs): torch.autograd.Function with ctx.save_for_backward, ctx.needs_input_grad,
ctx.mark_non_differentiable and once_differentiable; module hooks (register_forward_pre_hook,
register_forward_hook, register_full_backward_hook, register_full_backward_pre_hook); tensor
hooks; and the grad-mode context managers (no_grad, enable_grad, set_grad_enabled,
inference_mode)."""
import json
import sys

import torch
import torch.nn as nn
from torch.autograd.function import once_differentiable

torch.manual_seed(0)
results = {}


class Exp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, i):
        result = i.exp()
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad_output):
        (result,) = ctx.saved_tensors
        return grad_output * result


class LinearFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input, weight, bias=None):
        ctx.save_for_backward(input, weight, bias)
        output = input.mm(weight.t())
        if bias is not None:
            output += bias.unsqueeze(0).expand_as(output)
        return output

    @staticmethod
    def backward(ctx, grad_output):
        input, weight, bias = ctx.saved_tensors
        grad_input = grad_weight = grad_bias = None
        if ctx.needs_input_grad[0]:
            grad_input = grad_output.mm(weight)
        if ctx.needs_input_grad[1]:
            grad_weight = grad_output.t().mm(input)
        if bias is not None and ctx.needs_input_grad[2]:
            grad_bias = grad_output.sum(0)
        return grad_input, grad_weight, grad_bias


class SortWithIndices(torch.autograd.Function):
    """Sorted values and their (non-differentiable) indices."""

    @staticmethod
    def forward(ctx, x):
        values, indices = x.sort(dim=-1)
        ctx.mark_non_differentiable(indices)
        ctx.save_for_backward(indices)
        return values, indices

    @staticmethod
    @once_differentiable
    def backward(ctx, grad_values, grad_indices):
        (indices,) = ctx.saved_tensors
        return torch.zeros_like(grad_values).scatter(-1, indices, grad_values)


class Cube(torch.autograd.Function):
    """Differentiable twice: its backward is made of differentiable operations."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x**3

    @staticmethod
    def backward(ctx, grad_out):
        (x,) = ctx.saved_tensors
        return grad_out * 3 * x**2


x = torch.randn(3, 4, requires_grad=True)
y = Exp.apply(x)
y.sum().backward()
results["exp_grad"] = x.grad.tolist()

inp = torch.randn(5, 4, dtype=torch.double, requires_grad=True)
weight = torch.randn(3, 4, dtype=torch.double, requires_grad=True)
bias = torch.randn(3, dtype=torch.double, requires_grad=True)
results["linear_gradcheck"] = torch.autograd.gradcheck(LinearFunction.apply, (inp, weight, bias), eps=1e-6, atol=1e-4)
out = LinearFunction.apply(inp, weight.detach(), bias)
out.pow(2).sum().backward()
results["linear_grads"] = [inp.grad.sum().item(), bias.grad.tolist(), weight.grad is None]

v = torch.randn(2, 5, requires_grad=True)
values, indices = SortWithIndices.apply(v)
results["sort"] = [values.requires_grad, indices.requires_grad, indices.tolist()]
(values * torch.arange(5.0)).sum().backward()
results["sort_grad"] = v.grad.tolist()
try:
    g = torch.autograd.grad((SortWithIndices.apply(v)[0] ** 2).sum(), v, create_graph=True)[0]
    g.sum().backward()
    results["once_differentiable"] = "no error"
except RuntimeError:
    results["once_differentiable"] = "RuntimeError"

c = torch.tensor([0.5, -1.5, 2.0], dtype=torch.double, requires_grad=True)
results["cube_gradgradcheck"] = torch.autograd.gradgradcheck(Cube.apply, (c,))
(g,) = torch.autograd.grad(Cube.apply(c).sum(), c, create_graph=True)
(gg,) = torch.autograd.grad(g.sum(), c)
results["cube_second"] = gg.tolist()

# Module hooks.
log = []
model = nn.Sequential(nn.Linear(4, 6), nn.Tanh(), nn.Linear(6, 2))


def pre_hook(module, args):
    log.append(["pre", type(module).__name__, list(args[0].shape)])
    return (args[0] * 2,)


def fwd_hook(module, args, output):
    log.append(["fwd", type(module).__name__, round(output.sum().item(), 10)])
    return output + 1


def bwd_hook(module, grad_input, grad_output):
    log.append(["bwd", type(module).__name__, [None if g is None else round(g.abs().sum().item(), 10) for g in grad_input], [round(g.abs().sum().item(), 10) for g in grad_output]])


def bwd_pre_hook(module, grad_output):
    log.append(["bwd_pre", type(module).__name__])
    return (grad_output[0] * 0.5,)


handles = [
    model[0].register_forward_pre_hook(pre_hook),
    model[2].register_forward_hook(fwd_hook),
    model[1].register_full_backward_hook(bwd_hook),
    model[2].register_full_backward_hook(bwd_hook),
    model[2].register_full_backward_pre_hook(bwd_pre_hook),
]
inputs = torch.randn(3, 4, requires_grad=True)
out = model(inputs)
out.sum().backward()
results["hooked_grad"] = inputs.grad.tolist()
results["hooked_weight_grad"] = model[0].weight.grad.sum().item()
for h in handles:
    h.remove()
model.zero_grad()
out2 = model(inputs)
out2.sum().backward()
results["unhooked_weight_grad"] = model[0].weight.grad.sum().item()
results["log"] = log

# Tensor hooks.
a = torch.randn(4, requires_grad=True)
b = a * 3
b.register_hook(lambda grad: grad * 10)
b.retain_grad()
handle = a.register_hook(lambda grad: grad + 1)
(b**2).sum().backward()
results["tensor_hooks"] = [a.grad.tolist(), b.grad.tolist()]
handle.remove()

# Grad modes.
w = torch.ones(3, requires_grad=True)
with torch.no_grad():
    p = w * 2
    with torch.enable_grad():
        q = w * 2
with torch.set_grad_enabled(False):
    r = w * 2
torch.set_grad_enabled(True)
with torch.inference_mode():
    s = w * 2
results["grad_modes"] = [p.requires_grad, q.requires_grad, r.requires_grad, s.requires_grad, torch.is_grad_enabled()]


@torch.no_grad()
def doubled(t):
    return t * 2


results["decorated"] = doubled(w).requires_grad

if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        json.dump(results, f)
