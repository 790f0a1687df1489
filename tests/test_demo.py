"""The README's demo runs, reaches the reference accuracy of its spirals network (100 %), and writes its two pictures."""

import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_demo_runs_and_writes_its_pictures(tmp_path):
    pytest.importorskip("matplotlib")
    result = subprocess.run(
        [sys.executable, os.path.join(ROOT, "demo.py")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    val_acc = float(re.search(r"val acc\s+([\d.]+)", result.stdout).group(1))
    assert val_acc >= 99.0
    assert "o = 5, L = 9, dL/dw = 12, dL/db = 6" in result.stdout
    for name in ("neuron_graph.png", "spirals_boundary.png"):
        with open(tmp_path / "out" / name, "rb") as image:
            assert image.read(8) == b"\x89PNG\r\n\x1a\n"
