"""The fast (im2col, sliding-window) layers against the plain loop implementations."""

import numpy as np
import pytest

from engine.layers import AvgPool2D, Conv2D, MaxPool2D
from engine.layers import reference as ref

CONV_CASES = [
    # in, out, kernel, stride, padding, input (N, C, H, W)
    (1, 4, 3, 1, 0, (2, 1, 7, 7)),
    (3, 2, 3, 1, 1, (2, 3, 6, 5)),
    (2, 3, 3, 2, 1, (3, 2, 9, 8)),
    (2, 2, 5, 2, "full", (1, 2, 6, 6)),
    (2, 3, (2, 4), 1, "same", (2, 2, 5, 7)),
    (4, 2, 1, 3, 0, (2, 4, 7, 7)),
    # stride 1 with the output the input's size: the flat-shift im2col/col2im
    (1, 3, 1, 1, 0, (2, 1, 5, 4)),
    (3, 2, 5, 1, 2, (3, 3, 6, 7)),
    (2, 2, 5, 1, "same", (1, 2, 2, 3)),  # kernel larger than the image
    (2, 2, (3, 1), 1, (1, 0), (2, 2, 4, 6)),
]


@pytest.mark.parametrize("c_in, c_out, kernel, stride, padding, shape", CONV_CASES)
def test_conv_matches_reference(c_in, c_out, kernel, stride, padding, shape):
    rng = np.random.default_rng(0)
    conv = Conv2D(c_in, c_out, kernel, stride=stride, padding=padding)
    conv.params["b"] = rng.standard_normal(c_out).astype(np.float32)
    x = rng.standard_normal(shape).astype(np.float32)
    y = conv.forward(x)
    y_ref = ref.conv2d_forward(x, conv.params["W"], conv.params["b"], stride, conv.pads)
    assert y.shape == y_ref.shape == (shape[0], c_out, *conv.output_shape(shape[1:])[1:])
    np.testing.assert_allclose(y, y_ref, rtol=1e-4, atol=1e-5)

    dy = rng.standard_normal(y.shape).astype(np.float32)
    dx = conv.backward(dy)
    dx_ref, dW_ref, db_ref = ref.conv2d_backward(x, conv.params["W"], dy, stride, conv.pads)
    np.testing.assert_allclose(dx, dx_ref, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(conv.grads["W"], dW_ref, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(conv.grads["b"], db_ref, rtol=1e-4, atol=1e-4)


POOL_CASES = [(2, None, (2, 3, 8, 8)), (2, None, (1, 2, 7, 5)), (3, 2, (2, 2, 9, 9)), (3, 1, (1, 1, 5, 6))]


@pytest.mark.parametrize("mode, layer_class", [("max", MaxPool2D), ("avg", AvgPool2D)])
@pytest.mark.parametrize("kernel, stride, shape", POOL_CASES)
def test_pooling_matches_reference(mode, layer_class, kernel, stride, shape):
    rng = np.random.default_rng(1)
    pool = layer_class(kernel, stride)
    x = rng.standard_normal(shape).astype(np.float32)
    y = pool.forward(x)
    np.testing.assert_allclose(y, ref.pool2d_forward(x, pool.kernel_size, pool.stride, mode), rtol=1e-6, atol=1e-6)
    dy = rng.standard_normal(y.shape).astype(np.float32)
    np.testing.assert_allclose(
        pool.backward(dy), ref.pool2d_backward(x, dy, pool.kernel_size, pool.stride, mode), rtol=1e-5, atol=1e-6
    )


def test_maxpool_ties_send_the_gradient_to_one_position_only():
    x = np.ones((1, 1, 2, 2), dtype=np.float32)
    pool = MaxPool2D(2)
    pool.forward(x)
    dx = pool.backward(np.ones((1, 1, 1, 1), dtype=np.float32))
    assert dx.sum() == 1.0 and dx[0, 0, 0, 0] == 1.0


@pytest.mark.parametrize("kernel, stride", [(2, 2), (3, 1), (3, 2)])  # pairs; flat shifts; strided offsets
def test_maxpool_ties_go_to_the_first_maximum_in_reading_order_like_the_reference(kernel, stride):
    """Every pattern of ties in a window (values 0/1), odd sizes and a channel-first input."""
    rng = np.random.default_rng(4)
    x = rng.integers(0, 2, (16, 3, 9, 7)).astype(np.float32)
    channel_first = np.ascontiguousarray(x.transpose(1, 0, 2, 3)).transpose(1, 0, 2, 3)
    dy = rng.standard_normal((16, *MaxPool2D(kernel, stride).output_shape(x.shape[1:]))).astype(np.float32)
    expected = ref.pool2d_backward(x, dy, (kernel, kernel), stride, "max")
    for inputs in (x, channel_first):
        pool = MaxPool2D(kernel, stride)
        np.testing.assert_array_equal(pool.forward(inputs), ref.pool2d_forward(x, (kernel, kernel), stride, "max"))
        # Overlapping windows add a pixel's shares in another order than the loops: equal to rounding.
        np.testing.assert_allclose(pool.backward(dy), expected, rtol=1e-6, atol=1e-6)


def test_layers_give_the_same_answer_for_any_memory_layout():
    """Convolutions hand on channel-first views; the next layers must not care."""
    rng = np.random.default_rng(2)
    x = rng.standard_normal((3, 4, 8, 8)).astype(np.float32)
    channel_first = np.ascontiguousarray(x.transpose(1, 0, 2, 3)).transpose(1, 0, 2, 3)
    assert not channel_first.flags.c_contiguous
    for layer in (Conv2D(4, 2, 3, padding=1), MaxPool2D(2), AvgPool2D(2), MaxPool2D(3, 2), MaxPool2D(3, 1),
                  MaxPool2D(3, 1, padding="same")):
        y = layer.forward(x)
        dy = rng.standard_normal(y.shape).astype(np.float32)
        dx = layer.backward(dy)
        np.testing.assert_allclose(layer.forward(channel_first), y, rtol=1e-6)
        np.testing.assert_allclose(layer.backward(dy), dx, rtol=1e-6)


def test_the_first_layer_skips_its_input_gradient_when_training():
    from engine.presets import build_preset

    model = build_preset("lab-cnn-light", seed=0).compile("adam")
    x = np.random.default_rng(3).random((4, 1, 28, 28), dtype=np.float32)
    model.train_step(x, np.arange(4))
    assert model.layers[0].input_gradient is False
    assert model.layers[0].grads["W"].shape == model.layers[0].params["W"].shape
    model.forward(x, training=True)
    dx = model.backward(np.ones((4, 10), np.float32))  # asked for: the input gradient is there again
    assert dx.shape == x.shape
