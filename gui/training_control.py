"""The half of the main window that drives training: buttons -> worker, worker signals -> views.

Kept apart from ``main_window`` (which builds the window and owns data and model) as a
mixin, so each file stays readable.
"""

from __future__ import annotations

import time

import numpy as np
from pyqtgraph.Qt import QtWidgets

from engine.data import AugmentConfig, Normalization
from engine.session import TrainingSession
from engine.snapshots import take_snapshot

from .worker import TrainingWorker

# Repainting a plot costs about 6 ms of GUI-thread time, taken from the GIL and the CPU
# cores the training thread needs (measured with benchmarks/gui_responsiveness.py: at 20
# frames/s the curves tab cost 15-20% of training speed). So the two plots redraw in turns,
# one every 0.25 s: the view changes four times a second, each plot twice.
CURVES_INTERVAL_S = 0.25


class TrainingControlMixin:
    """Expects ``self.controls``, ``self.model``, ``self.dataset`` and the views (see MainWindow)."""

    # ------------------------------------------------------------------ buttons
    def train(self) -> None:
        """Start a run, or resume a paused one."""
        if self.worker is not None and self.worker.is_running():
            self.worker.session.resume()
            return
        self._start_worker(paused=False)

    def pause(self) -> None:
        if self.worker is not None:
            self.worker.session.pause()

    def step(self) -> None:
        """One batch: in a paused run, or as the first batch of a new run."""
        starting = self.worker is None or not self.worker.is_running()
        if starting and self._start_worker(paused=True) is None:
            return
        self.worker.session.step()

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.session.stop()

    def _start_worker(self, paused: bool):
        if self.model.output_shape() != (self.dataset.num_classes,):
            self.show_error(
                f"the model predicts {self.model.output_shape()[0]} classes but {self.dataset.name} has "
                f"{self.dataset.num_classes}: choose a preset to build a fitting model"
            )
            return None
        try:
            config = self.controls.training_config()
            session = TrainingSession(self.model, self.dataset, config, probe=self.probe,
                                      filter_layers=[self.filters.layer] if self.filters.layer else ())  # fmt: skip
        except ValueError as error:  # e.g. a dataset with no training images
            self.show_error(str(error))
            return None
        self.curves.clear()
        self.worker = TrainingWorker(session)
        self.worker.batches.connect(self._pending_batches.append)
        self.worker.epochEnded.connect(self._epoch_ended)
        self.worker.snapshotReady.connect(self._snapshot_arrived)
        self.worker.stateChanged.connect(self._state_changed)
        self.worker.done.connect(self._run_done)
        self.worker.start(paused=paused)
        return self.worker

    def _live_change(self, change: dict) -> None:
        if self.worker is None or not self.worker.is_running():
            return
        try:
            self.worker.session.update(**change)
        except ValueError as error:
            self.show_error(str(error))

    # ------------------------------------------------------------------ worker -> views
    def _snapshot_arrived(self, snapshot) -> None:
        self._latest_snapshot = snapshot  # only the newest is drawn, on the next refresh

    def _epoch_ended(self, report) -> None:
        self._refresh()
        self.curves.add_epoch(report)
        if self.tabs.currentWidget() is self.curves:
            self.curves.redraw()
        val = f", validation accuracy {report.val_accuracy * 100:.2f}%" if report.val_accuracy is not None else ""
        self.controls.statusLabel.setText(f"Epoch {report.epoch}: loss {report.loss:.4f}{val}")

    def _show_running_state(self, state: str) -> None:
        self.controls.set_running_state(state)
        self.model_view.editor.allow_build(state not in ("running", "paused"))

    def _state_changed(self, state: str, message: str) -> None:
        self._show_running_state(state)
        if state == "failed":
            self.show_error(f"Training stopped: {message}")
        elif message:
            self.statusBar().showMessage(message, 8000)

    def _run_done(self, state: str) -> None:
        self._refresh(force_curves=True)
        self._show_running_state(state)
        self.controls.progressBar.setFormat(state)
        self.model_view.show_model(self.model, self.dataset.num_classes)
        if len(self.dataset.x_test):
            self.evaluate()

    def _refresh(self, force_curves: bool = False) -> None:
        """Drain what the worker sent since the last refresh: all batch reports, the newest snapshot.

        Only the visible view redraws; the others catch up when their tab is shown. Drawing
        takes the GIL from the training thread, so pictures nobody sees would cost speed.
        """
        batches, self._pending_batches[:] = list(self._pending_batches), []
        if batches:
            for report in batches:
                self.curves.add_batches(report)
            self.controls.show_progress(batches[-1])
            self._curves_stale = 2  # both plots have points to show
        now = time.monotonic()
        due = force_curves or now - self._curves_drawn_at >= CURVES_INTERVAL_S
        if self.tabs.currentWidget() is self.curves and due and self._curves_stale:
            if force_curves:
                self.curves.redraw()
                self._curves_stale = 0
            else:
                self.curves.redraw_next()
                self._curves_stale -= 1
            self._curves_drawn_at = now
        snapshot, self._latest_snapshot = self._latest_snapshot, None
        if snapshot is not None:
            self._show_snapshot(snapshot)

    def _show_snapshot(self, snapshot, everywhere: bool = False) -> None:
        self._shown_snapshot = snapshot
        current = self.tabs.currentWidget()
        if everywhere or current is self.filters:
            self.filters.show_filters(snapshot.filters)
        if everywhere or current is self.feature_maps:
            self.feature_maps.show_maps(snapshot.feature_maps)
        if everywhere or current is self.model_view:
            self.model_view.show_snapshot(snapshot)

    def _tab_changed(self, _index: int) -> None:
        """Bring the newly shown view up to date."""
        if self.tabs.currentWidget() is self.curves:
            self.curves.redraw()
        elif getattr(self, "_shown_snapshot", None) is not None:
            self._show_snapshot(self._shown_snapshot)

    def _show_still_snapshot(self) -> None:
        """Pictures of the current model when nothing is training (e.g. just opened)."""
        if self.model is None:
            return
        probe = None if self.probe is None else self._normalised_probe()
        layers = [self.filters.layer] if self.filters.layer else ()
        self._show_snapshot(take_snapshot(self.model, 0, 0, probe, layers), everywhere=True)

    def _normalised_probe(self):
        return Normalization.from_metadata(self.model.metadata).apply(self.probe[None])[0]

    def _probe_changed(self, image) -> None:
        self.probe = None if image is None else np.asarray(image)
        if self.worker is not None and self.worker.is_running():
            self.worker.session.set_probe(self.probe)
        else:
            self._show_still_snapshot()

    def _filter_layer_changed(self, name: str) -> None:
        if self.worker is not None and self.worker.is_running():
            self.worker.session.show_filters_of((name,))
        else:
            self._show_still_snapshot()

    def _augmentation_preview(self, *_) -> None:
        self.data_view.set_augmentation(AugmentConfig.from_dict(self.controls.augment_dict()))

    def evaluate(self) -> None:
        if len(self.dataset.x_test) == 0:
            self.show_error(f"{self.dataset.name} has no test images to evaluate on")
            return
        self.evaluation.summaryLabel.setText("Evaluating...")
        self.evaluator.run(self.model, self.dataset)

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event) -> None:
        if self.worker is not None and self.worker.is_running():
            if self.ask_before_closing:
                answer = QtWidgets.QMessageBox.question(
                    self, "CNN Studio", "Training is running. Stop it and quit?",
                    QtWidgets.QMessageBox.Yes | QtWidgets.QMessageBox.No,
                )  # fmt: skip
                if answer != QtWidgets.QMessageBox.Yes:
                    event.ignore()
                    return
            self.worker.stop_and_wait()
        self.timer.stop()
        self._save_settings()
        event.accept()
