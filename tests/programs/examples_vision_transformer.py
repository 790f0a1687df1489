"""pytorch/examples vision_transformer/main.py, small: images cut into patches with Tensor.unfold,
a linear patch embedding, a learned class token (torch.cat with .expand) and position embedding,
pre-norm encoder blocks of nn.MultiheadAttention and a GELU MLP, and a head on the class token;
trained with Adam and a cosine learning rate. Synthetic 8x8 images of 3 classes, no download."""
import json
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import optim

torch.manual_seed(0)


class PatchExtractor(nn.Module):
    def __init__(self, patch_size=4):
        super().__init__()
        self.patch_size = patch_size

    def forward(self, input_data):
        batch_size, channels, height, width = input_data.size()
        assert height % self.patch_size == 0 and width % self.patch_size == 0, (
            f"Input height ({height}) and width ({width}) must be divisible by patch size ({self.patch_size})"
        )
        num_patches_h = height // self.patch_size
        num_patches_w = width // self.patch_size
        num_patches = num_patches_h * num_patches_w
        patches = (
            input_data.unfold(2, self.patch_size, self.patch_size)
            .unfold(3, self.patch_size, self.patch_size)
            .permute(0, 2, 3, 1, 4, 5)
            .contiguous()
            .view(batch_size, num_patches, -1)
        )
        # Expected shape of a patch on default settings is (4, 196, 768)
        return patches


class InputEmbedding(nn.Module):
    def __init__(self, patch_size, n_channels, latent_size, num_patches):
        super(InputEmbedding, self).__init__()
        self.latent_size = latent_size
        self.input_size = patch_size * patch_size * n_channels
        # Linear projection
        self.LinearProjection = nn.Linear(self.input_size, self.latent_size)
        # Class token
        self.class_token = nn.Parameter(torch.randn(1, 1, self.latent_size))
        # Positional embedding
        self.pos_embedding = nn.Parameter(torch.randn(1, num_patches + 1, self.latent_size))
        self.patches = PatchExtractor(patch_size=patch_size)

    def forward(self, input_data):
        # Patchifying the Image
        patches = self.patches(input_data)
        linear_projection = self.LinearProjection(patches)
        b, n, _ = linear_projection.shape
        class_token = self.class_token.expand(b, -1, -1)
        linear_projection = torch.cat((class_token, linear_projection), dim=1)
        linear_projection += self.pos_embedding[:, : n + 1, :]
        return linear_projection


class EncoderBlock(nn.Module):
    def __init__(self, latent_size, num_heads, dropout):
        super(EncoderBlock, self).__init__()
        self.norm = nn.LayerNorm(latent_size)
        self.attention = nn.MultiheadAttention(latent_size, num_heads, dropout=dropout, batch_first=True)
        self.enc_MLP = nn.Sequential(
            nn.Linear(latent_size, latent_size * 2),
            nn.GELU(),
            nn.Dropout(dropout),
            nn.Linear(latent_size * 2, latent_size),
            nn.Dropout(dropout),
        )

    def forward(self, emb_patches):
        first_norm = self.norm(emb_patches)
        attention_out = self.attention(first_norm, first_norm, first_norm)[0]
        first_added = attention_out + emb_patches
        second_norm = self.norm(first_added)
        mlp_out = self.enc_MLP(second_norm)
        output = mlp_out + first_added
        return output


class ViT(nn.Module):
    def __init__(self, num_encoders=2, latent_size=16, num_heads=4, num_classes=3, dropout=0.1, patch_size=4, n_channels=1, image_size=8):
        super(ViT, self).__init__()
        num_patches = (image_size // patch_size) ** 2
        self.embedding = InputEmbedding(patch_size, n_channels, latent_size, num_patches)
        # Create a stack of encoder layers
        self.encStack = nn.ModuleList([EncoderBlock(latent_size, num_heads, dropout) for i in range(num_encoders)])
        # MLP_head at the classification stage has 'one hidden layer at pre-training time
        # and by a single linear layer at fine-tuning time'.
        self.MLP_head = nn.Sequential(nn.LayerNorm(latent_size), nn.Linear(latent_size, latent_size), nn.Linear(latent_size, num_classes))

    def forward(self, test_input):
        enc_output = self.embedding(test_input)
        for enc_layer in self.encStack:
            enc_output = enc_layer(enc_output)
        cls_token_embedding = enc_output[:, 0]
        return self.MLP_head(cls_token_embedding)


rng = np.random.default_rng(4)
labels = rng.integers(3, size=96)
images = rng.normal(size=(96, 1, 8, 8)) * 0.5
images[labels == 0, :, :4, :] += 1.0  # top half bright
images[labels == 1, :, :, :4] += 1.0  # left half bright
images[labels == 2, :, 2:6, 2:6] += 1.5  # a centre square
x_all, y_all = torch.tensor(images), torch.tensor(labels)

model = ViT()
optimizer = optim.Adam(model.parameters(), lr=3e-3, weight_decay=1e-4)
scheduler = optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=4)
criterion = nn.CrossEntropyLoss()
results = {"train": [], "eval": [], "lr": []}
for epoch in range(4):
    model.train()
    for i in range(0, 96, 32):
        optimizer.zero_grad()
        loss = criterion(model(x_all[i : i + 32]), y_all[i : i + 32])
        loss.backward()
        optimizer.step()
        results["train"].append(loss.item())
    scheduler.step()
    results["lr"].append(scheduler.get_last_lr()[0])
    model.eval()
    with torch.no_grad():
        logits = model(x_all)
        results["eval"].append([F.cross_entropy(logits, y_all).item(), (logits.argmax(1) == y_all).sum().item()])
results["n_params"] = sum(p.numel() for p in model.parameters() if p.requires_grad)
results["patches"] = list(PatchExtractor(4)(x_all[:2]).shape)

if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        json.dump(results, f)
