"""The catalogue of layer configurations that gradient checks run on.

Shared by the test suite and ``python main.py gradcheck``: every layer with parameters and
every activation, in several shapes, strides and paddings. Each entry is
``(description, make_layer, input_shape)``; inputs are standard-normal float64.
"""

from __future__ import annotations

import numpy as np

from .layers import (
    ELU,
    GRU,
    LSTM,
    AvgPool2D,
    BatchNorm1D,
    BatchNorm2D,
    Conv2D,
    Dense,
    Dropout,
    Flatten,
    GlobalAvgPool2D,
    InceptionBlock,
    LeakyReLU,
    MaxPool2D,
    ReLU,
    Reshape,
    ResidualBlock,
    Sigmoid,
    SimpleRNN,
    Softmax,
    Swish,
    Tanh,
)


def shifted(block):
    """A block whose BatchNorm betas are random instead of 0, seeded.

    With beta = 0, ``ReLU(gamma * x_hat)`` scales exactly with gamma, and a BatchNorm
    further on divides that scale out again: the true gradient of such a gamma is 0, and
    the check would compare rounding noise with rounding noise.
    """
    rng = np.random.default_rng(7)
    block.rng = np.random.default_rng(8)
    block.reset_parameters()
    for key, value in block.params.items():
        if key.endswith(".beta"):
            value[...] = rng.normal(0, 0.5, value.shape)
    return block


LAYER_CASES = [
    ("Conv2D 3x3 stride 1 pad 0", lambda: Conv2D(2, 3, 3), (2, 2, 6, 6)),
    ("Conv2D 3x3 stride 1 pad 'same'", lambda: Conv2D(1, 4, 3, padding="same"), (2, 1, 5, 5)),
    # Fewer (or as many) filters as channels: backward computes dx from dy's patches (Conv2D._backward_same).
    ("Conv2D 3x3 'same', 4 -> 3 channels", lambda: Conv2D(4, 3, 3, padding=1), (2, 4, 5, 6)),
    ("Conv2D 5x5 pad 2, 2 -> 2 channels", lambda: Conv2D(2, 2, 5, padding=2), (2, 2, 6, 5)),
    ("Conv2D 3x3 stride 2 pad 1", lambda: Conv2D(3, 2, 3, stride=2, padding=1), (2, 3, 7, 7)),
    ("Conv2D 2x2 'same' (uneven pad)", lambda: Conv2D(2, 2, 2, padding="same"), (2, 2, 5, 4)),
    (
        "Conv2D 5x3 stride 2 'full' no bias",
        lambda: Conv2D(2, 3, (5, 3), stride=2, padding="full", bias=False),
        (1, 2, 6, 5),
    ),
    ("Conv2D 1x1", lambda: Conv2D(4, 2, 1), (3, 4, 3, 3)),
    ("MaxPool2D 2 (stride 2)", lambda: MaxPool2D(2), (2, 3, 6, 6)),
    ("MaxPool2D 3 stride 2 (overlapping)", lambda: MaxPool2D(3, stride=2), (2, 2, 7, 7)),
    ("MaxPool2D 2 on odd size", lambda: MaxPool2D(2), (1, 2, 5, 5)),
    ("MaxPool2D 2 'same' on odd size", lambda: MaxPool2D(2, padding="same"), (1, 2, 5, 7)),
    ("MaxPool2D 3 stride 1 'same'", lambda: MaxPool2D(3, stride=1, padding="same"), (1, 2, 5, 5)),
    ("AvgPool2D 2", lambda: AvgPool2D(2), (2, 3, 6, 6)),
    ("AvgPool2D 2 'same' on odd size", lambda: AvgPool2D(2, padding="same"), (1, 2, 5, 7)),
    ("AvgPool2D 3 stride 2 'same'", lambda: AvgPool2D(3, stride=2, padding="same"), (1, 2, 6, 6)),
    ("AvgPool2D 3 stride 2 (overlapping)", lambda: AvgPool2D(3, stride=2), (2, 2, 7, 7)),
    ("GlobalAvgPool2D", lambda: GlobalAvgPool2D(), (2, 3, 4, 5)),
    ("Dense 6->4", lambda: Dense(6, 4), (5, 6)),
    ("Flatten", lambda: Flatten(), (2, 3, 2, 2)),
    ("Reshape (1, 4, 4) -> (4, 4)", lambda: Reshape((4, 4)), (2, 1, 4, 4)),
    ("Dropout 0.5 (fixed mask)", lambda: Dropout(0.5), (4, 6)),
    ("BatchNorm1D", lambda: BatchNorm1D(5), (8, 5)),
    ("BatchNorm2D", lambda: BatchNorm2D(3), (4, 3, 3, 3)),
    ("ReLU", lambda: ReLU(), (4, 7)),
    ("LeakyReLU 0.1", lambda: LeakyReLU(0.1), (4, 7)),
    ("ELU", lambda: ELU(), (4, 7)),
    ("Sigmoid", lambda: Sigmoid(), (4, 7)),
    ("Swish", lambda: Swish(), (4, 7)),
    ("Tanh", lambda: Tanh(), (4, 7)),
    ("Softmax", lambda: Softmax(), (4, 7)),
    ("SimpleRNN last step", lambda: SimpleRNN(3, 4), (2, 5, 3)),
    ("SimpleRNN sequences", lambda: SimpleRNN(3, 4, return_sequences=True), (2, 5, 3)),
    ("LSTM last step", lambda: LSTM(3, 4), (2, 5, 3)),
    ("LSTM sequences", lambda: LSTM(3, 4, return_sequences=True), (2, 4, 3)),
    ("GRU last step", lambda: GRU(3, 4), (2, 5, 3)),
    ("GRU sequences", lambda: GRU(3, 4, return_sequences=True), (2, 4, 3)),
    ("ResidualBlock identity shortcut", lambda: shifted(ResidualBlock(3, 3)), (4, 3, 5, 5)),
    ("ResidualBlock 1x1 projection, stride 2", lambda: shifted(ResidualBlock(2, 4, stride=2)), (4, 2, 5, 5)),
    ("InceptionBlock", lambda: shifted(InceptionBlock(3, 2, 3, 2, 2)), (4, 3, 5, 5)),
    (
        "InceptionBlock stride 2",
        lambda: shifted(InceptionBlock(3, 2, 2, 2, 2, reduce_3x3=2, reduce_5x5=2, stride=2)),
        (4, 3, 6, 5),
    ),
]
