"""The Backprop lens's engine: a traced batch shows what training computes and changes nothing."""

import numpy as np
import pytest

from engine.data.preprocessing import Normalization
from engine.gradcheck import check_layer
from engine.layers import BatchNorm1D, BatchNorm2D, Conv2D, Flatten, MaxPool2D, ReLU
from engine.model import Sequential
from engine.presets import ZOO, build_preset
from engine.trace import Lens, conv_pixel, trace_step


@pytest.fixture(scope="module")
def batch(digits):
    x = Normalization.fit(digits["x_train"][:500]).apply(digits["x_train"][:8])
    return x, digits["y_train"][:8].astype(np.int64)


def trained_a_little(name, batch, steps=3):
    model = build_preset(name, seed=0).compile("adam")
    x, y = batch
    for _ in range(steps):
        model.train_step(x, y)
    return model


@pytest.mark.parametrize("name", ZOO)  # the course's big networks: test_course_nets.py
def test_every_preset_traces_and_training_after_a_trace_is_bit_identical(name, batch):
    x, y = batch
    traced, plain = trained_a_little(name, batch), trained_a_little(name, batch)
    trace = trace_step(traced, x[:2], y[:2])
    names = [step.name for step in trace.forward if step.depth == 0]
    assert names == [layer.name for layer in traced._scoring_layers()], "every layer, in the summary's order"
    for step in trace.forward:
        assert step.y.shape[1:] == step.layer.output_shape(step.x.shape[1:]), step.name
        assert step.dy is not None and step.dy.shape == step.y.shape, f"{step.name}: dL/d(output)"
        assert step.dx is not None and step.dx.shape == step.x.shape, f"{step.name}: dL/d(input), the first layer too"
        assert set(step.grads) == set(step.params), step.name
    assert {s.name for s in trace.backward} == {s.name for s in trace.forward}
    assert trace.backward[0].name == names[-1], "the gradient starts at the last layer"
    for _ in range(2):  # and training goes on exactly as it would have without the trace
        assert traced.train_step(x, y) == plain.train_step(x, y)
    for (key, a, _), (_, b, _) in zip(traced.named_parameters(), plain.named_parameters(), strict=True):
        assert np.array_equal(a, b), key
    for a, b in zip(traced.layers, plain.layers, strict=True):
        for key in a.buffers:
            assert np.array_equal(a.buffers[key], b.buffers[key]), f"{a.name}.{key}"


def test_the_trace_is_the_prediction_and_its_gradients_are_the_loss_s(batch):
    x, y = batch
    model = trained_a_little("lab-cnn", batch)
    trace = trace_step(model, x[:3], y[:3])
    assert np.allclose(trace.probabilities, model.predict(x[:3]), atol=1e-6), "BatchNorm and dropout as in predict"
    one_hot = np.eye(10)[y[:3]]
    assert np.allclose(trace.d_logits, (trace.probabilities - one_hot) / 3, atol=1e-6), "softmax + cross-entropy: p - y"
    assert trace.loss == pytest.approx(-np.log(trace.probabilities[np.arange(3), y[:3]]).mean(), rel=1e-5)
    assert np.array_equal(trace.forward[-1].dy, trace.d_logits)
    norms = dict(trace.gradient_norms())
    assert set(norms) == {layer.name for layer in model.layers if layer.params} and all(v > 0 for v in norms.values())


def test_a_fresh_model_starts_near_ln_10(batch):
    x, y = batch
    trace = trace_step(build_preset("lab-cnn", seed=0).compile("adam"), x, y)
    assert trace.chance_loss == pytest.approx(np.log(10))
    assert abs(trace.loss - trace.chance_loss) < 0.3


@pytest.mark.parametrize("preset, parameter, index", [("lab-cnn", "conv2d_1.W", (3, 0, 1, 2)),
                                                      ("lab-cnn", "dense_2.b", (4,)),
                                                      ("mini-vgg", "batchnorm2d_2.gamma", (5,))])  # fmt: skip
def test_check_weight_matches_a_finite_difference(batch, preset, parameter, index):
    x, y = batch
    model = trained_a_little(preset, batch)
    check = Lens(model).check_weight(x[:2], y[:2], parameter, index)
    assert check.analytic != 0 and check.relative_error < 1e-6, check


