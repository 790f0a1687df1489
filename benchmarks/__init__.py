"""Benchmarks: this project's engine against hand-written numpy, PyTorch and micrograd.

Run everything with ``python -m benchmarks`` (``--quick`` for a ~30 s run,
``--help`` for options). Each workload lives in its own module:

    spirals         MLP 2-40-25-10-1 on 200 points, Adam, float32
    mnist           MLP 784-256-128-10 on batches of 128, SGD momentum 0.9, float32
    micrograd_demo  micrograd's demo as a scalar graph (one Tensor per number)
    chain           per-op overhead: a 1000-op chain on a (4,) array
    conv            LeNet-5 (batches of 64, 28 x 28) and a VGG block (64 channels, 32 x 32), SGD
    big_graph       a 1,000,000-node graph: build + backward time, peak memory

``reference`` holds the hand-written numpy forward/backward passes and
optimisers that are the baseline of every ratio; ``harness`` times engines
interleaved (A B A B ...) and measures memory; ``float32_check`` looks for
silent float64 upcasts in a float32 training step; ``run`` prints the
tables (``--save benchmarks/RESULTS.md`` writes them); ``profile`` runs
cProfile on our engine (``python -m benchmarks.profile spirals``).
"""
