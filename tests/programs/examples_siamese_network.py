"""pytorch/examples siamese_network/main.py, small: two images go through one shared feature
extractor, their features are concatenated and a linear head with a sigmoid says whether they
show the same class (BCELoss); a Dataset subclass builds the pairs, Adadelta with StepLR trains.
Synthetic 16x16 images of four classes, no download."""
import json
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim
from torch.optim.lr_scheduler import StepLR
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(1)


class SiameseNetwork(nn.Module):
    def __init__(self):
        super(SiameseNetwork, self).__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 4, kernel_size=3, padding=1, bias=False),
            nn.BatchNorm2d(4),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(2),
            nn.Conv2d(4, 8, kernel_size=3, padding=1),
            nn.ReLU(inplace=True),
            nn.AdaptiveAvgPool2d((2, 2)),
        )
        self.fc_in_features = 8 * 2 * 2
        # add linear layers to compare between the features of the two images
        self.fc = nn.Sequential(
            nn.Linear(self.fc_in_features * 2, 16),
            nn.ReLU(inplace=True),
            nn.Linear(16, 1),
        )
        self.sigmoid = nn.Sigmoid()
        # initialize the weights
        self.fc.apply(self.init_weights)

    def init_weights(self, m):
        if isinstance(m, nn.Linear):
            torch.nn.init.xavier_uniform_(m.weight)
            m.bias.data.fill_(0.01)

    def forward_once(self, x):
        output = self.features(x)
        output = output.view(output.size()[0], -1)
        return output

    def forward(self, input1, input2):
        # get two images' features
        output1 = self.forward_once(input1)
        output2 = self.forward_once(input2)
        # concatenate both images' features
        output = torch.cat((output1, output2), 1)
        # pass the concatenation to the linear layers
        output = self.fc(output)
        # pass the out of the linear layers to sigmoid layer
        output = self.sigmoid(output)
        return output


class APP_MATCHER(Dataset):
    def __init__(self, n, seed):
        super(APP_MATCHER, self).__init__()
        rng = np.random.default_rng(seed)
        self.targets = rng.integers(4, size=n)
        prototypes = np.random.default_rng(99).normal(size=(4, 1, 16, 16))
        self.data = torch.tensor(prototypes[self.targets] + 0.8 * rng.normal(size=(n, 1, 16, 16)))
        self.group_examples()
        self.rng = rng

    def group_examples(self):
        """Group the examples by their label: {label: array of indices}."""
        np_arr = np.array(self.targets)
        self.grouped_examples = {}
        for i in range(0, 4):
            self.grouped_examples[i] = np.where(np_arr == i)[0]

    def __len__(self):
        return len(self.data)

    def __getitem__(self, index):
        selected_class = int(self.targets[index])
        image_1 = self.data[index].clone()
        # same class for even indices, another class for odd ones
        if index % 2 == 0:
            other_class = selected_class
        else:
            other_class = (selected_class + 1 + index % 3) % 4
        group = self.grouped_examples[other_class]
        index_2 = int(group[(7 * index) % len(group)])
        image_2 = self.data[index_2].clone()
        target = torch.tensor(1.0 if other_class == selected_class else 0.0)
        return image_1, image_2, target


def train(model, train_loader, optimizer, epoch, log):
    model.train()
    criterion = nn.BCELoss()
    for batch_idx, (images_1, images_2, targets) in enumerate(train_loader):
        optimizer.zero_grad()
        outputs = model(images_1, images_2).squeeze()
        loss = criterion(outputs, targets)
        loss.backward()
        optimizer.step()
        log.append(loss.item())


def test(model, test_loader):
    model.eval()
    test_loss = 0
    correct = 0
    criterion = nn.BCELoss()
    with torch.no_grad():
        for images_1, images_2, targets in test_loader:
            outputs = model(images_1, images_2).squeeze()
            test_loss += criterion(outputs, targets).sum().item()  # sum up batch loss
            pred = torch.where(outputs > 0.5, 1, 0)  # get the index of the max log-probability
            correct += pred.eq(targets.view_as(pred)).sum().item()
    test_loss /= len(test_loader.dataset)
    return [test_loss, correct]


train_loader = DataLoader(APP_MATCHER(96, 0), batch_size=16)
test_loader = DataLoader(APP_MATCHER(48, 1), batch_size=16)
model = SiameseNetwork()
optimizer = optim.Adadelta(model.parameters(), lr=1.0)
scheduler = StepLR(optimizer, step_size=1, gamma=0.7)
results = {"train": [], "test": [], "lr": []}
for epoch in range(1, 4):
    train(model, train_loader, optimizer, epoch, results["train"])
    results["test"].append(test(model, test_loader))
    scheduler.step()
    results["lr"].append(scheduler.get_last_lr()[0])
results["running_var"] = model.features[1].running_var.tolist()

if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        json.dump(results, f)
