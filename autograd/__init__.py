"""chainrule's autograd: Tensors that record their computation, and backprop through it."""
from .tensor import Tensor, tensor  # noqa: I001  (first: everything else builds on it)
from . import functional, random
from .anomaly import detect_anomaly
from .creation import arange, full, ones, ones_like, zeros, zeros_like
from .engine import grad
from .function import Function
from .graph import GraphvizNotFoundError, draw_graph, save_graph
from .gradcheck import GradcheckError, gradcheck, gradgradcheck
from .grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from .ops import concatenate, maximum, minimum, stack, where
from .random import (Generator, bernoulli, get_rng_state, initial_seed, manual_seed, multinomial, normal,
                     rand, rand_like, randint, randint_like, randn, randn_like, randperm, seed,
                     set_rng_state)
from .scalar import Scalar
from numpy import float32, float64  # dtype names, as in torch.float32
