"""pytorch/examples regression/main.py: fit a degree-4 polynomial with one nn.Linear, polynomial
features built with torch.cat of x ** i, smooth L1 loss, and the parameters updated by hand
(p.data.add_(-lr * p.grad)) until the loss falls below 1e-3."""
import json
import sys

import torch
import torch.nn.functional as F

POLY_DEGREE = 4
torch.manual_seed(7)
W_target = torch.randn(POLY_DEGREE, 1) * 5
b_target = torch.randn(1) * 5


def make_features(x):
    """Builds features i.e. a matrix with columns [x, x^2, x^3, x^4]."""
    x = x.unsqueeze(1)
    return torch.cat([x**i for i in range(1, POLY_DEGREE + 1)], 1)


def f(x):
    """Approximated function."""
    return x.mm(W_target) + b_target.item()


def poly_desc(W, b):
    """Creates a string description of a polynomial."""
    result = "y = "
    for i, w in enumerate(W):
        result += f"{w:+.2f} x^{i + 1} "
    result += f"{b[0]:+.2f}"
    return result


def get_batch(batch_size=32):
    """Builds a batch i.e. (x, f(x)) pair."""
    random = torch.randn(batch_size)
    x = make_features(random)
    y = f(x)
    return x, y


# Define model
fc = torch.nn.Linear(W_target.size(0), 1)
losses = []
for batch_idx in range(1, 2000):
    # Get data
    batch_x, batch_y = get_batch()

    # Reset gradients
    fc.zero_grad()

    # Forward pass
    output = F.smooth_l1_loss(fc(batch_x), batch_y)
    loss = output.item()
    losses.append(loss)

    # Backward pass
    output.backward()

    # Apply gradients
    for param in fc.parameters():
        param.data.add_(-0.1 * param.grad)

    # Stop criterion
    if loss < 1e-3:
        break

print(f"Loss: {loss:.6f} after {batch_idx} batches")
print("==> Learned function:\t" + poly_desc(fc.weight.view(-1), fc.bias))
print("==> Actual function:\t" + poly_desc(W_target.view(-1), b_target))

results = {
    "batches": batch_idx,
    "losses": losses[::10] + losses[-3:],
    "learned": poly_desc(fc.weight.view(-1), fc.bias),
    "actual": poly_desc(W_target.view(-1), b_target),
    "weight": fc.weight.view(-1).tolist(),
}
if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f_out:
        json.dump(results, f_out)
