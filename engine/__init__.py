"""CNN Studio's deep-learning engine: pure numpy, float32, no Qt.

    from engine import Sequential, load_model
    from engine.layers import Conv2D, ReLU, MaxPool2D, Flatten, Dense
    from engine.optimizers import Adam

Modules: ``layers`` (one class per layer), ``losses``, ``optimizers``, ``schedules``,
``initializers``, ``callbacks``, ``model`` (Sequential), ``serialization`` (save/load),
``gradcheck`` (finite-difference checks).
"""

import os
import sys

# OpenBLAS's idle threads keep a core busy for about 0.1 s after every matrix product
# unless told to sleep at once. The engine runs the elementwise passes between the
# products on two threads (layers/parallel.py), which that spinning would slow down. The
# setting counts only if it is made before numpy loads OpenBLAS, so it is made here.
if "numpy" not in sys.modules:
    os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "4")

from .errors import DivergenceError, ModelFileError  # noqa: E402
from .model import Sequential, load_model  # noqa: E402

__all__ = ["DivergenceError", "ModelFileError", "Sequential", "load_model"]
