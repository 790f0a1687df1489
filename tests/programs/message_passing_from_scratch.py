"""A graph neural network written from scratch in plain PyTorch, as the "message passing
without PyTorch Geometric" tutorials write one: messages gathered along an edge list and
aggregated into nodes with Tensor.scatter_reduce ("mean" and "amax", include_self=False),
linear maps as torch.addmm(bias, x, weight.t()), an attention score with torch.baddbmm,
readouts joined with torch.hstack, and Adam written out by hand with the in-place
addcmul_/addcdiv_ updates of torch.optim's own loop. It learns which of two communities each
node of a small two-community graph belongs to; afterwards a few measurements use
torch.trapezoid, torch.gradient, torch.tensordot, torch.linalg.multi_dot, renorm and
index_fill."""
import json
import math
import sys

import torch
import torch.nn as nn

torch.manual_seed(0)

# ---- a graph: two rings of 8 nodes, a few chords inside each, two bridges between them -----
N, COMMUNITY = 16, 8
edges = []
for c in range(2):
    base = c * COMMUNITY
    for i in range(COMMUNITY):
        edges.append((base + i, base + (i + 1) % COMMUNITY))
    edges += [(base, base + 4), (base + 2, base + 6), (base + 1, base + 5)]
edges += [(3, 11), (7, 15)]
edge_index = torch.tensor(edges).t()
edge_index = torch.hstack([edge_index, edge_index.flip(0)])  # both directions
src, dst = edge_index
labels = torch.tensor([0] * COMMUNITY + [1] * COMMUNITY)
features = torch.randn(N, 6) + 0.3 * labels.unsqueeze(1).to(torch.get_default_dtype())


def aggregate(messages, reduce):
    """Each node's messages (one per incoming edge) reduced into one vector."""
    index = dst.unsqueeze(-1).expand(-1, messages.shape[1])
    out = torch.zeros(N, messages.shape[1], dtype=messages.dtype)
    return out.scatter_reduce(0, index, messages, reduce=reduce, include_self=False)


class MessagePassing(nn.Module):
    def __init__(self, d_in, d_out, reduce):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(d_out, d_in) / math.sqrt(d_in))
        self.root = nn.Parameter(torch.randn(d_out, d_in) / math.sqrt(d_in))
        self.bias = nn.Parameter(torch.zeros(d_out))
        self.reduce = reduce

    def forward(self, x):
        messages = torch.addmm(self.bias, x, self.weight.t())[src]
        return torch.tanh(aggregate(messages, self.reduce) + x @ self.root.t())


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = MessagePassing(6, 8, "mean")
        self.conv2 = MessagePassing(8, 8, "amax")
        self.query = nn.Parameter(torch.randn(1, 1, 8) * 0.3)
        self.head = nn.Linear(16, 2)

    def forward(self, x):
        h1 = self.conv1(x)
        h2 = self.conv2(h1)
        # a per-node attention between the two layers' outputs: scores = 0.5 + q . h / sqrt(d)
        stacked = torch.stack([h1, h2], dim=1)  # (N, 2, 8)
        scores = torch.baddbmm(
            torch.full((N, 1, 2), 0.5), self.query.expand(N, 1, 8), stacked.transpose(1, 2), alpha=8**-0.5
        )
        mixed = (scores.softmax(-1) @ stacked).squeeze(1)
        return self.head(torch.hstack([mixed, h2]))


model = Net()
params = list(model.parameters())
state = [(torch.zeros_like(p), torch.zeros_like(p)) for p in params]
lr, beta1, beta2, eps = 0.01, 0.9, 0.999, 1e-8
losses = []
for step in range(1, 61):
    loss = nn.functional.cross_entropy(model(features), labels)
    for p in params:
        p.grad = None
    loss.backward()
    with torch.no_grad():  # Adam, as torch.optim.Adam's single-tensor loop writes it
        for p, (exp_avg, exp_avg_sq) in zip(params, state):
            exp_avg.mul_(beta1).add_(p.grad, alpha=1 - beta1)
            exp_avg_sq.mul_(beta2).addcmul_(p.grad, p.grad, value=1 - beta2)
            bias_correction1 = 1 - beta1**step
            bias_correction2 = 1 - beta2**step
            denom = (exp_avg_sq.sqrt() / math.sqrt(bias_correction2)).add_(eps)
            p.addcdiv_(exp_avg, denom, value=-lr / bias_correction1)
    losses.append(loss.item())

with torch.no_grad():
    prediction = model(features).argmax(1)
accuracy = (prediction == labels).double().mean().item()
print(f"final loss {losses[-1]:.4f}, accuracy {accuracy:.3f}")

# ---- measurements with the other functions -----------------------------------------------------
curve = torch.tensor(losses)
area = torch.trapezoid(curve).item()  # the area under the loss curve, unit steps
running = torch.cumulative_trapezoid(curve, dx=0.5)[-1].item()
(slope,) = torch.gradient(curve, spacing=1.0, edge_order=2)
weights = model.conv1.weight.detach().clone()
weights.renorm_(2, 0, 1.0)  # each output row at most unit length (max_norm, as Embedding does)
projection = torch.tensordot(features, model.conv1.weight.detach(), dims=([1], [1]))
chain = torch.linalg.multi_dot([features[0], model.conv1.weight.t().detach(), model.conv2.weight.t().detach()])
masked = features.index_fill(1, torch.tensor([0, 5]), 0.0)

# the gradient of the loss with respect to the input features, through every layer above
x = features.clone().requires_grad_()
nn.functional.cross_entropy(model(x), labels).backward()

json.dump(
    {
        "losses": losses,
        "accuracy": accuracy,
        "area": area,
        "running": running,
        "slope": slope[::10].tolist(),
        "renormed_row_norms": weights.norm(dim=1).tolist(),
        "projection": projection[:3].tolist(),
        "chain": chain.tolist(),
        "masked_sum": masked.sum().item(),
        "input_grad": x.grad[:4].tolist(),
    },
    open(sys.argv[1], "w"),
)
