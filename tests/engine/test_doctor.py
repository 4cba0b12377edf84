"""The training doctor: each hint fires when its problem is provoked, and a healthy run gets none."""

import math

import numpy as np
import pytest

from engine import doctor
from engine.data import ArrayData, Dataset
from engine.layers import Dense, Flatten, ReLU, Sigmoid
from engine.model import Sequential
from engine.presets import build_preset
from engine.session import SessionListener, TrainingSession
from engine.session_reports import EpochReport
from engine.training_config import TrainingConfig


@pytest.fixture(scope="module")
def digits_2k(digits):
    """2,000 real training digits (and 300 test digits)."""
    return Dataset(
        "digits", digits["x_train"][:2000], digits["y_train"][:2000], digits["x_test"][:300], digits["y_test"][:300],
        [str(d) for d in range(10)],
    )  # fmt: skip


class StopAfter(SessionListener):
    def __init__(self, steps):
        self.steps = steps

    def on_train_begin(self, session):
        self.session = session

    def on_batch_end(self, logs):
        if logs["step"] >= self.steps:
            self.session.stop()


class Heard(SessionListener):
    """What the session told its listeners' ``on_hint``."""

    def __init__(self):
        self.hints = []

    def on_hint(self, hint):
        self.hints.append(hint)


def train(model, data, steps, **config):
    """Train for ``steps`` steps; returns the session and the hints its listeners heard."""
    session = TrainingSession(model, data, TrainingConfig(**{"epochs": 50, "val_split": 0.0, **config}))
    heard = Heard()
    session.add_listener(heard)
    session.add_listener(StopAfter(steps))
    session.run()
    assert [h.kind for h in heard.hints] == [h.kind for h in session.hints]  # every hint reached the listeners
    return session, {hint.kind: hint for hint in heard.hints}


def mlp(*hidden, activation=ReLU, init="he_normal"):
    model = Sequential(input_shape=(1, 28, 28), name="mlp-test", seed=0)
    model.add(Flatten())
    features = 784
    for width in hidden:
        model.add(Dense(features, width, weight_init=init))
        model.add(activation())
        features = width
    model.add(Dense(features, 10, weight_init=init))
    return model


@pytest.mark.parametrize("preset", ["lab-cnn-light", "lab-cnn", "mini-resnet"])
def test_a_healthy_run_gets_no_hint(digits_2k, preset):
    session, hints = train(build_preset(preset, seed=0), digits_2k, 120 if preset == "lab-cnn-light" else 50)
    assert session.step_count >= 50
    assert hints == {}, [str(h) for h in hints.values()]


def test_a_first_loss_far_above_ln_k(digits_2k):
    model = build_preset("lab-cnn-light", seed=0)
    [layer for layer in model.layers if layer.params][-1].params["W"] *= 30  # scores 30x too large
    _, hints = train(model, digits_2k, 1)
    assert "first-loss" in hints
    assert hints["first-loss"].step == 1
    assert "ln(10) = 2.30" in str(hints["first-loss"])


def test_dead_relus(digits_2k):
    model = build_preset("lab-cnn-light", seed=0)
    model.layers[0].params["b"][...] = -20.0  # the first convolution's ReLUs can never fire
    _, hints = train(model, digits_2k, doctor.CHECK_EVERY)
    hint = hints["dead-relu"]
    assert "100 % of conv2d_1's ReLUs output zero for every image of the last batch" in str(hint), str(hint)
    assert "LeakyReLU" in hint.advice
    assert "vanishing-gradients" not in hints  # no gradient at all is the ReLUs' fault, not vanishing


def test_vanishing_gradients_in_a_deep_sigmoid_mlp(digits_2k):
    _, hints = train(mlp(*[32] * 10, activation=Sigmoid, init="xavier_normal"), digits_2k, doctor.CHECK_EVERY,
                     optimizer="sgd", learning_rate=0.1)  # fmt: skip
    assert "vanishing-gradients" in hints
    assert "dense_1's gradients are" in hints["vanishing-gradients"].finding
    assert "ReLU" in hints["vanishing-gradients"].advice


def test_exploding_gradients_in_a_badly_scaled_mlp(digits_2k):
    model = mlp(64).start_near_chance()
    model.layers[1].params["W"] *= 0.01  # forward: the two scales cancel; backward: the first layer's
    model.layers[3].params["W"] *= 100  # gradient is 100x larger, the last one's 100x smaller
    _, hints = train(model, digits_2k, doctor.CHECK_EVERY, optimizer="sgd", learning_rate=1e-4)
    assert "exploding-gradients" in hints


