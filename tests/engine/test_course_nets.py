"""The TF2 notes' CIFAR-10 networks: layer for layer (the parameter counts Keras prints for the notes' code),
their shapes on CIFAR and on digits, a first loss near ln(10), and a training step that learns."""

import numpy as np
import pytest

from engine.layers import BatchNorm2D, Conv2D, Dense, Dropout, InceptionBlock, MaxPool2D, ResidualBlock, Sigmoid
from engine.presets import COURSE, PRESETS, ZOO, build_preset

CIFAR = (3, 32, 32)


def conv(k, c_in, c_out, bias=True):
    return k * k * c_in * c_out + (c_out if bias else 0)


# What Keras' model.summary() counts as trainable for the notes' networks on 32x32x3 (BatchNorm: gamma and beta),
# worked out from their layers by hand.
KERAS_TRAINABLE = {
    "tf2-baseline": conv(5, 3, 6) + 2 * 6 + (16 * 16 * 6 * 128 + 128) + (128 * 10 + 10),
    "tf2-lenet5": conv(5, 3, 6) + conv(5, 6, 16) + (400 * 120 + 120) + (120 * 84 + 84) + (84 * 10 + 10),
    "tf2-alexnet8": conv(3, 3, 96) + 2 * 96 + conv(3, 96, 256) + 2 * 256 + conv(3, 256, 384) + conv(3, 384, 384)
    + conv(3, 384, 256) + (2 * 2 * 256 * 2048 + 2048) + (2048 * 2048 + 2048) + (2048 * 10 + 10),
    "tf2-vgg16": sum(conv(3, a, b) + 2 * b for a, b in [(3, 64), (64, 64), (64, 128), (128, 128), (128, 256),
                     (256, 256), (256, 256), (256, 512), (512, 512), (512, 512), (512, 512), (512, 512), (512, 512)])
    + (512 * 512 + 512) * 2 + (512 * 10 + 10),
}  # fmt: skip


def test_the_course_nets_are_presets_beside_the_zoo():
    assert list(COURSE) == ["tf2-baseline", "tf2-lenet5", "tf2-alexnet8", "tf2-vgg16", "tf2-inception10",
                            "tf2-resnet18"]  # fmt: skip
    assert set(PRESETS) == set(ZOO) | set(COURSE) and not set(ZOO) & set(COURSE)
    for preset in COURSE.values():
        assert "minutes per CIFAR-10 epoch" in preset.description or "seconds per CIFAR-10" in preset.description
        assert preset.recipe["batch_size"] == 32  # the notes' batch


@pytest.mark.parametrize("name", list(KERAS_TRAINABLE))
def test_layer_for_layer_as_keras_counts_them(name):
    assert build_preset(name, input_shape=CIFAR).num_params() == KERAS_TRAINABLE[name]


def test_the_notes_layers_in_the_notes_order():
    baseline = build_preset("tf2-baseline", input_shape=CIFAR).layers
    kinds = [type(layer).__name__ for layer in baseline]
    assert kinds == ["Conv2D", "BatchNorm2D", "ReLU", "MaxPool2D", "Dropout", "Flatten", "Dense", "ReLU", "Dropout",
                     "Dense"]  # fmt: skip
    assert baseline[0].padding == "same" and baseline[3].padding == "same" and baseline[4].p == 0.2
    lenet = build_preset("tf2-lenet5", input_shape=CIFAR).layers
    assert sum(isinstance(layer, Sigmoid) for layer in lenet) == 4 and all(
        layer.padding in (0, (0, 0), "valid") for layer in lenet if isinstance(layer, Conv2D)
    )
    assert [layer.kernel_size for layer in lenet if isinstance(layer, MaxPool2D)] == [(2, 2), (2, 2)]
    alexnet = build_preset("tf2-alexnet8", input_shape=CIFAR).layers
    assert [(p.kernel_size, p.stride) for p in alexnet if isinstance(p, MaxPool2D)] == [((3, 3), 2)] * 3
    assert [d.p for d in alexnet if isinstance(d, Dropout)] == [0.5, 0.5]
    vgg = build_preset("tf2-vgg16", input_shape=CIFAR).layers
    assert sum(isinstance(layer, Conv2D) for layer in vgg) == 13 and sum(isinstance(b, BatchNorm2D) for b in vgg) == 13
    inception = build_preset("tf2-inception10", input_shape=CIFAR)
    blocks = [layer for layer in inception.layers if isinstance(layer, InceptionBlock)]
    assert [(b.in_channels, b.out_channels, b.stride) for b in blocks] == [(16, 64, 2), (64, 64, 1), (64, 128, 2),
                                                                           (128, 128, 1)]  # fmt: skip
    assert inception.layer_shapes()[-2] == (128,)
    resnet = build_preset("tf2-resnet18", input_shape=CIFAR)
    blocks = [layer for layer in resnet.layers if isinstance(layer, ResidualBlock)]
    assert [(b.out_channels, b.stride, b.projection) for b in blocks] == [
        (64, 1, False), (64, 1, False), (128, 2, True), (128, 1, False), (256, 2, True), (256, 1, False),
        (512, 2, True), (512, 1, False)]  # fmt: skip
    assert isinstance(resnet.layers[-1], Dense) and resnet.layer_shapes()[-3] == (512, 4, 4)


@pytest.mark.parametrize("name", list(COURSE))
def test_each_starts_near_chance_and_a_step_lowers_the_loss(name):
    """On CIFAR-shaped batches: the first loss is ln(10), as for every preset, and ten steps on one batch lower
    its training loss (the pictures are random, so the net can only learn that batch; measured: the last three
    steps 0.1 to 2.2 below the first for ResNet18 to VGG16, whose dropout makes them noisy)."""
    rng = np.random.default_rng(0)
    shape = (3, 24, 24)  # the smallest colour images all six take (AlexNet8's three 3x3/2 poolings): half the time
    x = rng.normal(size=(8, *shape)).astype(np.float32)
    y = np.arange(8) % 10
    model = build_preset(name, seed=0, input_shape=shape).compile("adam")
    first = model.evaluate(x, y)["loss"]
    assert first == pytest.approx(np.log(10), abs=0.15)
    losses = [model.train_step(x, y)[0] for _ in range(10)]
    assert np.all(np.isfinite(losses)) and np.mean(losses[-3:]) < losses[0] - 0.05


@pytest.mark.parametrize("name", list(COURSE))
def test_each_fits_digits_too(name):
    model = build_preset(name, num_classes=3, seed=0)  # 28x28 grey
    assert model.forward(np.zeros((2, 1, 28, 28), np.float32), training=False).shape == (2, 3)
