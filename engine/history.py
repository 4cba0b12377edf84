"""A run's record: the logs of every epoch and the settings changed while it trained.

A ``TrainingSession`` keeps both (``session.history``, ``session.changes``) and saves them in
the model file with the rest of its state, so a model carries the curves it was trained
along: ``train --history h.csv`` writes them as a table, and ``history_of(model)`` reads them
back from any saved model.

    epoch log:   {"epoch": 3, "step": 423, "loss": 0.21, "accuracy": 0.94, "val_loss": 0.19,
                  "val_accuracy": 0.95, "learning_rate": 0.001, "seconds": 4.2}
    live change: {"step": 300, "setting": "learning_rate", "before": 0.001, "after": 0.0005}

A change's ``step`` is the last step trained before it: it applies from the next one.
"""

from __future__ import annotations

import csv
import io

from .files import atomic_write

COLUMNS = ("epoch", "step", "loss", "accuracy", "val_loss", "val_accuracy", "learning_rate", "seconds")
NAMES = {"learning_rate": "lr", "batch_size": "batch size", "weight_decay": "weight decay"}


def history_of(model, state: dict | None = None) -> tuple[list[dict], list[dict]]:
    """(epoch logs, live changes) saved with ``model`` (or in a run's ``state``, ``session.state_dict()``);
    both empty for a model saved without a run."""
    state = model.metadata.get("session") if state is None else state
    if not isinstance(state, dict):
        return [], []
    return records(state.get("history")), records(state.get("changes"))


def records(value) -> list[dict]:
    """The dicts of a saved list of records: a damaged or hostile file's other entries are left out."""
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def change_words(change: dict) -> str:
    """``lr 0.001 → 0.0005 from step 301``."""
    setting, step = change.get("setting", "?"), change.get("step")
    before, after = change.get("before"), change.get("after")
    start = f"from step {step + 1}" if isinstance(step, int) else "(step unknown)"
    if isinstance(before, dict) or isinstance(after, dict):  # augmentation: a dict of knobs
        return f"{NAMES.get(setting, setting)} changed {start}"
    return f"{NAMES.get(setting, setting)} {_number(before)} → {_number(after)} {start}"


def _number(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def history_csv(history: list[dict], changes: list[dict]) -> str:
    """One row per epoch (``COLUMNS``) and a last column ``changes``: what was changed during that epoch."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*COLUMNS, "changes"])
    steps = [c.get("step") if isinstance(c.get("step"), int) else -1 for c in changes]
    previous_step = 0
    for log in history:
        step = log.get("step") if isinstance(log.get("step"), int) else None
        during = [c for c, at in zip(changes, steps, strict=True) if step is not None and previous_step <= at < step]
        previous_step = step if step is not None else previous_step
        cells = ["" if log.get(column) is None else _cell(log[column]) for column in COLUMNS]
        writer.writerow([*cells, "; ".join(change_words(c) for c in during)])
    return out.getvalue()


def _cell(value) -> str:
    return f"{value:.6g}" if isinstance(value, float) else str(value)


def write_history_csv(path, history: list[dict], changes: list[dict]) -> None:
    """``history_csv`` into ``path``, atomically."""
    text = history_csv(history, changes)
    atomic_write(path, lambda file: file.write(text.encode()))
