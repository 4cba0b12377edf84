"""The training session: learning, steering from another thread, rate limits, divergence, resume."""

import threading
import time

import numpy as np
import pytest

from engine import load_model
from engine.data import Dataset
from engine.presets import build_preset
from engine.session import SessionListener, TrainingSession
from engine.training_config import TrainingConfig

WAIT = 20.0  # seconds; generous, only reached when something is broken


@pytest.fixture(scope="module")
def small(digits):
    """1,000 real training digits and 300 test digits."""
    return Dataset(
        "small", digits["x_train"][:1000], digits["y_train"][:1000], digits["x_test"][:300], digits["y_test"][:300],
        [str(d) for d in range(10)],
    )  # fmt: skip


class Recorder(SessionListener):
    """Keeps every report and lets a test wait for a state or a condition."""

    def __init__(self):
        self.batches, self.epochs, self.snapshots, self.states = [], [], [], []
        self.changed = threading.Condition()

    def _note(self, store, item):
        with self.changed:
            store.append(item)
            self.changed.notify_all()

    def on_batches(self, report):
        self._note(self.batches, report)

    def on_epoch_end(self, report):
        self._note(self.epochs, report)

    def on_snapshot(self, snapshot):
        self._note(self.snapshots, snapshot)

    def on_state(self, state, message):
        self._note(self.states, (state, message))

    def wait_for(self, condition):
        with self.changed:
            assert self.changed.wait_for(condition, timeout=WAIT), "timed out"

    def steps(self):
        return np.concatenate([r.steps for r in self.batches]).tolist() if self.batches else []


def session_for(data, **config):
    config = {"epochs": 2, "batch_size": 50, "seed": 0, **config}
    model = build_preset("lab-cnn-light", seed=0)
    session = TrainingSession(model, data, TrainingConfig(**config), probe=data.x_test[0])
    recorder = Recorder()
    session.add_listener(recorder)
    return session, recorder


def start(session, paused=False):
    thread = threading.Thread(target=session.run, kwargs={"paused": paused}, daemon=True)
    thread.start()
    return thread


def test_a_run_learns_and_reports_every_batch_once(small):
    session, rec = session_for(small, epochs=3, batch_size=20, learning_rate=3e-3)
    assert session.run() == "finished"
    assert [s for s, _ in rec.states] == ["running", "finished"]
    assert rec.steps() == list(range(1, session.step_count + 1))  # rate-limited, but no batch lost
    assert session.step_count == 3 * 45  # 900 training images (10% validation) in batches of 20
    assert [e.epoch for e in rec.epochs] == [1, 2, 3]
    assert rec.epochs[-1].val_accuracy > 0.7 and rec.epochs[-1].loss < rec.epochs[0].loss
    assert session.model.metadata["normalization"]["std"] > 0 and session.model.metadata["dataset"] == "small"
    last = rec.batches[-1]
    assert last.images_per_second > 0 and last.epoch == 3 and last.learning_rate == 3e-3


def test_snapshots_hold_copies_of_filters_feature_maps_and_statistics(small):
    session, rec = session_for(small, epochs=1)
    session.run()
    snap = rec.snapshots[-1]
    kernels = snap.filters["conv2d_1"]
    assert kernels.shape == (8, 1, 3, 3)
    np.testing.assert_array_equal(kernels, session.model.layers[0].params["W"])
    session.model.layers[0].params["W"] += 1.0  # training goes on changing the weights...
    assert not np.shares_memory(kernels, session.model.layers[0].params["W"])  # ...the snapshot is unaffected
    assert snap.feature_maps["conv2d_1"].shape == (8, 28, 28) and snap.feature_maps["maxpool2d_2"].shape == (16, 7, 7)
    assert snap.probe_scores.shape == (10,) and abs(snap.probe_scores.sum() - 1) < 1e-5
    stats = snap.weights["dense_1.W"]
    assert stats.counts.sum() == 16 * 7 * 7 * 32 and stats.std > 0 and "dense_1.W" in snap.gradients


def test_a_paused_run_sends_a_snapshot_when_a_view_asks_for_another_probe_or_kernels(small):
    session, rec = session_for(small, epochs=1)
    thread = start(session, paused=True)
    session.step()
    rec.wait_for(lambda: session.step_count == 1 and rec.states[-1][0] == "paused")
    time.sleep(0.2)
    count = len(rec.snapshots)
    session.set_probe(small.x_test[5])
    rec.wait_for(lambda: len(rec.snapshots) == count + 1)
    maps = rec.snapshots[-1].feature_maps["conv2d_1"]
    session.show_filters_of(("conv2d_2",))
    rec.wait_for(lambda: len(rec.snapshots) == count + 2)
    assert "conv2d_2" in rec.snapshots[-1].filters and session.step_count == 1, "sent while still paused"
    assert not np.array_equal(maps, rec.snapshots[0].feature_maps["conv2d_1"]), "the new probe's maps"
    session.stop()
    thread.join(10)


