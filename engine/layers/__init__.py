"""Layers: one small class per layer, one module per family.

Every layer has ``forward(x, training=True) -> y`` and ``backward(dy) -> dx``, parameters
in ``layer.params`` and their gradients in ``layer.grads`` (same keys). See ``base.py``.
"""

from .activations import ELU, LeakyReLU, ReLU, Sigmoid, Softmax, Swish, Tanh
from .base import Layer
from .blocks import InceptionBlock, ResidualBlock
from .conv import Conv2D
from .dense import Dense, Dropout, Embedding, Flatten, Reshape
from .normalization import BatchNorm1D, BatchNorm2D
from .pooling import AvgPool2D, GlobalAvgPool2D, MaxPool2D
from .recurrent import GRU, LSTM, SimpleRNN

# Every layer class a saved model may name. Loading looks classes up here, never by
# evaluating text from the file.
LAYER_CLASSES: dict[str, type[Layer]] = {
    cls.__name__: cls
    for cls in (
        Conv2D,
        MaxPool2D,
        AvgPool2D,
        GlobalAvgPool2D,
        Dense,
        Embedding,
        Flatten,
        Reshape,
        Dropout,
        BatchNorm1D,
        BatchNorm2D,
        ReLU,
        LeakyReLU,
        ELU,
        Sigmoid,
        Swish,
        Tanh,
        Softmax,
        SimpleRNN,
        LSTM,
        GRU,
        ResidualBlock,
        InceptionBlock,
    )
}


def layer_from_config(entry: dict) -> Layer:
    """Rebuild a layer from ``{"class": "Conv2D", "name": ..., "config": {...}}``."""
    class_name = entry.get("class")
    if class_name not in LAYER_CLASSES:
        raise ValueError(f"unknown layer class {class_name!r}")
    layer = LAYER_CLASSES[class_name].from_config(dict(entry.get("config", {})))
    if entry.get("name"):
        layer.name = entry["name"]
    return layer


__all__ = [
    "GRU",
    "AvgPool2D",
    "BatchNorm1D",
    "BatchNorm2D",
    "Conv2D",
    "Dense",
    "Embedding",
    "Dropout",
    "ELU",
    "Flatten",
    "GlobalAvgPool2D",
    "InceptionBlock",
    "LAYER_CLASSES",
    "LSTM",
    "Layer",
    "LeakyReLU",
    "MaxPool2D",
    "ReLU",
    "Reshape",
    "ResidualBlock",
    "Sigmoid",
    "Swish",
    "SimpleRNN",
    "Softmax",
    "Tanh",
    "layer_from_config",
]
