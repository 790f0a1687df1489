"""The activations and losses beyond ReLU and cross-entropy, as a PyTorch user strings them
together: a small network of SiLU, Mish, Hardswish, PReLU, GLU, RReLU (random slopes while
training), SELU, CELU, Hardtanh and Softsign layers, trained with Adam on a sum of the
ranking, margin, distribution and regression losses."""
import json
import sys

import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)
N = 48
X = torch.randn(N, 8)
labels = torch.randint(0, 4, (N,))
soft_targets = torch.softmax(torch.randn(N, 4), dim=1)
counts = torch.randint(0, 5, (N,)).double()
y_reg = torch.randn(N)
signs = torch.randint(0, 2, (N,)) * 2.0 - 1
label_lists = torch.full((N, 4), -1)
label_lists[:, 0] = labels
label_lists[:, 1] = (labels + 1) % 4


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Linear(8, 32), nn.SiLU(),
            nn.Linear(32, 32), nn.Mish(),
            nn.Linear(32, 32), nn.Hardswish(),
            nn.Linear(32, 32), nn.PReLU(32),
            nn.Linear(32, 64), nn.GLU(),
            nn.RReLU(),
            nn.Linear(32, 16), nn.SELU(),
            nn.Linear(16, 16), nn.CELU(0.7),
            nn.Linear(16, 16), nn.Hardtanh(-2.0, 2.0),
        )
        self.classes = nn.Linear(16, 4)
        self.extra = nn.Sequential(nn.Linear(16, 6), nn.Softsign())

    def forward(self, x):
        h = self.body(x)
        return h, self.classes(h), self.extra(h)


model = Net()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
triplet = nn.TripletMarginLoss(margin=0.5, swap=True)
losses = []
for step in range(25):
    h, logits, extra = model(X)
    half = N // 2
    parts = [
        nn.MultiMarginLoss()(logits, labels),
        nn.MultiMarginLoss(p=2, margin=0.5)(logits, labels),
        nn.MultiLabelSoftMarginLoss()(logits, F.one_hot(labels, 4).double()),
        nn.MultiLabelMarginLoss()(logits, label_lists),
        nn.KLDivLoss(reduction="batchmean")(F.log_softmax(logits, dim=1), soft_targets),
        nn.SmoothL1Loss(beta=0.5)(extra[:, 0], y_reg),
        nn.PoissonNLLLoss()(extra[:, 1], counts),
        nn.GaussianNLLLoss()(extra[:, 2], y_reg, F.softplus(extra[:, 3])),
        triplet(h[:16], h[16:32], h[32:]),
        nn.CosineEmbeddingLoss(0.1)(h[:half], h[half:], signs[:half]),
        nn.MarginRankingLoss(0.2)(extra[:half, 4], extra[half:, 4], signs[half:]),
        nn.HingeEmbeddingLoss(margin=2.0)(F.pairwise_distance(h[:half], h[half:]), signs[:half]),
        nn.SoftMarginLoss()(extra[:, 5], signs),
    ]
    loss = sum(parts)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    losses.append([p.item() for p in parts])

model.eval()  # RReLU's mean slope from here on
with torch.no_grad():
    h, logits, extra = model(X[:6])
    samples = F.gumbel_softmax(logits, tau=0.5, hard=True)
    results = {
        "losses": losses,
        "eval_logits": logits.tolist(),
        "prelu": model.body[7].weight.tolist(),
        "gumbel_hard": samples.tolist(),
        "gumbel_soft": F.gumbel_softmax(logits, tau=2.0).tolist(),
        "softmin": nn.Softmin(dim=1)(logits).tolist(),
        "cosine": nn.CosineSimilarity(dim=1)(h[:3], h[3:]).tolist(),
        "distance": nn.PairwiseDistance(p=1.0)(h[:3], h[3:]).tolist(),
        "shrunk": [F.softshrink(logits, 0.3).tolist(), F.hardshrink(logits, 0.3).tolist()],
        "hard": [F.hardsigmoid(logits).tolist(), F.threshold(logits, 0.1, -1.0).tolist(), F.relu6(logits * 5).tolist()],
        "rrelu_training": F.rrelu(logits, training=True).tolist(),
    }
print(f"loss after {len(losses)} steps: {sum(losses[-1]):.6f}")
if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        json.dump(results, f)
