"""60-minute blitz, part 1: tensors (creation, attributes, operations, the numpy bridge)."""
import json
import sys

import numpy as np
import torch

torch.manual_seed(0)
results = {}

# Initializing a Tensor
data = [[1, 2], [3, 4]]
x_data = torch.tensor(data)
np_array = np.array(data)
x_np = torch.from_numpy(np_array)

x_ones = torch.ones_like(x_data)  # retains the properties of x_data
print(f"Ones Tensor: \n {x_ones} \n")
x_rand = torch.rand_like(x_data, dtype=torch.float)  # overrides the datatype of x_data
print(f"Random Tensor: \n {x_rand} \n")
results["x_data"] = x_data.tolist()
results["x_data_dtype"] = x_data.dtype == torch.int64
results["x_np"] = x_np.tolist()
results["x_ones"] = x_ones.tolist()
results["x_rand"] = x_rand.tolist()

shape = (2, 3,)
rand_tensor = torch.rand(shape)
ones_tensor = torch.ones(shape)
zeros_tensor = torch.zeros(shape)
print(f"Random Tensor: \n {rand_tensor} \n")
print(f"Ones Tensor: \n {ones_tensor} \n")
print(f"Zeros Tensor: \n {zeros_tensor}")
results["rand_tensor"] = rand_tensor.tolist()

# Attributes of a Tensor
tensor = torch.rand(3, 4)
print(f"Shape of tensor: {tensor.shape}")
print(f"Datatype of tensor: {tensor.dtype}")
print(f"Device tensor is stored on: {tensor.device}")
results["shape"] = list(tensor.shape)
results["dtype"] = tensor.dtype == torch.get_default_dtype()
results["device"] = str(tensor.device)

# We move our tensor to the GPU if available
if torch.cuda.is_available():
    tensor = tensor.to("cuda")

# Standard numpy-like indexing and slicing
tensor = torch.ones(4, 4)
print(f"First row: {tensor[0]}")
print(f"First column: {tensor[:, 0]}")
print(f"Last column: {tensor[..., -1]}")
tensor[:, 1] = 0
print(tensor)
results["indexed"] = tensor.tolist()

# Joining tensors
t1 = torch.cat([tensor, tensor, tensor], dim=1)
print(t1)
results["cat_shape"] = list(t1.shape)

# Arithmetic operations
# This computes the matrix multiplication between two tensors. y1, y2, y3 will have the same value
y1 = tensor @ tensor.T
y2 = tensor.matmul(tensor.T)
y3 = torch.rand_like(y1)
torch.matmul(tensor, tensor.T, out=y3)

# This computes the element-wise product. z1, z2, z3 will have the same value
z1 = tensor * tensor
z2 = tensor.mul(tensor)
z3 = torch.rand_like(tensor)
torch.mul(tensor, tensor, out=z3)
results["y"] = [y1.tolist(), y2.tolist(), y3.tolist()]
results["z"] = [z1.tolist(), z2.tolist(), z3.tolist()]

# Single-element tensors
agg = tensor.sum()
agg_item = agg.item()
print(agg_item, type(agg_item))
results["agg_item"] = agg_item
results["agg_item_type"] = type(agg_item).__name__

# In-place operations
print(f"{tensor} \n")
tensor.add_(5)
print(tensor)
results["add_"] = tensor.tolist()

# Bridge with NumPy: tensor to numpy array
t = torch.ones(5)
print(f"t: {t}")
n = t.numpy()
print(f"n: {n}")
t.add_(1)
print(f"t: {t}")
print(f"n: {n}")
results["bridge_n"] = n.tolist()

# numpy array to tensor
n = np.ones(5)
t = torch.from_numpy(n)
np.add(n, 1, out=n)
print(f"t: {t}")
print(f"n: {n}")
results["bridge_t"] = t.tolist()

if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        json.dump(results, f)
