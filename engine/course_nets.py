"""The TF2 course notes' CIFAR-10 networks (北京大学《人工智能实践：Tensorflow笔记》, class 5), layer for layer.

Each function takes the input shape (C, H, W) and the number of classes and returns the layers the
notes' Keras class builds, in the notes' order: ``Conv2D(..., padding='same')`` is a convolution
padded to keep the size, ``MaxPool2D(..., padding='same')`` pools with ``padding="same"``,
``Activation``s are their own layers, and the last ``Dense(10, activation='softmax')`` is a Dense
layer whose softmax the cross-entropy loss applies (as ``from_logits=True`` would).

Where this engine differs, on purpose: a convolution followed by BatchNorm has no bias inside the
residual and inception blocks (BatchNorm's beta does the same job; Keras keeps one, 1 number per
channel); a strided 3x3 convolution pads one pixel on every side (Keras' 'same' pads only the
bottom and right at stride 2: the same sizes, the window one pixel off). ``engine.presets`` turns
them into presets, with the minutes per CIFAR-10 epoch measured by ``benchmarks/course_nets.py``.
"""

from __future__ import annotations

from .layers import (
    BatchNorm2D,
    Conv2D,
    Dense,
    Dropout,
    Flatten,
    GlobalAvgPool2D,
    InceptionBlock,
    MaxPool2D,
    ReLU,
    ResidualBlock,
    Sigmoid,
)
from .layers.base import flat_size
from .regularizers import Regularizer


def baseline(shape, k):
    """The notes' ``Baseline``: one C-B-A-P-D block (6 filters of 5x5), then Dense 128, Dropout, Dense 10."""
    features = [
        Conv2D(shape[0], 6, 5, padding="same"),
        BatchNorm2D(6),
        ReLU(),
        MaxPool2D(2, stride=2, padding="same"),
        Dropout(0.2),
        Flatten(),
    ]
    return [*features, Dense(flat_size(features, shape), 128), ReLU(), Dropout(0.2), Dense(128, k)]


def lenet5(shape, k):
    """The notes' ``LeNet5``: 5x5 convolutions without padding, sigmoid everywhere, max-pooling."""
    features = [
        Conv2D(shape[0], 6, 5),
        Sigmoid(),
        MaxPool2D(2, stride=2),
        Conv2D(6, 16, 5),
        Sigmoid(),
        MaxPool2D(2, stride=2),
        Flatten(),
    ]
    dense = [Dense(flat_size(features, shape), 120), Sigmoid(), Dense(120, 84), Sigmoid(), Dense(84, k)]
    return features + dense


def alexnet8(shape, k):
    """The notes' ``AlexNet8``: five convolutions (the first two with BatchNorm and 3x3/2 pooling), two Dense
    2048 with Dropout 0.5."""
    features = [
        Conv2D(shape[0], 96, 3),
        BatchNorm2D(96),
        ReLU(),
        MaxPool2D(3, stride=2),
        Conv2D(96, 256, 3),
        BatchNorm2D(256),
        ReLU(),
        MaxPool2D(3, stride=2),
        Conv2D(256, 384, 3, padding="same"),
        ReLU(),
        Conv2D(384, 384, 3, padding="same"),
        ReLU(),
        Conv2D(384, 256, 3, padding="same"),
        ReLU(),
        MaxPool2D(3, stride=2),
        Flatten(),
    ]
    dense = [Dense(flat_size(features, shape), 2048), ReLU(), Dropout(0.5), Dense(2048, 2048), ReLU(), Dropout(0.5)]
    return [*features, *dense, Dense(2048, k)]


def vgg16(shape, k):
    """The notes' ``VGG16``: 13 3x3 convolutions with BatchNorm and ReLU in five blocks (64, 128, 256, 512, 512
    channels), each block ending in 2x2 'same' max-pooling and Dropout 0.2; then Dense 512, 512, 10."""
    layers, channels = [], shape[0]
    for width, convolutions in ((64, 2), (128, 2), (256, 3), (512, 3), (512, 3)):
        for _ in range(convolutions):
            layers += [Conv2D(channels, width, 3, padding="same"), BatchNorm2D(width), ReLU()]
            channels = width
        layers += [MaxPool2D(2, stride=2, padding="same"), Dropout(0.2)]
    layers.append(Flatten())
    dense = [Dense(flat_size(layers, shape), 512), ReLU(), Dropout(0.2), Dense(512, 512), ReLU(), Dropout(0.2)]
    return [*layers, *dense, Dense(512, k)]


def inception10(shape, k):
    """The notes' ``Inception10(num_blocks=2)``: a 3x3 ConvBNRelu of 16, then two blocks of two
    ``InceptionBlk``s (the first of each with stride 2), 16 then 32 channels per branch, global average
    pooling, Dense 10."""
    layers = [Conv2D(shape[0], 16, 3, padding="same", bias=False), BatchNorm2D(16), ReLU()]
    channels = 16
    for width in (16, 32):
        for stride in (2, 1):
            layers.append(InceptionBlock(channels, width, width, width, width, reduce_3x3=width, reduce_5x5=width,
                                         stride=stride))  # fmt: skip
            channels = 4 * width
    return [*layers, GlobalAvgPool2D(), Dense(channels, k)]


def resnet18(shape, k):
    """The notes' ``ResNet18([2, 2, 2, 2])``: a 3x3 convolution of 64, eight basic residual blocks (64, 128,
    256, 512 channels; the first of each later pair with stride 2 and a 1x1 projection), global average
    pooling, Dense 10 with ``kernel_regularizer=l2()`` (Keras' default factor, 0.01)."""
    layers = [Conv2D(shape[0], 64, 3, padding="same", bias=False), BatchNorm2D(64), ReLU()]
    channels = 64
    for stage, width in enumerate((64, 128, 256, 512)):
        for block in range(2):
            stride = 2 if stage and block == 0 else 1
            layers.append(ResidualBlock(channels, width, stride=stride))
            channels = width
    return [*layers, GlobalAvgPool2D(), Dense(channels, k, kernel_regularizer=Regularizer(l2=0.01))]
