"""The PyTorch pruning tutorial (intermediate/pruning_tutorial): LeNet, pruning conv1's weight
and bias, iterative pruning, serialization, making it permanent, global pruning, a custom method."""
import json
import sys

import torch
import torch.nn.functional as F
import torch.nn.utils.prune as prune
from torch import nn

device = torch.device("cpu")


class LeNet(nn.Module):
    def __init__(self):
        super(LeNet, self).__init__()
        # 1 input image channel, 6 output channels, 5x5 square conv kernel
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)  # 5x5 image dimension
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.view(-1, int(x.nelement() / x.shape[0]))
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


torch.manual_seed(0)
model = LeNet().to(device=device)
results = {}

module = model.conv1
results["params_before"] = [name for name, _ in module.named_parameters()]
results["buffers_before"] = [name for name, _ in module.named_buffers()]

prune.random_unstructured(module, name="weight", amount=0.3)
results["params_after"] = [name for name, _ in module.named_parameters()]
results["buffers_after"] = [name for name, _ in module.named_buffers()]
results["weight_mask"] = module.weight_mask.flatten().tolist()
results["weight"] = module.weight.flatten().tolist()
results["hooks"] = len(module._forward_pre_hooks)

prune.l1_unstructured(module, name="bias", amount=3)
results["bias_mask"] = module.bias_mask.tolist()
results["bias"] = module.bias.tolist()

# Iterative pruning: the second call composes with the first through a PruningContainer.
prune.ln_structured(module, name="weight", amount=0.5, n=2, dim=0)
results["iterative_weight"] = module.weight.flatten().tolist()
for hook in module._forward_pre_hooks.values():
    if hook._tensor_name == "weight":  # select out the correct hook
        break
results["history"] = [type(method).__name__ for method in hook]

# Serializing a pruned model: the masks and the originals are in the state_dict.
results["state_dict_keys"] = list(model.state_dict().keys())

x = torch.randn(2, 1, 32, 32)
out = model(x)
out.sum().backward()
results["output"] = out.flatten().tolist()
results["weight_orig_grad"] = model.conv1.weight_orig.grad.flatten().tolist()

# Remove pruning re-parametrization: the pruning becomes permanent.
prune.remove(module, "weight")
results["params_removed"] = [name for name, _ in module.named_parameters()]
results["buffers_removed"] = [name for name, _ in module.named_buffers()]
results["weight_removed"] = module.weight.flatten().tolist()

# Pruning multiple parameters in a model.
new_model = LeNet()
for name, module in new_model.named_modules():
    # prune 20% of connections in all 2D-conv layers
    if isinstance(module, torch.nn.Conv2d):
        prune.l1_unstructured(module, name="weight", amount=0.2)
    # prune 40% of connections in all linear layers
    elif isinstance(module, torch.nn.Linear):
        prune.l1_unstructured(module, name="weight", amount=0.4)
results["mask_buffers"] = list(dict(new_model.named_buffers()).keys())

# Global pruning.
model = LeNet()
parameters_to_prune = (
    (model.conv1, "weight"),
    (model.conv2, "weight"),
    (model.fc1, "weight"),
    (model.fc2, "weight"),
    (model.fc3, "weight"),
)
prune.global_unstructured(parameters_to_prune, pruning_method=prune.L1Unstructured, amount=0.2)
sparsity = {}
for layer in ("conv1", "conv2", "fc1", "fc2", "fc3"):
    weight = getattr(model, layer).weight
    sparsity[layer] = 100.0 * float(torch.sum(weight == 0)) / float(weight.nelement())
    print("Sparsity in {}.weight: {:.2f}%".format(layer, sparsity[layer]))
total_zero = sum(float(torch.sum(getattr(model, layer).weight == 0)) for layer in sparsity)
total = sum(float(getattr(model, layer).weight.nelement()) for layer in sparsity)
print("Global sparsity: {:.2f}%".format(100.0 * total_zero / total))
results["sparsity"] = sparsity
results["global_sparsity"] = 100.0 * total_zero / total
results["is_pruned"] = prune.is_pruned(model)


# Extending torch.nn.utils.prune with custom pruning functions.
class FooBarPruningMethod(prune.BasePruningMethod):
    """Prune every other entry in a tensor"""

    PRUNING_TYPE = "unstructured"

    def compute_mask(self, t, default_mask):
        mask = default_mask.clone()
        mask.view(-1)[::2] = 0
        return mask


def foobar_unstructured(module, name):
    FooBarPruningMethod.apply(module, name)
    return module


model = LeNet()
foobar_unstructured(model.fc3, name="bias")
print(model.fc3.bias_mask)
results["foobar_mask"] = model.fc3.bias_mask.tolist()

with open(sys.argv[1], "w") as f:
    json.dump(results, f)
