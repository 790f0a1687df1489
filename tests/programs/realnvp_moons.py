"""A RealNVP normalizing flow (Dinh et al., 2017) on two moons, after the RealNVP tutorials:
alternating binary masks, affine coupling layers whose scale net ends in tanh, the log-density
by the change of variables with a torch.distributions.MultivariateNormal prior, trained by
maximum likelihood with Adam, then sampled by inverting the couplings."""

import json
import math
import sys

import torch
from torch import distributions, nn

torch.manual_seed(3)


def make_moons(n, noise=0.05):
    n_out = n // 2
    n_in = n - n_out
    outer = torch.linspace(0, math.pi, n_out)
    inner = torch.linspace(0, math.pi, n_in)
    x = torch.cat([torch.cos(outer), 1 - torch.cos(inner)])
    y = torch.cat([torch.sin(outer), 1 - torch.sin(inner) - 0.5])
    X = torch.stack([x, y], dim=1)
    return X + noise * torch.randn_like(X)


class RealNVP(nn.Module):
    def __init__(self, nets, nett, mask, prior):
        super(RealNVP, self).__init__()
        self.prior = prior
        self.mask = nn.Parameter(mask, requires_grad=False)
        self.t = torch.nn.ModuleList([nett() for _ in range(len(mask))])
        self.s = torch.nn.ModuleList([nets() for _ in range(len(mask))])

    def g(self, z):
        x = z
        for i in range(len(self.t)):
            x_ = x * self.mask[i]
            s = self.s[i](x_) * (1 - self.mask[i])
            t = self.t[i](x_) * (1 - self.mask[i])
            x = x_ + (1 - self.mask[i]) * (x * torch.exp(s) + t)
        return x

    def f(self, x):
        log_det_J, z = x.new_zeros(x.shape[0]), x
        for i in reversed(range(len(self.t))):
            z_ = self.mask[i] * z
            s = self.s[i](z_) * (1 - self.mask[i])
            t = self.t[i](z_) * (1 - self.mask[i])
            z = (1 - self.mask[i]) * (z - t) * torch.exp(-s) + z_
            log_det_J -= s.sum(dim=1)
        return z, log_det_J

    def log_prob(self, x):
        z, logp = self.f(x)
        return self.prior.log_prob(z) + logp

    def sample(self, batchSize):
        z = self.prior.sample((batchSize,))
        return self.g(z)


nets = lambda: nn.Sequential(
    nn.Linear(2, 32), nn.LeakyReLU(), nn.Linear(32, 32), nn.LeakyReLU(), nn.Linear(32, 2), nn.Tanh()
)
nett = lambda: nn.Sequential(
    nn.Linear(2, 32), nn.LeakyReLU(), nn.Linear(32, 32), nn.LeakyReLU(), nn.Linear(32, 2)
)
masks = torch.tensor([[0, 1], [1, 0]] * 3, dtype=torch.float32)
prior = distributions.MultivariateNormal(torch.zeros(2), torch.eye(2))
flow = RealNVP(nets, nett, masks, prior)

optimizer = torch.optim.Adam([p for p in flow.parameters() if p.requires_grad], lr=1e-3)
losses = []
for t in range(150):
    noisy_moons = make_moons(100)
    loss = -flow.log_prob(noisy_moons).mean()
    optimizer.zero_grad()
    loss.backward(retain_graph=True)
    optimizer.step()
    losses.append(loss.item())
    if t % 50 == 0:
        print("iter %s:" % t, "loss = %.3f" % loss)

with torch.no_grad():
    z, logdet = flow.f(make_moons(8))
    x = flow.sample(8)
json.dump(
    {
        "losses": losses,
        "z": z.tolist(),
        "logdet": logdet.tolist(),
        "samples": x.tolist(),
        "n_trainable": sum(p.numel() for p in flow.parameters() if p.requires_grad),
    },
    open(sys.argv[1], "w"),
)
