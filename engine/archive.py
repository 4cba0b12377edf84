"""Reading a model file safely: ``ModelArchive`` opens the ``.npz`` (a zip of ``.npy`` arrays) and
reads only the arrays it is asked for, each checked before a byte of its data is unpacked.

A hostile file cannot make it run code (object arrays are refused: nothing is unpickled),
nor unpack more than it needs (a member nobody asks for is never decompressed; an array is
read up to the size its own header declares, and that size is checked against what the
caller expects first), nor hang it (only regular files are opened).
"""

from __future__ import annotations

import json
import zipfile
import zlib
from pathlib import Path

import numpy as np

from .errors import ModelFileError
from .files import not_a_file
from .words import said

MAX_HEADER_BYTES = 64 * 2**20  # the JSON description of a model: a few KB in practice
NPY_MAGIC = b"\x93NUMPY"
ZIP_MAGIC = b"PK\x03\x04"


class ModelArchive:
    """An open model file: ``keys()``, ``shape(key)``, ``read(key, shape)``, ``text(key)``; a context manager."""

    def __init__(self, path: Path):
        self.path = path
        problem = not_a_file(path)  # a pipe would block the read below forever
        if problem:
            raise ModelFileError(said("{path}: {problem}", path=path, problem=problem))
        with open(path, "rb") as file:
            start = file.read(len(NPY_MAGIC))
        if start == NPY_MAGIC:
            raise ModelFileError(said("{path}: a single .npy array, not a CNN Studio model (.npz)", path=path))
        if not zipfile.is_zipfile(path):
            if start.startswith(ZIP_MAGIC):
                raise ModelFileError(said("{path}: corrupt or truncated file (its zip directory is missing)",
                                          path=path))
            raise ModelFileError(said("{path}: not a CNN Studio model file (not a zip archive)", path=path))
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise ModelFileError(said("{path}: corrupt or truncated file ({error})", path=path, error=error)) from None
        self.members = {info.filename[:-4]: info for info in self.zip.infolist() if info.filename.endswith(".npy")}

    def __enter__(self) -> ModelArchive:
        return self

    def __exit__(self, *exc) -> None:
        self.zip.close()

    def keys(self, prefix: str = "") -> list[str]:
        return [key for key in self.members if key.startswith(prefix)]

    def _open(self, key: str):
        try:
            return self.zip.open(self.members[key])
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as error:
            raise ModelFileError(said("{path}: corrupt or truncated file ({key}: {error})",
                                      path=self.path, key=key, error=error)) from None

    def _array_header(self, key: str, member) -> tuple[tuple[int, ...], bool, np.dtype]:
        try:
            version = np.lib.format.read_magic(member)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(member)
            else:
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(member)
        except (ValueError, OSError, EOFError, zipfile.BadZipFile, zlib.error, SyntaxError) as error:
            raise ModelFileError(said("{path}: {key} is not a readable array ({error})",
                                      path=self.path, key=key, error=error)) from None
        if dtype.hasobject:
            raise ModelFileError(said("{path}: contains pickled objects, which are never loaded", path=self.path))
        return tuple(shape), bool(fortran), dtype

    def shape(self, key: str) -> tuple[int, ...] | None:
        """The shape an array declares (from its header only: nothing else is unpacked), None if absent."""
        if key not in self.members:
            return None
        with self._open(key) as member:
            return self._array_header(key, member)[0]

    def read(self, key: str, shape: tuple[int, ...] | None = None) -> np.ndarray | None:
        """The array ``key`` (None if absent). With ``shape``, a different declared shape is refused unread."""
        if key not in self.members:
            return None
        info = self.members[key]
        with self._open(key) as member:
            declared, fortran, dtype = self._array_header(key, member)
            if shape is not None and declared != tuple(shape):
                raise ModelFileError(said("{path}: {key} has shape {declared}, the architecture needs {value}",
                                          path=self.path, key=key, declared=declared, value=tuple(shape)))
            size = int(np.prod(declared, dtype=np.int64)) * dtype.itemsize
            if info.file_size > size + 4096:  # the .npy header is at most a few hundred bytes
                raise ModelFileError(said("{path}: {key} declares {file_size:,} bytes for {size:,} bytes of data",
                                          path=self.path, key=key, file_size=info.file_size, size=size))
            try:
                data = member.read(size)
                if len(data) != size:
                    raise EOFError(f"{len(data)} of {size} bytes")
                member.read(1)  # reaching the end makes zipfile check the CRC
                # numpy saves a column-major array (a transposed view, say) as is, flagged fortran_order
                array = np.frombuffer(data, dtype=dtype).reshape(declared, order="F" if fortran else "C")
            except (OSError, EOFError, zipfile.BadZipFile, zlib.error, ValueError) as error:
                raise ModelFileError(said("{path}: corrupt or truncated file ({key}: {error})",
                                          path=self.path, key=key, error=error)) from None
        return array.copy()  # writable, and no longer tied to the file's bytes

    def text(self, key: str) -> str | None:
        """A 0-d text array (the JSON description), size-checked first."""
        if key not in self.members:
            return None
        if self.members[key].file_size > MAX_HEADER_BYTES:
            raise ModelFileError(said("{path}: the model description is implausibly large", path=self.path))
        value = self.read(key)
        if value.ndim != 0 or value.dtype.kind != "U":
            raise ModelFileError(said("{path}: {key} is not text", path=self.path, key=key))
        return str(value)

    def json(self, key: str):
        text = self.text(key)
        if text is None:
            return None
        try:
            return json.loads(text)
        except (json.JSONDecodeError, UnicodeError) as error:
            raise ModelFileError(said("{path}: the model description is damaged ({error})",
                                      path=self.path, error=error)) from None
        except RecursionError:
            raise ModelFileError(said("{path}: the model description is nested too deeply to be real",
                                      path=self.path)) from None
