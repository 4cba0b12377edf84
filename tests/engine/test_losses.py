"""Losses: values, stability, label forms, label smoothing, bad labels."""

import numpy as np
import pytest

from engine.losses import MSE, SoftmaxCrossEntropy


def test_cross_entropy_value():
    logits = np.array([[2.0, 1.0, 0.1]])
    expected = -np.log(np.exp(2.0) / np.exp([2.0, 1.0, 0.1]).sum())
    assert SoftmaxCrossEntropy().forward(logits, np.array([0])) == pytest.approx(expected)


def test_cross_entropy_is_stable_for_huge_logits():
    loss = SoftmaxCrossEntropy()
    logits = np.array([[1e4, -1e4, 0.0], [-5e3, 5e3, 1e3]], dtype=np.float32)
    value = loss.forward(logits, np.array([1, 1]))
    assert np.isfinite(value) and value == pytest.approx(1e4, rel=1e-3)  # first row is 2e4 wrong, mean 1e4
    assert np.all(np.isfinite(loss.backward()))


def test_labels_and_one_hot_agree():
    rng = np.random.default_rng(0)
    logits, labels = rng.standard_normal((5, 4)), rng.integers(0, 4, 5)
    one_hot = np.eye(4)[labels]
    a, b = SoftmaxCrossEntropy(), SoftmaxCrossEntropy()
    assert a.forward(logits, labels) == pytest.approx(b.forward(logits, one_hot))
    np.testing.assert_allclose(a.backward(), b.backward())


def test_label_smoothing_matches_pytorch_definition():
    logits = np.array([[3.0, 0.0, -1.0]])
    log_p = logits - np.log(np.exp(logits).sum())
    s = 0.1
    expected = -((1 - s) * log_p[0, 2] + s / 3 * log_p.sum())
    assert SoftmaxCrossEntropy(label_smoothing=s).forward(logits, np.array([2])) == pytest.approx(expected)


@pytest.mark.parametrize(
    "labels, fragment",
    [
        (np.array([0, 3]), r"\[0, 2\]"),
        (np.array([0, -1]), r"\[0, 2\]"),
        (np.array([0.5, 1]), "integer"),
        (np.array([0]), "2 predictions"),
    ],
)
def test_bad_labels_are_explained(labels, fragment):
    with pytest.raises(ValueError, match=fragment):
        SoftmaxCrossEntropy().forward(np.zeros((2, 3)), labels)


def test_mse():
    loss = MSE()
    assert loss.forward(np.array([[1.0, 2.0]]), np.array([[0.0, 0.0]])) == pytest.approx(2.5)
    np.testing.assert_allclose(loss.backward(), [[1.0, 2.0]])
    assert loss.forward(np.array([[0.0, 1.0]]), np.array([1])) == 0.0  # integer labels -> one-hot
    with pytest.raises(ValueError, match="differ in shape"):
        loss.forward(np.zeros((2, 3)), np.zeros((3, 2)))
