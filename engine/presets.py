"""Named architectures, each with what it teaches: made for 28x28 digits, built for any image size.

model = build_preset("lab-cnn", seed=0)      # an uncompiled Sequential for (1, 28, 28) images
model = build_preset("lab-cnn", num_classes=3, input_shape=(3, 48, 48))   # for 48x48 colour photos
PRESETS["lab-cnn"].description
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from . import course_nets
from .data.augment import HANDWRITING
from .layers import (
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
    MaxPool2D,
    ReLU,
    Reshape,
    ResidualBlock,
    Sigmoid,
)
from .layers.base import flat_size
from .model import Sequential
from .training_config import TrainingConfig
from .words import said

INPUT_SHAPE = (1, 28, 28)


SHORT_EPOCHS = 3  # a run this short or shorter gets a preset's whole ``short_recipe``
# The numbers of a recipe that change with the budget (``Preset.recipe_for``), and how they are rounded.
BUDGET_SETTINGS = {"learning_rate": 2, "warmup_epochs": 2, "label_smoothing": 2, "val_split": 2}  # significant digits


@dataclass(frozen=True)
class Preset:
    """An architecture by name: its layers, a paragraph on what it teaches, a training recipe.

    recipe: TrainingConfig fields this architecture trains best with (learning rate etc.), for a
        run of ``recipe["epochs"]`` epochs.
    short_recipe: what changes for a run of ``SHORT_EPOCHS`` or fewer (``recipe_for``): the
        numbers of ``BUDGET_SETTINGS``, ``batch_size`` and the augmentation ``strength``.
    """

    name: str
    description: str
    layers: Callable[[tuple, int], list]  # (input shape (C, H, W), num_classes) -> layers
    recipe: dict = field(default_factory=dict)
    short_recipe: dict = field(default_factory=dict)

    def recipe_for(self, epochs: int | None = None) -> dict:
        """The recipe for a budget of ``epochs`` (None: the recipe's own).

        A recipe tuned for 30 epochs starts slowly (a learning rate that is safe for 30 epochs of
        steps, augmentation that makes each image harder): in 3 epochs it never catches up. With a
        ``short_recipe``, each number moves from its short value (at ``SHORT_EPOCHS`` or fewer) to its
        long one (at the recipe's epochs or more) along log(epochs): the learning rate geometrically,
        the others linearly. Measured in the README's "Short runs are good runs".
        """
        recipe = dict(self.recipe)
        long_epochs = recipe.get("epochs", TrainingConfig.epochs)
        if epochs is not None:
            recipe["epochs"] = epochs
        if not self.short_recipe or epochs is None or epochs >= long_epochs:
            return recipe
        t = float(np.clip(np.log(epochs / SHORT_EPOCHS) / np.log(long_epochs / SHORT_EPOCHS), 0.0, 1.0))
        defaults = TrainingConfig()
        for name, digits in BUDGET_SETTINGS.items():
            if name in self.short_recipe:
                short, long = self.short_recipe[name], recipe.get(name, getattr(defaults, name))
                value = short * (long / short) ** t if name == "learning_rate" else short + (long - short) * t
                recipe[name] = float(f"{value:.{digits}g}")
        if "batch_size" in self.short_recipe:  # geometrically too, to a power of two
            short, long = self.short_recipe["batch_size"], recipe.get("batch_size", defaults.batch_size)
            recipe["batch_size"] = int(2 ** round(np.log2(short) + (np.log2(long) - np.log2(short)) * t))
        if "strength" in self.short_recipe and "augment" in recipe:
            short, long = self.short_recipe["strength"], recipe["augment"].get("strength", 1.0)
            recipe["augment"] = {**recipe["augment"], "strength": round(short + (long - short) * t, 2)}
        return recipe


def _classic(shape, k):
    c = shape[0]
    features = [Conv2D(c, 20, 9), ReLU(), AvgPool2D(2), Flatten()]
    return [*features, Dense(flat_size(features, shape), 100), ReLU(), Dense(100, k)]


def _lab(c1: int, c2: int, hidden: int):
    def layers(shape, k):
        features = [
            Conv2D(shape[0], c1, 3, padding=1),
            ReLU(),
            MaxPool2D(2),
            Conv2D(c1, c2, 3, padding=1),
            ReLU(),
            MaxPool2D(2),
            Flatten(),
        ]
        return [*features, Dense(flat_size(features, shape), hidden), ReLU(), Dropout(0.25), Dense(hidden, k)]

    return layers


def _lenet(activation):
    def layers(shape, k):
        # LeCun et al. (1998) on 32x32 input; padding 2 gives the 28x28 digits the same 28x28 C1 maps.
        features = [
            Conv2D(shape[0], 6, 5, padding=2),
            activation(),
            AvgPool2D(2),
            Conv2D(6, 16, 5),
            activation(),
            AvgPool2D(2),
            Flatten(),
        ]
        return [
            *features,
            Dense(flat_size(features, shape), 120),
            activation(),
            Dense(120, 84),
            activation(),
            Dense(84, k),
        ]

    return layers


def _cbapd(shape, k):
    features = [
        Conv2D(shape[0], 32, 3, padding=1, bias=False),
        BatchNorm2D(32),
        ReLU(),
        MaxPool2D(2),
        Dropout(0.2),
        Conv2D(32, 64, 3, padding=1, bias=False),
        BatchNorm2D(64),
        ReLU(),
        MaxPool2D(2),
        Dropout(0.2),
        Flatten(),
    ]
    return [*features, Dense(flat_size(features, shape), 128), ReLU(), Dropout(0.3), Dense(128, k)]


def _mlp(shape, k):
    pixels = int(np.prod(shape))
    return [Flatten(), Dense(pixels, 512, bias=False), BatchNorm1D(512), ReLU(), Dropout(0.2), Dense(512, k)]


def _vgg(shape, k):
    def conv(c_in, c_out):
        return [Conv2D(c_in, c_out, 3, padding=1, bias=False), BatchNorm2D(c_out), ReLU()]

    # 28x28x16 -> 14x14x32 -> 7x7x64. One convolution at full size, where each costs most
    # (memory, not arithmetic), and two at each smaller size, where the channels grow. No third
    # pooling: squeezing 7x7 to 3x3 threw away the positions the dense layer reads, and cost
    # 0.16 points on Fashion-MNIST (three-seed mean) for no measurable speed (README).
    features = [
        *conv(shape[0], 16),
        MaxPool2D(2),
        *conv(16, 32),
        *conv(32, 32),
        MaxPool2D(2),
        *conv(32, 64),
        *conv(64, 64),
        Flatten(),
    ]
    return [*features, Dense(flat_size(features, shape), 128), ReLU(), Dropout(0.3), Dense(128, k)]


def _stem(in_channels, channels):
    """The first convolution of the block-based nets, then 2x2 pooling: 28x28 -> 14x14."""
    return [Conv2D(in_channels, channels, 3, padding=1, bias=False), BatchNorm2D(channels), ReLU(), MaxPool2D(2)]


def _resnet(shape, k):
    # 14x14x16 -> 14x14x16 -> 7x7x32 -> 4x4x64, then one number per channel.
    return [
        *_stem(shape[0], 16),
        ResidualBlock(16, 16),
        ResidualBlock(16, 32, stride=2),
        ResidualBlock(32, 64, stride=2),
        GlobalAvgPool2D(),
        Dense(64, k),
    ]


def _inception(shape, k):
    # 14x14x16 -> 14x14x40 -> 7x7x40 -> 7x7x80, then one number per channel.
    return [
        *_stem(shape[0], 16),
        InceptionBlock(16, out_1x1=8, out_3x3=16, out_5x5=8, out_pool=8),
        MaxPool2D(2),
        InceptionBlock(40, out_1x1=16, out_3x3=32, out_5x5=16, out_pool=16),
        GlobalAvgPool2D(),
        Dense(80, k),
    ]


def _row_lstm(shape, k):
    channels, height, width = shape
    # One row of pixels per time step; a colour image is its red rows, then its green, then its blue.
    return [Reshape((channels * height, width)), LSTM(width, 64), Dense(64, k)]


PRESETS = {
    p.name: p
    for p in [
        Preset(
            "classic-9x9",
            said("One wide convolution (20 filters of 9x9) and average pooling, then a hidden dense layer: the "
                 "network of the classic homework framework. Big kernels learn whole stroke fragments you can "
                 "recognise in the Filters view, and the model shows how far one convolution already gets."),
            _classic,
            {"optimizer": "momentum", "learning_rate": 0.01},
        ),
        Preset(
            "lab-cnn",
            said("Two 3x3 convolutions (32 and 64 filters) each followed by 2x2 max-pooling, a 128-unit dense "
                 "layer and dropout: the standard small CNN of course labs. Stacked small kernels see as far as "
                 "one big kernel with fewer weights; pooling buys tolerance to small shifts."),
            _lab(32, 64, 128),
        ),
        Preset(
            "lab-cnn-light",
            said("The lab CNN with 8 and 16 filters and 32 hidden units: about 25x fewer weights, trains in "
                 "seconds, and still reaches about 98% on digits. Good for live demos on slow machines."),
            _lab(8, 16, 32),
        ),
        Preset(
            "lenet-5",
            said("LeCun's 1998 LeNet-5 with its original sigmoid activations and average pooling. Compare it "
                 "with lenet-5-relu to see why ReLU replaced sigmoid: saturating units make gradients vanish "
                 "and training start slowly."),
            _lenet(Sigmoid),
            {"learning_rate": 3e-3},
        ),
        Preset(
            "lenet-5-relu",
            said("LeNet-5 with ReLU activations: the same architecture as lenet-5, which learns much faster "
                 "because ReLU does not saturate for positive inputs."),
            _lenet(ReLU),
        ),
        Preset(
            "baseline-cbapd",
            said("Blocks of Convolution, BatchNorm, Activation, Pooling and Dropout (C-B-A-P-D), the usual "
                 "modern baseline recipe. BatchNorm keeps activations well scaled so higher learning rates "
                 "work; dropout fights overfitting."),
            _cbapd,
        ),
        Preset(
            "mlp",
            said("No convolutions: flatten the image and use one 512-unit hidden layer with BatchNorm. It "
                 "shows what convolutions add: an MLP must learn every stroke at every position separately."),
            _mlp,
        ),
        Preset(
            "mini-vgg",
            said("Five 3x3 convolutions with BatchNorm, in VGG's pattern (Simonyan and Zisserman, 2014): "
                 "depth built from the smallest useful kernel, and the channels doubling (16, 32, 64) each "
                 "time 2x2 pooling halves the image. Two stacked 3x3 convolutions see a 5x5 patch with fewer "
                 "weights and one more non-linearity."),
            _vgg,
        ),
        Preset(
            "mini-resnet",
            said("Three residual blocks (He et al., 2015): each adds a learned correction to its own input, "
                 "through a shortcut that is the identity or a 1x1 convolution when the size changes. The "
                 "shortcuts carry the gradient straight back, which is why such nets can be hundreds of layers "
                 "deep; global average pooling replaces the big dense layer."),
            _resnet,
            # The default recipe, chosen by measurement (README, "Choosing the default"):
            # 99.25% on the 2,000 held-out embedded digits after training on the other 8,000.
            {"epochs": 30, "learning_rate": 2e-3, "schedule": "cosine", "augment": HANDWRITING.to_dict()},
            # For 3 epochs, also measured (README, "Short runs are good runs"): 98.6-98.7% against 96.0%
            # with the 30-epoch recipe. More, faster steps, eased in; augmentation at a fifth.
            {"learning_rate": 1e-2, "batch_size": 32, "warmup_epochs": 0.3, "label_smoothing": 0.1, "strength": 0.2},
        ),
        Preset(
            "mini-inception",
            said("Two inception modules (Szegedy et al., 2014): 1x1, 3x3 and 5x5 convolutions and a pooling "
                 "branch side by side, their feature maps concatenated, so the network learns which filter "
                 "size to use where. Cheap 1x1 convolutions shrink the channels before the costly ones."),
            _inception,
        ),
        Preset(
            "row-lstm",
            said("An LSTM that reads the image one row of 28 pixels at a time, top to bottom, and classifies "
                 "from its final state: a recurrent network doing a vision task, and a way to see how memory "
                 "over a sequence works."),
            _row_lstm,
            {"learning_rate": 2e-3},
        ),
    ]
}
ZOO = tuple(PRESETS)  # the model zoo: small nets for 28x28 digits, tuned and tested on them one by one
# The TF2 notes' CIFAR-10 networks, exactly as the notes build them (engine/course_nets.py). Minutes per
# epoch of CIFAR-10's 50,000 training images at the notes' batch of 32, on the 2-core machine:
# ``python benchmarks/course_nets.py`` (README, "The course's networks").
COURSE_RECIPE = {"batch_size": 32, "epochs": 5, "learning_rate": 1e-3}  # the notes': Adam, batch 32, 5 epochs
COURSE = {
    p.name: p
    for p in [
        Preset(
            "tf2-baseline",
            said("The TF2 notes' CIFAR-10 Baseline: one block of Convolution (6 filters of 5x5, 'same'), BatchNorm, "
                 "ReLU, 2x2 max-pooling and Dropout 0.2 (C-B-A-P-D), then Dense 128 and Dropout 0.2. Ours, "
                 "baseline-cbapd, stacks two such blocks and reaches more. About 20 seconds per CIFAR-10 "
                 "epoch here."),
            course_nets.baseline,
            COURSE_RECIPE,
        ),
        Preset(
            "tf2-lenet5",
            said("The TF2 notes' LeNet5: two 5x5 convolutions without padding, sigmoid after every layer and 2x2 "
                 "max-pooling, then Dense 120 and 84. Unlike our lenet-5 it pads nothing and max-pools, as the notes "
                 "do. About 20 seconds per CIFAR-10 epoch."),
            course_nets.lenet5,
            COURSE_RECIPE,
        ),
        Preset(
            "tf2-alexnet8",
            said("The TF2 notes' AlexNet8: five 3x3 convolutions (96, 256, 384, 384, 256 filters; BatchNorm after the "
                 "first two), three overlapping 3x3 max-poolings with stride 2, and two Dense 2048 layers with "
                 "Dropout 0.5: about 9.6 million weights. About 11 minutes per CIFAR-10 epoch on two "
                 "cores; mini-vgg is a faster start."),
            course_nets.alexnet8,
            COURSE_RECIPE,
        ),
        Preset(
            "tf2-vgg16",
            said("The TF2 notes' VGG16: thirteen 3x3 convolutions with BatchNorm and ReLU in five blocks of 64, 128, "
                 "256, 512 and 512 channels, each ending in 2x2 max-pooling and Dropout 0.2, then Dense 512, 512: "
                 "about 15 million weights. About 22 minutes per CIFAR-10 epoch on two cores, so try "
                 "mini-vgg first."),
            course_nets.vgg16,
            COURSE_RECIPE,
        ),
        Preset(
            "tf2-inception10",
            said("The TF2 notes' Inception10: a 3x3 convolution, then four inception blocks (1x1, 3x3 and 5x5 "
                 "branches and a pooling branch side by side, 16 and then 32 channels each; the first of each pair "
                 "with stride 2), global average pooling. About 8 minutes per CIFAR-10 epoch; "
                 "mini-inception is the small version."),
            course_nets.inception10,
            COURSE_RECIPE,
        ),
        Preset(
            "tf2-resnet18",
            said("The TF2 notes' ResNet18: a 3x3 convolution of 64 filters, eight basic residual blocks (64, 128, 256 "
                 "and 512 channels, 1x1 projection shortcuts where the size halves) and global average pooling: about "
                 "11 million weights. About 35 to 40 minutes per CIFAR-10 epoch on two cores; mini-resnet "
                 "is the small version."),
            course_nets.resnet18,
            COURSE_RECIPE,
        ),
    ]
}
PRESETS.update(COURSE)
DEFAULT_PRESET = "mini-resnet"


def build_preset(
    name: str, num_classes: int = 10, seed: int | None = None, input_shape: tuple[int, int, int] = INPUT_SHAPE
) -> Sequential:
    """A fresh, uncompiled model of the named preset for images of ``input_shape`` (C, H, W); its first loss
    is close to ln(num_classes). Every preset adapts its first and its dense layer to the shape."""
    if name not in PRESETS:
        raise ValueError(said("unknown preset {name}; choose one of {value}",
                              name=repr(name), value=', '.join(PRESETS)))
    input_shape = tuple(int(side) for side in input_shape)
    model = Sequential(input_shape=input_shape, name=name, seed=seed)
    try:
        for layer in PRESETS[name].layers(input_shape, num_classes):
            model.add(layer)
    except ValueError as error:  # a layer that does not fit: the images are too small for this preset
        shape = "x".join(map(str, input_shape))
        raise ValueError(said("{name} does not fit {shape} images ({value})",
                              name=name, shape=shape, value=str(error).splitlines()[0])) from None
    return model.start_near_chance()


def seconds_per_step(model: Sequential, batch_size: int, steps: int = 2) -> float:
    """The median time of ``steps`` training steps of ``model`` (compiled) on random inputs of its shape, after
    one untimed step; the time of a step does not depend on the pixels."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(batch_size, *model.input_shape)).astype(np.float32)
    y = rng.integers(0, model.output_shape()[0], batch_size)
    times = []
    for _ in range(steps + 1):
        start = time.perf_counter()
        model.train_step(x, y)
        times.append(time.perf_counter() - start)
    return float(np.median(times[1:]))


def epoch_seconds(name: str, input_shape, num_classes: int, images: int, steps: int = 2) -> float:
    """About how long one epoch of ``images`` training images takes the preset on this machine, at its
    recipe's batch size (ValueError when it does not fit images of ``input_shape``)."""
    batch = PRESETS[name].recipe.get("batch_size", TrainingConfig.batch_size)
    model = build_preset(name, num_classes, seed=0, input_shape=input_shape).compile("adam")
    return seconds_per_step(model, batch, steps) * -(-images // batch)
