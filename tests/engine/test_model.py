"""Sequential: building, training on real digits, inference, callbacks, repeatability."""

import numpy as np
import pytest

from engine import DivergenceError, Sequential, load_model
from engine.callbacks import Callback, EarlyStopping, LearningRateScheduler, ModelCheckpoint
from engine.data import model_inputs
from engine.gradcheck import check_model
from engine.layers import (
    BatchNorm1D,
    Conv2D,
    Dense,
    Dropout,
    Flatten,
    MaxPool2D,
    ReLU,
    Softmax,
)
from engine.layers.blocks import all_layers
from engine.optimizers import SGD, Adam
from engine.presets import build_preset
from engine.regularizers import Regularizer
from engine.schedules import StepDecay
from engine.snapshots import filter_layer_names, map_layer_names, take_snapshot, weight_pictures


def small_cnn(seed=0):
    return Sequential(
        [
            Conv2D(1, 8, 3, padding=1),
            ReLU(),
            MaxPool2D(2),
            Conv2D(8, 16, 3, padding=1),
            ReLU(),
            MaxPool2D(2),
            Flatten(),
            Dense(16 * 7 * 7, 32),
            ReLU(),
            Dropout(0.1),
            Dense(32, 10),
        ],
        input_shape=(1, 28, 28),
        seed=seed,
    )


def as_input(images):
    return (images.astype(np.float32) / 255.0)[:, None]


def test_small_cnn_learns_real_digits(digits):
    x, y = as_input(digits["x_train"][:600]), digits["y_train"][:600]
    x_test, y_test = as_input(digits["x_test"][:300]), digits["y_test"][:300]
    model = small_cnn().compile(Adam(lr=2e-3))
    before = model.evaluate(x_test, y_test)
    history = model.fit(x, y, epochs=4, batch_size=32, verbose=0)
    after = model.evaluate(x_test, y_test)
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]
    assert before["accuracy"] < 0.3
    assert after["accuracy"] > 0.8, after  # chance is 0.1
    assert after["loss"] < before["loss"]


def test_pooling_before_relu_inside_forward_changes_no_output_and_no_gradient(rng):
    """``run_order`` swaps each ReLU -> MaxPool2D pair; the layers run as written must agree."""
    from engine.model import run_order

    model = small_cnn()
    names = [layer.name for layer in run_order(model.layers)]
    assert names[:6] == ["conv2d_1", "maxpool2d_1", "relu_1", "conv2d_2", "maxpool2d_2", "relu_2"]
    assert names[8] == "relu_3"  # a ReLU before Dropout stays where it is
    x = rng.standard_normal((8, 1, 28, 28)).astype(np.float32)
    dy = rng.standard_normal((8, 10)).astype(np.float32)
    model.layers[-2].p = 0.0  # no dropout: the two passes must see the same network
    scores = model.forward(x, training=True)
    dx = model.backward(dy)
    grads = {name: grad.copy() for name, _, grad in model.named_parameters()}
    h = x
    for layer in model.layers:  # as written: ReLU before pooling
        h = layer.forward(h, training=True)
    d = dy
    for layer in reversed(model.layers):
        d = layer.backward(d)
    np.testing.assert_array_equal(scores, h)
    np.testing.assert_array_equal(dx, d)
    for name, _, grad in model.named_parameters():
        np.testing.assert_array_equal(grad, grads[name], err_msg=name)


def test_an_impossible_architecture_is_reported_when_added():
    model = Sequential(input_shape=(1, 28, 28))
    model.add(Conv2D(1, 4, 3))
    with pytest.raises(ValueError, match=r"expected input of shape \(N, 3, H, W\)"):
        model.add(Conv2D(3, 4, 3))
    model.add(Flatten())
    with pytest.raises(ValueError, match="2704 features in"):
        model.add(Dense(100, 10))


def test_layer_names_are_unique_and_readable():
    model = small_cnn()
    names = [layer.name for layer in model.layers]
    assert names[:3] == ["conv2d_1", "relu_1", "maxpool2d_1"] and len(set(names)) == len(names)


