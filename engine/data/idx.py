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
import struct
import zlib
from pathlib import Path

import numpy as np

from ..files import atomic_write
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


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise DatasetError(f"{path}: no such file")
    try:
        raw = path.read_bytes()
        if raw[:2] == GZIP_MAGIC:
            return gzip.decompress(raw)
        return raw
    except (OSError, EOFError, zlib.error) as error:
        raise DatasetError(f"{path}: cannot read or decompress it ({error})") from None


def read_idx(path) -> np.ndarray:
    """Read an IDX file (plain or gzip) into a native-endian array; DatasetError if invalid."""
    path = Path(path)
    data = _read_bytes(path)
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise DatasetError(f"{path}: not an IDX file (wrong magic number {data[:4].hex() or 'empty'})")
    code, ndim = data[2], data[3]
    if code not in DTYPES:
        raise DatasetError(f"{path}: unsupported IDX data type 0x{code:02X}")
    if ndim == 0:
        raise DatasetError(f"{path}: IDX file declares 0 dimensions")
    header_size = 4 + 4 * ndim
    if len(data) < header_size:
        raise DatasetError(f"{path}: truncated IDX header")
    shape = struct.unpack(f">{ndim}I", data[4:header_size])
    dtype = DTYPES[code]
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    available = len(data) - header_size
    if available < expected:
        raise DatasetError(f"{path}: truncated: {available} data bytes for shape {shape}, expected {expected}")
    if available > expected:
        raise DatasetError(f"{path}: {available - expected} unexpected bytes after the data of shape {shape}")
    values = np.frombuffer(data, dtype=dtype, count=expected // dtype.itemsize, offset=header_size)
    return values.reshape(shape).astype(dtype.newbyteorder("="))


def write_idx(path, array: np.ndarray, compress: bool | None = None) -> None:
    """Write ``array`` as IDX (gzip if ``compress`` or the name ends in .gz), atomically."""
    path = Path(path)
    array = np.asarray(array)
    if array.dtype.newbyteorder("=").type not in CODES:
        raise ValueError(f"IDX cannot store {array.dtype}; use uint8, int8, int16, int32, float32 or float64")
    if array.ndim == 0 or array.ndim > 255:
        raise ValueError(f"IDX stores 1 to 255 dimensions, got {array.ndim}")
    code = CODES[array.dtype.newbyteorder("=").type]
    header = bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    payload = header + np.ascontiguousarray(array, dtype=DTYPES[code]).tobytes()
    if compress or (compress is None and path.suffix == ".gz"):
        payload = gzip.compress(payload, mtime=0)
    atomic_write(path, lambda f: f.write(payload))
