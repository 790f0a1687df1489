"""Record PyTorch's random numbers into tests/data/random_reference.json.

``python tests/make_random_reference.py`` (needs PyTorch) writes, for each case of
``CASES``, the first and last values (floats as hex, exact) and the SHA-256 of the whole
result's bytes. tests/test_random.py checks autograd.random against that table, so the
stream stays pinned where PyTorch is not installed.

A case is (function, seed, dtype, arguments); every case starts from
``torch.Generator().manual_seed(seed)``.
"""

import hashlib
import json
import pathlib

CASES = (
    [
        ("rand", seed, dtype, [n])
        for seed in (0, 2147483647)
        for dtype in ("float32", "float64")
        for n in (5, 16, 1000)
    ]
    + [
        ("randn", seed, dtype, [n])
        for seed in (0, 42, 2**40 + 7)
        for dtype in ("float32", "float64")
        for n in (3, 15, 16, 17, 1000)
    ]
    + [("normal_", 7, dtype, [33, 0.3, 1.7]) for dtype in ("float32", "float64")]
    + [("uniform_", 7, dtype, [1000, -0.035, 0.035]) for dtype in ("float32", "float64")]
    + [("exponential_", 3, dtype, [100, 1.5]) for dtype in ("float32", "float64")]
    + [("bernoulli_", 3, dtype, [100, 0.3]) for dtype in ("float32", "float64")]
    + [("randint", 5, dtype, [-5, 100, 100]) for dtype in ("int64", "int32", "float32")]
    + [("randint", 5, "int64", [0, 2**28, 10]), ("randint", 5, "int64", [0, 2**28 - 1, 10])]
    + [("random_", 9, dtype, [50]) for dtype in ("int64", "int32", "uint8", "float32", "float64", "bool")]
    + [("randperm", seed, "int64", [n]) for seed in (0, 42) for n in (10, 1000)]
    + [
        ("multinomial", 11, dtype, [k, replacement])
        for dtype in ("float32", "float64")
        for k, replacement in ((3, False), (1, True), (20, True))
    ]
)
PATH = pathlib.Path(__file__).parent / "data" / "random_reference.json"


def summary(array):
    """First and last four values (floats as exact hex) and the SHA-256 of all the bytes."""
    import numpy as np

    flat = np.ascontiguousarray(array).ravel()
    show = (lambda v: float(v).hex()) if flat.dtype.kind == "f" else int
    return {
        "result_dtype": str(flat.dtype),
        "shape": list(np.shape(array)),
        "first": [show(v) for v in flat[:4]],
        "last": [show(v) for v in flat[-4:]],
        "sha256": hashlib.sha256(flat.tobytes()).hexdigest(),
    }


def torch_case(name, seed, dtype, args):
    import torch

    g = torch.Generator().manual_seed(seed)
    dtype = getattr(torch, dtype)
    if name in ("rand", "randn"):
        return getattr(torch, name)(args[0], generator=g, dtype=dtype)
    if name in ("normal_", "uniform_", "exponential_", "bernoulli_"):
        return getattr(torch.empty(args[0], dtype=dtype), name)(*args[1:], generator=g)
    if name == "randint":
        return torch.randint(args[0], args[1], (args[2],), generator=g, dtype=dtype)
    if name == "random_":
        return torch.empty(args[0], dtype=dtype).random_(generator=g)
    if name == "randperm":
        return torch.randperm(args[0], generator=g, dtype=dtype)
    probs = torch.rand(2, 7, generator=g, dtype=dtype)  # multinomial's weights come first
    return torch.multinomial(probs, args[0], args[1], generator=g)


def main():
    table = [
        dict(
            function=name,
            seed=seed,
            dtype=dtype,
            args=args,
            **summary(torch_case(name, seed, dtype, args).numpy()),
        )
        for name, seed, dtype, args in CASES
    ]
    import torch

    lines = ",\n".join(f" {json.dumps(case)}" for case in table)  # one case a line
    PATH.write_text(f'{{"torch": "{torch.__version__}", "cases": [\n{lines}\n]}}\n')
    print(f"wrote {len(table)} cases to {PATH}")


if __name__ == "__main__":
    main()
