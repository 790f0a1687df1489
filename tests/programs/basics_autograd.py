"""PyTorch basics: the Automatic Differentiation tutorial (a one-layer network, backward, no_grad,
detach, Jacobian-vector products with retain_graph), printing as it does. The grad_fn lines print
whether there is a node (their text holds a memory address)."""
import json
import sys

import torch

torch.manual_seed(0)
results = {}

x = torch.ones(5)  # input tensor
y = torch.zeros(3)  # expected output
w = torch.randn(5, 3, requires_grad=True)
b = torch.randn(3, requires_grad=True)
z = torch.matmul(x, w)+b
loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)

print(f"Gradient function for z = {z.grad_fn is not None}")
print(f"Gradient function for loss = {loss.grad_fn is not None}")

loss.backward()
print(w.grad)
print(b.grad)
results["grads"] = [w.grad.tolist(), b.grad.tolist(), loss.item()]

z = torch.matmul(x, w)+b
print(z.requires_grad)

with torch.no_grad():
    z = torch.matmul(x, w)+b
print(z.requires_grad)

z = torch.matmul(x, w)+b
z_det = z.detach()
print(z_det.requires_grad)

inp = torch.eye(4, 5, requires_grad=True)
out = (inp+1).pow(2).t()
out.backward(torch.ones_like(out), retain_graph=True)
print(f"First call\n{inp.grad}")
out.backward(torch.ones_like(out), retain_graph=True)
print(f"\nSecond call\n{inp.grad}")
inp.grad.zero_()
out.backward(torch.ones_like(out), retain_graph=True)
print(f"\nCall after zeroing gradients\n{inp.grad}")
results["jvp"] = inp.grad.tolist()

# the 60-minute blitz's autograd page
x = torch.ones(2, 2, requires_grad=True)
print(x)
y = x + 2
print(y)
z = y * y * 3
out = z.mean()
print(z, out)
a = torch.randn(2, 2)
a = ((a * 3) / (a - 1))
print(a.requires_grad)
a.requires_grad_(True)
print(a.requires_grad)
out.backward()
print(x.grad)
x = torch.randn(3, requires_grad=True)
y = x * 2
while y.data.norm() < 1000:
    y = y * 2
print(y)
gradients = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)
y.backward(gradients)
print(x.grad)
results["blitz"] = [x.grad.tolist(), y.tolist()]

if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        json.dump(results, f)
