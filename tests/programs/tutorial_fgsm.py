"""Adversarial example generation (pytorch/tutorials, beginner/fgsm_tutorial): train a small
LeNet, then perturb each test image by epsilon * sign(d loss / d image), clamp to [0, 1] and
count how often the prediction survives, for several epsilons. Synthetic 28x28 digits-like
images, no download."""
import json
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset

epsilons = [0, 0.05, 0.1, 0.2, 0.3]
torch.manual_seed(42)

rng = np.random.default_rng(1)
templates = rng.random((4, 28, 28)) > 0.7
labels = rng.integers(4, size=160)
images = np.clip(templates[labels] * 0.8 + rng.random((160, 28, 28)) * 0.3, 0, 1)[:, None]
train_set = TensorDataset(torch.tensor(images[:128]), torch.tensor(labels[:128]))
test_set = TensorDataset(torch.tensor(images[128:]), torch.tensor(labels[128:]))


# LeNet Model definition
class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 8, 5, 1)
        self.conv2 = nn.Conv2d(8, 16, 5, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(256, 32)
        self.fc2 = nn.Linear(32, 4)

    def forward(self, x):
        x = self.conv1(x)
        x = F.relu(x)
        x = F.max_pool2d(x, 2)
        x = self.conv2(x)
        x = F.relu(x)
        x = F.max_pool2d(x, 2)
        x = self.dropout1(x)
        x = torch.flatten(x, 1)
        x = self.fc1(x)
        x = F.relu(x)
        x = self.dropout2(x)
        x = self.fc2(x)
        output = F.log_softmax(x, dim=1)
        return output


model = Net()
optimizer = optim.Adam(model.parameters(), lr=1e-2)
results = {"train": []}
for epoch in range(3):
    model.train()
    for data, target in DataLoader(train_set, batch_size=32):
        optimizer.zero_grad()
        loss = F.nll_loss(model(data), target)
        loss.backward()
        optimizer.step()
        results["train"].append(loss.item())

# Set the model in evaluation mode. In this case this is for the Dropout layers
model.eval()


# FGSM attack code
def fgsm_attack(image, epsilon, data_grad):
    # Collect the element-wise sign of the data gradient
    sign_data_grad = data_grad.sign()
    # Create the perturbed image by adjusting each pixel of the input image
    perturbed_image = image + epsilon * sign_data_grad
    # Adding clipping to maintain [0,1] range
    perturbed_image = torch.clamp(perturbed_image, 0, 1)
    # Return the perturbed image
    return perturbed_image


# restores the tensors to their original scale
def denorm(batch, mean=(0.1307,), std=(0.3081,)):
    if isinstance(mean, tuple):
        mean = torch.tensor(list(mean))
    if isinstance(std, tuple):
        std = torch.tensor(list(std))
    return batch * std.view(1, -1, 1, 1) + mean.view(1, -1, 1, 1)


def test(model, test_loader, epsilon):
    correct = 0
    adv_examples = []
    for data, target in test_loader:
        data = (data - 0.1307) / 0.3081
        # Set requires_grad attribute of tensor. Important for Attack
        data.requires_grad = True
        output = model(data)
        init_pred = output.max(1, keepdim=True)[1]  # get the index of the max log-probability
        # If the initial prediction is wrong, don't bother attacking, just move on
        if init_pred.item() != target.item():
            continue
        loss = F.nll_loss(output, target)
        model.zero_grad()
        loss.backward()
        # Collect ``datagrad``
        data_grad = data.grad.data
        # Restore the data to its original scale
        data_denorm = denorm(data)
        perturbed_data = fgsm_attack(data_denorm, epsilon, data_grad)
        # Reapply normalization
        perturbed_data_normalized = (perturbed_data - 0.1307) / 0.3081
        output = model(perturbed_data_normalized)
        final_pred = output.max(1, keepdim=True)[1]
        if final_pred.item() == target.item():
            correct += 1
        if len(adv_examples) < 3:
            adv_ex = perturbed_data.squeeze().detach().cpu().numpy()
            adv_examples.append((init_pred.item(), final_pred.item(), float(adv_ex.sum())))
    final_acc = correct / float(len(test_loader))
    print(f"Epsilon: {epsilon}\tTest Accuracy = {correct} / {len(test_loader)} = {final_acc}")
    return final_acc, adv_examples


test_loader = DataLoader(test_set, batch_size=1, shuffle=False)
accuracies, examples = [], []
for eps in epsilons:
    acc, ex = test(model, test_loader, eps)
    accuracies.append(acc)
    examples.append(ex)
results["accuracies"] = accuracies
results["examples"] = examples

if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        json.dump(results, f)