def test_summary_table():
    text = small_cnn().summary()
    assert "conv2d_1 (Conv2D)" in text and "(N, 16, 7, 7)" in text and "(N, 10)" in text
    assert f"Total params: {small_cnn().num_params():,}" in text
    assert small_cnn().num_params() == (8 * 9 + 8) + (16 * 8 * 9 + 16) + (784 * 32 + 32) + (32 * 10 + 10)


def test_seed_makes_training_bit_for_bit_repeatable(digits):
    x, y = as_input(digits["x_train"][:128]), digits["y_train"][:128]
    runs = []
    for _ in range(2):
        model = small_cnn(seed=7).compile(Adam())
        model.fit(x, y, epochs=2, batch_size=32, verbose=0)
        runs.append(model.get_weights())
    for a, b in zip(*runs, strict=True):
        np.testing.assert_array_equal(a, b)
    other = small_cnn(seed=8).get_weights()
    assert not np.array_equal(other[0], small_cnn(seed=7).get_weights()[0])


def test_predict_is_batched_probabilities_and_does_not_touch_training_state(digits):
    model = small_cnn().compile("adam")
    x = as_input(digits["x_test"][:70])
    model.fit(x[:32], digits["y_test"][:32], epochs=1, verbose=0)
    caches = [layer.cache for layer in model.layers]
    probabilities = model.predict(x, batch_size=16)
    assert probabilities.shape == (70, 10)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1, rtol=1e-5)
    np.testing.assert_allclose(model.predict(x[:1]), probabilities[:1], rtol=1e-5, atol=1e-7)
    np.testing.assert_array_equal(model.predict_classes(x), probabilities.argmax(axis=1))
    assert all(layer.cache is cache for layer, cache in zip(model.layers, caches, strict=True))
    trace = model.forward_trace(x[:2])
    assert [t.shape[1:] for t in trace] == model.layer_shapes()


def test_wrong_input_to_the_model_is_explained():
    model = small_cnn().compile("adam")
    with pytest.raises(ValueError, match=r"expected input of shape \(N, 1, 28, 28\)"):
        model.predict(np.zeros((2, 3, 28, 28)))
    with pytest.raises(ValueError, match="x has 4 samples but y has 3"):
        model.fit(np.zeros((4, 1, 28, 28)), np.zeros(3, int), verbose=0)
    with pytest.raises(ValueError, match=r"labels must be in \[0, 9\]"):
        model.train_on_batch(np.zeros((2, 1, 28, 28)), np.array([3, 12]))
    with pytest.raises(RuntimeError, match="not compiled"):
        small_cnn().fit(np.zeros((2, 1, 28, 28)), np.zeros(2, int))
    with pytest.raises(RuntimeError, match="has no loss to evaluate with: call model.compile"):
        small_cnn().evaluate(np.zeros((2, 1, 28, 28)), np.zeros(2, int))
    with pytest.raises(ValueError, match="batch_size"):
        model.fit(np.zeros((2, 1, 28, 28)), np.zeros(2, int), batch_size=0)


