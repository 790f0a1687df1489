"""Model ensembling (pytorch/tutorials, intermediate/ensembling): the predictions of several
MLPs of one architecture, once by a loop over the models and once by torch.vmap over
functional_call with the models' stacked parameters (stack_module_state), for a different
minibatch per model and for one shared minibatch. On the CPU, with 16 examples per minibatch
instead of 64 (and without the tutorial's timings)."""
import copy
import json
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


# Here's a simple MLP
class SimpleMLP(nn.Module):
    def __init__(self):
        super(SimpleMLP, self).__init__()
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(128, 128)
        self.fc3 = nn.Linear(128, 10)

    def forward(self, x):
        x = x.flatten(1)
        x = self.fc1(x)
        x = F.relu(x)
        x = self.fc2(x)
        x = F.relu(x)
        x = self.fc3(x)
        return x


device = "cpu"
num_models = 10

data = torch.randn(num_models, 16, 1, 28, 28, device=device)
targets = torch.randint(10, (160,), device=device)

models = [SimpleMLP().to(device) for _ in range(num_models)]

# Option 1: different minibatch for each model
minibatches = data[:num_models]
predictions_diff_minibatch_loop = [model(minibatch) for model, minibatch in zip(models, minibatches)]

# Option 2: Same minibatch
minibatch = data[0]
predictions2 = [model(minibatch) for model in models]

from torch.func import stack_module_state

params, buffers = stack_module_state(models)

from torch.func import functional_call

# Construct a "stateless" version of one of the models. It is "stateless" in
# the sense that the parameters are meta Tensors and do not have storage.
base_model = copy.deepcopy(models[0])
base_model = base_model.to("meta")


def fmodel(params, buffers, x):
    return functional_call(base_model, (params, buffers), (x,))


print([p.size(0) for p in params.values()])  # show the leading 'num_models' dimension

assert minibatches.shape == (num_models, 16, 1, 28, 28)  # verify minibatch has leading dimension of size 'num_models'

from torch import vmap

predictions1_vmap = vmap(fmodel)(params, buffers, minibatches)

# verify the vmap predictions match the
assert torch.allclose(predictions1_vmap, torch.stack(predictions_diff_minibatch_loop), atol=1e-3, rtol=1e-5)

predictions2_vmap = vmap(fmodel, in_dims=(0, 0, None))(params, buffers, minibatch)

assert torch.allclose(predictions2_vmap, torch.stack(predictions2), atol=1e-3, rtol=1e-5)

# the ensemble's mean prediction, and a gradient through vmap to the stacked parameters
mean_loss = F.cross_entropy(predictions1_vmap.flatten(0, 1), targets)
mean_loss.backward()
results = {
    "param_shapes": {k: list(v.shape) for k, v in params.items()},
    "requires_grad": [v.requires_grad for v in params.values()],
    "n_buffers": len(buffers),
    "predictions1": predictions1_vmap.sum((1, 2)).tolist(),
    "predictions2": predictions2_vmap[:, :3].tolist(),
    "loop_difference": (predictions1_vmap - torch.stack(predictions_diff_minibatch_loop)).abs().max().item() < 1e-12,
    "mean_loss": mean_loss.item(),
    "grad_sums": {k: v.grad.flatten(1).sum(1).tolist() for k, v in params.items()},
    "ensemble_votes": predictions2_vmap.mean(0).argmax(1).tolist(),
}
json.dump(results, open(sys.argv[1], "w"))
