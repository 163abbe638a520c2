"""``python -m stats``: the same as the ``make-report`` command."""
from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
