"""torch.utils.data and checkpoints, as the data-loading tutorial (beginner/data_loading_tutorial),
"Saving and loading models" (beginner/saving_loading_models) and the torch.utils.data docs use
them: a map-style Dataset with a transform, TensorDataset, random_split with a seeded
generator, Subset, ConcatDataset, samplers (SequentialSampler, RandomSampler,
SubsetRandomSampler, WeightedRandomSampler, BatchSampler), a collate_fn, drop_last; training
with gradient clipping and learning-rate schedulers; torch.save / torch.load of a checkpoint
dict (model and optimizer state, epoch, loss) to resume training, and .item() / .tolist() /
.numpy() on the way out."""
import io
import json
import os
import sys
import tempfile

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.utils.data import (
    BatchSampler,
    ConcatDataset,
    DataLoader,
    Dataset,
    RandomSampler,
    SequentialSampler,
    Subset,
    SubsetRandomSampler,
    TensorDataset,
    WeightedRandomSampler,
    random_split,
)

torch.manual_seed(0)
results = {}


class PointsDataset(Dataset):
    """Points of two interleaved spirals, with an optional transform."""

    def __init__(self, n, transform=None):
        t = np.linspace(0.5, 3.0, n)
        sign = np.where(np.arange(n) % 2 == 0, 1.0, -1.0)
        self.points = np.stack([sign * t * np.cos(2 * t), sign * t * np.sin(2 * t)], 1)
        self.labels = (np.arange(n) % 2).astype(np.int64)
        self.transform = transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, idx):
        if torch.is_tensor(idx):
            idx = idx.tolist()
        sample = {"point": self.points[idx], "label": self.labels[idx]}
        if self.transform:
            sample = self.transform(sample)
        return sample


class ToTensor:
    def __call__(self, sample):
        return {"point": torch.from_numpy(sample["point"]), "label": torch.tensor(sample["label"])}


dataset = PointsDataset(120, transform=ToTensor())
results["sample"] = {k: v.tolist() for k, v in dataset[3].items()}
train_set, val_set, test_set = random_split(dataset, [80, 20, 20], generator=torch.Generator().manual_seed(42))
results["split_indices"] = [train_set.indices[:10], val_set.indices[:5], len(test_set)]
fractions = random_split(range(10), [0.5, 0.3, 0.2], generator=torch.Generator().manual_seed(1))
results["fraction_split"] = [list(s) for s in fractions]

results["samplers"] = {
    "sequential": list(SequentialSampler(range(5))),
    "random": list(RandomSampler(range(6), generator=torch.Generator().manual_seed(3))),
    "random_replacement": list(RandomSampler(range(6), replacement=True, num_samples=8, generator=torch.Generator().manual_seed(3))),
    "subset_random": list(SubsetRandomSampler([10, 20, 30, 40], generator=torch.Generator().manual_seed(5))),
    "weighted": list(WeightedRandomSampler([0.1, 0.9, 0.4, 2.0], 10, generator=torch.Generator().manual_seed(7))),
    "batch": list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=False)),
    "batch_drop": list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=True)),
}


def collate(batch):
    points = torch.stack([b["point"] for b in batch])
    labels = torch.stack([b["label"] for b in batch])
    return points, labels


train_loader = DataLoader(train_set, batch_size=16, shuffle=True, collate_fn=collate, drop_last=True, generator=torch.Generator().manual_seed(11))
val_loader = DataLoader(val_set, batch_size=8, collate_fn=collate)
default_batch = next(iter(DataLoader(Subset(dataset, [0, 1, 2]), batch_size=3)))
results["default_collate"] = [sorted(default_batch), list(default_batch["point"].shape), default_batch["label"].tolist()]
pairs = TensorDataset(torch.arange(6.0).view(3, 2), torch.tensor([0, 1, 0]))
both = ConcatDataset([pairs, pairs])
results["concat"] = [len(both), both[4][0].tolist(), both[4][1].item()]
results["len_loader"] = [len(train_loader), len(val_loader)]

model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2))
optimizer = optim.SGD(model.parameters(), lr=0.2, momentum=0.9)
scheduler = optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=6)


def run_epoch(epoch_log):
    model.train()
    for points, labels in train_loader:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(points), labels)
        loss.backward()
        norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
        nn.utils.clip_grad_value_(model.parameters(), clip_value=0.5)
        optimizer.step()
        epoch_log.append([loss.item(), norm.item()])
    scheduler.step()
    model.eval()
    with torch.no_grad():
        val = sum(F.cross_entropy(model(p), l, reduction="sum").item() for p, l in val_loader) / len(val_set)
    return val


log = []
vals = [run_epoch(log) for epoch in range(3)]

# Save a checkpoint (to a file and to memory), train on, then resume from it.
checkpoint = {
    "epoch": 3,
    "model_state_dict": model.state_dict(),
    "optimizer_state_dict": optimizer.state_dict(),
    "scheduler_state_dict": scheduler.state_dict(),
    "loss": vals[-1],
}
path = os.path.join(tempfile.mkdtemp(), "checkpoint.pt")
torch.save(checkpoint, path)
buffer = io.BytesIO()
torch.save(model.state_dict(), buffer)
vals += [run_epoch(log) for epoch in range(3)]
continued = [p.detach().clone() for p in model.parameters()]

loaded = torch.load(path)
model.load_state_dict(loaded["model_state_dict"])
optimizer.load_state_dict(loaded["optimizer_state_dict"])
scheduler.load_state_dict(loaded["scheduler_state_dict"])
results["checkpoint"] = [loaded["epoch"], loaded["loss"], sorted(loaded)]
train_loader = DataLoader(train_set, batch_size=16, shuffle=True, collate_fn=collate, drop_last=True, generator=torch.Generator().manual_seed(11))
for _ in range(3):  # replay the loader's shuffles of the first three epochs
    for batch in train_loader:
        pass
resumed = [run_epoch([]) for epoch in range(3)]
results["resumed_matches"] = all(torch.allclose(a, b) for a, b in zip(continued, model.parameters()))
results["resumed"] = resumed

buffer.seek(0)
fresh = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2))
missing = fresh.load_state_dict(torch.load(buffer))
results["fresh"] = [sorted(fresh.state_dict()), fresh[0].weight.sum().item(), str(missing)]

results["log"] = log
results["vals"] = vals
results["lr"] = scheduler.get_last_lr()
weights = model[0].weight.detach().numpy()
results["numpy"] = [weights.shape[0], float(weights.sum()), model[2].bias.tolist()]

if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        json.dump(results, f)
