"""The `claimtrack` command's entry point: the command line, with a Ctrl-C that lands
while its modules are still being imported said in one line (exit 130), as cli.py says
one that lands later."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from .cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("interrupted; nothing was done\n")
        sys.exit(130)
    run()