def test_a_final_softmax_with_cross_entropy_is_fused_into_the_loss(rng):
    """Course code ends in Softmax and uses cross-entropy: same loss, gradients and predictions as without it."""
    x = rng.standard_normal((16, 4)).astype(np.float32)
    y = rng.integers(0, 3, 16)
    with_softmax = Sequential([Dense(4, 3), Softmax()], input_shape=(4,), seed=0).compile(SGD(lr=0.1))
    plain = Sequential([Dense(4, 3)], input_shape=(4,), seed=0).compile(SGD(lr=0.1))
    assert with_softmax.softmax_fused and not plain.softmax_fused
    assert "fused into the cross-entropy loss" in with_softmax.summary()
    assert with_softmax.evaluate(x, y) == pytest.approx(plain.evaluate(x, y))
    np.testing.assert_allclose(with_softmax.predict(x), plain.predict(x), rtol=1e-6)
    np.testing.assert_allclose(with_softmax.predict(x).sum(axis=1), 1, rtol=1e-6)
    with_softmax.fit(x, y, epochs=3, batch_size=4, verbose=0)
    plain.fit(x, y, epochs=3, batch_size=4, verbose=0)
    np.testing.assert_allclose(with_softmax.layers[0].params["W"], plain.layers[0].params["W"], rtol=1e-5)
    # Huge logits: an unfused softmax would give p = 0 and log(0) = -inf; the fused loss stays finite.
    with_softmax.layers[0].params["W"][...] = 1e4
    assert np.isfinite(with_softmax.evaluate(x, y)["loss"])
    # With MSE (the early literature's sigmoid/softmax nets) the Softmax stays a layer.
    model = Sequential([Dense(4, 3), Softmax()], input_shape=(4,)).compile("adam", loss="mse")
    assert not model.softmax_fused
    np.testing.assert_allclose(model.predict(np.ones((2, 4))).sum(axis=1), 1, rtol=1e-6)


@pytest.mark.parametrize("outputs", [1, 3])
def test_regression_with_mse_predicts_numbers_and_reports_no_accuracy(outputs, rng):
    """The TF2 course notes' first Keras example: Dense + 'mse' on float targets (N,) or (N, k)."""
    x = rng.uniform(-1, 1, (256, 2)).astype(np.float32)
    weights = np.array([[2.0, -1.0, 0.5], [-3.0, 0.5, 1.0]], np.float32)[:, :outputs]
    y = x @ weights + 1.0
    if outputs == 1:
        y = y[:, 0]  # one float per sample, shape (N,)
    model = Sequential([Dense(2, outputs)], input_shape=(2,), seed=0).compile(Adam(lr=0.05), loss="mse")
    assert model.is_regression
    history = model.fit(x, y, epochs=40, batch_size=32, verbose=0, validation_split=0.2)
    assert "accuracy" not in history.history and "val_accuracy" not in history.history
    scores = model.evaluate(x, y)
    assert set(scores) == {"loss"} and scores["loss"] < 1e-3
    predicted = model.predict(x[:5])
    assert predicted.shape == (5, outputs)  # the raw outputs, no softmax
    np.testing.assert_allclose(predicted.reshape(y[:5].shape), y[:5], atol=0.05)
    with pytest.raises(ValueError, match="give targets of shape"):
        Sequential([Dense(2, 3)], input_shape=(2,)).compile(loss="mse").evaluate(x, y[:, 0] if y.ndim == 2 else y)


def test_divergence_stops_with_a_clear_message_and_keeps_the_weights():
    model = Sequential([Dense(4, 3)], input_shape=(4,), seed=0).compile(SGD(lr=1.0))
    before = model.get_weights()
    x = np.full((2, 4), np.inf, np.float32)
    with pytest.raises(DivergenceError, match="lower the learning rate"):
        model.fit(x, np.array([0, 1]), verbose=0)
    for a, b in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_validation_split_and_history(digits):
    x, y = as_input(digits["x_train"][:200]), digits["y_train"][:200]
    model = small_cnn().compile("adam")
    history = model.fit(x, y, epochs=2, batch_size=50, validation_split=0.25, verbose=0)
    assert set(history.history) >= {"loss", "accuracy", "val_loss", "val_accuracy", "learning_rate"}
    assert len(history.history["val_loss"]) == 2 and history.epoch == [0, 1]


def test_callbacks_see_batches_and_can_stop_training():
    class StopAfterThree(Callback):
        def __init__(self):
            self.batches = 0

        def on_batch_end(self, batch, logs=None):
            self.batches += 1
            assert set(logs) >= {"loss", "accuracy", "size", "learning_rate"}
            if self.batches == 3:
                self.model.stop_training = True

    model = Sequential([Dense(4, 2)], input_shape=(4,), seed=0).compile("sgd")
    stopper = StopAfterThree()
    history = model.fit(np.ones((40, 4)), np.zeros(40, int), epochs=5, batch_size=4, callbacks=[stopper], verbose=0)
    assert stopper.batches == 3 and len(history.epoch) == 1


