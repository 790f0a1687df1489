"""A model's parameters as one flat vector and back (PyTorch's ``parameters_to_vector`` and
``vector_to_parameters``), e.g. for optimisers or samplers that work on a single vector."""

import autograd
from autograd import Tensor


def parameters_to_vector(parameters):
    """``cat([p.view(-1) for p in parameters])``: one vector, in the graph (its gradient reaches
    each parameter)."""
    flat = []
    for i, p in enumerate(parameters):
        if not isinstance(p, Tensor):
            raise TypeError(f"parameters_to_vector: parameter {i} is a {type(p).__name__}, expected a Tensor")
        flat.append(p.view(-1))
    if not flat:
        raise RuntimeError("parameters_to_vector: got no parameters (cat needs at least one tensor)")
    return autograd.cat(flat)


def vector_to_parameters(vec, parameters):
    """Give each parameter, in order, the next ``p.numel()`` entries of ``vec`` (``p.data`` becomes
    a view of ``vec``, as in PyTorch: later changes to ``vec`` show in the parameters). Entries
    past the last parameter are ignored, as in PyTorch."""
    if not isinstance(vec, Tensor):
        raise TypeError(f"vector_to_parameters: expected a Tensor as vec, but got: {type(vec).__name__}")
    if vec.ndim != 1:
        raise RuntimeError(f"vector_to_parameters: vec must be 1-dimensional, got shape {tuple(vec.shape)}")
    pointer = 0
    for i, p in enumerate(parameters):
        if not isinstance(p, Tensor):
            raise TypeError(f"vector_to_parameters: parameter {i} is a {type(p).__name__}, expected a Tensor")
        n = p.numel()
        if pointer + n > vec.shape[0]:
            raise RuntimeError(
                f"vector_to_parameters: vec has {vec.shape[0]} entries, too few for the parameters "
                f"(parameter {i} of shape {tuple(p.shape)} needs entries {pointer}..{pointer + n - 1})"
            )
        p.data = vec.detach()[pointer : pointer + n].view_as(p)
        pointer += n