def test_a_learning_rate_too_high(digits_2k):
    """SGD at 1.0 blows up within a few steps, or wanders with huge steps (thread timing decides which)."""
    session, hints = train(build_preset("lab-cnn-light", seed=0), digits_2k, 100, optimizer="sgd", learning_rate=1.0,
                           max_gradient_norm=None)  # fmt: skip
    assert "lr-too-high" in hints, (session.state, session.error, [str(h) for h in hints.values()])
    assert "lower the learning rate" in hints["lr-too-high"].advice


def test_a_learning_rate_too_low(digits_2k):
    _, hints = train(mlp(32), digits_2k, doctor.FLAT_STEPS + doctor.CHECK_EVERY, optimizer="sgd",
                     learning_rate=1e-6)  # fmt: skip
    assert "lr-too-low" in hints
    assert "raise the learning rate" in hints["lr-too-low"].advice


def test_a_regression_s_loss_is_not_measured_against_ln_k(digits_2k):
    """An MSE loss of 40 is no sign of a bad start: the loss rules are for classifiers."""
    model = mlp(32)
    model.layers = model.layers[:-1]
    model.add(Dense(32, 1))
    x = digits_2k.x_train[:512].reshape(512, 1, 28, 28).astype(np.float32) / 255
    y = digits_2k.y_train[:512].astype(np.float32)[:, None] * 3  # a big target: a big first loss
    model.compile("sgd", loss="mse")
    session = TrainingSession(model, ArrayData(x, y), TrainingConfig(epochs=3, batch_size=32, val_split=0.0,
                              learning_rate=1e-6), compiled=True)  # fmt: skip
    session.run()
    assert session.history[0]["loss"] > 2 * math.log(10)
    assert [h.kind for h in session.hints if h.kind in ("first-loss", "lr-too-high", "lr-too-low")] == []


def test_the_rules_on_numbers():
    """The loss rules alone, on made-up losses: rising, flat and high, flat and learned."""
    said = []
    patient = doctor.TrainingDoctor(said.append, classes=10)
    for loss in [1.0] * doctor.LOSS_WINDOW + [2.0] * doctor.LOSS_WINDOW:
        patient.losses.append(loss)
    patient._check_rising(step=20)
    assert [h.kind for h in said] == ["lr-too-high"]

    for losses, expected in (([2.3] * doctor.FLAT_STEPS, ["lr-too-low"]), ([0.05] * doctor.FLAT_STEPS, [])):
        said.clear()
        patient = doctor.TrainingDoctor(said.append, classes=10)
        patient.losses.extend(losses)
        patient._check_flat(step=200)
        assert [h.kind for h in said] == expected


def epoch(n, loss, val_loss):
    return EpochReport(n, 20, loss, None, val_loss, None, 1.0, 1e-3)


def test_overfitting_needs_every_one_of_the_last_epochs():
    said = []
    patient = doctor.TrainingDoctor(said.append, classes=10)
    patient.session = type("S", (), {"step_count": 100})()
    for n, (loss, val) in enumerate([(0.5, 0.40), (0.3, 0.35), (0.2, 0.36), (0.15, 0.34)], start=1):
        patient.on_epoch_end(epoch(n, loss, val))  # validation went down once: not yet
    assert said == []
    for n, (loss, val) in enumerate([(0.12, 0.36), (0.10, 0.39), (0.08, 0.41)], start=5):
        patient.on_epoch_end(epoch(n, loss, val))
    assert [h.kind for h in said] == ["overfitting"]
    assert "0.150 → 0.080" in said[0].finding and "0.340 → 0.410" in said[0].finding


def test_overfitting_on_too_few_images(digits):
    """60 training images, 60 held out, no augmentation: the MLP memorises them."""
    data = Dataset("tiny", digits["x_train"][:120], digits["y_train"][:120], digits["x_test"][:10],
                   digits["y_test"][:10], [str(d) for d in range(10)])  # fmt: skip
    session = TrainingSession(mlp(256).start_near_chance(), data,
                              TrainingConfig(epochs=40, val_split=0.5, batch_size=16, learning_rate=3e-3))  # fmt: skip
    session.run()
    assert "overfitting" in [h.kind for h in session.hints], session.history[-5:]


def test_dead_shares_count_channels_not_pixels():
    relu = ReLU()
    x = -np.ones((4, 3, 5, 5), np.float32)
    x[0, 1, 2, 2] = 1.0  # channel 1 fires once, for one image at one pixel: alive
    relu.forward(x)
    model = Sequential(input_shape=(3, 5, 5), name="m")
    model.add(relu)
    [(name, share)] = doctor.dead_shares(model)
    assert math.isclose(share, 2 / 3)
