"""`python -m sim` is the `ceasefire-sim` command."""

from .cli import main

main()
