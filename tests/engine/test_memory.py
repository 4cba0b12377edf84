"""A model's memory: its nearest remembered digits help it read, survive a save, and never go stale."""

import numpy as np
import pytest

from engine import ModelFileError, Sequential, load_model
from engine.data import Dataset, load_embedded, model_inputs
from engine.data.judge_sets import load_mnist_test, load_pen_digits
from engine.layers import Dense, Flatten, ReLU
from engine.memory import Memory, features
from engine.session import TrainingSession
from engine.training_config import TrainingConfig
from tests.engine.test_serialization import rewrite_config


@pytest.fixture(scope="module")
def default():
    return load_model("default")


def reads(model, dataset) -> float:
    return float(np.mean(model.predict(model_inputs(model, dataset.x_test)).argmax(axis=1) == dataset.y_test))


def network_alone(model):
    alone = load_model("default")
    alone.memory = None
    return alone


def test_the_shipped_model_reads_real_pen_digits_better_with_its_memory(default):
    assert default.memory is not None and default.memory.fresh(default) and len(default.memory) >= 10_000
    pen, mnist = load_pen_digits(limit=1500), load_mnist_test().take(1500)
    alone = network_alone(default)
    assert reads(default, pen) > reads(alone, pen) + 0.02
    assert reads(default, mnist) >= reads(alone, mnist)


def small_model(seed=0):
    model = Sequential([Flatten(), Dense(784, 32), ReLU(), Dense(32, 10)], input_shape=(1, 28, 28), seed=seed)
    return model.compile("adam")


def test_remembered_drawings_are_read_as_remembered_at_once():
    digits = load_embedded()
    model = small_model()  # untrained: the network alone reads about one in ten
    wrong_labels = (digits.y_train[:200] + 1) % 10  # the memory decides, whatever the network thinks
    model.memory = Memory.build(model, digits.x_train[:200], wrong_labels, {"test": 200})
    predicted = model.predict(model_inputs(model, digits.x_train[:200])).argmax(axis=1)
    assert np.mean(predicted == wrong_labels) > 0.95
    assert np.allclose(model.predict(model_inputs(model, digits.x_test[:5])).sum(axis=1), 1, atol=1e-5)


def test_changed_weights_make_the_memory_stale_until_refreshed():
    digits = load_embedded()
    model = small_model()
    model.memory = Memory.build(model, digits.x_train[:100], digits.y_train[:100], {"test": 100})
    inputs = model_inputs(model, digits.x_test[:50])
    model.layers[1].params["W"] += 0.01
    assert not model.memory.fresh(model)
    alone = model.probabilities(model.predict_scores(inputs))
    assert np.allclose(model.predict(inputs), alone), "stale features are never used"
    model.memory.refresh(model)
    assert model.memory.fresh(model) and not np.allclose(model.predict(inputs), alone)


def test_a_training_run_refreshes_the_memory_at_its_end():
    digits = load_embedded().take(256)
    model = small_model()
    model.memory = Memory.build(model, digits.x_train[:64], digits.y_train[:64], {"test": 64})
    data = Dataset("tiny", digits.x_train, digits.y_train, digits.x_test, digits.y_test, digits.class_names)
    config = TrainingConfig.from_dict({"epochs": 1, "batch_size": 64, "val_split": 0.0})
    assert TrainingSession(model, data, config).run() == "finished"
    assert model.memory.fresh(model)
    assert np.allclose(model.memory.features, features(model, digits.x_train[:64]), atol=1e-6)


def test_the_memory_survives_a_save_and_a_stale_one_is_recomputed(tmp_path, default):
    path = tmp_path / "m.npz"
    default.save(path, include_optimizer=False)
    loaded = load_model(path)
    assert loaded.memory.fresh(loaded) and loaded.memory.sources == default.memory.sources
    pen = load_pen_digits(limit=300)
    same = loaded.predict(model_inputs(loaded, pen.x_test)).argmax(1) == default.predict(
        model_inputs(default, pen.x_test)).argmax(1)  # fmt: skip
    assert same.mean() >= 0.99  # the features are stored at half precision

    def stale(header, arrays):
        header["memory"]["weights"] = "0" * 32

    reloaded = load_model(rewrite_config(path, tmp_path, stale))
    assert reloaded.memory.fresh(reloaded)
    assert np.allclose(reloaded.memory.features, default.memory.features, atol=1e-3)  # float16 against float32


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda h, a: h["memory"].update(count=10**9), "declares"),
        (lambda h, a: a.update({"memory/labels": a["memory/labels"] + 10}), "class numbers"),
        (lambda h, a: a.update({"memory/images": a["memory/images"].astype(np.float32)}), "bytes"),
        (lambda h, a: a.pop("memory/images"), "missing"),
        (lambda h, a: a.update({"memory/emphasis": -a["memory/emphasis"]}), "0 to 1000"),
        (lambda h, a: h.update(memory=[1, 2]), "damaged"),
    ],
)
def test_a_damaged_memory_is_one_clear_error(tmp_path, edit, message):
    digits = load_embedded()
    model = small_model()
    model.memory = Memory.build(model, digits.x_train[:20], digits.y_train[:20], {"test": 20})
    path = tmp_path / "m.npz"
    model.save(path)
    with pytest.raises(ModelFileError, match=message):
        load_model(rewrite_config(path, tmp_path, edit))
