"""CNN Studio's deep-learning engine: pure numpy, float32, no Qt.

    from engine import Sequential, load_model
    from engine.layers import Conv2D, ReLU, MaxPool2D, Flatten, Dense
    from engine.optimizers import Adam

Modules: ``layers`` (one class per layer), ``losses``, ``optimizers``, ``schedules``,
``initializers``, ``callbacks``, ``model`` (Sequential), ``serialization`` (save/load),
``gradcheck`` (finite-difference checks).
"""

from .model import DivergenceError, Sequential
from .serialization import ModelFileError, load_model

__all__ = ["DivergenceError", "ModelFileError", "Sequential", "load_model"]
