"""A variational autoencoder, after pytorch/examples' vae/main.py (Kingma and Welling, 2013):
the same model, loss and train/test loops, on synthetic 8x8 images of bars instead of MNIST."""
import json
import sys

import torch
import torch.utils.data
from torch import nn, optim
from torch.nn import functional as F

batch_size = 32
epochs = 4
log_interval = 5
torch.manual_seed(1)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def make_bars(n):
    """n noisy 8x8 images, each with one horizontal or one vertical bar; labels 0 or 1."""
    images = torch.rand(n, 1, 8, 8) * 0.1
    orientation = torch.randint(0, 2, (n,))
    position = torch.randint(0, 8, (n,))
    for i in range(n):
        if orientation[i] == 0:
            images[i, 0, position[i], :] = 0.9
        else:
            images[i, 0, :, position[i]] = 0.9
    return images, orientation


train_images, train_labels = make_bars(256)
test_images, test_labels = make_bars(64)
train_loader = torch.utils.data.DataLoader(
    torch.utils.data.TensorDataset(train_images, train_labels), batch_size=batch_size, shuffle=True)
test_loader = torch.utils.data.DataLoader(
    torch.utils.data.TensorDataset(test_images, test_labels), batch_size=batch_size, shuffle=False)


class VAE(nn.Module):
    def __init__(self):
        super(VAE, self).__init__()

        self.fc1 = nn.Linear(64, 32)
        self.fc21 = nn.Linear(32, 4)
        self.fc22 = nn.Linear(32, 4)
        self.fc3 = nn.Linear(4, 32)
        self.fc4 = nn.Linear(32, 64)

    def encode(self, x):
        h1 = F.relu(self.fc1(x))
        return self.fc21(h1), self.fc22(h1)

    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        eps = torch.randn_like(std)
        return eps.mul(std).add_(mu)

    def decode(self, z):
        h3 = F.relu(self.fc3(z))
        return torch.sigmoid(self.fc4(h3))

    def forward(self, x):
        mu, logvar = self.encode(x.view(-1, 64))
        z = self.reparameterize(mu, logvar)
        return self.decode(z), mu, logvar


model = VAE().to(device)
optimizer = optim.Adam(model.parameters(), lr=1e-2)


# Reconstruction + KL divergence losses summed over all elements and batch
def loss_function(recon_x, x, mu, logvar):
    BCE = F.binary_cross_entropy(recon_x, x.view(-1, 64), reduction='sum')

    # see Appendix B from VAE paper:
    # Kingma and Welling. Auto-Encoding Variational Bayes. ICLR, 2014
    # 0.5 * sum(1 + log(sigma^2) - mu^2 - sigma^2)
    KLD = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())

    return BCE + KLD


def train(epoch):
    model.train()
    train_loss = 0
    for batch_idx, (data, _) in enumerate(train_loader):
        data = data.to(device)
        optimizer.zero_grad()
        recon_batch, mu, logvar = model(data)
        loss = loss_function(recon_batch, data, mu, logvar)
        loss.backward()
        train_loss += loss.item()
        optimizer.step()
        if batch_idx % log_interval == 0:
            print('Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}'.format(
                epoch, batch_idx * len(data), len(train_loader.dataset),
                100. * batch_idx / len(train_loader),
                loss.item() / len(data)))

    average = train_loss / len(train_loader.dataset)
    print('====> Epoch: {} Average loss: {:.4f}'.format(epoch, average))
    return average


def test(epoch):
    model.eval()
    test_loss = 0
    with torch.no_grad():
        for i, (data, _) in enumerate(test_loader):
            data = data.to(device)
            recon_batch, mu, logvar = model(data)
            test_loss += loss_function(recon_batch, data, mu, logvar).item()
            if i == 0:
                n = min(data.size(0), 8)
                comparison = torch.cat([data[:n], recon_batch.view(batch_size, 1, 8, 8)[:n]])

    test_loss /= len(test_loader.dataset)
    print('====> Test set loss: {:.4f}'.format(test_loss))
    return test_loss, comparison


results = {"train": [], "test": []}
for epoch in range(1, epochs + 1):
    results["train"].append(train(epoch))
    test_loss, comparison = test(epoch)
    results["test"].append(test_loss)
    with torch.no_grad():
        sample = torch.randn(16, 4).to(device)
        sample = model.decode(sample).cpu()
results["comparison_mean"] = comparison.mean().item()
results["sample"] = sample.view(16, 1, 8, 8)[0, 0].tolist()
with torch.no_grad():  # the latent means of the two kinds of bars are apart
    mu, _ = model.encode(test_images.view(-1, 64))
    results["latent_gap"] = (mu[test_labels == 0].mean(0) - mu[test_labels == 1].mean(0)).norm().item()

if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        json.dump(results, f)
