"""Learning PyTorch with Examples: the cubic fit with nn and an optimiser (RMSprop)."""
import json
import math
import sys

import torch

torch.manual_seed(0)
x = torch.linspace(-math.pi, math.pi, 2000)
y = torch.sin(x)

p = torch.tensor([1, 2, 3])
xx = x.unsqueeze(-1).pow(p)

model = torch.nn.Sequential(
    torch.nn.Linear(3, 1),
    torch.nn.Flatten(0, 1)
)
loss_fn = torch.nn.MSELoss(reduction='sum')

# Use the optim package to define an Optimizer that will update the weights of
# the model for us. Here we will use RMSprop; the optim package contains many other
# optimization algorithms.
learning_rate = 1e-3
optimizer = torch.optim.RMSprop(model.parameters(), lr=learning_rate)
losses = []
early = []
for t in range(2000):
    y_pred = model(xx)

    loss = loss_fn(y_pred, y)
    if t < 150 and t % 10 == 0:
        early.append(loss.item())  # (ours) before the run turns chaotic: see tests/test_programs.py
    if t % 100 == 99:
        print(t, loss.item())
        losses.append(loss.item())

    # Before the backward pass, use the optimizer object to zero all of the
    # gradients for the variables it will update (which are the learnable
    # weights of the model).
    optimizer.zero_grad()

    loss.backward()

    # Calling the step function on an Optimizer makes an update to its parameters
    optimizer.step()


linear_layer = model[0]
print(f'Result: y = {linear_layer.bias.item()} + {linear_layer.weight[:, 0].item()} x + '
      f'{linear_layer.weight[:, 1].item()} x^2 + {linear_layer.weight[:, 2].item()} x^3')

results = {"early": early, "losses": losses, "coefficients": [linear_layer.bias.item()] + linear_layer.weight[0].tolist()}
if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        json.dump(results, f)
