"""The slow reference CNN of benchmarks/speed.py computes the same gradients as the engine."""

import numpy as np

from benchmarks.naive_cnn import NaiveLabCNN
from engine.losses import SoftmaxCrossEntropy
from engine.presets import build_preset

KEYS = ["W1", "b1", "W2", "b2", "W3", "b3", "W4", "b4"]  # the naive net's names, in the engine's order


def test_naive_reference_matches_the_engine(digits):
    naive = NaiveLabCNN(seed=0, dropout=0.0)
    for key in ("b1", "b2", "b3", "b4"):  # non-zero biases: pooling windows of equal values (ties) appear
        naive.params[key] = np.random.default_rng(5).standard_normal(naive.params[key].shape) * 0.05
    model = build_preset("lab-cnn", seed=0)
    model.layers[9].p = 0.0  # no dropout on either side
    for (name, _, _), key in zip(model.named_parameters(), KEYS, strict=True):
        layer_name, param = name.split(".")
        layer = next(layer for layer in model.layers if layer.name == layer_name)
        layer.astype(np.float64)
        layer.params[param] = naive.params[key].copy()
    x = (digits["x_train"][:6] / 255.0)[:, None]
    y = digits["y_train"][:6]
    loss, grads = naive.loss_and_grads(x, y)
    model.loss = SoftmaxCrossEntropy()
    engine_loss = model.loss.forward(model.forward(x, training=True), y)
    model.backward(model.loss.backward())
    assert np.isclose(loss, engine_loss, rtol=1e-10)
    for (_, _, grad), key in zip(model.named_parameters(), KEYS, strict=True):
        np.testing.assert_allclose(grads[key], grad, rtol=1e-6, atol=1e-10)
