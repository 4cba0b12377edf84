"""A run's record: every epoch's logs and the live changes, kept in the model file and written as CSV."""

import csv
import io
import threading
import time

import pytest

from engine import load_model
from engine.data import Dataset
from engine.history import change_words, history_csv, history_of
from engine.presets import build_preset
from engine.session import TrainingSession
from engine.training_config import TrainingConfig

WAIT = 60


@pytest.fixture(scope="module")
def small(digits):
    return Dataset("small", digits["x_train"][:600], digits["y_train"][:600], digits["x_test"][:100],
                   digits["y_test"][:100], [str(d) for d in range(10)])  # fmt: skip


def test_the_epochs_and_the_live_changes_are_saved_with_the_model(small, tmp_path):
    config = TrainingConfig(epochs=3, batch_size=50, seed=0, val_split=0.2)  # 480 training images: 10 steps an epoch
    session = TrainingSession(build_preset("lab-cnn-light", seed=0), small, config)
    thread = threading.Thread(target=session.run, kwargs={"paused": True}, daemon=True)
    thread.start()
    session.step(13)  # into the second epoch
    waited = time.monotonic()
    while not (session.step_count == 13 and session.state == "paused") and time.monotonic() - waited < WAIT:
        time.sleep(0.01)
    session.update(learning_rate=5e-4)
    session.update(learning_rate=5e-4)  # the same value again: not a change
    session.resume()
    thread.join(WAIT)
    assert session.state == "finished"
    assert session.changes == [{"step": 13, "setting": "learning_rate", "before": 1e-3, "after": 5e-4}]
    session.save(tmp_path / "m.npz")

    history, changes = history_of(load_model(tmp_path / "m.npz"))
    assert [log["epoch"] for log in history] == [1, 2, 3] and [log["step"] for log in history] == [10, 20, 30]
    assert all(0 < log["loss"] < 3 and 0 <= log["val_accuracy"] <= 1 and log["seconds"] > 0 for log in history)
    assert [log["learning_rate"] for log in history][1:] == [5e-4, 5e-4], "the change shows in the epochs after it"
    assert changes == session.changes
    rows = list(csv.DictReader(io.StringIO(history_csv(history, changes))))
    assert [row["changes"] for row in rows] == ["", "lr 0.001 → 0.0005 from step 14", ""]
    assert float(rows[2]["val_loss"]) == pytest.approx(history[2]["val_loss"], rel=1e-5)


def test_a_model_saved_without_a_run_has_an_empty_history_and_odd_records_are_skipped():
    model = build_preset("lab-cnn-light", seed=0)
    assert history_of(model) == ([], [])
    model.metadata["session"] = {"history": [{"epoch": 1, "loss": 0.5}, "junk"], "changes": "junk"}
    assert history_of(model) == ([{"epoch": 1, "loss": 0.5}], [])
    odd = [{"step": "x", "setting": "learning_rate"}, {"setting": "momentum"}]  # a hostile file's records
    assert history_csv([{"epoch": 1, "step": "y", "loss": 0.5}, {"epoch": 2, "step": 9}], odd).count("\n") == 3
    augment = {"step": 4, "setting": "augment", "before": {"rotation": 0.0}, "after": {"rotation": 10.0}}
    assert change_words(augment) == "augment changed from step 5"


def test_resuming_with_another_learning_rate_is_part_of_the_record(small, tmp_path):
    config = TrainingConfig(epochs=1, batch_size=50, seed=0, val_split=0.2)
    first = TrainingSession(build_preset("lab-cnn-light", seed=0), small, config)
    assert first.run() == "finished"
    first.save(tmp_path / "one.npz")
    more = TrainingSession.continue_from(load_model(tmp_path / "one.npz"), small, epochs=2,
                                         changes={"learning_rate": 2e-4})  # fmt: skip
    assert more.run() == "finished"
    assert more.changes == [{"step": 10, "setting": "learning_rate", "before": 1e-3, "after": 2e-4}]
    assert [log["epoch"] for log in more.history] == [1, 2]
