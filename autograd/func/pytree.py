"""Nested containers of Tensors ("pytrees"): tuples, lists, dicts and namedtuples, with
anything else as a leaf. ``flatten`` lists the leaves in order and returns a spec from which
``unflatten`` builds the same structure around new leaves."""


class Spec:
    """The structure of a pytree: a container type, its keys (dicts) and the specs of its
    children; a leaf has ``kind`` None."""

    __slots__ = ("kind", "keys", "children", "leaves")

    def __init__(self, kind=None, keys=None, children=()):
        self.kind, self.keys, self.children = kind, keys, tuple(children)
        self.leaves = 1 if kind is None else sum(c.leaves for c in self.children)

    def __eq__(self, other):
        return (self.kind, self.keys, self.children) == (other.kind, other.keys, other.children)

    def __repr__(self):
        if self.kind is None:
            return "*"
        inner = ", ".join(
            map(repr, self.children)
            if self.keys is None
            else (f"{k!r}: {c!r}" for k, c in zip(self.keys, self.children))
        )
        return f"{self.kind.__name__}({inner})"


LEAF = Spec()


def children(tree):
    """(kind, keys, items) for a container, None for a leaf."""
    if isinstance(tree, dict):
        return type(tree), tuple(tree), tuple(tree.values())
    if isinstance(tree, (tuple, list)):
        return type(tree), None, tuple(tree)
    return None


def flatten(tree):
    """(leaves, spec) of ``tree``."""
    leaves = []

    def walk(node):
        parts = children(node)
        if parts is None:
            leaves.append(node)
            return LEAF
        kind, keys, items = parts
        return Spec(kind, keys, [walk(item) for item in items])

    return leaves, walk(tree)


def unflatten(leaves, spec):
    """The pytree of structure ``spec`` holding ``leaves`` in order."""
    leaves = iter(leaves)

    def build(s):
        if s.kind is None:
            return next(leaves)
        items = [build(c) for c in s.children]
        if s.keys is not None:
            return s.kind(zip(s.keys, items))
        if hasattr(s.kind, "_fields"):  # a namedtuple
            return s.kind(*items)
        return s.kind(items)

    return build(spec)


def tree_map(fn, tree):
    leaves, spec = flatten(tree)
    return unflatten([fn(leaf) for leaf in leaves], spec)


def broadcast_prefix(prefix, spec, what):
    """The leaves of ``prefix`` repeated over the leaves of ``spec`` below each of them: a
    prefix leaf applies to the whole subtree at its place (vmap's in_dims/out_dims)."""
    parts = children(prefix)
    if parts is None:
        return [prefix] * spec.leaves
    kind, keys, items = parts
    if keys is not None and spec.keys is not None and set(keys) == set(spec.keys):
        keys, items = spec.keys, tuple(prefix[k] for k in spec.keys)  # dicts match by key
    if spec.kind is None or len(items) != len(spec.children) or keys != spec.keys:
        raise ValueError(
            f"{what} is not a prefix of the structure it applies to: {prefix!r} against {spec!r}"
        )
    out = []
    for item, child in zip(items, spec.children):
        out += broadcast_prefix(item, child, what)
    return out
