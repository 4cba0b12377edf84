"""How many threads numpy's matrix products use, chosen per product shape.

numpy multiplies matrices with the OpenBLAS library it ships, which splits every product
big enough over all cores (2 here). For a small product the split costs more than it
saves: waking the second thread and joining it takes longer than the half of the work it
takes over. Measured on the 2-core machine (``tools``-free: time ``A @ B`` both ways):

    (64 x 64) @ (64 x 256)     an LSTM step at batch 64     1 thread 25 us, 2 threads 38 us
    (256 x 64) @ (64 x 256)    the same at batch 256        89 us, 84 us
    (16 x 144) @ (144 x 12544) a 3x3 convolution's product  949 us, 459 us

So only the products below ``SMALL`` multiply-adds run on one thread (OpenBLAS itself
already keeps the tiniest ones, under 262,144, on one):

    with blas.threads_for(batch * hidden * 4 * hidden):
        ... many products of that size ...

The setting is OpenBLAS's, for the whole process: a product that another thread starts
meanwhile runs on one thread too (as fast or a little slower, never wrong). Where numpy
uses another BLAS (no OpenBLAS found), nothing changes.
"""

from __future__ import annotations

import ctypes
import glob
import os
import threading
from contextlib import contextmanager

import numpy as np

SMALL = 2_000_000  # multiply-adds: below this, one thread is faster (see the table above)


def _openblas_functions():
    """OpenBLAS's ``(get_num_threads, set_num_threads)`` from the library numpy loaded, or None."""
    folder = os.path.join(os.path.dirname(np.__path__[0]), "numpy.libs")
    for path in sorted(glob.glob(os.path.join(folder, "*openblas*"))):
        try:
            library = ctypes.CDLL(path)  # already loaded by numpy: this only finds it
        except OSError:
            continue
        for prefix, suffix in (("scipy_", "64_"), ("scipy_", ""), ("", "")):
            getter = getattr(library, f"{prefix}openblas_get_num_threads{suffix}", None)
            setter = getattr(library, f"{prefix}openblas_set_num_threads{suffix}", None)
            if getter is not None and setter is not None:
                getter.argtypes, getter.restype = [], ctypes.c_int
                setter.argtypes, setter.restype = [ctypes.c_int], None
                return getter, setter
    return None


_openblas = _openblas_functions()
_lock = threading.Lock()
_inside = 0  # sections in progress, over all threads: the first sets one thread, the last restores
_before = 0


@contextmanager
def threads_for(multiply_adds: int):
    """Run the products inside on one thread if a product of ``multiply_adds`` is small (see the module)."""
    global _inside, _before
    if _openblas is None or multiply_adds >= SMALL:
        yield
        return
    get_threads, set_threads = _openblas
    with _lock:
        if _inside == 0:
            _before = get_threads()
            set_threads(1)
        _inside += 1
    try:
        yield
    finally:
        with _lock:
            _inside -= 1
            if _inside == 0:
                set_threads(_before)
