"""The experiments of the notebooks, as seeded functions the tests can call too.

Each notebook shows its training loop in full once and then calls the
functions here for its tables, so that ``tests/test_experiments.py`` checks
exactly the numbers the notebook prints. Everything random is seeded:
the same call gives the same figures.
"""


def markdown_table(headers, rows):
    """A Markdown table: ``headers`` a list of column titles, ``rows`` lists of cells.

    Floats are shown with 3 significant digits, everything else with ``str``; a ``|`` inside a
    cell is escaped so it does not split the cell.
    Show it in a notebook with ``IPython.display.Markdown``.
    """
    def cell(value):
        text = f"{value:.3g}" if isinstance(value, float) else str(value)
        return text.replace("|", "\\|")

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
