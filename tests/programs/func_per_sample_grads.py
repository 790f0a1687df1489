"""Per-sample gradients (pytorch/tutorials, intermediate/per_sample_grads): the gradient of
the loss of each example of a batch, once by a loop of forward and backward passes and once
by torch.func's vmap(grad(...)) over functional_call. The tutorial's CNN on a dummy
MNIST-like batch, on the CPU, with a batch of 8 instead of 64 (and without its timings)."""
import json
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


# Here's a simple CNN and loss function:
class SimpleCNN(nn.Module):
    def __init__(self):
        super(SimpleCNN, self).__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = self.conv1(x)
        x = F.relu(x)
        x = self.conv2(x)
        x = F.relu(x)
        x = F.max_pool2d(x, 2)
        x = torch.flatten(x, 1)
        x = self.fc1(x)
        x = F.relu(x)
        x = self.fc2(x)
        output = F.log_softmax(x, dim=1)
        return output


def loss_fn(predictions, targets):
    return F.nll_loss(predictions, targets)


device = "cpu"

batch_size = 8
data = torch.randn(batch_size, 1, 28, 28, device=device)
targets = torch.randint(10, (batch_size,), device=device)

model = SimpleCNN().to(device=device)
predictions = model(data)  # move the entire mini-batch through the model

loss = loss_fn(predictions, targets)
loss.backward()  # back propagate the 'average' gradient of this mini-batch


def compute_grad(sample, target):
    sample = sample.unsqueeze(0)  # prepend batch dimension for processing
    target = target.unsqueeze(0)

    prediction = model(sample)
    loss = loss_fn(prediction, target)

    return torch.autograd.grad(loss, list(model.parameters()))


def compute_sample_grads(data, targets):
    """manually process each sample with per sample gradient"""
    sample_grads = [compute_grad(data[i], targets[i]) for i in range(batch_size)]
    sample_grads = zip(*sample_grads)
    sample_grads = [torch.stack(shards) for shards in sample_grads]
    return sample_grads


per_sample_grads = compute_sample_grads(data, targets)
print(per_sample_grads[0].shape)

from torch.func import functional_call, grad, vmap

params = {k: v.detach() for k, v in model.named_parameters()}
buffers = {k: v.detach() for k, v in model.named_buffers()}


def compute_loss(params, buffers, sample, target):
    batch = sample.unsqueeze(0)
    targets = target.unsqueeze(0)

    predictions = functional_call(model, (params, buffers), (batch,))
    loss = loss_fn(predictions, targets)
    return loss


ft_compute_grad = grad(compute_loss)
ft_compute_sample_grad = vmap(ft_compute_grad, in_dims=(None, None, 0, 0))
ft_per_sample_grads = ft_compute_sample_grad(params, buffers, data, targets)

results = {"loss": loss.item(), "names": list(ft_per_sample_grads), "shapes": [], "sums": [], "abs_sums": []}
for per_sample_grad, ft_per_sample_grad in zip(per_sample_grads, ft_per_sample_grads.values()):
    assert torch.allclose(per_sample_grad, ft_per_sample_grad, atol=3e-3, rtol=1e-5)
    results["shapes"].append(list(ft_per_sample_grad.shape))
    results["sums"].append(ft_per_sample_grad.flatten(1).sum(1).tolist())
    results["abs_sums"].append(ft_per_sample_grad.abs().flatten(1).sum(1).tolist())
    results.setdefault("max_difference", []).append((per_sample_grad - ft_per_sample_grad).abs().max().item() < 1e-12)

# the per-sample gradients average to the batch's gradient (the loss is a mean)
results["mean_matches_batch_grad"] = all(
    torch.allclose(g.mean(0), p.grad) for g, p in zip(ft_per_sample_grads.values(), model.parameters())
)
json.dump(results, open(sys.argv[1], "w"))
