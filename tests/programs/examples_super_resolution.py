"""Sub-pixel super-resolution, after pytorch/examples' super_resolution (model.py and main.py;
Shi et al., 2016): the same network (convolutions and PixelShuffle, orthogonal init with ReLU
gains), loss, Adam training and PSNR test loop, then super_resolve.py's use of the saved model,
on synthetic 24x24 images of smooth waves (downscaled 3x by bicubic interpolation) instead of
BSDS300."""
import json
import sys
from math import log10

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.nn.init as init
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset


class Net(nn.Module):
    def __init__(self, upscale_factor):
        super(Net, self).__init__()

        self.relu = nn.ReLU()
        self.conv1 = nn.Conv2d(1, 64, (5, 5), (1, 1), (2, 2))
        self.conv2 = nn.Conv2d(64, 64, (3, 3), (1, 1), (1, 1))
        self.conv3 = nn.Conv2d(64, 32, (3, 3), (1, 1), (1, 1))
        self.conv4 = nn.Conv2d(32, upscale_factor ** 2, (3, 3), (1, 1), (1, 1))
        self.pixel_shuffle = nn.PixelShuffle(upscale_factor)

        self._initialize_weights()

    def forward(self, x):
        x = self.relu(self.conv1(x))
        x = self.relu(self.conv2(x))
        x = self.relu(self.conv3(x))
        x = self.pixel_shuffle(self.conv4(x))
        return x

    def _initialize_weights(self):
        init.orthogonal_(self.conv1.weight, init.calculate_gain('relu'))
        init.orthogonal_(self.conv2.weight, init.calculate_gain('relu'))
        init.orthogonal_(self.conv3.weight, init.calculate_gain('relu'))
        init.orthogonal_(self.conv4.weight)


upscale_factor = 3
batch_size = 4
test_batch_size = 4
n_epochs = 3
lr = 0.01
torch.manual_seed(123)
device = torch.device("cpu")


def make_images(n, size=24):
    """n grey images of two random plane waves each, in [0, 1]: (low resolution, target)."""
    x = (torch.arange(size) / size).view(1, size)
    y = (torch.arange(size) / size).view(size, 1)
    frequencies = torch.rand(n, 2, 2) * 6
    phases = torch.rand(n, 2) * 6.28
    waves = torch.sin(frequencies[:, :, :1, None] * x + frequencies[:, :, 1:, None] * y
                      + phases[:, :, None, None])
    targets = (0.5 + 0.25 * waves.sum(1, keepdim=True)).clamp(0, 1)
    inputs = F.interpolate(targets, size=(size // upscale_factor,) * 2, mode='bicubic',
                           align_corners=False).clamp(0, 1)
    return inputs, targets


print('===> Loading datasets')
train_set = TensorDataset(*make_images(12))
test_set = TensorDataset(*make_images(4))
training_data_loader = DataLoader(dataset=train_set, batch_size=batch_size, shuffle=True)
testing_data_loader = DataLoader(dataset=test_set, batch_size=test_batch_size, shuffle=False)

print('===> Building model')
model = Net(upscale_factor=upscale_factor).to(device)
criterion = nn.MSELoss()

optimizer = optim.Adam(model.parameters(), lr=lr)
results = {"initial_conv1": model.conv1.weight[:2, 0, 0].tolist(),
           "initial_conv4_norm": model.conv4.weight.norm().item(),
           "losses": [], "psnr": []}


def train(epoch):
    epoch_loss = 0
    for iteration, batch in enumerate(training_data_loader, 1):
        input, target = batch[0].to(device), batch[1].to(device)

        optimizer.zero_grad()
        loss = criterion(model(input), target)
        epoch_loss += loss.item()
        loss.backward()
        optimizer.step()

        print(f"===> Epoch[{epoch}]({iteration}/{len(training_data_loader)}): Loss: {loss.item():.4f}")
        results["losses"].append(loss.item())

    print(f"===> Epoch {epoch} Complete: Avg. Loss: {epoch_loss / len(training_data_loader):.4f}")


def test():
    avg_psnr = 0
    with torch.no_grad():
        for batch in testing_data_loader:
            input, target = batch[0].to(device), batch[1].to(device)

            prediction = model(input)
            mse = criterion(prediction, target)
            psnr = 10 * log10(1 / mse.item())
            avg_psnr += psnr
    print(f"===> Avg. PSNR: {avg_psnr / len(testing_data_loader):.4f} dB")
    results["psnr"].append(avg_psnr / len(testing_data_loader))


def checkpoint(epoch):
    model_out_path = f"model_epoch_{epoch}.pth"
    torch.save(model, model_out_path)
    print(f"Checkpoint saved to {model_out_path}")


for epoch in range(1, n_epochs + 1):
    train(epoch)
    test()
    checkpoint(epoch)

# super_resolve.py: the saved model upscales one image
img = test_set[0][0].unsqueeze(0)
model = torch.load(f"model_epoch_{n_epochs}.pth", weights_only=False)
out = model(img)
out_img_y = out[0].detach().numpy()
out_img_y *= 255.0
out_img_y = out_img_y.clip(0, 255)
results["super_resolved_shape"] = list(out_img_y.shape)
results["super_resolved_row"] = out_img_y[0, 11].tolist()

if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        json.dump(results, f)
