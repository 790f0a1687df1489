"""Jacobians, Hessians, hvp, vhp (pytorch/tutorials, intermediate/jacobians_hessians):
Jacobians row by row with autograd.grad, then with torch.func's vjp + vmap, jacrev and
jacfwd (with respect to the input and to the parameters), Hessians (hessian, jacfwd(jacfwd),
jacrev(jacrev)), batched Jacobians and Hessians by vmap and by the sum trick, and
Hessian-vector products by jvp(grad) and vjp(grad). Sizes smaller than the tutorial's
(whose timings are left out) so that the Hessians stay cheap."""
import json
import sys
from functools import partial

import torch
import torch.nn.functional as F

_ = torch.manual_seed(0)
results = {}


def predict(weight, bias, x):
    return F.linear(x, weight, bias).tanh()


D = 16
weight = torch.randn(D, D)
bias = torch.randn(D)
x = torch.randn(D)  # feature vector


def compute_jac(xp):
    jacobian_rows = [torch.autograd.grad(predict(weight, bias, xp), xp, vec)[0] for vec in unit_vectors]
    return torch.stack(jacobian_rows)


xp = x.clone().requires_grad_()
unit_vectors = torch.eye(D)

jacobian = compute_jac(xp)

print(jacobian.shape)
results["jacobian_row0"] = jacobian[0].tolist()

from torch.func import vjp, vmap

_, vjp_fn = vjp(partial(predict, weight, bias), x)

(ft_jacobian,) = vmap(vjp_fn)(unit_vectors)

# let's confirm both methods compute the same result
assert torch.allclose(ft_jacobian, jacobian)

from torch.func import jacrev

ft_jacobian = jacrev(predict, argnums=2)(weight, bias, x)

# confirm
assert torch.allclose(ft_jacobian, jacobian)
results["jacrev_sum"] = ft_jacobian.sum().item()

# note the change in input via argnums params of 0,1 to map to weight and bias
ft_jac_weight, ft_jac_bias = jacrev(predict, argnums=(0, 1))(weight, bias, x)
results["jac_weight_shape"] = list(ft_jac_weight.shape)
results["jac_weight_sum"] = ft_jac_weight.sum().item()
results["jac_bias_diag"] = ft_jac_bias.diagonal().tolist()

from torch.func import jacfwd, jacrev

Din = 32
Dout = 64
weight = torch.randn(Dout, Din)

bias = torch.randn(Dout)
x = torch.randn(Din)

# remember the general rule about taller vs wider... here we have a taller matrix:
print(weight.shape)
jac_fwd = jacfwd(predict, argnums=2)(weight, bias, x)
jac_rev = jacrev(predict, argnums=2)(weight, bias, x)
assert torch.allclose(jac_fwd, jac_rev)
results["tall_jacobian"] = [list(jac_fwd.shape), jac_fwd.abs().sum().item()]

Din = 64
Dout = 32
weight = torch.randn(Dout, Din)
bias = torch.randn(Dout)
x = torch.randn(Din)
jac_fwd = jacfwd(predict, argnums=2)(weight, bias, x)
jac_rev = jacrev(predict, argnums=2)(weight, bias, x)
assert torch.allclose(jac_fwd, jac_rev)
results["wide_jacobian"] = [list(jac_rev.shape), jac_rev.abs().sum().item()]

from torch.func import hessian

Din = 12
Dout = 6
weight = torch.randn(Dout, Din)
bias = torch.randn(Dout)
x = torch.randn(Din)

hess_api = hessian(predict, argnums=2)(weight, bias, x)
hess_fwdfwd = jacfwd(jacfwd(predict, argnums=2), argnums=2)(weight, bias, x)
hess_revrev = jacrev(jacrev(predict, argnums=2), argnums=2)(weight, bias, x)

results["hessians_agree"] = [torch.allclose(hess_api, hess_fwdfwd), torch.allclose(hess_api, hess_revrev)]
results["hessian_shape"] = list(hess_api.shape)
results["hessian_sums"] = hess_api.sum((1, 2)).tolist()
results["hessian_symmetric"] = torch.allclose(hess_api, hess_api.transpose(1, 2))

batch_size = 8
Din = 5
Dout = 7

weight = torch.randn(Dout, Din)
print(f"weight shape = {weight.shape}")

bias = torch.randn(Dout)

x = torch.randn(batch_size, Din)

compute_batch_jacobian = vmap(jacrev(predict, argnums=2), in_dims=(None, None, 0))
batch_jacobian0 = compute_batch_jacobian(weight, bias, x)


def predict_with_output_summed(weight, bias, x):
    return predict(weight, bias, x).sum(0)


batch_jacobian1 = jacrev(predict_with_output_summed, argnums=2)(weight, bias, x).movedim(1, 0)
assert torch.allclose(batch_jacobian0, batch_jacobian1)
results["batch_jacobian"] = [list(batch_jacobian0.shape), batch_jacobian0.sum((1, 2)).tolist()]

compute_batch_hessian = vmap(hessian(predict, argnums=2), in_dims=(None, None, 0))

batch_hess = compute_batch_hessian(weight, bias, x)
results["batch_hessian"] = [list(batch_hess.shape), batch_hess.sum((1, 2, 3)).tolist()]

from torch.func import grad, jvp, vjp


def hvp(f, primals, tangents):
    return jvp(grad(f), primals, tangents)[1]


def f(x):
    return x.sin().sum()


x = torch.randn(2048)
tangent = torch.randn(2048)

result = hvp(f, (x,), (tangent,))


def hvp_revrev(f, primals, tangents):
    _, vjp_fn = vjp(grad(f), *primals)
    return vjp_fn(*tangents)


result_hvp_revrev = hvp_revrev(f, (x,), (tangent,))
assert torch.allclose(result, result_hvp_revrev[0])
results["hvp"] = [result[:5].tolist(), result.sum().item()]
results["hvp_is_minus_sin_times_tangent"] = torch.allclose(result, -x.sin() * tangent)
json.dump(results, open(sys.argv[1], "w"))
