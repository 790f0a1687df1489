"""``python -m benchmarks``: run every benchmark and print one table."""

from .run import main

main()
