"""Placeholder: this subcommand group is being built (see the issues)."""


def register(subparsers) -> None:
    pass
