"""PyTorch's ``torch.func``: composable function transforms (``grad``, ``vjp``, ``jvp``,
``jacrev``, ``jacfwd``, ``hessian``, ``vmap``) and modules as functions of their state
(``functional_call``, ``stack_module_state``). See transforms.py and vmap.py for how each is
computed here (reverse mode throughout; vmap maps with a loop)."""

from .stateless import functional_call, stack_module_state
from .transforms import grad, grad_and_value, hessian, jacfwd, jacrev, jvp, vjp
from .vmap import vmap

__all__ = [
    "functional_call",
    "grad",
    "grad_and_value",
    "hessian",
    "jacfwd",
    "jacrev",
    "jvp",
    "stack_module_state",
    "vjp",
    "vmap",
]
