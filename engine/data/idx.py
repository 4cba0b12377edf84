"""The IDX format of the original MNIST files (``train-images-idx3-ubyte`` and friends).

Layout (all integers big-endian), as described on LeCun's MNIST page:

    bytes 0-1   0x00 0x00
    byte  2     data type: 0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64
    byte  3     number of dimensions d
    4 * d       size of each dimension, uint32
    rest        the values, row-major

Files may be gzip-compressed (``.gz``); that is detected from the content, not the name.
"""

from __future__ import annotations

import gzip
import math
import struct
import zlib
from pathlib import Path

import numpy as np

from ..files import atomic_write, not_a_file
from ..words import said
from .errors import DatasetError

DTYPES = {
    0x08: np.dtype(np.uint8),
    0x09: np.dtype(np.int8),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
CODES = {dtype.newbyteorder("=").type: code for code, dtype in DTYPES.items()}
GZIP_MAGIC = b"\x1f\x8b"


# IDX files here hold images of at most MAX_DIMS axes (MNIST: 3) and at most MAX_BYTES of
# data (the full MNIST training images: 47 MB). Anything beyond is damaged or hostile.
MAX_DIMS = 4
MAX_BYTES = 2**31


def read_idx(path) -> np.ndarray:
    """Read an IDX file (plain or gzip) into a native-endian array; DatasetError if invalid.

    The file is read as a stream, up to the size its header declares plus one byte (to
    notice trailing data), so a small gzip bomb cannot unpack gigabytes first.
    """
    path = Path(path)
    problem = not_a_file(path)
    if problem:
        raise DatasetError(said("{path}: {problem}", path=path, problem=problem))
    try:
        with open(path, "rb") as raw:
            compressed = raw.read(2) == GZIP_MAGIC
        with (gzip.open if compressed else open)(path, "rb") as stream:
            return _read_stream(path, stream)
    except (OSError, EOFError, zlib.error) as error:
        raise DatasetError(said("{path}: cannot read or decompress it ({error})", path=path, error=error)) from None


def _read_stream(path: Path, stream) -> np.ndarray:
    start = stream.read(4)
    if len(start) < 4 or start[0] != 0 or start[1] != 0:
        raise DatasetError(said("{path}: not an IDX file (wrong magic number {value})",
                                path=path, value=start.hex() or 'empty'))
    code, ndim = start[2], start[3]
    if code not in DTYPES:
        raise DatasetError(said("{path}: unsupported IDX data type 0x{code:02X}", path=path, code=code))
    if not 1 <= ndim <= MAX_DIMS:
        raise DatasetError(said("{path}: IDX file declares {ndim} dimensions; image and label files have 1 to "
                                "{MAX_DIMS}", path=path, ndim=ndim, MAX_DIMS=MAX_DIMS))
    sizes = stream.read(4 * ndim)
    if len(sizes) < 4 * ndim:
        raise DatasetError(said("{path}: truncated IDX header", path=path))
    shape = struct.unpack(f">{ndim}I", sizes)
    dtype = DTYPES[code]
    expected = math.prod(shape) * dtype.itemsize  # Python ints: no overflow, whatever the header says
    if expected > MAX_BYTES:
        raise DatasetError(said("{path}: declares shape {shape}, {expected:,} bytes; at most {MAX_BYTES:,} are read",
                                path=path, shape=shape, expected=expected, MAX_BYTES=MAX_BYTES))
    data = stream.read(expected + 1)
    if len(data) < expected:
        raise DatasetError(said("{path}: truncated: {count_data} data bytes for shape {shape}, expected {expected}",
                                path=path, count_data=len(data), shape=shape, expected=expected))
    if len(data) > expected:
        raise DatasetError(said("{path}: unexpected bytes after the data of shape {shape}", path=path, shape=shape))
    values = np.frombuffer(data, dtype=dtype, count=expected // dtype.itemsize)
    return values.reshape(shape).astype(dtype.newbyteorder("="))


def write_idx(path, array: np.ndarray, compress: bool | None = None) -> None:
    """Write ``array`` as IDX (gzip if ``compress`` or the name ends in .gz), atomically."""
    path = Path(path)
    array = np.asarray(array)
    if array.dtype.newbyteorder("=").type not in CODES:
        raise ValueError(said("IDX cannot store {dtype}; use uint8, int8, int16, int32, float32 or float64",
                              dtype=array.dtype))
    if array.ndim == 0 or array.ndim > 255:
        raise ValueError(said("IDX stores 1 to 255 dimensions, got {ndim}", ndim=array.ndim))
    code = CODES[array.dtype.newbyteorder("=").type]
    header = bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    payload = header + np.ascontiguousarray(array, dtype=DTYPES[code]).tobytes()
    if compress or (compress is None and path.suffix == ".gz"):
        payload = gzip.compress(payload, mtime=0)
    atomic_write(path, lambda f: f.write(payload))