def test_check_weight_reaches_inside_a_block(batch):
    x, y = batch
    model = trained_a_little("mini-resnet", batch, steps=1)
    name = next(n for n, _, _ in model.named_parameters() if n.count(".") == 2 and n.endswith("conv1.W"))
    check = Lens(model).check_weight(x[:2], y[:2], name, (0, 0, 1, 1))
    assert check.relative_error < 1e-5, check
    with pytest.raises(KeyError, match="no parameter"):
        Lens(model).check_weight(x[:2], y[:2], "nothing.W", (0,))
    with pytest.raises(IndexError, match="outside"):
        Lens(model).check_weight(x[:2], y[:2], name, (99, 0, 0, 0))


def test_a_conv_pixel_is_its_patch_times_the_kernel_and_its_shares_add_up_to_dw():
    rng = np.random.default_rng(0)
    model = Sequential([Conv2D(2, 3, 3, stride=2, padding=1), ReLU(), Flatten()], input_shape=(2, 7, 7), seed=0)
    model.compile("sgd", loss="mse")
    x = rng.standard_normal((2, 2, 7, 7)).astype(np.float32)
    target = rng.standard_normal((2, 3 * 4 * 4)).astype(np.float32)
    trace = Lens(model).trace(x, target)  # (MSE: float targets)
    step = trace.layer("conv2d_1")
    story = conv_pixel(step, 1, 2, 3, 1)
    assert story.patch.shape == (2, 3, 3) and story.value == pytest.approx(float(step.y[1, 2, 3, 1]), abs=1e-5)
    total = sum(conv_pixel(step, n, 2, i, j).dW_share for n in range(2) for i in range(4) for j in range(4))
    assert np.allclose(total, step.grads["W"][2], atol=1e-5), "dW of a kernel: the sum of every pixel's share"
    assert trace.labels is None
    with pytest.raises(TypeError, match="not a Conv2D"):
        conv_pixel(trace.layer("relu_1"), 0, 0, 0, 0)


def test_max_pooling_shows_which_input_won_each_window(batch):
    x, y = batch
    trace = trace_step(trained_a_little("lab-cnn", batch), x[:1], y[:1])
    pool = next(s for s in trace.forward if isinstance(s.layer, MaxPool2D))
    winners = pool.winners
    assert winners.shape == pool.x.shape
    windows = winners[..., : winners.shape[2] // 2 * 2, : winners.shape[3] // 2 * 2]
    per_window = windows.reshape(*windows.shape[:2], windows.shape[2] // 2, 2, windows.shape[3] // 2, 2).sum((3, 5))
    assert np.all(per_window == 1), "one winner per 2x2 window"
    assert np.all(pool.dx[winners == 0] == 0), "the gradient flows only to the winners"


def test_one_step_lowers_the_loss_of_its_batch_and_undo_puts_the_weights_back(batch):
    x, y = batch
    model = trained_a_little("lab-cnn-light", batch)
    original = [v.copy() for _, v, _ in model.named_parameters()]
    lens = Lens(model)
    kept = [v.copy() for _, v, _ in lens.model.named_parameters()]
    result = lens.apply_step(x[:1], y[:1], "sgd", 0.05)
    assert result.loss_after < result.loss_before
    before, after = result.changes["conv2d_1.W"]
    assert before.shape == after.shape and not np.array_equal(before, after)
    assert lens.undo() and not lens.undo()
    for (_, value, _), old in zip(lens.model.named_parameters(), kept, strict=True):
        assert np.array_equal(value, old)
    for (_, value, _), old in zip(model.named_parameters(), original, strict=True):
        assert np.array_equal(value, old), "the model being trained never changes"


@pytest.mark.parametrize("layer, shape", [(BatchNorm2D(3), (4, 3, 5, 5)), (BatchNorm1D(6), (1, 6))])
def test_frozen_batchnorm_gradients_match_finite_differences(layer, shape):
    rng = np.random.default_rng(1)
    layer.buffers["running_mean"] = rng.standard_normal(layer.num_features).astype(np.float32)
    layer.buffers["running_var"] = rng.uniform(0.5, 2, layer.num_features).astype(np.float32)
    layer.params["gamma"] = rng.uniform(0.5, 1.5, layer.num_features).astype(np.float32)
    layer.frozen = True
    running = layer.buffers["running_mean"].copy()
    errors = check_layer(layer, rng.standard_normal(shape))
    assert max(errors.values()) < 1e-6, errors
    assert np.array_equal(layer.buffers["running_mean"], running.astype(np.float64)), "frozen: statistics unchanged"


def test_a_trace_of_a_model_without_layers_or_with_mismatched_labels_says_so(batch):
    x, y = batch
    with pytest.raises(ValueError, match="no layers"):
        Lens(Sequential())
    with pytest.raises(ValueError, match="2 images but 3 labels"):
        trace_step(build_preset("mlp", seed=0).compile("adam"), x[:2], y[:3])
