"""``TrainingSession``: the one training loop, for the GUI, the terminal, ``Sequential.fit`` and the tests.

session = TrainingSession(model, dataset, TrainingConfig(epochs=3), checkpoint="run.npz")
session.add_listener(my_listener)      # on_batches / on_epoch_end / on_snapshot / on_state
thread = threading.Thread(target=session.run); thread.start()
session.pause(); session.step(); session.update(learning_rate=3e-4); session.resume(); session.stop()

``run`` trains batch by batch on the calling thread. The control methods may be called
from any thread: they set flags under a lock that the loop checks between batches, so
a batch is never interrupted halfway. While paused the loop sleeps on a condition
variable (no busy waiting). Listeners are called on the training thread; a GUI wraps
them in signals.
"""

from __future__ import annotations

import copy
import threading
import time
from collections import deque
from typing import TYPE_CHECKING

import numpy as np

from . import losses
from .data.dataset import ArrayData, Dataset
from .data.preprocessing import BatchIterator, Normalization
from .doctor import Hint, TrainingDoctor
from .errors import DivergenceError
from .history import records
from .layers import Dropout
from .progress import RateMeter
from .rollback import RollbackPoint
from .session_inputs import TrainingInputs
from .session_reports import BatchReport, EpochReport, SessionListener
from .snapshots import Snapshot, take_snapshot
from .training_config import LIVE_SETTINGS, TrainingConfig
from .words import said

if TYPE_CHECKING:  # the model module imports this one (Sequential.fit runs a session)
    from .model import Sequential

STATES = ("idle", "running", "paused", "finished", "stopped", "failed")
# A run keeps a rollback point (weights, optimizer state, position) to return to if it
# diverges: its start, then every ROLLBACK_EVERY steps and every epoch end at which the
# mean loss of the last RECENT steps is at most SANE_GROWTH times the last point's. A run
# that blows up within those steps never replaces a good point with a bad one.
ROLLBACK_EVERY = 100
RECENT = 20
SANE_GROWTH = 1.5


