"""Downloading MNIST, Fashion-MNIST and CIFAR-10: mirrors tried in order, resumable, checksum-verified.

folder = download_dataset("mnist", progress=lambda name, done, total: ...)
load_dataset("mnist")   # finds the files in the cache folder from now on

A file is streamed to ``<name>.part`` next to its final place. An interrupted download
keeps the ``.part`` file and the next attempt asks the server for the rest (HTTP Range);
a server that ignores the request simply sends everything again. Only a file whose
checksum matches the published one is renamed to its final name; a mismatch deletes the
partial file and says so.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.request import Request, urlopen

from ..words import said
from .cifar import ARCHIVE, has_cifar_files, unpack
from .datasets import cache_dir
from .errors import DatasetError

ProgressCallback = Callable[[str, int, "int | None"], None]  # (file name, bytes so far, total bytes or None)


@dataclass(frozen=True)
class Source:
    """Where a dataset can be downloaded: base URLs (tried in order) and each file's checksum."""

    mirrors: tuple[str, ...]
    files: dict[str, str]  # file name -> "md5:<hex>" or "sha256:<hex>"
    unpack: Callable[[Path], None] | None = None  # takes the downloaded archive apart in its folder
    ready: Callable[[Path], bool] | None = None  # whether the folder holds the unpacked files already


# Published checksums: MNIST's from torchvision's MNIST class, Fashion-MNIST's from the
# md5sum list in zalandoresearch/fashion-mnist, CIFAR-10's from its home page (and torchvision).
SOURCES = {
    "mnist": Source(
        mirrors=(
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            "https://storage.googleapis.com/cvdf-datasets/mnist/",
            "http://yann.lecun.com/exdb/mnist/",
        ),
        files={
            "train-images-idx3-ubyte.gz": "md5:f68b3c2dcbeaaa9fbdd348bbdeb94873",
            "train-labels-idx1-ubyte.gz": "md5:d53e105ee54ea40749a09fcbcd1e9432",
            "t10k-images-idx3-ubyte.gz": "md5:9fb629c4189551a2d022fa330f9573f3",
            "t10k-labels-idx1-ubyte.gz": "md5:ec29112dd5afa0611ce80d1b7f02629c",
        },
    ),
    "fashion-mnist": Source(
        mirrors=(
            "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
            "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
        ),
        files={
            "train-images-idx3-ubyte.gz": "md5:8d4fb7e6c68d591d4c3dfef9ec88bf0d",
            "train-labels-idx1-ubyte.gz": "md5:25c81989df183df01b3e8a0aad5dffbe",
            "t10k-images-idx3-ubyte.gz": "md5:bef4ecab320f06d8554ea6380940ec79",
            "t10k-labels-idx1-ubyte.gz": "md5:bb300cfdad3c16e7a12a480ee83cd310",
        },
    ),
}
SOURCES["cifar10"] = Source(
    mirrors=("https://www.cs.toronto.edu/~kriz/",),
    # 170,052,171 bytes (the page's "162 MB"); the pickled Python version is never used
    files={ARCHIVE: "md5:c32a1d4ab5d03f1284b67883e8d87530"},
    unpack=unpack,
    ready=has_cifar_files,
)
DOWNLOAD_MB = {"mnist": 12, "fashion-mnist": 31, "cifar10": 170}  # what a download costs, said before it starts
MIRRORS_ENV = "CNN_STUDIO_MIRRORS"  # comma-separated base URLs tried before the built-in ones
CHUNK_BYTES = 64 * 1024