def test_early_stopping_restores_the_best_weights():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 4)).astype(np.float32)
    y = (x[:, 0] > 0).astype(int)
    model = Sequential([Dense(4, 2)], input_shape=(4,), seed=0).compile(SGD(lr=0.5))
    # Validation labels are the opposite rule: val_loss gets worse once the model learns.
    stopper = EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
    history = model.fit(x, y, epochs=50, batch_size=16, validation_data=(x, 1 - y), callbacks=[stopper], verbose=0)
    assert stopper.stopped_epoch is not None and len(history.epoch) < 50
    best = min(history.history["val_loss"])
    assert model.evaluate(x, 1 - y)["loss"] == pytest.approx(best, rel=1e-5)


def test_learning_rate_scheduler_and_checkpoint(tmp_path):
    model = Sequential([Dense(4, 2)], input_shape=(4,), seed=0).compile(SGD(lr=1.0))
    seen = []

    class Record(Callback):
        def on_epoch_begin(self, epoch, logs=None):
            seen.append(self.model.optimizer.lr)

    schedule = LearningRateScheduler(StepDecay(0.1, step_size=2, gamma=0.5))
    checkpoint = ModelCheckpoint(tmp_path / "ckpt-{epoch:02d}.npz")
    model.fit(
        np.ones((8, 4)), np.zeros(8, int), epochs=5, batch_size=4, callbacks=[schedule, Record(), checkpoint], verbose=0
    )
    assert seen == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025])
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"ckpt-0{i}.npz" for i in range(1, 6)]


def test_set_weights_checks_shapes_before_changing_anything():
    model = Sequential([Dense(4, 3), BatchNorm1D(3)], input_shape=(4,), seed=0)
    weights = model.get_weights()
    assert [w.shape for w in weights] == [(4, 3), (3,), (3,), (3,), (3,), (3,)]
    bad = [w.copy() + 1 for w in weights]
    bad[-1] = np.zeros(4)
    with pytest.raises(ValueError, match="running_var"):
        model.set_weights(bad)
    np.testing.assert_array_equal(model.get_weights()[0], weights[0])


def test_a_snapshot_of_a_net_ending_in_softmax_shows_probabilities_once(rng):
    model = Sequential([Flatten(), Dense(784, 10), Softmax()], input_shape=(1, 28, 28), seed=0).compile("adam")
    model.layers[1].params["W"] *= 20  # confident scores, so a second softmax would visibly flatten them
    probe = rng.standard_normal((1, 28, 28)).astype(np.float32)
    snapshot = take_snapshot(model, 0, 0, probe)
    np.testing.assert_allclose(snapshot.probe_scores, model.predict(probe[None])[0], rtol=1e-5)


def test_an_mlp_shows_its_first_dense_layer_as_pictures_and_an_lstm_shows_none():
    mlp = build_preset("mlp", seed=0)
    (name,) = filter_layer_names(mlp)
    pictures = weight_pictures(mlp, name)
    dense = next(layer for layer in mlp.layers if layer.name == name)
    assert pictures.shape == (dense.params["W"].shape[1], 1, 28, 28) and not map_layer_names(mlp)
    np.testing.assert_array_equal(pictures[3].ravel(), dense.params["W"][:, 3])  # unit 3's weight per pixel
    assert take_snapshot(mlp, 0, 0).filters[name].shape == pictures.shape
    lstm = build_preset("row-lstm", seed=0)
    assert filter_layer_names(lstm) == [] and take_snapshot(lstm, 0, 0).filters == {}
    assert filter_layer_names(build_preset("lab-cnn", seed=0))[0].startswith("conv2d")


