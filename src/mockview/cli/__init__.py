"""The `mockview` command: no arguments opens the app; subcommands use the core from a terminal."""

from __future__ import annotations

import argparse
import importlib
import sys

from mockview import __version__
from mockview.core.privacy import keep_private

# Each module registers its subcommand(s) with `register(subparsers)` and keeps heavy imports
# inside its handlers, so that `--help` and `--version` stay instant and need no display.
SUBCOMMAND_MODULES = [
    "mockview.cli.bank_cmd",
    "mockview.cli.engine_cmds",
    "mockview.cli.analyze_cmd",
    "mockview.cli.history_cmd",
]

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mockview",
        description="Rehearse interview answers out loud, offline. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"mockview {__version__}")
    parser.add_argument(
        "--install-desktop",
        action="store_true",
        help="add MockView to this user's application menu (entry, icons, metainfo) and exit",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    keep_private()
    if args.install_desktop:
        return install_desktop()
    if args.command is None:
        from mockview.app import run_app

        return run_app()
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0


def install_desktop() -> int:
    """`mockview --install-desktop`: prints each file written, or that all were up to date."""
    from mockview.desktop import DesktopInstallError, install

    if sys.platform in ("win32", "darwin"):
        print(
            "mockview: desktop entries are for Linux and BSD desktops; on this system start "
            "MockView with the mockview-gui command.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        result = install()
    except DesktopInstallError as error:
        print(f"mockview: {error}", file=sys.stderr)
        return EXIT_USAGE
    for path in result.written:
        print(f"wrote {path}")
    if not result.written:
        print(f"MockView's desktop entry is up to date ({len(result.unchanged)} files)")
    return 0
