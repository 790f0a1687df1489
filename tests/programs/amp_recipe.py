"""PyTorch recipes, "Automatic Mixed Precision": a stack of Linear+ReLU layers trained with
MSELoss and SGD under torch.autocast + GradScaler, the gradients unscaled and clipped before the
step, then the model, optimizer and scaler saved and resumed. Without a GPU autocast and the
scaler warn and disable themselves, so the run is full precision on the CPU."""
import json
import sys

import torch

device = "cuda" if torch.cuda.is_available() else "cpu"
batch_size = 32
in_size = 64
out_size = 16
num_layers = 3
num_batches = 8
epochs = 3

torch.manual_seed(0)
torch.set_default_device(device)

data = [torch.randn(batch_size, in_size) for _ in range(num_batches)]
targets = [torch.randn(batch_size, out_size) for _ in range(num_batches)]
loss_fn = torch.nn.MSELoss().cuda() if torch.cuda.is_available() else torch.nn.MSELoss()


def make_model(in_size, out_size, num_layers):
    layers = []
    for _ in range(num_layers - 1):
        layers.append(torch.nn.Linear(in_size, in_size))
        layers.append(torch.nn.ReLU())
    layers.append(torch.nn.Linear(in_size, out_size))
    return torch.nn.Sequential(*tuple(layers)).to(device)


use_amp = True
net = make_model(in_size, out_size, num_layers)
opt = torch.optim.SGD(net.parameters(), lr=0.01)
scaler = torch.amp.GradScaler("cuda", enabled=use_amp)

losses = []
for epoch in range(epochs):
    for input, target in zip(data, targets):
        with torch.autocast(device_type="cuda", dtype=torch.float16, enabled=use_amp):
            output = net(input)
            loss = loss_fn(output, target)
        scaler.scale(loss).backward()
        # Unscales the gradients of optimizer's assigned params in-place
        scaler.unscale_(opt)
        torch.nn.utils.clip_grad_norm_(net.parameters(), max_norm=0.5)
        scaler.step(opt)
        scaler.update()
        opt.zero_grad(set_to_none=True)
    losses.append(loss.item())

checkpoint = {"model": net.state_dict(), "optimizer": opt.state_dict(), "scaler": scaler.state_dict()}
net = make_model(in_size, out_size, num_layers)
opt = torch.optim.SGD(net.parameters(), lr=0.01)
scaler = torch.amp.GradScaler("cuda", enabled=use_amp)
net.load_state_dict(checkpoint["model"])
opt.load_state_dict(checkpoint["optimizer"])
scaler.load_state_dict(checkpoint["scaler"])

with torch.no_grad(), torch.autocast(device_type="cuda", dtype=torch.float16, enabled=use_amp):
    resumed = loss_fn(net(data[0]), targets[0]).item()

results = {
    "device": device,
    "losses": losses,
    "resumed_loss": resumed,
    "scale": scaler.get_scale(),
    "scaler_enabled": scaler.is_enabled(),
    "scaler_state": checkpoint["scaler"],
    "autocast_enabled": torch.is_autocast_enabled(),
    "output_dtype": str(output.dtype).replace("torch.", ""),
}
json.dump(results, open(sys.argv[1], "w"))
