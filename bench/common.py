"""What the benchmarks share: nearest-rank percentiles, --db and --keep, a working directory."""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path


def percentile(values: list[float], fraction: float) -> float:
    """The value at `fraction` of the sorted values (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def add_workdir_options(parser: argparse.ArgumentParser, kept: str) -> None:
    """--db (a SQLite file seeded once and reused) and --keep (the working directory)."""
    parser.add_argument(
        "--db",
        type=Path,
        help="SQLite file: seeded if new, reused if it exists, never deleted "
        "(default: a file in a temporary directory)",
    )
    parser.add_argument(
        "--keep", action="store_true", help=f"keep the temporary directory ({kept})"
    )


def run_in_workdir(
    args: argparse.Namespace,
    run: Callable[[argparse.Namespace, Path], int],
    *,
    prefix: str,
    workdir: Path | None = None,
    failures: tuple[type[BaseException], ...] = (),
) -> int:
    """Call run(args, workdir) in a new temporary directory (or `workdir`, which is left as
    it is), removed afterwards unless --keep; Ctrl-C and SIGTERM unwind the same way."""
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    given = workdir is not None
    workdir = workdir or Path(tempfile.mkdtemp(prefix=prefix))
    try:
        return run(args, workdir)
    except KeyboardInterrupt:
        print("\nInterrupted.")
        return 130
    except failures as error:
        print(f"Failed: {error}", file=sys.stderr)
        return 1
    finally:
        if args.keep and not given:
            print(f"Kept {workdir}")
        elif not given:
            shutil.rmtree(workdir, ignore_errors=True)
