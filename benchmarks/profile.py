"""Where our engine spends its time: cProfile of one workload's steps.

    python -m benchmarks.profile spirals            # or mnist, lenet, vgg, chain, demo, demo-tensor
    python -m benchmarks.profile chain --steps 200 --sort cumulative --limit 40

Runs our engine's step ``--steps`` times (after a few untimed warm-up steps)
under cProfile and prints the functions with the most time of their own
(``--sort tottime``) or including their callees (``--sort cumulative``).
cProfile adds a fixed cost to every Python call, so it exaggerates code that
makes many small calls; use it to find hot spots, the benchmark to measure.
For a sampling profile without that bias: ``py-spy record -o out.svg --
python -m benchmarks.profile spirals --steps 2000 --no-profile``.
"""

import argparse
import cProfile
import pstats

import autograd

from . import chain, conv, micrograd_demo, mnist, spirals


def _training_step(workload):
    ours = workload.Ours(*workload.make_data(), workload.initial_params())
    return ours.step


def _demo_step(scalar):
    X, y = micrograd_demo.make_data()
    model = micrograd_demo.ScalarMLP(micrograd_demo.initial_params(), scalar)
    return micrograd_demo.DemoRun(model, scalar, X, y).step


STEPS = {
    "spirals": (lambda: _training_step(spirals), 500),
    "mnist": (lambda: _training_step(mnist), 50),
    "lenet": (lambda: _training_step(conv.LENET), 30),
    "vgg": (lambda: _training_step(conv.VGG), 3),
    "chain": (lambda: chain.ours, 200),
    "demo": (lambda: _demo_step(autograd.Scalar), 5),
    "demo-tensor": (lambda: _demo_step(autograd.tensor), 2),
}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__.splitlines()[0])
    parser.add_argument("workload", choices=sorted(STEPS))
    parser.add_argument("--steps", type=int, help="steps to profile (default: about a second's worth)")
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative", "ncalls"])
    parser.add_argument("--limit", type=int, default=25, help="how many functions to list")
    parser.add_argument("--no-profile", action="store_true", help="just run the steps (for py-spy)")
    args = parser.parse_args(argv)
    make_step, default_steps = STEPS[args.workload]
    step = make_step()
    for _ in range(3):
        step()
    steps = args.steps or default_steps
    if args.no_profile:
        for _ in range(steps):
            step()
        return
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(steps):
        step()
    profiler.disable()
    stats = pstats.Stats(profiler)
    print(f"{args.workload}: {steps} steps, {stats.total_tt / steps * 1e3:.3f} ms per step under cProfile")
    stats.strip_dirs().sort_stats(args.sort).print_stats(args.limit)


if __name__ == "__main__":
    main()
