"""``python -m counterpoint`` runs the command line."""

from counterpoint.cli import main

main()
