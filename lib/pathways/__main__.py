"""`python -m pathways`: the command line (see ``pathways.cli``)."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
