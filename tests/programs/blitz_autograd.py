"""60-minute blitz, part 2: autograd (gradients, vector-Jacobian products, no_grad, detach)."""
import json
import sys

import torch

results = {}

a = torch.tensor([2., 3.], requires_grad=True)
b = torch.tensor([6., 4.], requires_grad=True)
Q = 3*a**3 - b**2
external_grad = torch.tensor([1., 1.])
Q.backward(gradient=external_grad)

# check if collected gradients are correct
print(9*a**2 == a.grad)
print(-2*b == b.grad)
results["a_grad"] = a.grad.tolist()
results["b_grad"] = b.grad.tolist()
results["check"] = [(9*a**2 == a.grad).tolist(), (-2*b == b.grad).tolist()]

x = torch.rand(5, 5)
y = torch.rand(5, 5)
z = torch.rand((5, 5), requires_grad=True)
a = x + y
print(f"Does `a` require gradients?: {a.requires_grad}")
b = x + z
print(f"Does `b` require gradients?: {b.requires_grad}")
results["requires_grad"] = [a.requires_grad, b.requires_grad]

# the older version of the tutorial
x = torch.ones(2, 2, requires_grad=True)
print(x)
y = x + 2
print(y)
print(y.grad_fn)
z = y * y * 3
out = z.mean()
print(z, out)
out.backward()
print(x.grad)
results["x_grad"] = x.grad.tolist()

a = torch.randn(2, 2)
a = ((a * 3) / (a - 1))
print(a.requires_grad)
a.requires_grad_(True)
print(a.requires_grad)
b = (a * a).sum()
print(b.grad_fn)
results["requires_grad_"] = a.requires_grad

torch.manual_seed(0)
x = torch.randn(3, requires_grad=True)
y = x * 2
while y.data.norm() < 1000:
    y = y * 2
print(y)
v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)
y.backward(v)
print(x.grad)
results["vjp"] = x.grad.tolist()

print(x.requires_grad)
print((x ** 2).requires_grad)
with torch.no_grad():
    print((x ** 2).requires_grad)
results["no_grad"] = [(x ** 2).requires_grad]
with torch.no_grad():
    results["no_grad"].append((x ** 2).requires_grad)

print(x.requires_grad)
y = x.detach()
print(y.requires_grad)
print(x.eq(y).all())
results["detach"] = [y.requires_grad, bool(x.eq(y).all())]

if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        json.dump(results, f)
