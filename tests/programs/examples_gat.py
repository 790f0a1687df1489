"""pytorch/examples gat/main.py: a two-layer graph attention network (multi-head attention
scores a^T [W h_i || W h_j] through LeakyReLU, masked to the graph's edges with torch.where,
softmax, dropout, heads averaged or concatenated), ELU, log_softmax, NLLLoss on index masks,
Adam with weight decay, accuracy under torch.no_grad.

As published, except: the graph is a small synthetic "Cora" (three classes of nodes with
class-dependent binary features, edges mostly within a class, no download), built and
row-normalised as load_cora does it but with dense matrices (the original's
``to_sparse()`` / ``sparse_coo_tensor`` are replaced by their dense equivalents), the sizes are
small and the run is 30 epochs. The features are made in the default dtype rather than by
``torch.FloatTensor`` (float32), which PyTorch's ``mm`` would refuse to multiply by the
float64 weights. Both head modes are trained.
"""
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.optim import Adam


class GraphAttentionLayer(nn.Module):
    """
    Graph Attention Layer (GAT) as described in the paper `"Graph Attention Networks" <https://arxiv.org/pdf/1710.10903.pdf>`.
    """
    def __init__(self, in_features: int, out_features: int, n_heads: int, concat: bool = False, dropout: float = 0.4, leaky_relu_slope: float = 0.2):
        super(GraphAttentionLayer, self).__init__()

        self.n_heads = n_heads  # Number of attention heads
        self.concat = concat  # wether to concatenate the final attention heads
        self.dropout = dropout  # Dropout rate

        if concat:  # concatenating the attention heads
            self.out_features = out_features  # Number of output features per node
            assert out_features % n_heads == 0  # Ensure that out_features is a multiple of n_heads
            self.n_hidden = out_features // n_heads
        else:  # averaging output over the attention heads (Used in the main paper)
            self.n_hidden = out_features

        self.W = nn.Parameter(torch.empty(size=(in_features, self.n_hidden * n_heads)))
        self.a = nn.Parameter(torch.empty(size=(n_heads, 2 * self.n_hidden, 1)))

        self.leakyrelu = nn.LeakyReLU(leaky_relu_slope)  # LeakyReLU activation function
        self.softmax = nn.Softmax(dim=1)  # softmax activation function to the attention coefficients

        self.reset_parameters()  # Reset the parameters

    def reset_parameters(self):
        nn.init.xavier_normal_(self.W)
        nn.init.xavier_normal_(self.a)

    def _get_attention_scores(self, h_transformed: torch.Tensor):
        source_scores = torch.matmul(h_transformed, self.a[:, :self.n_hidden, :])
        target_scores = torch.matmul(h_transformed, self.a[:, self.n_hidden:, :])

        # broadcast add
        # (n_heads, n_nodes, 1) + (n_heads, 1, n_nodes) = (n_heads, n_nodes, n_nodes)
        e = source_scores + target_scores.mT
        return self.leakyrelu(e)

    def forward(self, h: torch.Tensor, adj_mat: torch.Tensor):
        n_nodes = h.shape[0]

        # Apply linear transformation to node feature -> W h
        # output shape (n_nodes, n_hidden * n_heads)
        h_transformed = torch.mm(h, self.W)
        h_transformed = F.dropout(h_transformed, self.dropout, training=self.training)

        # splitting the heads by reshaping the tensor and putting heads dim first
        # output shape (n_heads, n_nodes, n_hidden)
        h_transformed = h_transformed.view(n_nodes, self.n_heads, self.n_hidden).permute(1, 0, 2)

        # getting the attention scores
        # output shape (n_heads, n_nodes, n_nodes)
        e = self._get_attention_scores(h_transformed)

        # Set the attention score for non-existent edges to -9e15 (MASKING NON-EXISTENT EDGES)
        connectivity_mask = -9e16 * torch.ones_like(e)
        e = torch.where(adj_mat > 0, e, connectivity_mask)  # masked attention scores

        # attention coefficients are computed as a softmax over the rows
        # for each column j in the attention score matrix e
        attention = F.softmax(e, dim=-1)
        attention = F.dropout(attention, self.dropout, training=self.training)

        # final node embeddings are computed as a weighted average of the features of its neighbors
        h_prime = torch.matmul(attention, h_transformed)

        # concatenating/averaging the attention heads
        # output shape (n_nodes, out_features)
        if self.concat:
            h_prime = h_prime.permute(1, 0, 2).contiguous().view(n_nodes, self.out_features)
        else:
            h_prime = h_prime.mean(dim=0)

        return h_prime


class GAT(nn.Module):
    def __init__(self,
        in_features,
        n_hidden,
        n_heads,
        num_classes,
        concat=False,
        dropout=0.4,
        leaky_relu_slope=0.2):
        super(GAT, self).__init__()

        # Define the Graph Attention layers
        self.gat1 = GraphAttentionLayer(
            in_features=in_features, out_features=n_hidden, n_heads=n_heads,
            concat=concat, dropout=dropout, leaky_relu_slope=leaky_relu_slope
            )

        self.gat2 = GraphAttentionLayer(
            in_features=n_hidden, out_features=num_classes, n_heads=1,
            concat=False, dropout=dropout, leaky_relu_slope=leaky_relu_slope
            )

    def forward(self, input_tensor: torch.Tensor, adj_mat: torch.Tensor):
        # Apply the first Graph Attention layer
        x = self.gat1(input_tensor, adj_mat)
        x = F.elu(x)  # Apply ELU activation function to the output of the first layer

        # Apply the second Graph Attention layer
        x = self.gat2(x, adj_mat)

        return F.log_softmax(x, dim=1)  # Apply log softmax activation function