def test_no_snapshots_are_taken_when_no_listener_shows_them(small, monkeypatch):
    class EpochsOnly(SessionListener):
        def __init__(self):
            self.epochs = 0

        def on_epoch_end(self, report):
            self.epochs += 1

    session = TrainingSession(build_preset("lab-cnn-light", seed=0), small, TrainingConfig(epochs=1, seed=0))
    listener = EpochsOnly()
    session.add_listener(listener)
    taken = []
    monkeypatch.setattr(session, "snapshot", lambda: taken.append(1))
    assert session.run() == "finished" and listener.epochs == 1
    assert taken == []  # a headless run (CLI, benchmarks) pays nothing for pictures nobody sees
    session.add_listener(Recorder())
    session._flush_reports(force_snapshot=True)
    assert taken == [1]


def test_reports_are_rate_limited(small):
    session, rec = session_for(small, epochs=2)
    session.scalar_interval, session.image_interval = 1 / 5, 1 / 2
    started = time.perf_counter()
    session.run()
    elapsed = time.perf_counter() - started
    # at most `rate` per second, plus one forced report per epoch end and a first one
    assert len(rec.batches) <= elapsed * 5 + 2 + 2
    assert len(rec.snapshots) <= elapsed * 2 + 2 + 2
    assert len(rec.batches) < session.step_count


def test_pause_step_update_and_stop_from_another_thread(small):
    session, rec = session_for(small, epochs=3)
    thread = start(session, paused=True)
    rec.wait_for(lambda: rec.states and rec.states[-1][0] == "paused")
    assert session.step_count == 0

    session.step()
    rec.wait_for(lambda: session.step_count == 1 and rec.states[-1][0] == "paused")
    session.update(learning_rate=5e-4, batch_size=10, dropout=0.5, augment={"rotation": 10.0})
    session.step(3)
    rec.wait_for(lambda: session.step_count == 4 and rec.states[-1][0] == "paused")
    assert rec.steps() == [1, 2, 3, 4]  # every step reported at once while stepping
    assert rec.batches[-1].learning_rate == 5e-4 and session.batches.batch_size == 10
    assert session.batches.position == 50 + 3 * 10
    assert session.model.layers[-2].p == 0.5 and session.augmenter.config.rotation == 10.0

    session.step_epoch()
    rec.wait_for(lambda: len(rec.epochs) == 1 and rec.states[-1][0] == "paused")
    assert session.epoch == 1 and session.batches.position == 0

    time.sleep(0.5)  # OpenBLAS's worker threads spin for a moment after their last product
    cpu_before = time.process_time()
    time.sleep(0.5)
    assert time.process_time() - cpu_before < 0.1  # paused means sleeping, not spinning

    session.resume()
    rec.wait_for(lambda: session.step_count > 100)
    session.stop()
    thread.join(WAIT)
    assert not thread.is_alive() and session.state == "stopped" and session.epoch < 3


def test_a_stop_says_where_the_run_stood_and_a_continued_session_goes_on_from_there(small):
    session, rec = session_for(small, epochs=3)
    thread = start(session, paused=True)
    session.step(2)
    rec.wait_for(lambda: session.step_count == 2 and rec.states[-1][0] == "paused")
    session.stop()
    thread.join(WAIT)
    batches = len(session.batches)
    assert rec.states[-1] == ("stopped", f"stopped in epoch 1 at batch 2 of {batches} (step 2)")
    state = session.state_dict()
    more = TrainingSession(session.model, small, session.config.replace(epochs=1), resume_state=state,
                           normalization=session.normalization)  # fmt: skip
    assert more.run() == "finished" and more.step_count == batches and more.epoch == 1
    assert more.model.optimizer is session.model.optimizer and more.model.optimizer.iterations == batches


def test_live_changes_are_validated_in_the_callers_thread(small):
    session, _ = session_for(small)
    with pytest.raises(ValueError, match="learning_rate must be a number"):
        session.update(learning_rate=-1)
    with pytest.raises(ValueError, match="cannot change optimizer while training"):
        session.update(optimizer="sgd")
    with pytest.raises(ValueError, match="augmentation noise"):
        session.update(augment={"noise": 7})
    assert session._pending == {}


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"max_gradient_norm": 1e-6}, "gradients exploded"),
        ({"optimizer": "sgd", "learning_rate": 10.0}, "lower the learning rate"),
    ],
)
def test_a_run_that_diverges_at_once_goes_back_to_its_starting_weights(small, config, message):
    session, rec = session_for(small, **config)
    start_weights = session.model.get_weights()
    assert session.run() == "failed"
    assert rec.states[-1][0] == "failed" and message in rec.states[-1][1] and message in session.error
    assert "back as they were at the start of the run" in session.error
    for now, before in zip(session.model.get_weights(), start_weights, strict=True):
        np.testing.assert_array_equal(now, before)
    assert session.step_count == 0 and session.batches.position == 0  # the position is rolled back too


