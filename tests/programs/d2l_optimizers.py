"""d2l (Dive into Deep Learning, PyTorch edition), chapter "Optimization Algorithms": the concise
implementations (train_concise_ch11) with torch.optim's rules, including the ones d2l leaves to the
reader (Adamax, NAdam, RAdam, ASGD, Rprop) and LBFGS on the full batch; then section "Learning Rate
Scheduling"'s schedules with PyTorch's built-in schedulers: multi-factor, cosine with warm-up
(SequentialLR of LinearLR and CosineAnnealingLR), warm restarts, cyclic, one-cycle, chained.
d2l's helpers (get_data_ch11, load_array, evaluate_loss) are inlined; the airfoil data set is
replaced by random data of its shape (fewer rows); few epochs."""
import json
import sys

import torch
from torch import nn
from torch.optim import lr_scheduler
from torch.utils import data

torch.manual_seed(0)
results = {}


# --- d2l helpers, inlined ---
def load_array(data_arrays, batch_size, is_train=True):
    dataset = data.TensorDataset(*data_arrays)
    return data.DataLoader(dataset, batch_size, shuffle=is_train)


def get_data_ch11(batch_size=10, n=500):
    # the airfoil self-noise data: 5 features and a target, standardised
    features = torch.randn(n, 5)
    target = features @ torch.tensor([0.5, -1.0, 2.0, 0.3, -0.7]) + 0.1 * torch.randn(n)
    data = torch.cat([features, target.reshape(-1, 1)], dim=1)
    data = (data - data.mean(dim=0)) / data.std(dim=0)
    data_iter = load_array((data[:n, :-1], data[:n, -1]), batch_size, is_train=True)
    return data_iter, data.shape[1] - 1


def evaluate_loss(net, data_iter, loss):
    total, count = 0.0, 0
    for X, y in data_iter:
        out = net(X)
        y = y.reshape(out.shape)
        l = loss(out, y)
        total += float(l.sum())
        count += l.numel()
    return total / count


def train_concise_ch11(trainer_fn, hyperparams, data_iter, num_epochs=2):
    # Initialization
    net = nn.Sequential(nn.Linear(5, 1))

    def init_weights(module):
        if type(module) == nn.Linear:
            torch.nn.init.normal_(module.weight, std=0.01)

    net.apply(init_weights)

    optimizer = trainer_fn(net.parameters(), **hyperparams)
    loss = nn.MSELoss(reduction="none")
    n, curve = 0, []
    for _ in range(num_epochs):
        for X, y in data_iter:
            optimizer.zero_grad()
            out = net(X)
            y = y.reshape(out.shape)
            l = loss(out, y)
            l.mean().backward()
            optimizer.step()
            n += X.shape[0]
            if n % 200 == 0:
                # `MSELoss` computes squared error without the 1/2 factor
                curve.append(evaluate_loss(net, data_iter, loss) / 2)
    print(f"{trainer_fn.__name__}: loss: {curve[-1]:.3f}")
    return curve


data_iter, _ = get_data_ch11(10)
trainers = [
    (torch.optim.SGD, {"lr": 0.01}),
    (torch.optim.SGD, {"lr": 0.005, "momentum": 0.9}),
    (torch.optim.Adagrad, {"lr": 0.1}),
    (torch.optim.RMSprop, {"lr": 0.01, "alpha": 0.9}),
    (torch.optim.Adadelta, {"rho": 0.9}),
    (torch.optim.Adam, {"lr": 0.01}),
    (torch.optim.Adamax, {"lr": 0.01}),
    (torch.optim.NAdam, {"lr": 0.01, "momentum_decay": 0.004}),
    (torch.optim.NAdam, {"lr": 0.01, "weight_decay": 0.01, "decoupled_weight_decay": True}),
    (torch.optim.RAdam, {"lr": 0.01}),
    (torch.optim.ASGD, {"lr": 0.01, "t0": 50}),
    (torch.optim.Rprop, {"lr": 0.001}),
]
results["curves"] = [train_concise_ch11(trainer, hyperparams, data_iter) for trainer, hyperparams in trainers]

# L-BFGS needs the whole batch and a closure that re-evaluates the loss
batches = list(data_iter)  # one pass: each pass over the loader shuffles anew
X_all = torch.cat([X for X, _ in batches])
y_all = torch.cat([y for _, y in batches]).reshape(-1, 1)


def train_lbfgs(line_search_fn, steps=3):
    net = nn.Sequential(nn.Linear(5, 1))
    optimizer = torch.optim.LBFGS(net.parameters(), lr=1, max_iter=10, line_search_fn=line_search_fn)
    loss = nn.MSELoss()

    def closure():
        optimizer.zero_grad()
        l = loss(net(X_all), y_all)
        l.backward()
        return l

    losses = [float(optimizer.step(closure)) for _ in range(steps)]
    return losses + [p.detach().reshape(-1).tolist() for p in net.parameters()]


results["lbfgs"] = train_lbfgs(None)
results["lbfgs_strong_wolfe"] = train_lbfgs("strong_wolfe")


# --- Learning Rate Scheduling, with PyTorch's schedulers ---
def net_fn():
    return nn.Sequential(nn.Linear(5, 16), nn.ReLU(), nn.Linear(16, 1))


def train(net, train_iter, num_epochs, trainer, scheduler=None, per_batch=False):
    loss = nn.MSELoss()
    lrs, losses = [], []
    for epoch in range(num_epochs):
        for i, (X, y) in enumerate(train_iter):
            trainer.zero_grad()
            l = loss(net(X), y.reshape(-1, 1))
            l.backward()
            trainer.step()
            if per_batch:
                scheduler.step()
        losses.append(evaluate_loss(net, train_iter, nn.MSELoss(reduction="none")))
        lrs.append(trainer.param_groups[0]["lr"])
        if scheduler and not per_batch:
            scheduler.step()
    return {"lrs": lrs, "losses": losses}


schedules = {
    "multi_factor": lambda t: lr_scheduler.MultiStepLR(t, milestones=[3, 6], gamma=0.5),
    "cosine_warmup": lambda t: lr_scheduler.SequentialLR(
        t, [lr_scheduler.LinearLR(t, start_factor=0.1, total_iters=2), lr_scheduler.CosineAnnealingLR(t, T_max=6, eta_min=0.01)],
        milestones=[2],
    ),
    "warm_restarts": lambda t: lr_scheduler.CosineAnnealingWarmRestarts(t, T_0=3, T_mult=2),
    "chained": lambda t: lr_scheduler.ChainedScheduler([lr_scheduler.ConstantLR(t, factor=0.5, total_iters=2),
                                                         lr_scheduler.ExponentialLR(t, gamma=0.9)]),
    "polynomial": lambda t: lr_scheduler.PolynomialLR(t, total_iters=8, power=2.0),
}
train_iter, _ = get_data_ch11(25, n=200)
for name, make in schedules.items():
    torch.manual_seed(1)
    net = net_fn()
    trainer = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.5)
    results[name] = train(net, train_iter, 8, trainer, make(trainer))

for name, make in {
    "cyclic": lambda t: lr_scheduler.CyclicLR(t, base_lr=0.01, max_lr=0.1, step_size_up=5, mode="triangular2"),
    "one_cycle": lambda t: lr_scheduler.OneCycleLR(t, max_lr=0.1, total_steps=8 * len(train_iter)),
}.items():
    torch.manual_seed(1)
    net = net_fn()
    trainer = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
    results[name] = train(net, train_iter, 8, trainer, make(trainer), per_batch=True)

if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        json.dump(results, f)