class TrainingSession:
    """Trains ``model`` on ``dataset`` under ``config``; steerable from other threads.

    Args:
        model: a Sequential. It is compiled with ``config``'s optimizer and loss, unless
            ``compiled`` says to keep its own (``Sequential.fit``) or ``resume_state``
            says it carries its own optimizer state.
        dataset: a ``Dataset`` of uint8 images, whose training part is split into
            training and validation by ``config.val_split`` (stratified), normalised with
            the training images' statistics and augmented; or an ``ArrayData`` of
            prepared arrays, used as they are.
        probe: one uint8 or [0, 1] image (28, 28) whose feature maps snapshots show.
        checkpoint: path saved atomically at each epoch end (``continue_from`` goes on from it).
        scalar_rate, image_rate: at most this many batch reports / snapshots per second.
        filter_layers: further conv layer names whose kernels snapshots copy.
        normalization: how to scale the images, to fine-tune a model that has its own
            (default: fitted to the training images).
    """

    def __init__(
        self,
        model: Sequential,
        dataset: Dataset | ArrayData,
        config: TrainingConfig | None = None,
        probe: np.ndarray | None = None,
        checkpoint=None,
        scalar_rate: float = 20.0,
        image_rate: float = 4.0,
        filter_layers=(),
        resume_state: dict | None = None,
        compiled: bool = False,
        normalization: Normalization | None = None,
    ):
        self.model, self.dataset = model, dataset
        self.config = config or TrainingConfig()
        self.checkpoint = checkpoint
        self.scalar_interval, self.image_interval = 1.0 / scalar_rate, 1.0 / image_rate
        self._filter_layers = tuple(filter_layers)
        self.listeners: list[SessionListener] = []

        cfg = self.config
        self.inputs = TrainingInputs(dataset, cfg, normalization)
        self.augmenter, self.normalization = self.inputs.augmenter, self.inputs.normalization
        self.x_val, self.y_val, self.x_val_ready = self.inputs.x_val, self.inputs.y_val, self.inputs.x_val_ready
        model.metadata.update(self.inputs.metadata(dataset))
        transform = self.inputs.prepare if self.inputs.is_images else None
        self.batches = BatchIterator(self.inputs.x_train, self.inputs.y_train, cfg.batch_size, shuffle=cfg.shuffle,
                                     seed=cfg.seed + 2, transform=transform)  # fmt: skip

        if not compiled and (resume_state is None or model.optimizer is None):
            model.compile(cfg.make_optimizer(), loss=cfg.make_loss())
        model.max_gradient_norm = cfg.max_gradient_norm
        self.schedule = cfg.make_schedule(len(self.batches))  # any callable: step -> learning rate
        self._apply_dropout(cfg.dropout)

        self.epoch = 0  # completed epochs
        self.step_count = 0
        self.history: list[dict] = []  # one log per epoch (engine/history.py)
        self.changes: list[dict] = []  # the live changes (``update``), with the step they came after
        if resume_state is not None:
            self._restore(resume_state)

        self._lock = threading.Condition()
        self._state = "idle"
        self._budget: int | None = None  # batches allowed before pausing; None = no limit
        self._pause_at_epoch_end = False
        self._stop = False
        self._close_epoch = False  # on stop, still finish the epoch's logs (a callback's stop_training)
        self._pending: dict = {}
        self._snapshot_requested = False
        self.error: str | None = None
        self.exception: BaseException | None = None  # what made the run fail, with its traceback
        self._epoch_sums: dict | None = None  # running loss/accuracy of the epoch in progress
        self.warnings: list[str] = []  # problems the run survived (e.g. a checkpoint that could not be written)
        self._recent_losses: deque[float] = deque(maxlen=RECENT)
        self._rollback: RollbackPoint | None = None
        self._meter = RateMeter()  # images/s, smoothed, pauses left out
        self.hints: list[Hint] = []  # what the training doctor saw (engine/doctor.py), in order
        classes = model.output_shape()[-1] if model.input_shape else 10
        self.add_listener(TrainingDoctor(self.hint, classes, classifier=not isinstance(model.loss, losses.MSE)))
        self.probe = None
        self.set_probe(probe)

    def estimate_seconds(self, steps: int = 2) -> float:
        """How long the rest of the run should take, from timing ``steps`` steps on copies.

        The copies of the model and the augmenter take the steps, so the run itself (its
        weights, optimizer state and random streams) is exactly as if nothing was timed.
        One more step runs first, untimed: it pays for first-touch memory and BLAS start-up.
        NaN when the copy diverges at once (the run itself then says so, with advice).
        """
        model, augmenter = copy.deepcopy(self.model), copy.deepcopy(self.augmenter)
        size = min(self.config.batch_size, len(self.batches.x))
        x, y = self.batches.x[:size], self.batches.y[:size]
        timings = []
        for _ in range(steps + 1):
            started = time.perf_counter()
            try:
                model.train_step(self.inputs.prepare(x, augmenter), y)
            except DivergenceError:
                return float("nan")
            timings.append(time.perf_counter() - started)
        per_image = float(np.median(timings[1:])) / size
        return per_image * self._images_left()

    def _images_left(self) -> int:
        """Training images still to go in this run: the rest of this epoch and all later ones."""
        return self.batches.remaining + (self.config.epochs - self.epoch - 1) * len(self.batches.x)

    def set_probe(self, image: np.ndarray | None) -> None:
        """The image whose feature maps snapshots show (uint8 or [0, 1], (28, 28)); None for none."""
        probe = self.inputs.probe(image)
        with self._lock:
            self.probe = probe
            self._snapshot_requested = probe is not None
            self._lock.notify_all()  # a paused loop wakes to send it

    def _apply_dropout(self, rate: float | None) -> None:
        if rate is None:
            return
        for layer in self.model.layers:
            if isinstance(layer, Dropout):
                layer.p = rate

    # ----------------------------------------------------------------- control (any thread)
    @property
    def state(self) -> str:
        return self._state

    def add_listener(self, listener: SessionListener) -> None:
        self.listeners.append(listener)

    def pause(self) -> None:
        with self._lock:
            self._budget = 0
            self._lock.notify_all()

    def resume(self) -> None:
        with self._lock:
            self._budget, self._pause_at_epoch_end = None, False
            self._lock.notify_all()

    def step(self, batches: int = 1) -> None:
        """Run ``batches`` more batches, then pause."""
        with self._lock:
            self._budget, self._pause_at_epoch_end = batches, False
            self._lock.notify_all()

    def step_epoch(self) -> None:
        """Run to the end of the current epoch, then pause."""
        with self._lock:
            self._budget, self._pause_at_epoch_end = None, True
            self._lock.notify_all()

    def stop(self, close_epoch: bool = False) -> None:
        """Stop after the current batch; ``close_epoch`` first reports the epoch so far (Keras' ``stop_training``)."""
        with self._lock:
            self._stop, self._close_epoch = True, close_epoch
            self._lock.notify_all()

    def update(self, **changes) -> None:
        """Change live hyperparameters (see ``LIVE_SETTINGS``); they apply from the next batch.

        Values are checked here, so a nonsense value raises ValueError in the caller's
        thread and the run is not disturbed.
        """
        unknown = set(changes) - set(LIVE_SETTINGS)
        if unknown:
            raise ValueError(said("cannot change {value} while training; live: {LIVE_SETTINGS}",
                                  value=', '.join(sorted(unknown)), LIVE_SETTINGS=LIVE_SETTINGS))
        with self._lock:
            pending = {**self._pending, **changes}
            if isinstance(self._pending.get("augment"), dict) and isinstance(changes.get("augment"), dict):
                pending["augment"] = {**self._pending["augment"], **changes["augment"]}
            self.config.replace(**pending)  # validates
            self._pending = pending
            self._lock.notify_all()

    @property
    def filter_layers(self) -> tuple[str, ...]:
        return self._filter_layers

    def show_filters_of(self, names) -> None:
        """Which further conv layers' kernels snapshots copy; a fresh snapshot follows (any thread)."""
        with self._lock:
            self._filter_layers = tuple(names)
            self._snapshot_requested = True
            self._lock.notify_all()

    def request_snapshot(self) -> None:
        with self._lock:
            self._snapshot_requested = True
            self._lock.notify_all()

    # ----------------------------------------------------------------- the loop
    def run(self, paused: bool = False) -> str:
        """Train until done, stopped or failed; returns the final state. Call once, on the worker thread."""
        if paused:
            self.pause()
        self.error = self.exception = None
        self._clock_start = time.perf_counter()
        self._last_scalar = self._last_image = -np.inf
        self._unreported: list[tuple[int, float, float]] = []
        self._keep_rollback(said("the start of the run"))
        try:
            self._emit("on_train_begin", self)
            while self.epoch < self.config.epochs:
                self._begin_epoch()
                while self.batches.remaining > 0:
                    if not self._wait_for_permission():
                        if self._close_epoch and self._epoch_sums["seen"]:
                            self._end_epoch(complete=False)
                        return self._finish("stopped", self._where_stopped())
                    self._apply_pending()
                    self._train_one_batch()
                self._end_epoch()
            return self._finish("finished", said("finished {epochs} epochs", epochs=self.config.epochs))
        except DivergenceError as error:
            self.exception = error
            self._flush_reports(force_snapshot=True)
            where = self._roll_back()
            return self._finish("failed", said("{error}. The weights are back as they were at {where}", error=error,
                                               where=where))
        except Exception as error:  # kept whole in self.exception: `main.py --debug` shows its traceback
            self.exception = error
            self._flush_reports()
            return self._finish("failed", f"{type(error).__name__}: {error}")

    def _where_stopped(self) -> str:
        """``stopped in epoch 4 at batch 2 of 113 (step 341)``, or at an epoch's end."""
        batch, batches = -(-self.batches.position // self.batches.batch_size), len(self.batches)
        if batch == 0:
            return said("stopped after epoch {epoch} (step {step})", epoch=self.epoch, step=self.step_count)
        return said("stopped in epoch {epoch} at batch {batch} of {batches} (step {step})", epoch=self.epoch + 1,
                    batch=batch, batches=batches, step=self.step_count)

    def _wait_for_permission(self) -> bool:
        """Block while paused; False if stopped. Uses one unit of a step budget.

        Listeners are called outside the lock, so a listener that calls back into the
        session (or a GUI thread waiting on the lock) can never deadlock with the loop.
        """
        with self._lock:
            pausing = self._budget == 0 and not self._stop and self._state != "paused"
        if pausing:
            self._flush_reports(force=True, force_snapshot=True)
            self._set_state("paused", said("paused at step {step}", step=self.step_count))
        with self._lock:
            if self._budget == 0 and not self._stop:
                self._meter.restart()  # the pause to come is not training time
            while self._budget == 0 and not self._stop:
                if self._snapshot_requested:
                    # Paused, and a view wants a new probe or other kernels: this thread owns the model,
                    # so it takes the snapshot (outside the lock: listeners may call back in). Checked
                    # before each wait, so a request made just before the pause is not missed.
                    self._lock.release()
                    try:
                        self._send_snapshot()
                    finally:
                        self._lock.acquire()
                    continue
                self._lock.wait()
            if self._stop:
                return False
            if self._budget is not None:
                self._budget -= 1
        if self._state != "running":
            self._set_state("running", "")
        return True

    def _apply_pending(self) -> None:
        with self._lock:
            changes, self._pending = self._pending, {}
        if not changes:
            return
        before, self.config = self.config, self.config.replace(**changes)
        self._record_changes(before, changes)
        optimizer = self.model.optimizer
        if "learning_rate" in changes:
            self.schedule.base_lr = self.config.learning_rate
        if "momentum" in changes and hasattr(optimizer, "momentum"):
            optimizer.momentum = self.config.momentum
        if "weight_decay" in changes:
            optimizer.weight_decay = self.config.weight_decay
        if "batch_size" in changes:
            self.batches.batch_size = self.config.batch_size
        if "dropout" in changes:
            self._apply_dropout(self.config.dropout)
        if "augment" in changes:
            self.augmenter.config = self.config.augment

    def _record_changes(self, before: TrainingConfig, keys) -> None:
        """Add the settings among ``keys`` that differ between ``before`` and now to ``changes``."""
        for key in keys:
            old, new = (value.to_dict() if hasattr(value, "to_dict") else value  # (an AugmentConfig: its dict)
                        for value in (getattr(before, key), getattr(self.config, key)))  # fmt: skip
            if old != new:
                self.changes.append({"step": self.step_count, "setting": key, "before": old, "after": new})

    def _begin_epoch(self) -> None:
        if self._epoch_sums is None or self._epoch_sums["epoch"] != self.epoch:
            self._epoch_sums = {"epoch": self.epoch, "seen": 0, "loss": 0.0, "correct": 0.0, "busy": 0.0}
            self.model.optimizer.lr = self.schedule(self.step_count)
            self._emit("on_epoch_begin", self.epoch + 1)

    def _train_one_batch(self) -> None:
        started = time.perf_counter()
        self.model.optimizer.lr = self.schedule(self.step_count)
        batch = self.batches.position // self.batches.batch_size
        self._emit("on_batch_begin", batch)
        x, y = self.batches.next_batch()
        loss, accuracy = self.model.train_step(x, y)
        busy = time.perf_counter() - started
        self.step_count += 1
        sums = self._epoch_sums
        sums["seen"] += len(y)
        sums["loss"] += loss * len(y)
        sums["correct"] += accuracy * len(y)
        sums["busy"] += busy
        self._meter.add(len(y), time.perf_counter(), busy)  # images/s for the ETA (engine/progress.py)
        self._unreported.append((self.step_count, loss, accuracy))
        self._recent_losses.append(loss)
        if self._rollback.loss is None:  # this batch's loss was measured with the starting weights
            self._rollback.loss = loss
        if self.step_count % ROLLBACK_EVERY == 0:
            self._keep_rollback_if_sane(f"step {self.step_count}")
        logs = {"step": self.step_count, "batch": batch, "loss": loss, "accuracy": accuracy, "size": len(y),
                "learning_rate": self.model.optimizer.lr}  # fmt: skip
        if accuracy != accuracy:  # NaN: a regression model has no accuracy
            del logs["accuracy"]
        self._emit("on_batch_end", logs)
        self._flush_reports(force=self._budget is not None)

    def _flush_reports(self, force: bool = False, force_snapshot: bool = False) -> None:
        now = time.perf_counter()
        if self._unreported and (force or now - self._last_scalar >= self.scalar_interval):
            self._last_scalar = now
            steps, losses, accuracies = (np.array(column) for column in zip(*self._unreported, strict=True))
            self._unreported = []
            report = BatchReport(
                epoch=self.epoch + 1,
                epochs=self.config.epochs,
                batch=-(-self.batches.position // self.batches.batch_size),
                batches=len(self.batches),
                steps=steps,
                losses=losses,
                accuracies=accuracies,
                learning_rate=self.model.optimizer.lr,
                images_per_second=self._meter.rate,
                eta_seconds=self._eta(),
                elapsed_seconds=now - self._clock_start,
            )
            self._emit("on_batches", report)
        wants_image = force_snapshot or self._snapshot_requested or now - self._last_image >= self.image_interval
        if wants_image:
            self._send_snapshot()

    def _send_snapshot(self) -> None:
        self._snapshot_requested = False  # also without a listener: a paused loop must not spin on it
        if self._wants_snapshots():
            self._last_image = time.perf_counter()
            self._emit("on_snapshot", self.snapshot())

    def _wants_snapshots(self) -> bool:
        """Whether any listener has its own ``on_snapshot`` (taking one costs a forward pass and copies)."""
        return any(type(listener).on_snapshot is not SessionListener.on_snapshot for listener in self.listeners)

    def snapshot(self) -> Snapshot:
        """Copies of filters, probe feature maps and parameter statistics, now."""
        return take_snapshot(self.model, self.step_count, self.epoch + 1, self.probe, self.filter_layers)

    def _eta(self) -> float:
        rate = self._meter.rate
        if rate <= 0:
            return float("nan")
        return self._images_left() / rate

    def _end_epoch(self, complete: bool = True) -> None:
        """Report the epoch; ``complete=False`` closes a stopped epoch's logs without counting it as done."""
        self._flush_reports(force=True, force_snapshot=True)
        if complete:
            self.batches.next_batch()  # returns None here, and rolls the iterator over to its next epoch
        sums = self._epoch_sums
        accuracy = sums["correct"] / max(sums["seen"], 1)
        logs = {
            "epoch": self.epoch + 1,
            "step": self.step_count,
            "loss": sums["loss"] / max(sums["seen"], 1),
            "accuracy": None if accuracy != accuracy else accuracy,  # None for regression
            "val_loss": None,
            "val_accuracy": None,
            "seconds": sums["busy"],
            "learning_rate": self.model.optimizer.lr,
        }
        if self.x_val is not None:
            scores = self.model.evaluate(self.x_val_ready, self.y_val)
            logs.update(val_loss=scores["loss"], val_accuracy=scores.get("accuracy"))
        if complete:
            self.epoch += 1
        self.history.append(logs)
        self._emit("on_epoch_end", EpochReport(epochs=self.config.epochs, **logs))
        if complete:
            self._keep_rollback_if_sane(said("the end of epoch {epoch} (step {step})", epoch=self.epoch,
                                             step=self.step_count))
        if complete and self.checkpoint is not None:
            try:
                self.save(self.checkpoint)
            except OSError as error:  # the run is worth more than one checkpoint: warn and go on
                self.warn(f"could not save the checkpoint: {error}; training goes on")
        with self._lock:
            if self._pause_at_epoch_end:
                self._budget, self._pause_at_epoch_end = 0, False

    def warn(self, message: str) -> None:
        """Tell the listeners about a problem the run survives."""
        self.warnings.append(message)
        self._emit("on_warning", message)

    def hint(self, hint: Hint) -> None:
        """Tell the listeners what the training doctor saw."""
        self.hints.append(hint)
        self._emit("on_hint", hint)

    # ----------------------------------------------------------------- rollback
    def _keep_rollback(self, where: str, loss: float | None = None) -> None:
        self._rollback = RollbackPoint.take(self, where, loss)

    def _keep_rollback_if_sane(self, where: str) -> None:
        """A new rollback point, if the recent loss says the run is not blowing up."""
        if len(self._recent_losses) < RECENT:
            return
        recent = float(np.mean(self._recent_losses))
        reference = self._rollback.loss
        if np.isfinite(recent) and (reference is None or recent <= SANE_GROWTH * reference):
            self._keep_rollback(where, recent)

    def _roll_back(self) -> str:
        """Put the run back to its rollback point; returns where that was, in words."""
        self._rollback.restore(self)
        self._recent_losses.clear()
        return self._rollback.where

    def _finish(self, state: str, message: str) -> str:
        if state == "failed":
            self.error = message
        if self.model.memory is not None:  # its features belong to the old weights (engine/memory.py)
            self.model.memory.refresh(self.model)
        self._set_state(state, message)
        self._emit("on_train_end", state)
        return state

    def _set_state(self, state: str, message: str) -> None:
        self._state = state
        self._emit("on_state", state, message)

    def _emit(self, hook: str, *args) -> None:
        for listener in self.listeners:
            getattr(listener, hook)(*args)

    # ----------------------------------------------------------------- checkpoints
    def state_dict(self) -> dict:
        """Where the run stands: with the model's weights and optimizer, all a session needs to go on
        exactly (``resume_state``; the window's Continue, a checkpoint file)."""
        return {
            "config": self.config.to_dict(),
            "epoch": self.epoch,
            "step": self.step_count,
            "iterator": self.batches.state(),
            "augmenter_rng": self.augmenter.rng.bit_generator.state,
            "history": self.history,
            "changes": self.changes,
        }

    def save(self, path) -> None:
        """Save the model with everything needed to continue this run exactly (atomic write)."""
        self.model.metadata["session"] = self.state_dict()
        self.model.save(path)

    def _restore(self, state: dict) -> None:
        self.epoch, self.step_count = int(state["epoch"]), int(state["step"])
        self.batches.set_state(state["iterator"])
        self.augmenter.rng.bit_generator.state = state["augmenter_rng"]
        self.history, self.changes = records(state.get("history")), records(state.get("changes"))

    @classmethod
    def continue_from(
        cls, model: Sequential, dataset: Dataset, epochs: int | None = None, changes: dict | None = None, **kwargs
    ) -> TrainingSession:
        """Continue the run saved with ``model`` (``load_model`` of a checkpoint), optionally to ``epochs`` in all.

        ``changes``: live settings (``LIVE_SETTINGS``) to go on with, e.g. a lower learning rate.
        """
        state = model.metadata.get("session")
        if not isinstance(state, dict) or not state:
            raise ValueError(said("is a model file but not a training checkpoint (no session state)"))
        unknown = set(changes or {}) - set(LIVE_SETTINGS)
        if unknown:
            raise ValueError(said("cannot change {value} when resuming; these can: {LIVE_SETTINGS}",
                                  value=', '.join(sorted(unknown)), LIVE_SETTINGS=LIVE_SETTINGS))
        try:
            saved = TrainingConfig.from_dict(state["config"])
            config = saved.replace(**(changes or {}))
            if epochs is not None:
                config = config.replace(epochs=epochs)
            session = cls(model, dataset, config, resume_state=state, **kwargs)
        except (KeyError, TypeError) as error:
            raise ValueError(said("the saved training state is damaged ({name}: {error})",
                                  name=type(error).__name__, error=error)) from None
        session._record_changes(saved, changes or {})  # changed on resuming: part of the run's record too
        return session
