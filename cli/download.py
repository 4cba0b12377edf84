"""``download``: fetch MNIST, Fashion-MNIST or CIFAR-10 into the per-user cache folder."""

from __future__ import annotations

import sys

from engine.data import download_dataset
from engine.data.download import SOURCES
from engine.progress import ProgressBar


def download_command(args) -> int:
    """Download a dataset into the per-user cache (mirrors tried in order, checksums verified)."""
    bars = {}

    def progress(name, done, total):
        if name not in bars:
            bars[name] = ProgressBar(total or 1, prefix=name)
        bar = bars[name]
        if total is not None and done >= total:
            bar.close(done, MB=f"{done / 1e6:.1f}")
        else:
            bar.update(done, MB=f"{done / 1e6:.1f}")

    folder = download_dataset(args.name, folder=args.folder, progress=progress)
    print(f"{args.name}: ready in {folder}", file=sys.stdout)
    return 0


def add_download_parser(commands) -> None:
    download = commands.add_parser(
        "download", help="fetch MNIST, Fashion-MNIST or CIFAR-10", description=download_command.__doc__
    )
    download.add_argument("name", choices=tuple(SOURCES), help="dataset to download")
    download.add_argument("--folder", help="where to put it (default: the per-user cache folder)")
    download.set_defaults(handler=download_command)
