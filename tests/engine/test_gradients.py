"""Every layer's backward pass against central finite differences (float64)."""

import numpy as np
import pytest

from engine.gradcheck import check_layer, check_model, numerical_gradient, relative_error
from engine.layer_checks import LAYER_CASES
from engine.layers import BatchNorm2D, Conv2D, Dense, Dropout, Flatten, MaxPool2D, ReLU, Tanh
from engine.losses import MSE, SoftmaxCrossEntropy
from engine.model import Sequential


@pytest.mark.parametrize("description, make_layer, input_shape", LAYER_CASES, ids=[c[0] for c in LAYER_CASES])
def test_layer_gradients_match_finite_differences(description, make_layer, input_shape):
    for seed in (0, 1):
        x = np.random.default_rng(seed).standard_normal(input_shape)
        errors = check_layer(make_layer(), x, max_checks=80, seed=seed)
        assert max(errors.values()) < 1e-5, f"{description}: {errors}"


def test_gradient_check_catches_a_wrong_backward():
    """The checker itself must fail on a broken layer, or the tests above prove nothing."""

    class BrokenTanh(Tanh):
        def backward(self, dy):
            return dy * (1 - self.cache)  # wrong: should be 1 - y**2

    x = np.random.default_rng(0).standard_normal((4, 5))
    assert check_layer(BrokenTanh(), x)["x"] > 1e-2


def test_gradient_check_catches_a_wrong_weight_gradient():
    class BrokenDense(Dense):
        def backward(self, dy):
            dx = super().backward(dy)
            self.grads["W"] = self.grads["W"] * 1.01
            return dx

    x = np.random.default_rng(0).standard_normal((4, 3))
    errors = check_layer(BrokenDense(3, 2), x)
    assert errors["W"] > 1e-3 and errors["x"] < 1e-6


@pytest.mark.parametrize("smoothing", [0.0, 0.1])
def test_softmax_cross_entropy_gradient(smoothing):
    rng = np.random.default_rng(0)
    logits = rng.standard_normal((6, 4)) * 3
    labels = rng.integers(0, 4, 6)
    loss = SoftmaxCrossEntropy(label_smoothing=smoothing)
    loss.forward(logits, labels)
    analytic = loss.backward()
    numeric = numerical_gradient(lambda: loss.forward(logits, labels), logits)
    assert relative_error(analytic, numeric) < 1e-6


def test_mse_gradient():
    rng = np.random.default_rng(0)
    prediction, target = rng.standard_normal((5, 3)), rng.standard_normal((5, 3))
    loss = MSE()
    loss.forward(prediction, target)
    analytic = loss.backward()
    numeric = numerical_gradient(lambda: loss.forward(prediction, target), prediction)
    assert relative_error(analytic, numeric) < 1e-6


def test_whole_model_gradient_through_the_loss():
    model = Sequential(input_shape=(1, 8, 8), seed=3)
    # No conv bias before BatchNorm: BN cancels it, so its true gradient is exactly 0.
    for layer in (
        Conv2D(1, 3, 3, padding=1, bias=False),
        BatchNorm2D(3),
        ReLU(),
        MaxPool2D(2),
        Flatten(),
        Dropout(0.3),
        Dense(48, 5),
    ):
        model.add(layer)
    model.compile("sgd")
    rng = np.random.default_rng(0)
    errors = check_model(model, rng.standard_normal((4, 1, 8, 8)), rng.integers(0, 5, 4))
    assert set(errors) == {"conv2d_1", "batchnorm2d_1", "dense_1"}
    assert max(errors.values()) < 1e-5, errors
