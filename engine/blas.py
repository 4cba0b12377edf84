"""How many threads numpy's matrix products use, chosen per product shape.

numpy multiplies matrices with the OpenBLAS library it ships, which splits every product
big enough over all cores (2 here). For a small product the split costs more than it
saves: waking the second thread and joining it takes longer than the half of the work it
takes over. Measured on the 2-core machine (``A @ B`` timed both ways):

    (64 x 64) @ (64 x 256)     an LSTM step at batch 64     1 thread 25 us, 2 threads 38 us
    (256 x 64) @ (64 x 256)    the same at batch 256        89 us, 84 us
    (16 x 144) @ (144 x 12544) a 3x3 convolution's product  949 us, 459 us

So only the products below ``SMALL`` multiply-adds run on one thread (OpenBLAS itself
already keeps the tiniest ones, under 262,144, on one):

    with blas.threads_for(batch * hidden * 4 * hidden):
        ... many products of that size ...

The setting is OpenBLAS's, for the whole process: a product that another thread starts
meanwhile runs on one thread too (as fast or a little slower, never wrong). Where numpy
uses another BLAS (no OpenBLAS found), nothing changes. ``long_product`` is the other
shape rule: a long thin product (a first convolution's dW) summed over slices of its
inner dimension.
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


SLICE = 600_000  # multiply-adds per slice product in ``long_product``


def long_product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b`` for (M, K) @ (K, N) with a small result and a long K, summed over slices of K.

    The first convolution's dW is such a product: (filters, N * H * W) @ (N * H * W, kH * kW) for
    grey images, 16 x 50,176 x 9 at batch 64 for mini-resnet. OpenBLAS splits it over both
    threads and runs slowly; slices of K small enough for one thread and the cache (about
    ``SLICE`` multiply-adds: 1,024-4,096 columns here) are 1.2-4x faster summed (measured at
    batch 64: 590 -> 227 us for 16 x 9, 845 -> 418 for 32 x 9, 1,024 -> 255 for LeNet's 6 x 25,
    1,233 -> 990 for 64 x 9). Results with more than 1,024 numbers get no gain and are left whole.
    A whole training step (A/B in one process): lenet-5 1.05-1.07x faster; lab-cnn and
    mini-resnet, whose first layer is a smaller share, within the noise (0.99-1.01x).
    """
    M, K = a.shape
    N = b.shape[1]
    if M * N > 1024:
        return a @ b
    size = 1 << max(9, round(np.log2(SLICE / (M * N))))  # a power of two near SLICE / (M * N)
    if size * 2 > K:
        return a @ b
    out = a[:, :size] @ b[:size]
    for start in range(size, K, size):
        out += a[:, start : start + size] @ b[start : start + size]
    return out
