"""A prediction folds each BatchNorm2D into the convolution before it (engine/layers/folding.py)."""

import numpy as np
import pytest

from engine.layers import BatchNorm1D, BatchNorm2D, Conv2D, Dense, Flatten, ReLU
from engine.layers.folding import MIN_BATCH, FoldedNorm, inference_order
from engine.model import Sequential
from engine.optimizers import Adam
from engine.presets import build_preset


def trained(name: str):
    """A preset (or a net whose convolution has a bias) after a few steps, so the running statistics and gammas
    are far from 0/1."""
    if name == "biased":
        layers = [Conv2D(1, 4, 3, padding=1, bias=True), BatchNorm2D(4), ReLU(), Flatten(), Dense(4 * 28 * 28, 10)]
        model = Sequential(layers, input_shape=(1, 28, 28), seed=0)
    else:
        model = build_preset(name, 10, seed=0, input_shape=(1, 28, 28))
    model.compile(Adam(lr=0.01))
    rng = np.random.default_rng(0)
    for _ in range(5):
        model.train_step(rng.normal(2.0, 3.0, (32, 1, 28, 28)).astype(np.float32), rng.integers(0, 10, 32))
    return model


@pytest.mark.parametrize("name", ["mini-resnet", "baseline-cbapd", "mini-inception", "biased"])
def test_a_folded_prediction_equals_the_two_layers_run_one_after_the_other(name):
    model = trained(name)
    x = np.random.default_rng(1).normal(size=(2 * MIN_BATCH, 1, 28, 28)).astype(np.float32)
    unfolded = model.predict_scores(x, batch_size=MIN_BATCH - 1)  # small batches run every layer as it is
    folded = model.predict_scores(x, batch_size=2 * MIN_BATCH)
    assert np.abs(unfolded).max() > 0.1
    np.testing.assert_allclose(folded, unfolded, rtol=1e-5, atol=1e-5 * np.abs(unfolded).max())


def test_only_a_convolution_directly_followed_by_a_batchnorm2d_is_folded():
    conv, norm, relu = Conv2D(1, 4, 3), BatchNorm2D(4), ReLU()
    order = inference_order([conv, norm, relu, Conv2D(4, 4, 3), ReLU(), BatchNorm2D(4)], MIN_BATCH)
    assert isinstance(order[0], FoldedNorm) and (order[0].conv, order[0].norm) == (conv, norm)
    assert [type(layer) for layer in order[1:]] == [ReLU, Conv2D, ReLU, BatchNorm2D]
    dense_pair = [Dense(8, 4), BatchNorm1D(4)]  # a Dense's weights outweigh its outputs: left as two layers
    assert inference_order(dense_pair, 256) == dense_pair
    assert inference_order([conv, norm], MIN_BATCH - 1) == [conv, norm]
    with pytest.raises(ValueError, match="inference only"):
        order[0].forward(np.zeros((MIN_BATCH, 1, 8, 8), np.float32), training=True)


def test_the_feature_maps_still_show_the_batchnorm_s_own_output():
    model = trained("baseline-cbapd")
    x = np.random.default_rng(2).normal(size=(MIN_BATCH, 1, 28, 28)).astype(np.float32)
    outputs = dict(zip([layer.name for layer in model.layers], model.forward_trace(x), strict=True))
    conv = outputs["conv2d_1"]
    scale, shift = model.layers[1].scale_shift()
    np.testing.assert_allclose(outputs["batchnorm2d_1"], conv * scale[:, None, None] + shift[:, None, None],
                               rtol=1e-5, atol=1e-5)  # fmt: skip
