"""Run every benchmark and print one table: ``python -m benchmarks [--quick] [--save FILE]``.

For each workload every engine is timed interleaved (see ``harness``);
the table gives the median and minimum ms per step, the median's ratio to
hand-written numpy, to PyTorch and to micrograd where they ran, and the peak
memory of one step as tracemalloc sees it. Then the 1,000,000-node graph
(each engine in its own process, memory from ru_maxrss), the float32 check,
memory growth over many steps, and the issue's targets with the figures of
this run. ``--save`` also writes it all, with a description of the machine,
to a Markdown file (``benchmarks/RESULTS.md``).
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time

from . import big_graph, chain, conv, float32_check, harness, micrograd_demo, mnist, random_normal, spirals

# workload: (module, seconds full, seconds quick, min rounds full, min rounds quick, warm-up steps)
WORKLOADS = {
    "spirals": (spirals, 30, 2, 5, 3, 20),
    "mnist": (mnist, 30, 2, 5, 3, 5),
    "demo": (micrograd_demo, 45, 0, 5, 1, 1),
    "chain": (chain, 20, 2, 5, 3, 10),
    "lenet": (conv.LENET, 30, 3, 5, 2, 2),
    "vgg": (conv.VGG, 60, 4, 3, 1, 1),
}
# Every timed workload runs in a fresh process per thread setting: threads are fixed when
# a process loads its BLAS, and a full garbage collection visits every object in the process,
# so a scalar graph's GC cost would grow with whatever else is imported (the demo's process
# never imports PyTorch).
THREAD_SETTINGS = "1,default"
GROWTH_STEPS = {"spirals": (2000, 100), "mnist": (300, 20)}  # (full, quick)
BIG_GRAPH_NODES = (big_graph.NODES, 100_000)
BIG_GRAPH_REPEATS = (2, 1)
NOISY = 1.5  # a median above NOISY x the minimum marks a row as noisy
ROLE_COLUMNS = (("numpy", "× numpy"), ("torch", "× PyTorch"), ("micrograd", "× micrograd"))


HOW_TO_READ = [
    "How to read it:",
    "- *threads*: the BLAS and PyTorch threads of the process that ran the row. Each workload runs "
    "in a fresh process per thread setting (OPENBLAS_NUM_THREADS, OMP_NUM_THREADS and "
    "MKL_NUM_THREADS set to 1, or unset for the libraries' default); ratios compare rows of the "
    "same process, timed interleaved.",
    "- *median ms*, *min ms*: per training step (per 1000-op chain for the per-op row, so ms = µs/op); "
    "*steps*: how many steps were timed. Engines take turns (A B C, B C A, ...) in blocks of steps; "
    "between turns, off the clock, `gc.collect()` and a 10 ms pause.",
    "- *× numpy*, *× PyTorch*, *× micrograd*: this row's median divided by that engine's median, "
    "same table, same run.",
    "- *peak MiB*: memory allocated during one step and alive at its peak, as tracemalloc sees it "
    "(Python objects and numpy buffers; parameters and optimiser state made before the step do not "
    "count). PyTorch allocates in C++, invisible to tracemalloc: no figure.",
    "- The million-node graph runs each engine in a fresh process; its memory is the peak resident "
    "set size during build + backward minus the size before (everything: objects, buffers, slack).",
    "- PyTorch uses as many threads as numpy's BLAS (`torch.set_num_threads`).",
    "- *plain ops*: the step written with Tensor operators, `h = (x @ W + b).relu()`, and "
    "F.cross_entropy / F.binary_cross_entropy (`benchmarks/plain.py`), the same code on both "
    "engines; *nn.MLP* / *PyTorch nn*: the modules (ours fuses Linear + ReLU into one op).",
    "- *compiled*: the same step with its loss function wrapped in `autograd.compile`: traced in a "
    "warm-up step, replayed in the timed ones (`autograd/compiled.py`). The replay preallocates no "
    "buffers, so its *peak MiB* is everything it allocates during the step.",
    "- The machine may be shared (see the load average): figures move by tens of percent between "
    "runs. Multi-threaded BLAS suffers most: when another process holds a core, a 2-thread matrix "
    "product waits for its second thread's turn, and a 1 ms step can take 30-100 ms. On a shared "
    "machine the 1-thread rows are the steadier. Compare figures of one run only.",
    "",
]


def machine():
    """Lines describing this machine and the software measured."""
    import numpy as np

    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    threads, source = harness.blas_threads()
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        blas = f"{blas.get('name')} {blas.get('version')}"
    except Exception:  # older numpy: no dict form of the config
        blas = "see numpy.show_config()"
    lines = [
        f"date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; load average "
        f"{os.getloadavg()[0]:.2f} at the start (other processes share the CPUs)",
        f"CPU: {cpu}; nproc {os.cpu_count()} ({len(os.sched_getaffinity(0))} usable)",
        f"Python {platform.python_version()}, numpy {np.__version__} with {blas}, "
        f"default BLAS threads {threads} (from {source}); OPENBLAS_CORETYPE "
        f"{os.environ.get('OPENBLAS_CORETYPE', 'unset')}{_blas_kernel()}",
    ]
    torch = harness.import_torch()
    lines.append(
        f"PyTorch {torch.__version__}, set_num_threads to numpy's BLAS threads in each process"
        if torch
        else "PyTorch: not installed"
    )
    try:
        from importlib.metadata import version

        lines.append(f"micrograd {version('micrograd')}")
    except Exception:
        lines.append("micrograd: not installed")
    try:
        commit = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            cwd=big_graph.ROOT,
            timeout=10,
        ).stdout.strip()
        lines.append(f"chainrule commit: {commit or 'unknown'}")
    except (OSError, subprocess.SubprocessError):
        pass
    return lines


def _blas_kernel():
    """', kernel NAME' as threadpoolctl reports it, if it is installed."""
    try:
        from threadpoolctl import threadpool_info

        kernels = {i.get("architecture") for i in threadpool_info() if i.get("user_api") == "blas"}
        return f", kernel {', '.join(sorted(map(str, kernels)))}" if kernels else ""
    except ImportError:
        return ""


def run_child(key, quick, threads, pause):
    """``run_workload`` in a fresh Python process whose BLAS and PyTorch use ``threads``
    threads (None: their defaults); its rows say how many threads they had."""
    command = [sys.executable, "-m", "benchmarks.run", "--child", key]
    command += (["--quick"] if quick else []) + [f"--pause={pause}"]
    done = subprocess.run(
        command, capture_output=True, text=True, cwd=big_graph.ROOT, env=harness.thread_environment(threads)
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["title"], result["rows"], result["notes"]


def thread_settings(text):
    """'1,default' -> [1, None]."""
    settings = []
    for item in text.split(","):
        item = item.strip()
        if item == "default":
            settings.append(None)
        elif item.isdigit() and int(item) >= 1:
            settings.append(int(item))
        else:
            raise ValueError(f"--threads: {item!r} is neither a number of threads (1, 2, ...) nor 'default'")
    return settings


def run_workload(key, quick):
    """Time one workload's engines; returns (title, rows, notes) with rows as dicts."""
    module, full_s, quick_s, full_rounds, quick_rounds, warmup = WORKLOADS[key]
    engines, notes = module.engines()
    samples = harness.interleave(
        engines,
        quick_s if quick else full_s,
        min_rounds=quick_rounds if quick else full_rounds,
        warmup=warmup,
    )
    rows = []
    threads = str(harness.blas_threads()[0])
    if not any(name in os.environ for name in harness.THREAD_VARIABLES):
        threads += " (default)"
    for engine in engines:
        median, best = harness.summarize(samples[engine.name])
        peak = harness.traced_peak(engine.step) if engine.traced else None
        rows.append(
            dict(
                engine=engine.name,
                threads=threads,
                role=engine.role,
                median=median,
                min=best,
                steps=len(samples[engine.name]),
                peak=peak,
            )
        )
    by_role = {row["role"]: row["median"] for row in rows if row["role"]}
    for row in rows:
        for role, _ in ROLE_COLUMNS:
            row[role] = row["median"] / by_role[role] if role in by_role else None
    return module.TITLE, rows, notes