def synthetic_cora(n_nodes=90, n_features=40, n_classes=3, seed=0):
    """cora.content / cora.cites as load_cora reads them: rows 'id f_1 .. f_F label', citing pairs."""
    rng = np.random.default_rng(seed)
    ids = rng.permutation(10000)[:n_nodes] + 100
    labels = np.array(["Neural_Networks", "Theory", "Genetic_Algorithms"])[rng.integers(0, n_classes, n_nodes)]
    words = (rng.random((n_nodes, n_features)) < 0.08).astype(np.int32)
    for c, name in enumerate(np.unique(labels)):  # each class has its own frequent words
        words[labels == name, c * 10:(c + 1) * 10] |= rng.random(((labels == name).sum(), 10)) < 0.4
    words[0] = 0  # a node without words: load_cora's 1 / 0 = inf case
    content = np.column_stack([ids.astype(str), words.astype(str), labels])
    same = labels[:, None] == labels[None, :]
    linked = np.triu(rng.random((n_nodes, n_nodes)) < np.where(same, 0.12, 0.01), 1)
    cites = np.column_stack([ids[linked.nonzero()[0]], ids[linked.nonzero()[1]]]).astype(np.int32)
    return content, cites


def load_cora(content_tensor, cites_tensor, device='cpu'):
    # Process features
    features = torch.tensor(content_tensor[:, 1:-1].astype(np.int32), dtype=torch.get_default_dtype())  # (FloatTensor in the original)
    scale_vector = torch.sum(features, dim=1)  # Compute sum of features for each node
    scale_vector = 1 / scale_vector  # Compute reciprocal of the sums
    scale_vector[scale_vector == float('inf')] = 0  # Handle division by zero cases
    scale_vector = torch.diag(scale_vector)  # (dense here; to_sparse() in the original)
    features = scale_vector @ features  # Scale the features using the scale vector

    # Process labels
    classes, labels = np.unique(content_tensor[:, -1], return_inverse=True)  # Extract unique classes and map labels to indices
    labels = torch.LongTensor(labels)  # Convert labels to a tensor

    # Process adjacency matrix
    idx = content_tensor[:, 0].astype(np.int32)  # Extract node indices
    idx_map = {id: pos for pos, id in enumerate(idx)}  # Create a dictionary to map indices to positions

    # Map node indices to positions in the adjacency matrix
    edges = np.array(
        list(map(lambda edge: [idx_map[edge[0]], idx_map[edge[1]]],
            cites_tensor)), dtype=np.int32)

    V = len(idx)  # Number of nodes
    E = edges.shape[0]  # Number of edges
    adj_mat = torch.zeros((V, V), dtype=torch.int64)  # (dense here; sparse_coo_tensor in the original)
    adj_mat[torch.from_numpy(edges.T[0]).long(), torch.from_numpy(edges.T[1]).long()] = torch.ones(E, dtype=torch.int64)
    adj_mat = torch.eye(V) + adj_mat  # Add self-loops to the adjacency matrix

    return features.to(device), labels.to(device), adj_mat.to(device)


def train_iter(epoch, model, optimizer, criterion, input, target, mask_train, mask_val, print_every=10):
    model.train()
    optimizer.zero_grad()

    # Forward pass
    output = model(*input)
    loss = criterion(output[mask_train], target[mask_train])  # Compute the loss using the training mask

    loss.backward()
    optimizer.step()

    # Evaluate the model performance on training and validation sets
    loss_train, acc_train = test(model, criterion, input, target, mask_train)
    loss_val, acc_val = test(model, criterion, input, target, mask_val)

    if epoch % print_every == 0:
        print(f'Epoch: {epoch:04d} loss_train: {loss_train:.4f} acc_train: {acc_train:.4f} loss_val: {loss_val:.4f} acc_val: {acc_val:.4f}')
    return loss.item(), loss_val, acc_val


def test(model, criterion, input, target, mask):
    model.eval()
    with torch.no_grad():
        output = model(*input)
        output, target = output[mask], target[mask]

        loss = criterion(output, target)
        acc = (output.argmax(dim=1) == target).float().sum() / len(target)
    return loss.item(), acc.item()


if __name__ == '__main__':
    torch.manual_seed(13)
    device = torch.device('cpu')
    features, labels, adj_mat = load_cora(*synthetic_cora(), device=device)
    idx = torch.randperm(len(labels)).to(device)
    idx_test, idx_val, idx_train = idx[:20], idx[20:40], idx[40:]

    results = {"adj_is_default_float": adj_mat.dtype == torch.get_default_dtype(), "edges": adj_mat.sum().item(), "features": features.sum().item()}
    for concat in (False, True):
        gat_net = GAT(
            in_features=features.shape[1],
            n_hidden=16,
            n_heads=4,
            num_classes=labels.max().item() + 1,
            concat=concat,
            dropout=0.6,
            leaky_relu_slope=0.2
        ).to(device)

        optimizer = Adam(gat_net.parameters(), lr=0.005, weight_decay=5e-4)
        criterion = nn.NLLLoss()

        history = [train_iter(epoch + 1, gat_net, optimizer, criterion, (features, adj_mat), labels, idx_train, idx_val, 10)
                   for epoch in range(30)]
        loss_test, acc_test = test(gat_net, criterion, (features, adj_mat), labels, idx_test)
        print(f'Test set results: loss {loss_test:.4f} accuracy {acc_test:.4f}')
        results[f"concat={concat}"] = {"history": history, "test": [loss_test, acc_test],
                                       "weights": [p.sum().item() for p in gat_net.parameters()]}

    if len(sys.argv) > 1:
        with open(sys.argv[1], "w") as f:
            json.dump(results, f)
