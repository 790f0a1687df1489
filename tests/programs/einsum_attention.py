"""Self-attention written with torch.einsum, in the style of Tim Rocktäschel's "Einsum is all
you need" and the einsum-based attention blocks of many transformer repositories: heads split
with einsum-friendly reshapes, scores 'bhid,bhjd->bhij', a causal mask, weights applied with
'bhij,bhjd->bhid'. A two-layer model learns to copy the first half of a sequence of digits into
its second half (next-token prediction with AdamW, a cosine schedule and gradient clipping)."""
import json
import math
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)

# ---- einsum warm-up, as in the blog post ---------------------------------------------------
a = torch.arange(6.0).reshape(2, 3)
b = torch.arange(12.0).reshape(3, 4)
warmup = {
    "transpose": torch.einsum('ij->ji', a).tolist(),
    "sum": torch.einsum('ij->', a).item(),
    "column_sum": torch.einsum('ij->j', a).tolist(),
    "matmul": torch.einsum('ik,kj->ij', a, b).tolist(),
    "dot": torch.einsum('i,i->', b[0], b[1]).item(),
    "outer": torch.einsum('i,j->ij', a[0], b[0]).tolist(),
    "trace": torch.einsum('ii', torch.arange(9.0).reshape(3, 3)).item(),
    "diagonal": torch.einsum('ii->i', torch.arange(9.0).reshape(3, 3)).tolist(),
    "batch_matmul": torch.einsum('bij,bjk->bik', torch.randn(2, 2, 3), torch.randn(2, 3, 2)).tolist(),
    "bilinear": torch.einsum('bn,anm,bm->ba', torch.randn(2, 3), torch.randn(4, 3, 5), torch.randn(2, 5)).tolist(),
    "ellipsis": torch.einsum('...ij,...jk->...ik', torch.randn(2, 1, 2, 3), torch.randn(3, 3, 2)).shape[0],
}
print(warmup["matmul"])


class SelfAttention(nn.Module):
    def __init__(self, dim, heads, causal=True):
        super().__init__()
        assert dim % heads == 0
        self.heads = heads
        self.scale = (dim // heads) ** -0.5
        self.to_qkv = nn.Linear(dim, dim * 3, bias=False)
        self.to_out = nn.Linear(dim, dim)
        self.causal = causal

    def forward(self, x):
        b, n, d = x.shape
        h = self.heads
        qkv = self.to_qkv(x).chunk(3, dim=-1)
        q, k, v = (t.reshape(b, n, h, d // h) for t in qkv)
        dots = torch.einsum('bihd,bjhd->bhij', q, k) * self.scale
        if self.causal:
            mask = torch.ones(n, n, dtype=torch.bool).triu(1)
            dots = dots.masked_fill(mask, float('-inf'))
        attn = dots.softmax(dim=-1)
        out = torch.einsum('bhij,bjhd->bihd', attn, v)
        return self.to_out(out.reshape(b, n, d)), attn


class Block(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = SelfAttention(dim, heads)
        self.norm2 = nn.LayerNorm(dim)
        self.ff = nn.Sequential(nn.Linear(dim, 4 * dim), nn.GELU(), nn.Linear(4 * dim, dim))

    def forward(self, x):
        y, attn = self.attn(self.norm1(x))
        x = x + y
        return x + self.ff(self.norm2(x)), attn


class CopyModel(nn.Module):
    def __init__(self, vocab, dim, heads, depth, max_len):
        super().__init__()
        self.tok = nn.Embedding(vocab, dim)
        self.pos = nn.Parameter(torch.randn(max_len, dim) * 0.02)
        self.blocks = nn.ModuleList([Block(dim, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, vocab)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.xavier_uniform_(m.weight)
                if m.bias is not None:
                    nn.init.zeros_(m.bias)

    def forward(self, idx):
        x = self.tok(idx) + self.pos[: idx.shape[1]]
        for block in self.blocks:
            x, attn = block(x)
        return self.head(self.norm(x)), attn


vocab, half = 10, 6


def get_batch(batch_size):
    first = torch.randint(0, vocab, (batch_size, half))
    seq = torch.cat([first, first], dim=1)
    return seq[:, :-1], seq[:, 1:]


model = CopyModel(vocab, dim=32, heads=4, depth=2, max_len=2 * half)
print(sum(p.numel() for p in model.parameters()), 'parameters')
steps = 300
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2, weight_decay=0.01)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)
losses, norms = [], []
for step in range(steps):
    x, y = get_batch(32)
    logits, _ = model(x)
    loss = F.cross_entropy(logits.reshape(-1, vocab), y.reshape(-1))
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    norms.append(float(torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)))
    optimizer.step()
    scheduler.step()
    losses.append(loss.item())
    if step % 30 == 0:
        print(f"step {step}: loss {loss.item():.4f} lr {scheduler.get_last_lr()[0]:.5f}")

model.eval()
with torch.no_grad():
    x, y = get_batch(64)
    logits, attn = model(x)
    pred = logits.argmax(dim=-1)
    # the copied half is predictable: accuracy there, and where the last layer looks
    copied = (pred[:, half - 1:] == y[:, half - 1:]).float().mean().item()
    look = attn[:, :, half:, :].argmax(dim=-1)
results = {
    "warmup": warmup,
    "losses": losses[::10] + [losses[-1]],
    "norms": norms[::10],
    "copied_accuracy": copied,
    "attention_row": attn[0, 0, -1].tolist(),
    "look_back": (look - torch.arange(half, 2 * half - 1)).float().mean().item(),
    "lr": scheduler.get_last_lr()[0],
}
print(results["copied_accuracy"], math.isfinite(losses[-1]))
if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        json.dump(results, f)
