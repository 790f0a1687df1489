"""Parameter, Buffer, and the placeholders of lazy modules: UninitializedParameter, UninitializedBuffer.

A lazy module (``nn.LazyLinear`` and the others in ``nn.lazy``) does not know the size of its
input until its first forward, so its weights cannot be made in ``__init__``. It holds
*uninitialized* tensors instead: placeholders that know their dtype and whether they require
grad, but have no shape and no values. Using one as a Tensor (``weight + 1``, ``weight.shape``)
is an error that names it. The first forward calls ``materialize(shape)`` on each: the
placeholder gets its array and becomes, in place, a plain ``Parameter`` (or ``Tensor``), so
whoever held it -- the module, an optimiser made before the first forward -- now holds the
real thing.

How the refusal works: every op reads a Tensor's values through its ``_data`` slot. The
placeholders' class puts a property named ``_data`` in front of that slot, whose getter raises;
the placeholder's own code reads the slot directly (``_slot``). ``materialize`` writes the
array into the slot and changes ``__class__``, and the property is gone with the class.
"""

import weakref

import numpy as np

from autograd import Tensor, dtypes, get_default_dtype

__all__ = [
    "Parameter",
    "Buffer",
    "UninitializedParameter",
    "UninitializedBuffer",
    "UninitializedTensorMixin",
    "is_lazy",
]

_DATA_SLOT = Tensor._data  # the member descriptor of Tensor's ``_data`` slot


class Parameter(Tensor):
    """A Tensor that a Module registers as trainable (``requires_grad=True`` by default).

    ``Parameter(data)`` accepts what ``Tensor`` accepts, or a Tensor (its values are copied).
    """

    def __init__(self, data, requires_grad=True, dtype=None, name=None):
        if isinstance(data, Tensor):
            data = data._data
        super().__init__(data, requires_grad=requires_grad, dtype=dtype, name=name)

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()


class Buffer(Tensor):
    """A Tensor that a Module registers as a buffer when it is assigned to one of its attributes
    (``self.mask = nn.Buffer(t)`` is ``self.register_buffer("mask", t)``), saved in
    ``state_dict()`` unless ``persistent=False``. ``Buffer(data=None, *, persistent=True)``:
    ``data``'s values, not copied (as ``data.detach()``), and its ``requires_grad``; None: an
    empty Tensor of the default dtype. The module keeps this very object.
    """

    __slots__ = ("persistent",)

    def __init__(self, data=None, *, persistent=True):
        if data is None:
            data = Tensor(np.empty(0, get_default_dtype()))
        elif not isinstance(data, Tensor):
            raise TypeError(f"Buffer: data must be a Tensor or None, got {type(data).__name__}")
        Tensor.__init__(self, np.empty(0, data.dtype))
        self._data = data._data  # shared, as data.detach()
        self.requires_grad_(data.requires_grad)
        self.persistent = bool(persistent)


