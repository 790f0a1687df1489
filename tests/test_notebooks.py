"""Execute every notebook in notebooks/ from top to bottom; any error fails the test.

The notebooks assert their own claims in their last cells, so running them also checks their
figures. Each notebook gets a fresh Jupyter kernel (``python3``) started in the notebooks folder,
with the checkout on PYTHONPATH so that ``import autograd`` finds this tree even when chainrule is
not installed. A notebook normally runs in well under 90 s on 2 cores; ``NOTEBOOK_TIMEOUT`` only
stops one that hangs. The whole set takes a few minutes.

Also checked, without running anything: the committed notebooks carry their outputs (they are
read on GitHub) and none of those outputs is an error.
"""

import os
import pathlib
import shutil
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
NOTEBOOK_TIMEOUT = 300  # seconds for a whole notebook (and so for any one cell)

# what a notebook needs beyond numpy and graphviz: Python modules, and whether it draws graphs
NEEDS = {
    "01_scalars_and_graphs": ({"matplotlib"}, True),
    "02_tensors_and_gradcheck": ({"matplotlib"}, True),
    "03_circles_and_spirals": ({"matplotlib"}, True),
    "04_function_approximation": ({"matplotlib"}, True),
    "05_xor_and_seven_segment": ({"matplotlib"}, False),
    "06_digits": ({"matplotlib", "sklearn"}, True),
    "07_deep_narrow_networks": ({"matplotlib"}, False),
    "08_convolutions": ({"matplotlib", "sklearn"}, True),
    "09_seeing_backprop": ({"matplotlib"}, True),
}


def test_every_notebook_is_listed():
    assert [path.stem for path in NOTEBOOKS] == sorted(NEEDS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_has_outputs_and_no_errors(path):
    nbformat = pytest.importorskip("nbformat")
    notebook = nbformat.read(path, as_version=4)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code_cells and all(cell.execution_count is not None for cell in code_cells), (
        f"{path.name} is committed without running all its cells"
    )
    errors = [out for cell in code_cells for out in cell.outputs if out.output_type == "error"]
    assert not errors, f"{path.name} was committed with an error output: {errors[0].get('ename')}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip(
        "ipykernel", reason="running notebooks needs a Jupyter kernel: pip install chainrule[notebooks]"
    )
    modules, draws_graphs = NEEDS[path.stem]
    for module in sorted(modules):
        pytest.importorskip(module, reason=f"{path.name} needs {module}: pip install chainrule[notebooks]")
    if draws_graphs and shutil.which("dot") is None:
        pytest.skip(f"{path.name} draws computation graphs, which needs Graphviz's 'dot' program")

    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    )
    monkeypatch.delenv("CHAINRULE_MNIST", raising=False)  # the MNIST section is tested in test_experiments
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=NOTEBOOK_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )
    start = time.perf_counter()
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    elapsed = time.perf_counter() - start
    assert elapsed < NOTEBOOK_TIMEOUT, f"{path.name} took {elapsed:.0f} s"
