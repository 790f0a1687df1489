"""A physics-informed neural network, after the PINN tutorials on Raissi et al.'s Burgers'
equation u_t + u u_x = (0.01/pi) u_xx: an MLP u(t, x) with tanh, derivatives of the network
with respect to its inputs by torch.autograd.grad(create_graph=True), the residual and the
initial/boundary losses, trained with Adam and a StepLR, then a few LBFGS steps with a closure."""

import io
import json
import math
import sys

import torch
import torch.nn as nn

torch.manual_seed(0)
nu = 0.01 / math.pi


class PINN(nn.Module):
    def __init__(self, layers):
        super().__init__()
        self.net = nn.Sequential()
        for i in range(len(layers) - 2):
            self.net.add_module(f"linear{i}", nn.Linear(layers[i], layers[i + 1]))
            self.net.add_module(f"tanh{i}", nn.Tanh())
        self.net.add_module("out", nn.Linear(layers[-2], layers[-1]))
        for m in self.net.modules():
            if isinstance(m, nn.Linear):
                nn.init.xavier_normal_(m.weight)
                nn.init.zeros_(m.bias)

    def forward(self, t, x):
        return self.net(torch.cat([t, x], dim=1))


def residual(model, t, x):
    u = model(t, x)
    u_t = torch.autograd.grad(u, t, grad_outputs=torch.ones_like(u), create_graph=True)[0]
    u_x = torch.autograd.grad(u, x, grad_outputs=torch.ones_like(u), create_graph=True)[0]
    u_xx = torch.autograd.grad(u_x, x, grad_outputs=torch.ones_like(u_x), create_graph=True)[0]
    return u_t + u * u_x - nu * u_xx


# collocation points in [0, 1] x [-1, 1], initial condition u(0, x) = -sin(pi x),
# boundary u(t, -1) = u(t, 1) = 0
N_f, N_u = 64, 20
t_f = torch.rand(N_f, 1, requires_grad=True)
x_f = (torch.rand(N_f, 1) * 2 - 1).requires_grad_(True)
x_0 = torch.linspace(-1, 1, N_u).unsqueeze(1)
t_0 = torch.zeros_like(x_0)
u_0 = -torch.sin(math.pi * x_0)
t_b = torch.rand(N_u, 1)
x_b = torch.where(torch.rand(N_u, 1) > 0.5, torch.ones(N_u, 1), -torch.ones(N_u, 1))
u_b = torch.zeros(N_u, 1)

model = PINN([2, 16, 16, 16, 1])
mse = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=20, gamma=0.5)


def total_loss():
    f = residual(model, t_f, x_f)
    loss_f = mse(f, torch.zeros_like(f))
    loss_u = mse(model(t_0, x_0), u_0) + mse(model(t_b, x_b), u_b)
    return loss_f, loss_u


adam_losses = []
for epoch in range(60):
    optimizer.zero_grad()
    loss_f, loss_u = total_loss()
    loss = loss_f + loss_u
    loss.backward()
    optimizer.step()
    scheduler.step()
    adam_losses.append([loss_f.item(), loss_u.item()])
    if epoch % 20 == 0:
        print(f"epoch {epoch}: loss_f {loss_f.item():.6f} loss_u {loss_u.item():.6f}")

lbfgs = torch.optim.LBFGS(
    model.parameters(), lr=0.5, max_iter=10, history_size=10, line_search_fn="strong_wolfe"
)


def closure():
    lbfgs.zero_grad()
    loss_f, loss_u = total_loss()
    loss = loss_f + loss_u
    loss.backward()
    return loss


lbfgs_losses = [lbfgs.step(closure).item() for _ in range(3)]

buffer = io.BytesIO()
torch.save(model.state_dict(), buffer)
buffer.seek(0)
restored = PINN([2, 16, 16, 16, 1])
restored.load_state_dict(torch.load(buffer))
restored.eval()
t_test = torch.full((5, 1), 0.5)
x_test = torch.linspace(-1, 1, 5).unsqueeze(1)
with torch.no_grad():
    u_test = restored(t_test, x_test)
json.dump(
    {
        "adam": adam_losses,
        "lbfgs": lbfgs_losses,
        "u": u_test.squeeze(1).tolist(),
        "lr": scheduler.get_last_lr(),
    },
    open(sys.argv[1], "w"),
)
