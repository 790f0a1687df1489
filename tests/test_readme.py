"""Every Python block of README.md and of the documentation's pages runs as it stands.

The blocks of one page run in order in one namespace (a later block may use what an earlier
one defined, as a reader going down the page would), in a temporary folder, so files they
write (pictures, CSV logs) land there.
"""

import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def python_blocks(page):
    """(line number, code) of each ```python block of ``page``."""
    text = page.read_text(encoding="utf-8")
    return [(text.count("\n", 0, match.start()) + 2, match.group(1)) for match in BLOCK.finditer(text)]


def test_the_readme_has_its_examples():
    assert len(python_blocks(ROOT / "README.md")) >= 2


@pytest.mark.parametrize(
    "page", [p for p in PAGES if python_blocks(p)], ids=lambda p: str(p.relative_to(ROOT))
)
def test_every_python_block_runs(page, tmp_path, monkeypatch):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")  # pictures go to files, no window
    import matplotlib.pyplot as plt

    monkeypatch.chdir(tmp_path)
    namespace = {"__name__": "__main__"}
    try:
        for line, code in python_blocks(page):
            exec(compile(code, f"{page.relative_to(ROOT)}, block at line {line}", "exec"), namespace)
    finally:
        plt.close("all")
