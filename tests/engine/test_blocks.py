"""Composite layers: the residual and inception blocks behave as one layer everywhere."""

import numpy as np
import pytest

from engine import load_model
from engine.gradcheck import check_model
from engine.layers import Conv2D, Dense, Flatten, InceptionBlock, ResidualBlock
from engine.layers.blocks import all_layers
from engine.model import Sequential
from engine.optimizers import Adam
from engine.presets import build_preset


def small_block_model(block, seed=0):
    model = Sequential(input_shape=(2, 6, 6), seed=seed)
    model.add(block)
    model.add(Flatten())
    model.add(Dense(int(np.prod(model.output_shape())), 3))
    return model.compile("adam")


@pytest.mark.parametrize(
    "block, params",
    [
        (ResidualBlock(2, 2), ["conv1.W", "bn1.gamma", "bn1.beta", "conv2.W", "bn2.gamma", "bn2.beta"]),
        (ResidualBlock(2, 4, stride=2), ["conv1.W", "shortcut.W", "shortcut_bn.gamma"]),
        (InceptionBlock(2, 1, 2, 1, 1), ["branch1x1.0.W", "branch3x3.3.W", "branch5x5.3.W", "branch_pool.1.W"]),
    ],
)
def test_block_parameters_are_its_childrens_arrays(block, params):
    for key in params:
        assert key in block.params
    child, _, name = params[0].rpartition(".")
    assert block.params[params[0]] is block.children[child].params[name]
    # The same after the model re-initialises the block from its seed.
    model = small_block_model(block)
    assert model.layers[0].params[params[0]] is block.children[child].params[name]


def test_optimizer_updates_reach_the_children_and_the_block_learns(rng):
    x = rng.standard_normal((16, 2, 6, 6)).astype(np.float32)
    y = rng.integers(0, 3, 16)
    model = small_block_model(ResidualBlock(2, 4, stride=2)).compile(Adam(lr=1e-2))
    conv1 = model.layers[0].children["conv1"]
    before = conv1.params["W"].copy()
    first = model.train_step(x, y)[0]
    for _ in range(30):
        last = model.train_step(x, y)[0]
    assert not np.allclose(conv1.params["W"], before)
    assert last < 0.5 * first


@pytest.mark.parametrize("make", [lambda: ResidualBlock(2, 3), lambda: InceptionBlock(2, 1, 2, 1, 1)])
def test_whole_model_gradients_through_a_block(make, rng):
    model = small_block_model(make())
    x = rng.standard_normal((4, 2, 6, 6))
    errors = check_model(model, x, np.array([0, 1, 2, 0]), max_checks=20)
    assert max(errors.values()) < 1e-4, errors


@pytest.mark.parametrize("make", [lambda: ResidualBlock(1, 4, stride=2), lambda: InceptionBlock(1, 2, 2, 2, 2)])
def test_first_layer_block_skips_the_input_gradient_only_when_told(make, rng):
    block = make()
    x = rng.standard_normal((3, 1, 6, 6)).astype(np.float32)
    dy = rng.standard_normal((3, *block.output_shape((1, 6, 6)))).astype(np.float32)
    block.forward(x)
    dx = block.backward(dy)
    grads = {key: value.copy() for key, value in block.grads.items()}
    block.input_gradient = False
    block.forward(x)
    assert block.backward(dy) is None
    for key, value in grads.items():
        np.testing.assert_allclose(block.grads[key], value, rtol=1e-5, atol=1e-6)
    assert dx.shape == x.shape


def test_inference_forward_leaves_batchnorm_statistics_alone(rng):
    block = InceptionBlock(2, 1, 2, 1, 1)
    buffers = {key: value.copy() for key, value in block.buffers.items()}
    block.forward(rng.standard_normal((4, 2, 5, 5)).astype(np.float32), training=False)
    for key, value in buffers.items():
        np.testing.assert_array_equal(block.buffers[key], value)


def test_shapes_and_clear_errors():
    assert ResidualBlock(16, 32, stride=2).output_shape((16, 7, 7)) == (32, 4, 4)
    assert InceptionBlock(16, 8, 16, 8, 8).output_shape((16, 14, 14)) == (40, 14, 14)
    with pytest.raises(ValueError, match="the input has 3 channel"):
        ResidualBlock(16, 16).output_shape((3, 8, 8))
    with pytest.raises(ValueError, match="needs images"):
        InceptionBlock(4).output_shape((4, 8))
    with pytest.raises(ValueError, match="out_3x3 must be a positive int"):
        InceptionBlock(4, out_3x3=0)


@pytest.mark.parametrize("name", ["mini-resnet", "mini-inception"])
def test_block_presets_save_and_load_with_identical_predictions(name, tmp_path, rng):
    model = build_preset(name, seed=3).compile("adam")
    x = rng.standard_normal((8, 1, 28, 28)).astype(np.float32)
    model.train_step(x, rng.integers(0, 10, 8))  # moves the BatchNorm running statistics
    model.save(tmp_path / "m.npz")
    loaded = load_model(tmp_path / "m.npz")
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))
    assert [type(layer) for layer in loaded.layers] == [type(layer) for layer in model.layers]


def test_block_with_a_convolution_after_it(rng):
    """A block's output goes on into ordinary layers: the channel count must match."""
    model = Sequential(input_shape=(1, 8, 8), seed=0)
    model.add(InceptionBlock(1, 2, 2, 2, 2))
    model.add(Conv2D(8, 2, 3))
    assert model.output_shape() == (2, 6, 6)


def test_a_block_s_children_are_named_as_the_model_numbers_the_block(tmp_path):
    """Sequential numbers blocks (residualblock_2); the children's own names, which their errors use, follow."""
    model = build_preset("mini-resnet", seed=0)
    walked = [name for _, name, depth, _ in all_layers(model.layers) if depth == 1]
    own = [child.name for layer in model.layers for child in getattr(layer, "children", {}).values()]
    assert own == walked and "residualblock_2.conv1" in own
    with pytest.raises(RuntimeError, match=r"^residualblock_2\.conv1: backward\(\) called before"):
        model.layers[5].children["conv1"].backward(np.zeros((1, 32, 7, 7), np.float32))
    model.save(tmp_path / "m.npz")
    loaded = load_model(tmp_path / "m.npz")
    assert [child.name for layer in loaded.layers for child in getattr(layer, "children", {}).values()] == walked
