"""What a ``TrainingSession`` tells its listeners: batch and epoch reports, state changes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .snapshots import Snapshot


@dataclass(frozen=True)
class BatchReport:
    """Training progress since the previous report (reports are rate-limited, batches are not lost).

    steps, losses, accuracies: one entry per batch since the last report.
    batch: batches done in this epoch; batches: batches per epoch at the current size.
    """

    epoch: int  # 1-based
    epochs: int
    batch: int
    batches: int
    steps: np.ndarray
    losses: np.ndarray
    accuracies: np.ndarray
    learning_rate: float
    images_per_second: float
    eta_seconds: float
    elapsed_seconds: float

    @property
    def step(self) -> int:
        return int(self.steps[-1])

    @property
    def loss(self) -> float:
        return float(self.losses[-1])

    @property
    def accuracy(self) -> float:
        return float(self.accuracies[-1])


@dataclass(frozen=True)
class EpochReport:
    """One finished epoch; ``accuracy`` and ``val_accuracy`` are None for a regression model."""

    epoch: int  # 1-based
    epochs: int
    loss: float
    accuracy: float | None
    val_loss: float | None
    val_accuracy: float | None
    seconds: float
    learning_rate: float
    step: int | None = None  # the steps trained by the epoch's end


class SessionListener:
    """Override the hooks you need; they run on the training thread.

    ``on_batches`` is rate-limited and carries every batch since the last one (for views);
    ``on_batch_begin`` and ``on_batch_end`` come for every batch (for Keras-style callbacks).
    ``on_epoch_begin`` and the reports count epochs from 1; ``batch`` counts from 0.
    """

    def on_train_begin(self, session) -> None: ...
    def on_epoch_begin(self, epoch: int) -> None: ...
    def on_batch_begin(self, batch: int) -> None: ...
    def on_batch_end(self, logs: dict) -> None: ...  # step, batch, loss, accuracy, size, learning_rate
    def on_batches(self, report: BatchReport) -> None: ...
    def on_epoch_end(self, report: EpochReport) -> None: ...
    def on_snapshot(self, snapshot: Snapshot) -> None: ...
    def on_state(self, state: str, message: str) -> None: ...
    def on_warning(self, message: str) -> None: ...  # a problem the run survives
    def on_hint(self, hint) -> None: ...  # the training doctor saw a problem (engine.doctor.Hint)
    def on_train_end(self, state: str) -> None: ...
