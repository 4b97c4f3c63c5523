"""``python -m model`` is the ``samenleven`` command."""

from .cli import main

raise SystemExit(main())
