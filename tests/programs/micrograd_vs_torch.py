"""micrograd's test_engine.py reference computations, done in PyTorch (test_sanity_check, test_more_ops)."""
import json
import sys

import torch

results = {}

# test_sanity_check
x = torch.Tensor([-4.0]).double()
x.requires_grad = True
z = 2 * x + 2 + x
q = z.relu() + z * x
h = (z * z).relu()
y = h + q + q * x
y.backward()
xpt, ypt = x, y
print(ypt.data.item(), xpt.grad.item())
results["sanity"] = [ypt.data.item(), xpt.grad.item()]

# test_more_ops
a = torch.Tensor([-4.0]).double()
b = torch.Tensor([2.0]).double()
a.requires_grad = True
b.requires_grad = True
c = a + b
d = a * b + b ** 3
c = c + c + 1
c = c + 1 + c + (-a)
d = d + d * 2 + (b + a).relu()
d = d + 3 * d + (b - a).relu()
e = c - d
f = e ** 2
g = f / 2.0
g = g + 10.0 / f
g.backward()
apt, bpt, gpt = a, b, g
tol = 1e-6
print(gpt.data.item(), apt.grad.item(), bpt.grad.item())
results["more_ops"] = [gpt.data.item(), apt.grad.item(), bpt.grad.item()]
results["dtypes"] = [x.dtype == torch.float64, torch.Tensor([1, 2]).dtype == torch.get_default_dtype()]

if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        json.dump(results, f)
