"""``python -m model`` is the ``samenleven`` command."""

from model.cli import main

raise SystemExit(main())
