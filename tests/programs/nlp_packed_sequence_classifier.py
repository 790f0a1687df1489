"""A variable-length sequence classifier as the text-classification tutorials write it: a
collate_fn that pads each batch (pad_sequence) and keeps the lengths, nn.Embedding with a
padding index, pack_padded_sequence(enforce_sorted=False) into a bidirectional two-layer LSTM,
the sentence classified from the final hidden states h_n of both directions, a few epochs of
Adam on a toy sentiment dataset; then pad_packed_sequence of the outputs and pack_sequence of
a fresh batch."""
import json
import sys

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pack_sequence, pad_packed_sequence, pad_sequence
from torch.utils.data import DataLoader

torch.manual_seed(0)

data = [
    ("what a wonderful film", 1),
    ("i loved every minute of it", 1),
    ("great acting", 1),
    ("the story was moving and the music was lovely", 1),
    ("fun", 1),
    ("a truly great and wonderful story", 1),
    ("boring", 0),
    ("i hated the ending", 0),
    ("the acting was terrible and the story was dull", 0),
    ("a waste of time", 0),
    ("dull and boring film", 0),
    ("i did not like it at all", 0),
]
vocab = {"<pad>": 0}
for sentence, _ in data:
    for word in sentence.split():
        vocab.setdefault(word, len(vocab))


def encode(sentence):
    return torch.tensor([vocab[w] for w in sentence.split()], dtype=torch.long)


def collate(batch):
    texts = [encode(sentence) for sentence, _ in batch]
    lengths = torch.tensor([len(t) for t in texts])
    labels = torch.tensor([label for _, label in batch])
    return pad_sequence(texts, batch_first=True, padding_value=vocab["<pad>"]), lengths, labels


class LSTMClassifier(nn.Module):
    def __init__(self, vocab_size, embed_dim, hidden_dim, num_classes):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.lstm = nn.LSTM(embed_dim, hidden_dim, num_layers=2, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(2 * hidden_dim, num_classes)

    def forward(self, text, lengths):
        embedded = self.embedding(text)
        packed = pack_padded_sequence(embedded, lengths.cpu(), batch_first=True, enforce_sorted=False)
        packed_output, (hidden, cell) = self.lstm(packed)
        # the last layer's forward and backward final states, each at the sentence's own end
        hidden = torch.cat((hidden[-2, :, :], hidden[-1, :, :]), dim=1)
        return self.fc(hidden), packed_output


model = LSTMClassifier(len(vocab), 8, 6, 2)
optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
criterion = nn.CrossEntropyLoss()
loader = DataLoader(data, batch_size=4, shuffle=True, collate_fn=collate)

losses = []
for epoch in range(8):
    for text, lengths, labels in loader:
        optimizer.zero_grad()
        logits, _ = model(text, lengths)
        loss = criterion(logits, labels)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())

model.eval()
with torch.no_grad():
    text, lengths, labels = collate(data)
    logits, packed_output = model(text, lengths)
    output, output_lengths = pad_packed_sequence(packed_output, batch_first=True)
    accuracy = (logits.argmax(1) == labels).float().mean().item()
    fresh = [model.embedding(encode(s)) for s in ("great film", "boring and dull", "fun")]
    fresh_out, (fresh_h, _) = model.lstm(pack_sequence(fresh, enforce_sorted=False))

results = {
    "losses": losses,
    "logits": logits.tolist(),
    "accuracy": accuracy,
    "output_shape": list(output.shape),
    "output_lengths": output_lengths.tolist(),
    "output_sum": output.sum().item(),
    "batch_sizes": packed_output.batch_sizes.tolist(),
    "sorted_indices": packed_output.sorted_indices.tolist(),
    "fresh_h": fresh_h[-1].tolist(),
    "fresh_out": fresh_out.data.sum(1).tolist(),
}
print(results["accuracy"], results["output_lengths"])

if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        json.dump(results, f)
