"""A small U-Net (Ronneberger et al., 2015) for binary segmentation, after the widely used
milesial/Pytorch-UNet model (DoubleConv, Down with MaxPool2d, Up with ConvTranspose2d, padding
to the skip's size with F.pad, torch.cat skip connections, BatchNorm2d, a 1x1 OutConv), trained
with BCEWithLogitsLoss plus a Dice loss, RMSprop with momentum, ReduceLROnPlateau, on synthetic
images of discs."""

import io
import json
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import optim
from torch.utils.data import DataLoader, TensorDataset, random_split

torch.manual_seed(0)


class DoubleConv(nn.Module):
    """(convolution => [BN] => ReLU) * 2"""

    def __init__(self, in_channels, out_channels, mid_channels=None):
        super().__init__()
        if not mid_channels:
            mid_channels = out_channels
        self.double_conv = nn.Sequential(
            nn.Conv2d(in_channels, mid_channels, kernel_size=3, padding=1, bias=False),
            nn.BatchNorm2d(mid_channels),
            nn.ReLU(inplace=True),
            nn.Conv2d(mid_channels, out_channels, kernel_size=3, padding=1, bias=False),
            nn.BatchNorm2d(out_channels),
            nn.ReLU(inplace=True),
        )

    def forward(self, x):
        return self.double_conv(x)


class Down(nn.Module):
    """Downscaling with maxpool then double conv"""

    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.maxpool_conv = nn.Sequential(nn.MaxPool2d(2), DoubleConv(in_channels, out_channels))

    def forward(self, x):
        return self.maxpool_conv(x)


class Up(nn.Module):
    """Upscaling then double conv"""

    def __init__(self, in_channels, out_channels, bilinear=False):
        super().__init__()
        if bilinear:
            self.up = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=True)
            self.conv = DoubleConv(in_channels, out_channels, in_channels // 2)
        else:
            self.up = nn.ConvTranspose2d(in_channels, in_channels // 2, kernel_size=2, stride=2)
            self.conv = DoubleConv(in_channels, out_channels)

    def forward(self, x1, x2):
        x1 = self.up(x1)
        # input is CHW
        diffY = x2.size()[2] - x1.size()[2]
        diffX = x2.size()[3] - x1.size()[3]
        x1 = F.pad(x1, [diffX // 2, diffX - diffX // 2, diffY // 2, diffY - diffY // 2])
        x = torch.cat([x2, x1], dim=1)
        return self.conv(x)


class OutConv(nn.Module):
    def __init__(self, in_channels, out_channels):
        super(OutConv, self).__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size=1)

    def forward(self, x):
        return self.conv(x)


class UNet(nn.Module):
    def __init__(self, n_channels, n_classes, bilinear=False):
        super(UNet, self).__init__()
        self.n_channels = n_channels
        self.n_classes = n_classes
        self.bilinear = bilinear
        factor = 2 if bilinear else 1
        self.inc = DoubleConv(n_channels, 4)
        self.down1 = Down(4, 8)
        self.down2 = Down(8, 16 // factor)
        self.up1 = Up(16, 8 // factor, bilinear)
        self.up2 = Up(8, 4, bilinear)
        self.outc = OutConv(4, n_classes)

    def forward(self, x):
        x1 = self.inc(x)
        x2 = self.down1(x1)
        x3 = self.down2(x2)
        x = self.up1(x3, x2)
        x = self.up2(x, x1)
        return self.outc(x)


def dice_coeff(input, target, epsilon=1e-6):
    sum_dim = (-1, -2)
    inter = 2 * (input * target).sum(dim=sum_dim)
    sets_sum = input.sum(dim=sum_dim) + target.sum(dim=sum_dim)
    sets_sum = torch.where(sets_sum == 0, inter, sets_sum)
    dice = (inter + epsilon) / (sets_sum + epsilon)
    return dice.mean()


def make_discs(n, size=12):
    ys, xs = torch.meshgrid(torch.arange(size), torch.arange(size), indexing="ij")
    centers = torch.randint(3, size - 3, (n, 2))
    radii = torch.randint(2, 4, (n,))
    inside = (ys[None] - centers[:, 0, None, None]) ** 2 + (
        xs[None] - centers[:, 1, None, None]
    ) ** 2 <= radii[:, None, None] ** 2
    masks = torch.where(inside, 1.0, 0.0)
    images = masks + 0.3 * torch.randn(n, size, size)
    return images.unsqueeze(1), masks.unsqueeze(1)


images, masks = make_discs(40)
dataset = TensorDataset(images, masks)
train_set, val_set = random_split(dataset, [32, 8], generator=torch.Generator().manual_seed(0))
train_loader = DataLoader(train_set, batch_size=8, shuffle=True)
val_loader = DataLoader(val_set, batch_size=8, shuffle=False, drop_last=True)

model = UNet(n_channels=1, n_classes=1)
optimizer = optim.RMSprop(model.parameters(), lr=1e-3, weight_decay=1e-8, momentum=0.9, foreach=True)
scheduler = optim.lr_scheduler.ReduceLROnPlateau(optimizer, "max", patience=1)
criterion = nn.BCEWithLogitsLoss()

losses, val_scores = [], []
for epoch in range(3):
    model.train()
    for batch_images, true_masks in train_loader:
        masks_pred = model(batch_images)
        loss = criterion(masks_pred.squeeze(1), true_masks.squeeze(1))
        loss += 1 - dice_coeff(F.sigmoid(masks_pred.squeeze(1)), true_masks.squeeze(1))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        losses.append(loss.item())
    model.eval()
    dice_score = 0
    with torch.no_grad():
        for batch_images, true_masks in val_loader:
            mask_pred = (F.sigmoid(model(batch_images)) > 0.5).float()
            dice_score += dice_coeff(mask_pred, true_masks)
    val_score = dice_score / max(len(val_loader), 1)
    scheduler.step(val_score)
    val_scores.append(val_score.item())
    print(f"epoch {epoch}: loss {loss.item():.4f} dice {val_score.item():.4f}")

buffer = io.BytesIO()
torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict()}, buffer)
buffer.seek(0)
state = torch.load(buffer)
clone = UNet(1, 1)
clone.load_state_dict(state["model"])
clone.eval()
with torch.no_grad():
    out = clone(images[:2])
json.dump(
    {
        "losses": losses,
        "val": val_scores,
        "out": out.sum((1, 2, 3)).tolist(),
        "running_mean": clone.inc.double_conv[1].running_mean.tolist(),
        "num_batches_tracked": clone.inc.double_conv[1].num_batches_tracked.item(),
        "lr": optimizer.param_groups[0]["lr"],
    },
    open(sys.argv[1], "w"),
)