@pytest.mark.parametrize("name", ["mlp", "row-lstm", "lab-cnn-light"])
def test_training_skips_the_input_gradient_and_the_layers_before_the_first_weights(name, digits):
    """The parameter gradients are the same; the leading Flatten/Reshape is not run backward, and
    the first layer with weights computes no dL/d(input) (a whole product in mlp)."""
    model = build_preset(name, seed=0).compile("adam")
    x, y = model_inputs(model, digits["x_train"][:16]), digits["y_train"][:16]
    model.loss.forward(model.forward(x, training=True), y)
    full = model.backward(model.loss.backward(), input_gradient=True)
    assert full.shape == x.shape
    expected = {n: g.copy() for n, _, g in model.named_parameters()}
    leading = model.layers[0] if not model.layers[0].params else None
    if leading is not None:
        leading.backward = lambda dy: pytest.fail("a layer before the first weights ran backward")
    assert model.backward(model.loss.backward(), input_gradient=False) is None
    for n, _, g in model.named_parameters():
        np.testing.assert_array_equal(g, expected[n], err_msg=n)


def test_kernel_regularizers_add_to_the_loss_and_check_against_finite_differences(tmp_path):
    """Keras' kernel_regularizer: l2(0.1) adds 0.1 * sum(W^2) (not half of it), l1 adds l1 * sum(|W|); the
    bias is not penalised; the setting is saved with the model."""
    layers = [Conv2D(1, 2, 3, kernel_regularizer={"l1": 0.05}), ReLU(), Flatten(),
              Dense(2 * 4 * 4, 3, kernel_regularizer=Regularizer(l2=0.1))]  # fmt: skip
    model = Sequential(layers, input_shape=(1, 6, 6), seed=0)
    model.compile()
    conv, dense = model.layers[0], model.layers[3]
    expected = 0.05 * np.abs(conv.params["W"]).sum() + 0.1 * (dense.params["W"] ** 2).sum()
    assert model.regularization_loss() == pytest.approx(float(expected), rel=1e-5)
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(4, 1, 6, 6)), np.array([0, 1, 2, 1])
    plain = Sequential([Flatten(), Dense(36, 3)], input_shape=(1, 6, 6), seed=0).compile()
    assert plain.regularization_loss() == 0
    errors = check_model(model, x, y)
    assert max(errors.values()) < 1e-5, errors
    model.save(tmp_path / "r.npz")
    assert load_model(tmp_path / "r.npz").layers[3].kernel_regularizer == Regularizer(l2=0.1)
    with pytest.raises(ValueError, match=r"kernel_regularizer must be like \{'l2': 0.01\}"):
        Dense(3, 3, kernel_regularizer={"l3": 1})


def test_the_multiply_adds_are_the_hand_count():
    # lab-cnn: 3x3 convolutions 1->32 on 28x28 and 32->64 on 14x14, dense 64*7*7 -> 128 -> 10
    by_hand = 32 * 1 * 9 * 28 * 28 + 64 * 32 * 9 * 14 * 14 + 64 * 7 * 7 * 128 + 128 * 10
    assert build_preset("lab-cnn", seed=0).multiply_adds() == by_hand
    # row-lstm: 28 steps of [x_t (28), h (64)] times 4 gates of 64, then dense 64 -> 10
    assert build_preset("row-lstm", seed=0).multiply_adds() == 28 * (28 + 64) * 4 * 64 + 64 * 10


@pytest.mark.parametrize("preset", ["mini-resnet", "mini-inception", "lenet-5"])
def test_the_multiply_adds_inside_blocks_are_those_of_the_shapes_a_real_pass_sees(preset):
    # Counted from the shapes each convolution and dense layer really gets in a forward pass of one image
    # (the inception block's pool branch sees its input padded by one: a 'valid' walk would get it wrong).
    model = build_preset(preset, seed=0)
    seen = []
    for layer, *_ in all_layers(model.layers):
        if isinstance(layer, (Conv2D, Dense)):
            def forward(x, training=True, layer=layer, original=layer.forward):
                seen.append(layer.multiply_adds(x.shape[1:]))
                return original(x, training=training)

            layer.forward = forward
    model.predict(np.zeros((1, *model.input_shape), np.float32))
    assert model.multiply_adds() == sum(seen) > 0
