"""Layer behaviour beyond gradients: shapes, errors, modes, batch independence."""

import tracemalloc

import numpy as np
import pytest

from engine.gradcheck import numerical_gradient
from engine.layers import (
    GRU,
    LSTM,
    AvgPool2D,
    BatchNorm1D,
    BatchNorm2D,
    Conv2D,
    Dense,
    Dropout,
    Embedding,
    GlobalAvgPool2D,
    MaxPool2D,
    ReLU,
    Reshape,
    SimpleRNN,
    layer_from_config,
)
from engine.layers.activations import sigmoid
from engine.model import Sequential


@pytest.mark.parametrize(
    "padding, stride, kernel, expected_hw",
    [
        (0, 1, 3, (26, 26)),
        (1, 1, 3, (28, 28)),
        ("same", 1, 5, (28, 28)),
        ("valid", 1, 9, (20, 20)),
        ("full", 1, 3, (30, 30)),
        (1, 2, 3, (14, 14)),
        (0, 3, 4, (9, 9)),
    ],
)
def test_conv_output_size_formula(padding, stride, kernel, expected_hw):
    conv = Conv2D(1, 2, kernel, stride=stride, padding=padding)
    assert conv.output_shape((1, 28, 28)) == (2, *expected_hw)
    assert conv.forward(np.zeros((3, 1, 28, 28), np.float32)).shape == (3, 2, *expected_hw)


def test_parameter_shapes_follow_the_pinned_api():
    conv = Conv2D(3, 8, 5)
    assert conv.params["W"].shape == (8, 3, 5, 5) and conv.params["b"].shape == (8,)
    dense = Dense(20, 7)
    assert dense.params["W"].shape == (20, 7) and dense.params["b"].shape == (7,)
    bn = BatchNorm2D(4)
    assert set(bn.params) == {"gamma", "beta"}
    for layer in (conv, dense, bn):
        assert all(value.dtype == np.float32 for value in layer.params.values())


def test_float32_in_float32_out():
    x = np.random.default_rng(0).standard_normal((2, 1, 8, 8)).astype(np.float32)
    for layer in (Conv2D(1, 2, 3), MaxPool2D(2), AvgPool2D(2), BatchNorm2D(1), ReLU(), GlobalAvgPool2D()):
        assert layer.forward(x).dtype == np.float32, type(layer).__name__


def test_wrong_channels_error_names_layer_and_shapes():
    conv = Conv2D(1, 8, 3, name="conv_a")
    with pytest.raises(ValueError) as error:
        conv.forward(np.zeros((2, 3, 28, 28), np.float32))
    message = str(error.value)
    assert "conv_a" in message and "(N, 1, H, W)" in message and "(N, 3, 28, 28)" in message
    assert "3 channel" in message


@pytest.mark.parametrize(
    "layer, x_shape, fragment",
    [
        (Dense(784, 10), (2, 1, 28, 28), "Flatten"),
        (Dense(100, 10), (2, 99), "99 features"),
        (Conv2D(1, 2, 5), (2, 1, 3, 3), "does not fit"),
        (MaxPool2D(2), (2, 4), "(N, C, H, W)"),
        (BatchNorm1D(5), (2, 4), "(N, 5)"),
        (LSTM(28, 8), (2, 1, 28, 28), "Reshape"),
        (Reshape((5, 5)), (2, 24), "cannot reshape"),
    ],
)
def test_bad_shapes_raise_clear_value_errors(layer, x_shape, fragment):
    with pytest.raises(ValueError, match=None) as error:
        layer.forward(np.zeros(x_shape, np.float32))
    assert fragment in str(error.value)
    assert str(error.value).startswith(layer.name)


@pytest.mark.parametrize(
    "make, fragment",
    [
        (lambda: Conv2D(0, 2, 3), "in_channels"),
        (lambda: Conv2D(1, 2, 3, stride=0), "stride"),
        (lambda: Conv2D(1, 2, 3, padding="middle"), "padding"),
        (lambda: Conv2D(1, 2, 2, stride=2, padding="same"), "stride=1"),
        (lambda: MaxPool2D(0), "kernel_size"),
        (lambda: Dropout(1.0), "[0, 1)"),
        (lambda: Dense(10, -1), "out_features"),
        (lambda: BatchNorm2D(4, momentum=2), "momentum"),
        (lambda: Conv2D(1, 2, 3, weight_init="magic"), "initializer"),
    ],
)
def test_nonsense_hyperparameters_are_refused(make, fragment):
    with pytest.raises(ValueError) as error:
        make()
    assert fragment in str(error.value)


def test_one_image_and_a_batch_give_the_same_answer():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((5, 1, 12, 12)).astype(np.float32)
    conv, pool = Conv2D(1, 3, 3, padding=1), MaxPool2D(2)
    batch = pool.forward(conv.forward(x, training=False), training=False)
    single = pool.forward(conv.forward(x[2:3], training=False), training=False)
    np.testing.assert_allclose(single[0], batch[2], rtol=1e-5, atol=1e-6)


