"""autograd.port: the mechanical recipe that makes a PyTorch program a chainrule program."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from autograd.port import HEADER, port_notebook, port_source

ROOT = Path(__file__).resolve().parent.parent


def body(text):
    """The ported text without the header line."""
    return "".join(line for line in port_source(text).splitlines(True) if line.strip() != HEADER)


@pytest.mark.parametrize(
    "before, after",
    [
        ("import torch\n", "import autograd as torch\n"),
        ("import torch as T\n", "import autograd as T\n"),
        ("import torch, numpy as np\n", "import autograd as torch, numpy as np\n"),
        ("import numpy as np, torch\n", "import numpy as np, autograd as torch\n"),
        ("import torch.nn as nn\n", "import nn as nn\n"),
        ("import torch.nn.functional as F\n", "import nn.functional as F\n"),
        ("import torch.optim as optim\n", "import optim as optim\n"),
        ("import torch.autograd\n", "import autograd as torch\n"),
        ("import torch.cuda.amp as amp\n", "import autograd.cuda.amp as amp\n"),
        ("from torch import nn\n", "import nn\n"),
        ("from torch import optim\n", "import optim\n"),
        ("from torch import nn, optim\n", "import nn, optim\n"),
        ("from torch import nn as tnn, Tensor\n", "import nn as tnn; from autograd import Tensor\n"),
        ("from torch import Tensor\n", "from autograd import Tensor\n"),
        ("from torch.nn import functional as F\n", "from nn import functional as F\n"),
        (
            "from torch.utils.data import DataLoader, TensorDataset\n",
            "from nn.data import DataLoader, TensorDataset\n",
        ),
        ("from torch.utils import data\n", "from nn import data\n"),
        ("from torch.autograd import Function\n", "from autograd.autograd import Function\n"),
        ("m = torch.nn.Linear(2, 3)\n", "m = nn.Linear(2, 3)\n"),
        ("y = torch.nn.functional.relu(x)\n", "y = nn.functional.relu(x)\n"),
        ("o = torch.optim.SGD(p, lr=0.1)\n", "o = optim.SGD(p, lr=0.1)\n"),
        ("s = torch.optim.lr_scheduler.StepLR\n", "s = optim.lr_scheduler.StepLR\n"),
        ("d = torch.utils.data.DataLoader(ds)\n", "d = nn.data.DataLoader(ds)\n"),
        ("x = torch.zeros(3)\n", "x = torch.zeros(3)\n"),
        ("class M(torch.nn.Module):\n    pass\n", "class M(nn.Module):\n    pass\n"),
        ("import torch as T\nm = T.nn.Linear(1, 1)\n", "import autograd as T\nm = nn.Linear(1, 1)\n"),
    ],
)
def test_each_rule(before, after):
    assert body(before) == after


@pytest.mark.parametrize(
    "text",
    [
        "s = 'torch.nn.Linear and import torch'\n",
        'doc = """\nimport torch\nfrom torch import nn\n"""\n',
        "x = 1  # torch.nn.Linear, import torch\n",
        "f = f'{a} torch.optim'\n",
        "y = mytorch.nn.Linear\n",
        "y = a.torch.nn.Linear\n",
        "torch_nn = 1\n",
    ],
)
def test_strings_comments_and_other_names_are_untouched(text):
    assert body(text) == text


def test_header_at_the_top_after_shebang_docstring_and_future():
    text = '#!/usr/bin/env python\n"""Doc."""\nfrom __future__ import annotations\nimport torch\n'
    assert port_source(text) == (
        '#!/usr/bin/env python\n"""Doc."""\nfrom __future__ import annotations\n'
        f"{HEADER}\nimport autograd as torch\n"
    )
    assert port_source("import torch\n") == f"{HEADER}\nimport autograd as torch\n"
    assert port_source("") == f"{HEADER}\n"


PROGRAM = '''"""A PyTorch program."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import optim
from torch.utils.data import DataLoader, TensorDataset

class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)  # a torch.nn.Linear

    def forward(self, x):
        return F.relu(self.fc(x))

net = Net()
opt = torch.optim.SGD(net.parameters(), lr=0.1)
print("import torch.nn as nn")
'''


def test_idempotent_and_compiles():
    once = port_source(PROGRAM)
    assert port_source(once) == once
    compile(once, "ported", "exec")
    assert "torch.nn" not in once.replace("# a torch.nn.Linear", "").replace('"import torch.nn as nn"', "")


def test_bad_source_is_a_value_error():
    with pytest.raises(ValueError, match="does not tokenize"):
        port_source("x = '''unterminated\n")


def test_notebook_cells_are_ported_and_magics_kept():
    nb = {
        "cells": [
            {"cell_type": "markdown", "source": ["import torch\n"], "metadata": {}},
            {
                "cell_type": "code",
                "source": ["%matplotlib inline\n", "import torch\n"],
                "metadata": {},
                "outputs": [],
                "execution_count": None,
            },
            {
                "cell_type": "code",
                "source": "!pip install x\nm = torch.nn.Linear(1, 1)",
                "metadata": {},
                "outputs": [],
                "execution_count": None,
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    out = json.loads(port_notebook(json.dumps(nb)))
    assert out["cells"][0]["source"] == ["import torch\n"]
    assert "".join(out["cells"][1]["source"]) == f"{HEADER}\n%matplotlib inline\nimport autograd as torch\n"
    assert "".join(out["cells"][2]["source"]) == "!pip install x\nm = nn.Linear(1, 1)"
    assert port_notebook(port_notebook(json.dumps(nb))) == port_notebook(json.dumps(nb))
    script = port_notebook(json.dumps(nb), script=True)
    assert (
        script
        == f"{HEADER}\n%matplotlib inline\nimport autograd as torch\n\n!pip install x\nm = nn.Linear(1, 1)\n"
    )


def test_command_line(tmp_path):
    src = tmp_path / "prog.py"
    src.write_text(PROGRAM)
    run = [sys.executable, "-m", "autograd.port"]
    out = subprocess.run(run + [str(src)], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out == port_source(PROGRAM)
    out = subprocess.run(
        run + ["-"], input=PROGRAM, capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout
    assert out == port_source(PROGRAM)
    subprocess.run(run + ["--in-place", str(src)], cwd=ROOT, check=True)
    assert src.read_text() == port_source(PROGRAM)
    bad = subprocess.run(run + ["-"], input="'''", capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 1 and "does not tokenize" in bad.stderr


def test_notebook_errors_name_the_cell():
    nb = {"cells": [{"cell_type": "code", "source": "x = 1\n"}, {"cell_type": "code", "source": "s = '''"}]}
    with pytest.raises(ValueError, match="cell 1: .*does not tokenize"):
        port_notebook(json.dumps(nb))
    with pytest.raises(ValueError, match="not a Jupyter notebook"):
        port_notebook("[1, 2]")


def test_torch_autograd_function_module_resolves_after_porting():
    """``from torch.autograd.function import once_differentiable`` and the attribute chain
    ``torch.autograd.function.Function`` name chainrule's autograd.autograd.function."""
    source = (
        "import torch\n"
        "from torch.autograd.function import once_differentiable, Function\n"
        "assert torch.autograd.function.Function is Function is torch.autograd.Function\n"
        "assert callable(once_differentiable)\n"
    )
    exec(compile(port_source(source), "<ported>", "exec"), {})