def format_table(title, rows, notes):
    roles = [(role, label) for role, label in ROLE_COLUMNS if any(r["role"] == role for r in rows)]
    head = (
        ["engine", "threads", "median ms", "min ms"] + [label for _, label in roles] + ["peak MiB", "steps"]
    )
    lines = [f"### {title}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        cells = [row["engine"] + (" ⚠" if _noisy(row) else ""), str(row.get("threads", "—"))]
        cells += [_number(row["median"]), _number(row["min"])]
        cells += ["—" if row[role] is None else f"{row[role]:.2f}" for role, _ in roles]
        cells += ["—" if row["peak"] is None else f"{row['peak'] / 2**20:.3f}", str(row["steps"])]
        lines.append("| " + " | ".join(cells) + " |")
    if any(_noisy(row) for row in rows):
        notes = notes + [
            f"⚠ median more than {NOISY}× the minimum: noisy (a busy machine, or the "
            "garbage collector's pauses)"
        ]
    return lines + [""] + [f"- {note}" for note in notes] + ([""] if notes else [])


def _noisy(row):
    return row["median"] > NOISY * row["min"]


def _number(ms):
    return f"{ms:.3g}" if ms < 100 else f"{ms:.0f}"


def run_big_graph(quick):
    """Every engine in its own process, taking turns; keeps each engine's fastest run."""
    nodes, repeats = BIG_GRAPH_NODES[quick], BIG_GRAPH_REPEATS[quick]
    engines = ["ours", "numpy"]
    notes = []
    if harness.import_torch() is None:
        notes.append("PyTorch not installed: skipped")
    else:
        engines.insert(1, "torch")
    if harness.import_micrograd() is None:
        notes.append("micrograd not installed: skipped")
    else:
        engines.insert(-1, "micrograd")
    best = {}
    for _ in range(repeats):
        for engine in engines:
            result = big_graph.run_subprocess(engine, nodes)
            old = best.get(engine)
            if old is None or "error" in old or ("error" not in result and _total(result) < _total(old)):
                best[engine] = result
    head = ["engine", "build s", "backward s", "µs/node (build+bwd)", "free s", "peak MiB (RSS)"]
    lines = [
        f"### A graph of {nodes:,} nodes (best of {repeats}, each engine in a fresh process)",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    for engine in engines:
        r = best[engine]
        if "error" in r:
            lines.append(f"| {big_graph.LABELS[engine]} | failed: {r['error']} |")
            continue
        lines.append(
            f"| {big_graph.LABELS[engine]} | {r['build_s']:.2f} | {r['backward_s']:.2f} | "
            f"{_total(r) / nodes * 1e6:.2f} | {r['free_s']:.2f} | {r['peak_mib']:.0f} |"
        )
    return lines + [""] + [f"- {note}" for note in notes]


def _total(result):
    return result["build_s"] + result["backward_s"]


def growth_lines(quick):
    lines = []
    for key, module in (("spirals", spirals), ("mnist", mnist)):
        steps = GROWTH_STEPS[key][quick]
        ours = module.Ours(*module.make_data(), module.initial_params())
        grown = harness.traced_growth(ours.step, steps)
        lines.append(
            f"- {key}: {grown / 1024:+.1f} KiB still allocated after {steps} steps "
            "compared with after 10 (tracemalloc, after gc.collect())"
        )
    return lines


NN, PLAIN = "chainrule nn.MLP", "chainrule plain ops"
COMPILED = "chainrule plain ops, compiled"
TARGETS = [  # (label, workload, our engine, other engine, what is compared, limit)
    ("spirals plain ops compiled: ≤ 1.3× numpy by hand", "spirals", COMPILED, "numpy by hand", "median", 1.3),
    ("MNIST plain ops compiled: ≤ 1.10× numpy by hand", "mnist", COMPILED, "numpy by hand", "median", 1.10),
    (
        "MNIST plain ops compiled: ≤ 0.8× PyTorch plain ops",
        "mnist",
        COMPILED,
        "PyTorch plain ops",
        "median",
        0.8,
    ),
    ("spirals compiled peak memory: ≤ 1.2× numpy by hand", "spirals", COMPILED, "numpy by hand", "peak", 1.2),
    ("MNIST compiled peak memory: ≤ 1.2× numpy by hand", "mnist", COMPILED, "numpy by hand", "peak", 1.2),
    ("spirals plain ops: ≤ 1.3× numpy by hand", "spirals", PLAIN, "numpy by hand", "median", 1.3),
    ("spirals nn.MLP: ≤ 1.0× plain ops", "spirals", NN, PLAIN, "median", 1.0),
    ("spirals nn.MLP: ≤ 1.5× numpy by hand", "spirals", NN, "numpy by hand", "median", 1.5),
    ("spirals nn.MLP: ≤ 0.5× PyTorch nn", "spirals", NN, "PyTorch nn", "median", 0.5),
    ("MNIST plain ops: ≤ 1.10× numpy by hand", "mnist", PLAIN, "numpy by hand", "median", 1.10),
    ("MNIST plain ops: ≤ 0.8× PyTorch plain ops", "mnist", PLAIN, "PyTorch plain ops", "median", 0.8),
    ("MNIST nn.MLP: ≤ 1.0× plain ops", "mnist", NN, PLAIN, "median", 1.0),
    ("MNIST nn.MLP: ≤ 1.0× PyTorch nn", "mnist", NN, "PyTorch nn", "median", 1.0),
    ("MNIST nn.MLP: ≤ 1.15× numpy by hand", "mnist", NN, "numpy by hand", "median", 1.15),
    ("MNIST nn.MLP: ≤ 1.5× numpy matmuls alone", "mnist", NN, "numpy matmuls alone", "median", 1.5),
    ("demo: ≤ 0.2× micrograd (GC on)", "demo", "chainrule Scalar", "micrograd", "median", 0.2),
    (
        "demo: ≤ 1.0× micrograd with GC off (same graph, so per node)",
        "demo",
        "chainrule Scalar",
        "micrograd, GC off",
        "median",
        1.0,
    ),
    ("per-op chain: ≤ 1.0× PyTorch", "chain", "chainrule", "PyTorch", "median", 1.0),
    ("spirals plain ops peak memory: ≤ 1.2× numpy by hand", "spirals", PLAIN, "numpy by hand", "peak", 1.2),
    ("spirals nn.MLP peak memory: ≤ 1.2× numpy by hand", "spirals", NN, "numpy by hand", "peak", 1.2),
    ("MNIST plain ops peak memory: ≤ 1.2× numpy by hand", "mnist", PLAIN, "numpy by hand", "peak", 1.2),
    ("MNIST nn.MLP peak memory: ≤ 1.2× numpy by hand", "mnist", NN, "numpy by hand", "peak", 1.2),
    ("LeNet-5: ≤ 2× PyTorch", "lenet", "chainrule", "PyTorch", "median", 2.0),
    ("LeNet-5: ≤ 1.3× numpy im2col by hand", "lenet", "chainrule", "numpy im2col by hand", "median", 1.3),
    ("VGG block: ≤ 2× PyTorch", "vgg", "chainrule", "PyTorch", "median", 2.0),
    ("VGG block: ≤ 1.3× numpy im2col by hand", "vgg", "chainrule", "numpy im2col by hand", "median", 1.3),
    (
        "LeNet-5 step peak memory: ≤ 1.5× numpy im2col by hand",
        "lenet",
        "chainrule",
        "numpy im2col by hand",
        "peak",
        1.5,
    ),
]


def target_lines(tables):
    """The issue's targets next to this run's figures, at each thread count measured (ratios
    of rows of one run: the same process, interleaved); timings from noisy rows are marked."""
    counts = list(dict.fromkeys(r.get("threads") for rows in tables.values() for r in rows))
    head = ["target"] + [f"threads {n}" for n in counts]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for label, key, ours, other, field, limit in TARGETS:
        rows = tables.get(key, ())
        cells = []
        for threads in counts:
            a, b = (
                next((r for r in rows if r["engine"] == e and r.get("threads") == threads), None)
                for e in (ours, other)
            )
            if a is None or b is None or a[field] is None or b[field] is None:
                cells.append("not measured")
                continue
            ratio = a[field] / b[field]
            noisy = field == "median" and (_noisy(a) or _noisy(b))
            cells.append(f"{ratio:.2f}× " + ("yes" if ratio <= limit else "**no**") + (" ⚠" if noisy else ""))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a ~30 s run (smaller budgets and graph)")
    parser.add_argument(
        "--only",
        default=",".join(list(WORKLOADS) + ["big", "float32", "growth", "random"]),
        help="comma-separated subset of: %(default)s",
    )
    parser.add_argument("--save", metavar="FILE", help="also write the results as Markdown to FILE")
    parser.add_argument(
        "--append", action="store_true", help="with --save: add this run after what FILE already holds"
    )
    parser.add_argument(
        "--threads",
        default=THREAD_SETTINGS,
        help="BLAS and PyTorch threads, comma-separated: each workload runs in a fresh process per "
        "setting, 'default' being the libraries' own choice (usually one per CPU); default %(default)s",
    )
    parser.add_argument(
        "--pause",
        type=float,
        default=harness.PAUSE,
        help="seconds of pause (after a gc.collect()) between engines' turns; default %(default)s",
    )
    parser.add_argument("--child", choices=sorted(WORKLOADS), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    harness.PAUSE = args.pause
    try:
        settings = thread_settings(args.threads)
    except ValueError as error:
        parser.error(str(error))
    if args.child:
        title, rows, notes = run_workload(args.child, args.quick)
        print(json.dumps(dict(title=title, rows=rows, notes=notes)))
        return
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(chosen) - set(WORKLOADS) - {"big", "float32", "growth", "random"}
    if unknown:
        parser.error(f"unknown --only names: {', '.join(sorted(unknown))}")

    started = time.perf_counter()
    out = ["## Machine", ""] + [f"- {line}" for line in machine()] + [""]
    print("\n".join(out), flush=True)

    def emit(lines):
        out.extend(lines)
        print("\n".join(lines), flush=True)

    emit([f"## Training steps and per-op overhead{' (--quick)' if args.quick else ''}", ""])
    tables = {}
    for key in WORKLOADS:
        if key in chosen:
            rows = []
            for threads in settings:
                title, more, notes = run_child(key, args.quick, threads, args.pause)
                rows += more
            tables[key] = rows
            emit(format_table(title, rows, notes))
    if "big" in chosen:
        lines = run_big_graph(args.quick)
        emit(lines + [""])
    if "float32" in chosen:
        lines = ["### float32 end to end (one step of our engine)", ""]
        for key, module in (("spirals", spirals), ("mnist", mnist)):
            problems = float32_check.check(module)
            lines.append(
                f"- {key}: "
                + (
                    "every Tensor, gradient, optimiser state and array made during the step is float32"
                    if not problems
                    else "; ".join(problems)
                )
            )
        emit(lines + [""])
    if "growth" in chosen:
        emit(["### Memory over many steps (our engine)", ""] + growth_lines(args.quick) + [""])
    if "random" in chosen:
        emit(random_normal.lines(args.quick) + [""])
    emit(
        ["## Performance targets (set when the engine was optimised), this run", ""]
        + target_lines(tables)
        + [""]
    )
    emit(
        [
            f"(total time {time.perf_counter() - started:.0f} s; load average at the end "
            f"{os.getloadavg()[0]:.2f})"
        ]
    )

    if args.save:
        command = (
            "python -m benchmarks"
            + (" --quick" if args.quick else "")
            + (f" --threads {args.threads}" if args.threads != THREAD_SETTINGS else "")
            + (f" --pause {args.pause}" if args.pause != parser.get_default("pause") else "")
            + (f" --only {args.only}" if args.only != parser.get_default("only") else "")
        )
        if args.append:
            header = ["", "---", "", f"# Another run: `{command}`", ""]
        else:
            header = [
                "# Benchmark results",
                "",
                f"Produced by `{command} --save benchmarks/RESULTS.md`.",
                "What each workload measures: the docstrings in `benchmarks/`.",
                "",
            ] + HOW_TO_READ
        with open(args.save, "a" if args.append else "w", encoding="utf-8") as file:
            file.write("\n".join(header + out) + "\n")
        print(f"written to {args.save}", file=sys.stderr)


if __name__ == "__main__":
    main()
