"""Allows `python -m mockview`."""

from mockview.cli import main

raise SystemExit(main())
