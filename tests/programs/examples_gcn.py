"""pytorch/examples gcn/main.py (Kipf & Welling's graph convolutional network), small: a random
graph with node features and labels instead of Cora (no download), the symmetrically normalised
adjacency D^-1/2 (A + I) D^-1/2 built densely (torch.diag, pow(-0.5), inf set to 0), two GraphConv
layers with xavier-initialised nn.Parameter weights, dropout, log_softmax, nll_loss on train /
validation / test masks, Adam with weight decay."""
import json
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

torch.manual_seed(42)


class GraphConv(nn.Module):
    """Basic graph convolutional layer: H' = A_hat H W (+ b)."""

    def __init__(self, input_dim, output_dim, use_bias=False):
        super(GraphConv, self).__init__()
        # Initialize the weight matrix W (in this case called `kernel`)
        self.kernel = nn.Parameter(torch.Tensor(input_dim, output_dim))
        nn.init.xavier_normal_(self.kernel)  # Initialize the weights using Xavier initialization
        # Initialize the bias (if use_bias is True)
        self.bias = None
        if use_bias:
            self.bias = nn.Parameter(torch.Tensor(output_dim))
            nn.init.zeros_(self.bias)

    def forward(self, input_tensor, adj_mat):
        support = torch.mm(input_tensor, self.kernel)  # Matrix multiplication between input and weight matrix
        output = torch.mm(adj_mat, support)  # the (normalised) adjacency times the product
        # Add the bias (if bias is not None)
        if self.bias is not None:
            output = output + self.bias
        return output


class GCN(nn.Module):
    def __init__(self, input_dim, hidden_dim, output_dim, use_bias=True, dropout_p=0.1):
        super(GCN, self).__init__()
        # Define the Graph Convolution layers
        self.gc1 = GraphConv(input_dim, hidden_dim, use_bias=use_bias)
        self.gc2 = GraphConv(hidden_dim, output_dim, use_bias=use_bias)
        # Define the dropout layer
        self.dropout = nn.Dropout(dropout_p)

    def forward(self, input_tensor, adj_mat):
        # Perform the first graph convolutional layer
        x = self.gc1(input_tensor, adj_mat)
        x = F.relu(x)  # Apply ReLU activation function
        x = self.dropout(x)  # Apply dropout regularization
        # Perform the second graph convolutional layer
        x = self.gc2(x, adj_mat)
        # Apply log-softmax activation function for classification
        return F.log_softmax(x, dim=1)


def normalize_adjacency(adj):
    """D^-1/2 (A + I) D^-1/2."""
    adj = adj + torch.eye(adj.shape[0])
    deg = adj.sum(1)
    deg_inv_sqrt = torch.pow(deg, -0.5)
    deg_inv_sqrt[deg_inv_sqrt == float("inf")] = 0.0
    d_mat_inv_sqrt = torch.diag(deg_inv_sqrt)
    return d_mat_inv_sqrt @ adj @ d_mat_inv_sqrt


rng = np.random.default_rng(0)
n_nodes, n_features, n_classes = 60, 12, 3
labels_np = rng.integers(n_classes, size=n_nodes)
same = labels_np[:, None] == labels_np[None, :]
upper = np.triu(rng.random((n_nodes, n_nodes)) < np.where(same, 0.2, 0.02), 1)
adjacency = torch.tensor((upper | upper.T).astype(np.float64))
adjacency[5] = 0.0  # an isolated node (its degree is 1, from the self-loop)
adjacency[:, 5] = 0.0
features = torch.tensor(rng.normal(size=(n_nodes, n_features)) + np.eye(n_classes, n_features)[labels_np])
labels = torch.tensor(labels_np)
adj_norm = normalize_adjacency(adjacency)
idx = torch.randperm(n_nodes)
idx_train, idx_val, idx_test = idx[:30], idx[30:45], idx[45:]

model = GCN(n_features, 16, n_classes, use_bias=True, dropout_p=0.5)
optimizer = optim.Adam(model.parameters(), lr=0.01, weight_decay=5e-4)
criterion = nn.NLLLoss()


def train_iter(epoch, model, optimizer, criterion, input, target, mask_train, mask_val):
    # Set the model to training mode
    model.train()
    # Forward pass
    output = model(*input)
    loss = criterion(output[mask_train], target[mask_train])  # Compute the loss using the training mask
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    # Evaluate the model performance on training and validation sets
    loss_train, acc_train = test(model, criterion, input, target, mask_train)
    loss_val, acc_val = test(model, criterion, input, target, mask_val)
    return [loss.item(), loss_train, acc_train, loss_val, acc_val]


def test(model, criterion, input, target, mask):
    model.eval()
    with torch.no_grad():
        output = model(*input)
        output, target = output[mask], target[mask]
        loss = criterion(output, target)
        acc = (output.argmax(dim=1) == target).float().sum() / len(target)
    return loss.item(), acc.item()


history = [train_iter(e, model, optimizer, criterion, (features, adj_norm), labels, idx_train, idx_val) for e in range(40)]
loss_test, acc_test = test(model, criterion, (features, adj_norm), labels, idx_test)
print(f"Test set results: loss {loss_test:.4f} accuracy {acc_test:.4f}")
results = {
    "history": history[::5] + history[-1:],
    "test": [loss_test, acc_test],
    "split": idx_train.tolist(),
    "adj": [adj_norm.sum().item(), adj_norm[5].tolist()[:8]],
}
if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        json.dump(results, f)
