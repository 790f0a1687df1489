"""Port a PyTorch program to chainrule by rewriting its imports and module names.

    python -m autograd.port prog.py > prog_chainrule.py     # print the ported source
    python -m autograd.port - < prog.py                     # read stdin
    python -m autograd.port --in-place prog.py nb.ipynb     # rewrite files
    python -m autograd.port --script nb.ipynb               # a notebook's code cells as one script

The recipe (issue #19), applied to code only -- strings and comments stay as they are:
- ``torch.nn.functional`` -> ``nn.functional``, ``torch.nn`` -> ``nn``, ``torch.optim`` ->
  ``optim``, ``torch.utils.data`` -> ``nn.data``, wherever they appear (attribute chains,
  ``import torch.nn as nn``, ``from torch.utils.data import DataLoader``);
- ``import torch`` -> ``import autograd as torch`` (``import torch as T`` -> ``import autograd
  as T``, and ``T.nn`` is then rewritten like ``torch.nn``);
- ``from torch import nn`` -> ``import nn``, ``from torch import optim`` -> ``import optim``;
  ``from torch.utils import data`` -> ``from nn import data``; the other names of ``from torch
  import ...`` / ``from torch.x import ...`` come from ``autograd``;
- one line ``import autograd, nn, nn.functional, optim`` at the top (after a shebang, an
  encoding line, the module docstring and ``from __future__`` imports).
Porting twice gives the same text as porting once.
"""

import argparse
import io
import json
import sys
import tokenize

HEADER = "import autograd, nn, nn.functional, optim"

# torch.<path> -> chainrule's module; the longest path that matches wins.
MODULES = (
    (("nn", "functional"), "nn.functional"),
    (("nn",), "nn"),
    (("optim",), "optim"),
    (("utils", "data"), "nn.data"),
)

_MAGIC = "#__autograd_port_magic__"  # hides notebook magics (%time, !pip) from the tokenizer
_SKIP = {tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING}


def port_source(text, header=True):
    """Return the PyTorch program `text` rewritten to run on chainrule (see the module docstring)."""
    lines = list(io.StringIO(text))
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError) as e:
        raise ValueError(f"port_source: the source does not tokenize as Python ({e})") from None

    def offset(pos):
        return starts[pos[0] - 1] + pos[1]

    code = [t for t in tokens if t.type not in _SKIP]
    statements = _statements(code)
    aliases = {"torch"} | {alias for s in statements for alias in _torch_aliases(s)}
    edits = []
    for s in statements:
        edits += _import_edits(s, aliases)
    taken = {t.start for (t, _end, _new) in edits}
    edits += [e for e in _module_edits(code, aliases) if e[0].start not in taken]

    out, pos = [], 0
    for first, end, new in sorted(edits, key=lambda e: e[0].start):
        out += [text[pos : offset(first.start)], new]
        pos = offset(end)
    out.append(text[pos:])
    ported = "".join(out)
    if header and not any(line.strip() == HEADER for line in lines):
        ported = _insert_header(ported)
    return ported


def _statements(code):
    """Split the code tokens into simple statements (at NEWLINE and ';')."""
    statements, current = [], []
    for t in code:
        if t.type in (tokenize.NEWLINE, tokenize.ENDMARKER) or t.string == ";":
            if current:
                statements.append(current)
            current = []
        else:
            current.append(t)
    return statements


def _names(s):
    return [t.string for t in s]


def _torch_aliases(s):
    """The names that `import torch as T` binds in statement s."""
    words = _names(s)
    if not words or words[0] != "import":
        return []
    return [item[2] for item in _split(words[1:]) if len(item) == 3 and item[:2] == ["torch", "as"]]


def _split(words):
    """['a', '.', 'b', 'as', 'c', ',', 'd'] -> [['a.b', 'as', 'c'], ['d']]"""
    joined = " ".join(words).replace(" . ", ".")
    return [item.split() for item in joined.split(",") if item.strip()]


