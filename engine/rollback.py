"""``RollbackPoint``: a training run's state held in memory, to go back to when the run diverges.

It is an in-memory checkpoint: the weights and BatchNorm statistics, the optimizer's state,
the position in the data (epoch, step, batch order, the epoch's running sums), the
augmentation generator and the length of the history. ``TrainingSession`` keeps one at the
start of a run and renews it while the loss stays sane (see its ROLLBACK_EVERY).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass


@dataclass
class RollbackPoint:
    where: str  # in words, for the user: "the start of the run", "step 300", "the end of epoch 2 (step 226)"
    loss: float | None  # the mean recent loss then (None until the first batch measures it)
    weights: list
    optimizer_state: dict
    iterations: int
    epoch: int
    step: int
    iterator: dict
    epoch_sums: dict | None
    augmenter_rng: dict
    history_length: int

    @classmethod
    def take(cls, session, where: str, loss: float | None = None) -> RollbackPoint:
        optimizer = session.model.optimizer
        return cls(
            where=where,
            loss=loss,
            weights=session.model.get_weights(),  # copies
            optimizer_state=copy.deepcopy(optimizer.state),
            iterations=optimizer.iterations,
            epoch=session.epoch,
            step=session.step_count,
            iterator=session.batches.state(),
            epoch_sums=copy.deepcopy(session._epoch_sums),
            augmenter_rng=copy.deepcopy(session.augmenter.rng.bit_generator.state),
            history_length=len(session.history),
        )

    def restore(self, session) -> None:
        session.model.set_weights(self.weights)
        optimizer = session.model.optimizer
        optimizer.state, optimizer.iterations = copy.deepcopy(self.optimizer_state), self.iterations
        session.epoch, session.step_count = self.epoch, self.step
        session.batches.set_state(self.iterator)
        session._epoch_sums = copy.deepcopy(self.epoch_sums)
        session.augmenter.rng.bit_generator.state = copy.deepcopy(self.augmenter_rng)
        del session.history[self.history_length :]
