"""`python -m alu.cli` runs the same app as the `alu` console script."""

from alu.cli import main

main()