def test_inference_mode_keeps_no_cache_and_changes_nothing():
    bn = BatchNorm2D(2)
    x = np.random.default_rng(0).standard_normal((4, 2, 3, 3)).astype(np.float32) + 5
    before = {k: v.copy() for k, v in bn.buffers.items()}
    for layer in (Conv2D(2, 2, 3), bn, Dropout(0.5), ReLU()):
        layer.forward(x, training=False)
        assert layer.cache is None, type(layer).__name__
    for key in before:
        np.testing.assert_array_equal(bn.buffers[key], before[key])
    with pytest.raises(RuntimeError, match="before a forward"):
        ReLU().backward(x)


def test_dropout_is_inverted_and_identity_at_inference():
    drop = Dropout(0.25)
    drop.rng = np.random.default_rng(0)
    x = np.ones((200, 500), np.float32)
    y = drop.forward(x)
    kept = y != 0
    assert abs(kept.mean() - 0.75) < 0.01
    np.testing.assert_allclose(y[kept], 1 / 0.75)
    assert abs(y.mean() - 1.0) < 0.01  # expectation preserved
    np.testing.assert_array_equal(drop.forward(x, training=False), x)
    np.testing.assert_array_equal(drop.backward(np.ones_like(x)), y)  # same mask


def test_batchnorm_follows_pytorch_semantics():
    rng = np.random.default_rng(0)
    bn = BatchNorm1D(3, momentum=0.1)
    x = (rng.standard_normal((16, 3)) * [1, 2, 3] + [0, 5, -5]).astype(np.float32)
    y = bn.forward(x, training=True)
    np.testing.assert_allclose(y.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(y.var(axis=0), 1, atol=1e-3)  # biased variance used for normalising
    np.testing.assert_allclose(bn.buffers["running_mean"], 0.1 * x.mean(axis=0), rtol=1e-5)
    unbiased = x.var(axis=0, ddof=1)
    np.testing.assert_allclose(bn.buffers["running_var"], 0.9 + 0.1 * unbiased, rtol=1e-5)
    y_eval = bn.forward(x, training=False)
    expected = (x - bn.buffers["running_mean"]) / np.sqrt(bn.buffers["running_var"] + 1e-5)
    np.testing.assert_allclose(y_eval, expected, rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="more than 1 value"):
        bn.forward(x[:1], training=True)


def test_recurrent_layers_read_sequences():
    x = np.random.default_rng(0).standard_normal((3, 7, 5)).astype(np.float32)
    assert SimpleRNN(5, 4).forward(x).shape == (3, 4)
    assert LSTM(5, 6, return_sequences=True).forward(x).shape == (3, 7, 6)
    lstm = LSTM(5, 6)
    assert lstm.params["Wx"].shape == (5, 24) and lstm.params["Wh"].shape == (6, 24)
    np.testing.assert_array_equal(lstm.params["b"][6:12], 1.0)  # forget gate starts open


@pytest.mark.parametrize("return_sequences", [False, True])
@pytest.mark.parametrize("batch", [40, 130])  # 130: the two halves of the batch on two threads (parallel.py)
def test_an_lstm_predicts_what_it_computes_in_training_in_a_third_of_the_memory(batch, return_sequences):
    """A prediction keeps no step's gates and cell state for backward (``recurrent.steps_buffer``)."""
    x = np.random.default_rng(0).standard_normal((batch, 28, 28)).astype(np.float32)
    lstm = LSTM(28, 64, return_sequences=return_sequences)
    peaks = {}
    for training in (True, False):
        tracemalloc.start()
        y = lstm.forward(x, training=training)
        peaks[training] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        if training:
            trained = y
    np.testing.assert_array_equal(y, trained)
    assert peaks[False] < (0.6 if return_sequences else 0.45) * peaks[True], peaks


def test_layers_rebuild_from_their_config():
    for layer in (
        Conv2D(2, 3, (3, 5), stride=2, padding=1, bias=False),
        MaxPool2D(3, 2),
        Dropout(0.3),
        LSTM(4, 5, return_sequences=True),
        Reshape((2, 8)),
    ):
        entry = {"class": type(layer).__name__, "name": "x", "config": layer.get_config()}
        rebuilt = layer_from_config(entry)
        assert rebuilt.get_config() == layer.get_config()
    with pytest.raises(ValueError, match="unknown layer class"):
        layer_from_config({"class": "os.system", "config": {}})


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_is_the_logistic_function_everywhere_without_overflow(dtype):
    x = np.array([-1000, -30, -5, -0.5, 0, 0.5, 5, 30, 1000], dtype=dtype)
    with np.errstate(over="raise", invalid="raise"):
        y = sigmoid(x)
    expected = 1 / (1 + np.exp(-x.astype(np.float64).clip(-700, 700)))
    assert y.dtype == dtype and np.allclose(y, expected, rtol=1e-6, atol=1e-7)
    assert y[0] == 0 and y[-1] == 1 and y[4] == 0.5


def test_same_pooling_keeps_ceil_of_the_size_and_never_counts_the_padding():
    """Keras' MaxPool2D/AveragePooling2D(padding='same'): H_out = ceil(H / stride), the odd pixel padded at the
    bottom and right; a border window's max and mean are over the image pixels it covers."""
    x = np.arange(1, 26, dtype=np.float32).reshape(1, 1, 5, 5)
    top = MaxPool2D(2, padding="same").forward(x, training=False)
    assert top.shape == (1, 1, 3, 3)
    assert top[0, 0].tolist() == [[7, 9, 10], [17, 19, 20], [22, 24, 25]]
    mean = AvgPool2D(2, padding="same").forward(x, training=False)
    assert mean[0, 0].tolist() == [[4, 6, 7.5], [14, 16, 17.5], [21.5, 23.5, 25]]
    assert MaxPool2D(3, stride=1, padding="same").output_shape((4, 7, 7)) == (4, 7, 7)
    assert MaxPool2D(2, padding="same").get_config()["padding"] == "same" and "padding" not in MaxPool2D(2).get_config()
    with pytest.raises(ValueError, match="MaxPool2D: padding must be 'valid' or 'same', got 'full'"):
        MaxPool2D(2, padding="full")


def test_gru_follows_pytorchs_equations_and_counts_weights_as_keras_does():
    """PyTorch's nn.GRU documentation: r = s(W_ir x + b_ir + W_hr h + b_hr), z = s(...), n = tanh(W_in x + b_in +
    r (W_hn h + b_hn)), h' = (1 - z) n + z h; Keras' GRU(reset_after=True) has 3 (F H + H H + 2 H) weights."""
    rng = np.random.default_rng(0)
    layer = GRU(3, 4, return_sequences=True)
    for key in layer.params:
        layer.params[key] = rng.normal(size=layer.params[key].shape).astype(np.float32)
    assert layer.num_params() == 3 * (3 * 4 + 4 * 4 + 2 * 4)
    x = rng.normal(size=(2, 5, 3)).astype(np.float32)
    W, U, b, bh = (layer.params[k] for k in ("Wx", "Wh", "b", "bh"))

    def part(array, k):  # update, reset, candidate
        return array[..., 4 * k : 4 * (k + 1)]

    h = np.zeros((2, 4), np.float32)
    expected = []
    for t in range(5):
        z = sigmoid(x[:, t] @ part(W, 0) + part(b, 0) + h @ part(U, 0) + part(bh, 0))
        r = sigmoid(x[:, t] @ part(W, 1) + part(b, 1) + h @ part(U, 1) + part(bh, 1))
        n = np.tanh(x[:, t] @ part(W, 2) + part(b, 2) + r * (h @ part(U, 2) + part(bh, 2)))
        h = (1 - z) * n + z * h
        expected.append(h)
    np.testing.assert_allclose(layer.forward(x, training=False), np.stack(expected, axis=1), rtol=1e-5, atol=1e-6)


def test_embedding_looks_up_rows_and_its_gradient_checks_against_finite_differences():
    """The TF2 notes' letter prediction: Embedding(26, 2) then a recurrent layer. Tokens pick rows of W; dW
    collects dy at every place a token was read (checked by finite differences); bad tokens are named."""
    layer = Embedding(5, 3)
    layer.astype(np.float64)
    tokens = np.array([[0, 4, 4], [2, 0, 1]])
    y = layer.forward(tokens)
    assert y.shape == (2, 3, 3) and np.array_equal(y[0, 1], layer.params["W"][4])
    dy = np.random.default_rng(0).normal(size=y.shape)
    layer.backward(dy)
    numeric = numerical_gradient(lambda: float(np.sum(layer.forward(tokens) * dy)), layer.params["W"])
    np.testing.assert_allclose(layer.grads["W"], numeric, rtol=1e-6, atol=1e-8)
    assert np.allclose(layer.grads["W"][3], 0)  # token 3 was never read
    # The notes' p39: four letters in, the next one out ("abcd" -> "e", "bcde" -> "a", ...), learnt.
    model = Sequential([Embedding(5, 2), SimpleRNN(2, 8), Dense(8, 5)], input_shape=(4,), seed=0).compile()
    x = np.array([[(start + i) % 5 for i in range(4)] for start in range(5)], dtype=np.float32)
    y = (x[:, -1].astype(int) + 1) % 5
    for _ in range(300):
        model.train_step(x, y)
    assert np.array_equal(model.predict_classes(x), y)
    with pytest.raises(ValueError, match=r"tokens must be in \[0, 4\], found 0 to 7"):
        layer.forward(np.array([[0, 7]]))
    with pytest.raises(ValueError, match="tokens must be whole numbers"):
        layer.forward(np.array([[0.5, 1.0]]))