def test_a_trained_model_blown_up_by_a_huge_learning_rate_gets_its_good_weights_back(small):
    """The window's case: Adam at lr=1.0 on a trained model. The first such step already ruins the
    weights, and they must not be what is kept: the rollback point is the last sane one."""
    session, _ = session_for(small, epochs=3, learning_rate=3e-3)
    assert session.run() == "finished"
    x_test = session.normalization.apply(small.x_test)
    trained = session.model.evaluate(x_test, small.y_test)["accuracy"]
    assert trained > 0.8
    # Go on with the same model and a learning rate that wrecks it within a few steps.
    blown = TrainingSession(session.model, small, TrainingConfig(epochs=50, batch_size=50, learning_rate=10.0,
                                                                 max_gradient_norm=1e3))  # fmt: skip
    assert blown.run() == "failed"
    assert "back as they were at" in blown.error
    after = session.model.evaluate(x_test, small.y_test)["accuracy"]
    assert after > trained - 0.02, (trained, after, blown.error)


def test_a_failing_listener_fails_the_run_with_a_message(small):
    session, rec = session_for(small)

    class Broken(SessionListener):
        def on_epoch_end(self, report):
            raise RuntimeError("plot exploded")

    session.add_listener(Broken())
    assert session.run() == "failed"
    assert rec.states[-1] == ("failed", "RuntimeError: plot exploded")


def test_resuming_a_checkpoint_gives_the_same_numbers_as_an_uninterrupted_run(small, tmp_path):
    config = {
        "epochs": 3,
        "schedule": "cosine",
        "augment": {"rotation": 10.0, "elastic": 1.0, "erasing": 0.3},
        "optimizer": "adam",
    }
    straight, straight_rec = session_for(small, **config)
    straight.run()

    first, _ = session_for(small, **config)
    first.checkpoint = tmp_path / "run.npz"

    class StopAfterFirstEpoch(SessionListener):
        def on_epoch_end(self, report):
            first.stop()

    first.add_listener(StopAfterFirstEpoch())
    assert first.run() == "stopped" and first.epoch == 1

    resumed = TrainingSession.continue_from(load_model(tmp_path / "run.npz"), small)
    rec = Recorder()
    resumed.add_listener(rec)
    assert resumed.epoch == 1 and resumed.step_count == 18
    assert resumed.run() == "finished"
    for a, b in zip(resumed.model.get_weights(), straight.model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert [e.val_loss for e in rec.epochs] == [e.val_loss for e in straight_rec.epochs[1:]]
    assert len(resumed.history) == 3


def test_resume_refuses_a_plain_model_file(small, tmp_path):
    model = build_preset("lab-cnn-light", seed=0)
    model.compile("adam")
    model.save(tmp_path / "plain.npz")
    with pytest.raises(ValueError, match="not a training checkpoint"):
        TrainingSession.continue_from(load_model(tmp_path / "plain.npz"), small)


def test_training_config_rejects_nonsense_with_a_clear_message():
    with pytest.raises(ValueError, match="epochs must be a positive integer, got 0"):
        TrainingConfig(epochs=0)
    with pytest.raises(ValueError, match="optimizer must be one of sgd"):
        TrainingConfig(optimizer="magic")
    with pytest.raises(ValueError, match=r"val_split must be a number in \[0, 1\)"):
        TrainingConfig(val_split=1.0)
    with pytest.raises(ValueError, match=r"label_smoothing must be a number in \[0, 1\), got 1.5"):
        TrainingConfig(label_smoothing=1.5)
    config = TrainingConfig(augment={"rotation": 5.0})
    assert TrainingConfig.from_dict(config.to_dict()) == config


def test_label_smoothing_reaches_the_loss_and_survives_a_checkpoint(small, tmp_path):
    config = TrainingConfig(epochs=1, batch_size=100, label_smoothing=0.1)
    session = TrainingSession(build_preset("lab-cnn-light", seed=0), small, config, checkpoint=tmp_path / "ckpt.npz")
    assert session.model.loss.label_smoothing == 0.1
    assert session.run() == "finished"
    resumed = TrainingSession.continue_from(load_model(tmp_path / "ckpt.npz"), small)
    assert resumed.config.label_smoothing == 0.1 and resumed.model.loss.label_smoothing == 0.1


def test_momentum_and_weight_decay_change_on_the_live_optimizer(small):
    session, rec = session_for(small, optimizer="nesterov", learning_rate=0.01)
    thread = start(session, paused=True)
    rec.wait_for(lambda: rec.states and rec.states[-1][0] == "paused")
    session.update(momentum=0.5, weight_decay=1e-4)
    assert session.model.optimizer.momentum == 0.9  # not before the next batch
    session.step()
    rec.wait_for(lambda: session.step_count == 1 and rec.states[-1][0] == "paused")
    assert session.model.optimizer.momentum == 0.5 and session.model.optimizer.weight_decay == 1e-4
    session.stop()
    thread.join(WAIT)
