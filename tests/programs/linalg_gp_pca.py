"""Linear algebra in a PyTorch program: exact Gaussian-process regression whose kernel
hyperparameters are learned by maximising the marginal likelihood (as in the GP-from-scratch
tutorials: Cholesky factor, cholesky_solve, log-determinant, Adam), then PCA by SVD,
least squares, and a few decompositions of a covariance matrix."""
import json
import math
import sys

import torch

torch.manual_seed(0)

# ---- data: a noisy sine -----------------------------------------------------------------
n = 40
x = torch.linspace(-3, 3, n).unsqueeze(-1)
y = torch.sin(2 * x).squeeze(-1) + 0.1 * torch.randn(n)
x_test = torch.linspace(-3.5, 3.5, 15).unsqueeze(-1)


def rbf(a, b, log_lengthscale, log_scale):
    d2 = (a.unsqueeze(1) - b.unsqueeze(0)).pow(2).sum(-1)
    return torch.exp(2 * log_scale) * torch.exp(-0.5 * d2 / torch.exp(2 * log_lengthscale))


log_lengthscale = torch.tensor(0.0, requires_grad=True)
log_scale = torch.tensor(0.0, requires_grad=True)
log_noise = torch.tensor(-1.0, requires_grad=True)
optimizer = torch.optim.Adam([log_lengthscale, log_scale, log_noise], lr=0.05)


def negative_log_marginal_likelihood():
    K = rbf(x, x, log_lengthscale, log_scale) + torch.exp(2 * log_noise) * torch.eye(n)
    L = torch.linalg.cholesky(K)
    alpha = torch.cholesky_solve(y.unsqueeze(-1), L)
    data_fit = 0.5 * (y.unsqueeze(-1) * alpha).sum()
    complexity = torch.log(torch.diagonal(L)).sum()
    return data_fit + complexity + 0.5 * n * math.log(2 * math.pi), K


losses = []
for step in range(60):
    optimizer.zero_grad()
    loss, K = negative_log_marginal_likelihood()
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
print(f"final negative log marginal likelihood {losses[-1]:.4f}")

with torch.no_grad():
    loss, K = negative_log_marginal_likelihood()
    sign, logabsdet = torch.linalg.slogdet(K)
    K_star = rbf(x_test, x, log_lengthscale, log_scale)
    mean = K_star @ torch.linalg.solve(K, y)
    K_ss = rbf(x_test, x_test, log_lengthscale, log_scale)
    cov = K_ss - K_star @ torch.cholesky_inverse(torch.linalg.cholesky(K)) @ K_star.T
    variance = torch.diagonal(cov).clamp(min=0)

# the log-determinant three ways, and its gradient
A = K.detach().clone().requires_grad_()
torch.logdet(A).backward()
logdet_grad_error = (A.grad - torch.linalg.inv(A.detach()).T).abs().max().item()

# ---- PCA of correlated 3-d points by SVD ------------------------------------------------
points = torch.randn(200, 3) @ torch.tensor([[3.0, 0.0, 0.0], [1.0, 1.0, 0.0], [0.5, 0.2, 0.3]])
centred = points - points.mean(0)
U, S, Vh = torch.linalg.svd(centred, full_matrices=False)
explained = (S**2 / (S**2).sum()).tolist()
projection = centred @ Vh[:2].T @ Vh[:2]  # the best rank-2 approximation, sign-free
reconstruction_error = torch.linalg.matrix_norm(centred - projection).item()
covariance = centred.T @ centred / (len(points) - 1)
eigenvalues = torch.linalg.eigvalsh(covariance)
print("explained variance ratios", [round(e, 4) for e in explained])

# ---- least squares: fit a cubic, by lstsq, pinv and QR -----------------------------------
t = torch.linspace(-1, 1, 30)
target = 1 - 2 * t + 0.5 * t**3 + 0.05 * torch.randn(30)
V = torch.stack([t**k for k in range(4)], dim=1)
coefficients = torch.linalg.lstsq(V, target.unsqueeze(-1)).solution.squeeze(-1)
by_pinv = torch.linalg.pinv(V) @ target
Q, R = torch.linalg.qr(V)
by_qr = torch.linalg.solve_triangular(R, (Q.T @ target).unsqueeze(-1), upper=True).squeeze(-1)

# ---- a learnable matrix: gradients through det, inv, matrix_power and norms --------------
W = (torch.eye(3) + 0.1 * torch.randn(3, 3)).requires_grad_()
objective = (
    torch.linalg.det(W)
    + torch.linalg.inv(W).sum()
    + torch.linalg.matrix_power(W, 3).trace()
    + torch.linalg.matrix_norm(W, "nuc")
    + torch.linalg.norm(W, 2)
    + torch.linalg.eigvalsh(W @ W.T).max()
)
objective.backward()

results = {
    "losses": losses,
    "lengthscale": torch.exp(log_lengthscale).item(),
    "noise": torch.exp(log_noise).item(),
    "mean": mean.tolist(),
    "variance": variance.tolist(),
    "logdet": [logabsdet.item(), torch.logdet(K).item(), 2 * torch.log(torch.diagonal(torch.linalg.cholesky(K))).sum().item()],
    "sign": sign.item(),
    "logdet_grad_error_small": logdet_grad_error < 1e-8,
    "explained": explained,
    "singular_values": S.tolist(),
    "reconstruction_error": reconstruction_error,
    "eigenvalues": eigenvalues.tolist(),
    "coefficients": coefficients.tolist(),
    "by_pinv": by_pinv.tolist(),
    "by_qr": by_qr.tolist(),
    "rank": torch.linalg.matrix_rank(V).item(),
    "objective": objective.item(),
    "W_grad": W.grad.reshape(-1).tolist(),
}
if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        json.dump(results, f)