def file_digest(path: Path, algorithm: str) -> str:
    digest = hashlib.new(algorithm)
    with open(path, "rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def checksum_matches(path: Path, checksum: str) -> tuple[bool, str]:
    """(matches, actual hex digest) for a ``"md5:<hex>"`` / ``"sha256:<hex>"`` checksum."""
    algorithm, _, expected = checksum.partition(":")
    if algorithm not in ("md5", "sha256") or not expected:
        raise ValueError(said("checksum must look like 'md5:<hex>' or 'sha256:<hex>', got {checksum}",
                              checksum=repr(checksum)))
    actual = file_digest(path, algorithm)
    return actual == expected.lower(), actual


def download_file(
    mirrors,
    filename: str,
    checksum: str,
    folder,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    timeout: float = 30.0,
) -> Path:
    """Fetch ``filename`` from the first mirror that serves it with the right checksum.

    Returns the final path. A file already there with the right checksum is not fetched
    again. Raises ``DatasetError`` naming every mirror's failure if none worked, or if
    ``cancel`` was set (the ``.part`` file is kept, so the next call resumes).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    final, part = folder / filename, folder / (filename + ".part")
    if final.exists() and checksum_matches(final, checksum)[0]:
        return final
    failures = []
    for base in mirrors:
        url = base.rstrip("/") + "/" + filename
        try:
            _fetch(url, part, filename, progress, cancel, timeout)
        except (HTTPError, URLError, OSError, http.client.HTTPException) as error:  # .part stays for a resume
            failures.append(f"{url}: {_describe(error)}")
            continue
        matches, actual = checksum_matches(part, checksum)
        if not matches:
            part.unlink()
            failures.append(f"{url}: checksum mismatch (expected {checksum}, got {actual}); partial file deleted")
            continue
        os.replace(part, final)
        return final
    raise DatasetError(said("{filename}: download failed from every mirror: {value}",
                            filename=filename, value='; '.join(failures)))


def _describe(error: Exception) -> str:
    if isinstance(error, HTTPError):
        return f"HTTP {error.code} {error.reason}"
    return str(getattr(error, "reason", None) or error)


def _fetch(url: str, part: Path, filename: str, progress, cancel, timeout: float) -> None:
    """Stream ``url`` into ``part``, continuing from its current size when the server allows."""
    offset = part.stat().st_size if part.exists() else 0
    headers = {"User-Agent": "cnn-studio"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    try:
        response = urlopen(Request(url, headers=headers), timeout=timeout)
    except HTTPError as error:
        if error.code == 416 and offset:  # asked for bytes past the end: the part file is complete
            return
        raise
    with response:
        if offset and response.status != 206:  # the server ignored the Range header: start over
            offset = 0
        length = response.headers.get("Content-Length")
        total = offset + int(length) if length is not None else None
        done = offset
        with open(part, "ab" if offset else "wb") as file:
            if progress:
                progress(filename, done, total)
            while chunk := response.read(CHUNK_BYTES):
                file.write(chunk)
                done += len(chunk)
                if progress:
                    progress(filename, done, total)
                if cancel is not None and cancel.is_set():
                    raise DatasetError(said("{filename}: download cancelled ({done} bytes kept to resume later)",
                                            filename=filename, done=done))
    if total is not None and done < total:
        raise OSError(f"connection closed after {done} of {total} bytes")


def download_dataset(
    name: str,
    folder=None,
    mirrors=None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Download a known dataset's files into ``folder`` (default: the cache folder), unpacking an archive.

    ``mirrors`` replaces the built-in list; the ``CNN_STUDIO_MIRRORS`` environment
    variable (comma-separated) puts extra mirrors in front of it.
    """
    if name not in SOURCES:
        raise DatasetError(said("{name}: no download known; choose one of {value}",
                                name=name, value=', '.join(SOURCES)))
    source = SOURCES[name]
    if mirrors is None:
        extra = [m.strip() for m in os.environ.get(MIRRORS_ENV, "").split(",") if m.strip()]
        mirrors = [*extra, *source.mirrors]
    folder = Path(folder) if folder is not None else cache_dir() / name
    if source.ready is not None and source.ready(folder):
        return folder
    for filename, checksum in source.files.items():
        download_file(mirrors, filename, checksum, folder, progress, cancel)
    if source.unpack is not None:
        source.unpack(folder)
    return folder