class UninitializedTensorMixin:
    """What UninitializedParameter and UninitializedBuffer share: a dtype, ``requires_grad``,
    no values until ``materialize(shape)``; any other use raises a ValueError naming the tensor."""

    __slots__ = ()  # so that an UninitializedBuffer can become a plain Tensor (same layout)
    cls_to_become = None  # the class of the tensor after materialize

    def _setup(self, requires_grad, device, dtype):
        dtypes.check_device(device)
        dtype = get_default_dtype() if dtype is None else dtypes.as_dtype(dtype)
        Tensor.__init__(self, np.empty(0, dtype), dtype=dtype)  # an empty placeholder, of the dtype
        self.requires_grad_(requires_grad)

    def _what(self):
        """The tensor in words, for the errors: "parameter '0.weight' of LazyLinear"."""
        owner, attribute = _OWNERS.get(id(self), (None, None))
        name = self.name or attribute  # a parameter's name in the model, else its attribute
        text = "parameter" if isinstance(self, Parameter) else "buffer"
        return text + (f" {name!r}" if name else "") + (f" of {owner}" if owner else "")

    def _refuse(self):
        raise ValueError(
            f"the {self._what()} is uninitialized ({type(self).__name__}): a lazy module learns "
            f"its shape at its first forward; call the model once on an input of the right size "
            f"(a dry run) before using it"
        )

    _data = property(lambda self: self._refuse(), _DATA_SLOT.__set__)
    _slot = property(_DATA_SLOT.__get__)  # the placeholder array itself, for this class only

    dtype = property(lambda self: self._slot.dtype, doc="The dtype the tensor will have")

    @property
    def shape(self):
        raise RuntimeError(
            f"cannot read the shape of the uninitialized {self._what()}: it is known after the "
            f"first forward of its lazy module (or after load_state_dict of a full state dict)"
        )

    def requires_grad_(self, requires_grad=True):
        if requires_grad and self._slot.dtype.kind != "f":
            raise RuntimeError(
                f"only floating-point Tensors can require grad; this one has dtype {self.dtype}"
            )
        self._requires_grad = bool(requires_grad)
        return self

    def materialize(self, shape, device=None, dtype=None):
        """Give the tensor its array of ``shape`` (an int or a tuple), of its dtype (or ``dtype``),
        with no particular values (the module's ``reset_parameters`` fills them), and turn it in
        place into a ``cls_to_become`` (Parameter or Tensor)."""
        dtypes.check_device(device)
        dtype = self._slot.dtype if dtype is None else dtypes.as_dtype(dtype)
        shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
        if not all(isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 0 for n in shape):
            raise ValueError(f"materialize: shape must be non-negative ints, got {shape!r}")
        if self.requires_grad and dtype.kind != "f":
            raise RuntimeError(
                f"materialize: a Tensor that requires grad must be floating point, not {dtype}"
            )
        _DATA_SLOT.__set__(self, np.empty(shape, dtype))
        _OWNERS.pop(id(self), None)
        self.__class__ = self.cls_to_become

    def __repr__(self):
        return f"<{type(self).__name__}>"

    def __reduce_ex__(self, protocol):
        return (type(self), (self.requires_grad, None, self.dtype))


class UninitializedParameter(UninitializedTensorMixin, Parameter):
    """A Parameter whose shape is not known yet (a lazy module's, until its first forward).

    ``UninitializedParameter(requires_grad=True, device=None, dtype=None)``; ``materialize(shape)``
    turns it into a ``Parameter`` of that shape in place. Reading its values, or its shape, is an
    error that names it.
    """

    cls_to_become = Parameter

    def __init__(self, requires_grad=True, device=None, dtype=None):
        self._setup(requires_grad, device, dtype)


class UninitializedBuffer(UninitializedTensorMixin, Tensor):
    """A buffer whose shape is not known yet (a lazy batch norm's running statistics, until its
    first forward); ``materialize(shape)`` turns it into a plain ``Tensor`` in place.

    ``UninitializedBuffer(requires_grad=False, device=None, dtype=None, persistent=True)``
    (``persistent`` is kept for PyTorch's signature; ``register_buffer`` decides).
    """

    __slots__ = ()
    cls_to_become = Tensor

    def __init__(self, requires_grad=False, device=None, dtype=None, persistent=True):
        self._setup(requires_grad, device, dtype)


def is_lazy(param):
    """True for an UninitializedParameter or UninitializedBuffer (not materialized yet)."""
    return isinstance(param, UninitializedTensorMixin)


# id of a placeholder -> (the class name of the module that made it, its attribute there), for
# the errors; materialize removes the entry, and so does the placeholder's death.
_OWNERS = {}


def _owned(placeholder, owner, attribute):
    """``placeholder``, recorded as the module ``owner``'s ``attribute`` (named in its errors)."""
    _OWNERS[id(placeholder)] = (type(owner).__name__, attribute)
    weakref.finalize(placeholder, _OWNERS.pop, id(placeholder), None)
    return placeholder
