"""SparseAdam: PyTorch's Adam for sparse gradients, which chainrule does not have."""


class SparseAdam:
    """``SparseAdam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, maximize=False)`` raises.

    PyTorch's SparseAdam updates only the entries a sparse gradient holds (the rows of an
    ``nn.Embedding(sparse=True)`` a batch used) and refuses dense gradients. chainrule's
    gradients are always dense (``nn.Embedding(sparse=True)`` is refused too), so there is
    nothing it could update: use ``optim.Adam``, which updates every entry.
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, maximize=False):
        raise NotImplementedError(
            "SparseAdam needs sparse gradients, which chainrule does not have (its gradients are "
            "dense; nn.Embedding(sparse=True) is not supported): use optim.Adam, which updates every entry"
        )
