"""`python -m alu.cli` runs the `alu` program, as its console script does."""

from alu.program import main

main()