def _import_edits(s, aliases):
    """Edits of one import statement: (first token, end position, replacement)."""
    words = _names(s)
    if words[:1] == ["import"]:
        edits, i = [], 1
        while i < len(s):  # each item: dotted name [as alias] ','
            if s[i].string == "torch" and (i + 1 == len(s) or s[i + 1].string == ","):
                edits.append((s[i], s[i].end, "autograd as torch"))
            elif s[i].string == "torch" and s[i + 1].string == "as":
                edits.append((s[i], s[i].end, "autograd"))
            elif s[i].string == "torch" and not _module_at(s, i):  # import torch.autograd
                end = next((j for j in range(i, len(s)) if s[j].string in (",", "as")), len(s))
                if end < len(s) and s[end].string == "as":  # import torch.cuda.amp as amp
                    edits.append((s[i], s[i].end, "autograd"))
                else:
                    edits.append((s[i], s[end - 1].end, "autograd as torch"))
            while i < len(s) and s[i].string != ",":
                i += 1
            i += 1
        return edits
    if len(s) < 4 or words[0] != "from" or words[1] not in aliases:
        return []
    if words[2] == "." and _module_at(s, 1):
        return []  # from torch.nn import ...: a module rewrite
    if words[2:6] == [".", "utils", "import", "data"]:  # from torch.utils import data
        return [(s[1], s[3].end, "nn")]
    if words[2] != "import":  # from torch.autograd import Function
        return [(s[1], s[1].end, "autograd")]
    items = _split([w for w in words[3:] if w not in "()"])
    moved = [i for i in items if i[0] in ("nn", "optim")]
    if not moved:
        return [(s[1], s[1].end, "autograd")]
    parts = ["import " + ", ".join(" ".join(i) for i in moved)]
    rest = [i for i in items if i[0] not in ("nn", "optim")]
    if rest:
        parts.append("from autograd import " + ", ".join(" ".join(i) for i in rest))
    return [(s[0], s[-1].end, "; ".join(parts))]


def _module_at(code, i):
    """The (replacement, index of its last token) if code[i:] reads torch.<one of MODULES>."""
    for path, new in MODULES:
        want = [x for name in path for x in (".", name)]
        got = [t.string for t in code[i + 1 : i + 1 + len(want)]]
        if got == want:
            return new, i + len(want)
    return None


def _module_edits(code, aliases):
    """torch.nn.functional -> nn.functional and the like, wherever `torch` starts a chain."""
    edits = []
    for i, t in enumerate(code):
        if t.type != tokenize.NAME or t.string not in aliases:
            continue
        if i > 0 and code[i - 1].string == ".":  # x.torch.nn is someone else's attribute
            continue
        found = _module_at(code, i)
        if found:
            new, last = found
            edits.append((t, code[last].end, new))
    return edits


def _insert_header(text):
    """Insert HEADER after a shebang/encoding line, a docstring and `from __future__` imports."""
    lines = list(io.StringIO(text))
    after = 0
    while (
        after < len(lines)
        and after < 2
        and (
            lines[after].startswith("#!")
            or "coding" in lines[after]
            and lines[after].startswith("#")
            or lines[after].startswith(_MAGIC + "%%")
        )
    ):
        after += 1
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        tokens = []
    code = [t for t in tokens if t.type not in _SKIP]
    for k, s in enumerate(_statements(code)):
        docstring = k == 0 and len(s) == 1 and s[0].type == tokenize.STRING
        if docstring or _names(s)[:2] == ["from", "__future__"]:
            after = max(after, s[-1].end[0])
        else:
            break
    if after and not lines[after - 1].endswith("\n"):
        lines[after - 1] += "\n"
    return "".join(lines[:after] + [HEADER + "\n"] + lines[after:])


def port_notebook(text, script=False):
    """Port every code cell of a notebook (.ipynb JSON); the header goes into the first one.

    Returns the notebook as JSON, or with script=True its code cells joined into one script."""
    try:
        notebook = json.loads(text)
        cells = notebook["cells"]
    except (ValueError, KeyError, TypeError) as e:
        raise ValueError(f"port_notebook: not a Jupyter notebook ({e})") from None
    first, sources = True, []
    for number, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        masked = "".join(
            _MAGIC + line.lstrip() if line.lstrip()[:1] in ("%", "!") else line
            for line in io.StringIO(source)
        )
        try:
            ported = port_source(masked, header=first)
        except ValueError as e:
            raise ValueError(f"port_notebook: cell {number}: {e}") from None
        ported = "".join(
            line.replace(_MAGIC, "", 1) if line.startswith(_MAGIC) else line for line in io.StringIO(ported)
        )
        first = False
        sources.append(ported)
        cell["source"] = list(io.StringIO(ported))
    if script:
        return "\n\n".join(s.rstrip("\n") for s in sources) + "\n"
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m autograd.port", description="Port a PyTorch program or notebook to chainrule."
    )
    parser.add_argument("files", nargs="+", help="Python files or .ipynb notebooks; - reads stdin")
    parser.add_argument("--in-place", action="store_true", help="rewrite the files instead of printing")
    parser.add_argument(
        "--script", action="store_true", help="for a notebook, print its ported code cells as one script"
    )
    args = parser.parse_args(argv)
    if args.in_place and "-" in args.files:
        parser.error("--in-place cannot rewrite stdin")
    for name in args.files:
        if name == "-":
            text = sys.stdin.read()
        else:
            with open(name, encoding="utf-8") as f:
                text = f.read()
        try:
            notebook = name.endswith(".ipynb")
            ported = port_notebook(text, args.script) if notebook else port_source(text)
        except ValueError as e:
            parser.exit(1, f"{name}: {e}\n")
        if args.in_place:
            with open(name, "w", encoding="utf-8") as f:
                f.write(ported)
        else:
            sys.stdout.write(ported)


if __name__ == "__main__":
    main()
