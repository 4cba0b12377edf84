"""The window's training half: ``TrainingController`` owns the run, the reports waiting to be
drawn and the timer that draws them.

The window gives it the views it feeds and a ``make_session`` function (which builds a
``TrainingSession`` from the current model, dataset and controls, or raises ValueError with
a message for the user); it never reaches into the window for anything else. Buttons call
``train / pause / step / stop``; the session's reports arrive as one ``Worker.progress``
signal, are kept (all batch reports, the newest snapshot) and drawn by a 50 ms timer.
The GUI thread only calls the session's thread-safe control methods.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from pyqtgraph.Qt import QtCore, QtWidgets

from engine.doctor import Hint
from engine.session import SessionListener, TrainingSession
from engine.session_reports import BatchReport, EpochReport
from engine.snapshots import Snapshot, filter_pictures

from .i18n import error_text, tr, tr_said, translatable
from .worker import Worker

REFRESH_MS = 50  # the views redraw at most 20 times a second, however fast training reports
# Repainting a plot costs about 6 ms of GUI-thread time, taken from the GIL and the CPU
# cores the training thread needs (measured with benchmarks/gui_responsiveness.py: at 20
# frames/s the curves tab cost 15-20% of training speed). So the two plots redraw in turns,
# one every 0.25 s: the view changes four times a second, each plot twice.
CURVES_INTERVAL_S = 0.25


@dataclass(frozen=True)
class StateChange:
    state: str  # one of engine.session.STATES
    message: str


class _Relay(SessionListener):
    """The session's reports (on the training thread) -> the worker's progress signal."""

    def __init__(self, report):
        self.report = report

    def on_batches(self, report):
        self.report(report)

    def on_epoch_end(self, report):
        self.report(report)

    def on_snapshot(self, snapshot):
        self.report(snapshot)

    def on_state(self, state, message):
        self.report(StateChange(state, message))

    def on_hint(self, hint):
        self.report(hint)


# How a run ended, in the progress bar.
STATE_WORDS = {"finished": translatable("finished"), "stopped": translatable("stopped"),
               "failed": translatable("failed")}  # fmt: skip


def run_label(session: TrainingSession) -> str:
    """What tells one run's curves from another's: e.g. ``mini-resnet, adam lr 0.001, augmented, seed 0``."""
    config = session.config
    augment = tr("augmented") if config.augment.active else tr("no augmentation")
    return tr("{model}, {optimizer} lr {lr}, {augment}, seed {seed}").format(
        model=session.model.name, optimizer=config.optimizer, lr=f"{config.learning_rate:g}", augment=augment,
        seed=config.seed,
    )


def run_settings(session: TrainingSession) -> dict:
    """The run's recipe as the report writes one (``engine.report.settings_of``): to name it by what differs."""
    return {"preset": session.model.name, "dataset": session.dataset.name, **session.config.to_dict()}


def change_text(key: str, before, after) -> str:
    """``lr 0.001 → 0.0005``; '' when the setting did not change."""
    names = {"learning_rate": "lr", "momentum": tr("momentum"), "weight_decay": tr("weight decay"),
             "batch_size": tr("batch"), "dropout": "dropout"}  # fmt: skip
    if key == "augment":
        old, new = (f"{c.augment.strength:.0%}" if c.augment.active else tr("off") for c in (before, after))
        return "" if before.augment == after.augment else tr("augmentation {old} → {new}").format(old=old, new=new)
    old, new = getattr(before, key), getattr(after, key)
    return "" if old == new else f"{names[key]} {old:g} → {new:g}"


@dataclass(frozen=True)
class TrainingViews:
    """What a run feeds: the control panel, the tab widget and the views that show training."""

    controls: object
    tabs: QtWidgets.QTabWidget
    curves: object
    filters: object
    feature_maps: object
    model_view: object


class TrainingController(QtCore.QObject):
    """One training run at a time: start, steer and draw it.

    stateChanged(state, message): the run changed state (the controls already show it).
    runFinished(state): the run is over (finished, stopped or failed) and fully drawn.
    problem(message): something the user should read (a failed run, a refused setting).
    """

    stateChanged = QtCore.Signal(str, str)
    runFinished = QtCore.Signal(str)
    problem = QtCore.Signal(str)

    def __init__(self, views: TrainingViews, make_session, parent=None):
        super().__init__(parent)
        self.views = views
        self.make_session = make_session
        self.session: TrainingSession | None = None
        self.worker: Worker | None = None
        self._active = False  # from a run's start until its end is drawn (the thread may outlive it briefly)
        self._label = ""  # the run's settings as it started (run_label), for its curves once put aside
        self._epoch_said = False  # the line under the bar gives the last epoch's loss: "Training ..." is not repeated
        self._recipe: dict = {}  # the same as a recipe (run_settings), to name it by what differs
        self._settings = None  # the run's TrainingConfig with the live changes so far (live_change)
        self._pending_batches: list[BatchReport] = []
        self._latest_snapshot: Snapshot | None = None
        self.shown_snapshot: Snapshot | None = None
        self._curves_drawn_at, self._curves_stale = 0.0, 0
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        views.tabs.currentChanged.connect(self._tab_changed)

    # ------------------------------------------------------------------ buttons
    def running(self) -> bool:
        return self.worker is not None and self.worker.is_running()

    def train(self) -> None:
        """Resume a paused run, continue the last one (see ``continuable``), or start one."""
        if self.running():
            self.session.resume()
        else:
            self._start(paused=False)

    def continuable(self) -> bool:
        """True when Train continues the last run: same weights, optimizer state and counters,
        and its curves go on. ``forget_run`` (a new model, Start over) ends that."""
        return not self._active and self.session is not None and self.session.step_count > 0

    def forget_run(self) -> None:
        """The next Train starts a new run; the curves so far stay, faded, as an overlay."""
        if self.session is not None and len(self.views.curves.data.steps):
            changes = len(self.views.curves.marks)
            changed = tr(", {count} live change") if changes == 1 else tr(", {count} live changes")
            changed = changed.format(count=changes) if changes else ""
            self.views.curves.keep_as_overlay(self._label + changed, self._recipe)  # and clears the curves
        else:  # no batch drawn yet (its reports still on the way): nothing to keep, but its marks go too
            self.views.curves.clear()
        self.session = None
        self._show_state("idle")
        controls = self.views.controls
        controls.statusLabel.setText(tr("Ready."))
        self._epoch_said = False
        controls.progressBar.setValue(0)
        controls.progressBar.setFormat(tr("idle"))
        controls.last_report = None

    def pause(self) -> None:
        if self.running():
            self.session.pause()

    def step(self) -> None:
        """One batch: in a paused run, or as the first batch of a new run."""
        if self.running() or self._start(paused=True):
            self.session.step()

    def stop(self) -> None:
        if self.running():
            self.session.stop()

    def stop_and_wait(self, timeout_s: float = 10.0) -> bool:
        """Ask the run to stop after the current batch; True once its thread has ended."""
        if not self.running():
            return True
        self.session.stop()
        return self.worker.wait(timeout_s)

    def live_change(self, change: dict) -> None:
        """A control changed while training: the session takes it from its next batch (marked on the
        curves and said under the progress bar), or explains why not."""
        if not self.running():
            return
        before = self._settings
        try:
            self.session.update(**change)
            self._settings = before.replace(**change)
        except ValueError as error:
            self.problem.emit(error_text(error))
            return
        for key in change:
            text = change_text(key, before, self._settings)
            if text:
                step = self.session.step_count
                self.views.curves.mark(step, key, text)
                said = tr("{change} from step {step}").format(change=text, step=step + 1)
                self.views.controls.statusLabel.setText(said)

    def set_probe(self, image) -> bool:
        """The image whose feature maps the run shows; False when nothing runs (the caller draws a still)."""
        if not self.running():
            return False
        self.session.set_probe(image)
        return True

    def show_filters_of(self, names: list[str]) -> bool:
        """Which conv layers' kernels the run's snapshots bring (the views' choices); False when nothing runs."""
        if not self.running():
            return False
        self.session.show_filters_of(names)
        return True

    def _start(self, paused: bool) -> bool:
        previous = self.session if self.continuable() else None
        curves = self.views.curves
        if previous is not None and len(curves.data.steps) and curves.data.steps.values[-1] > previous.step_count:
            # Continuing after a rollback: the curves so far, blow-up included, go aside; the new ones
            # go on from the step the weights came back to.
            curves.keep_as_overlay(tr("{run}, diverged at step {step}").format(
                run=self._label, step=int(curves.data.steps.values[-1])), self._recipe)
            curves.earlier.set_current(self._recipe)  # the same run goes on
        try:
            session = self.make_session(previous)
        except ValueError as error:  # e.g. a dataset with no training images, a model that does not fit
            self.problem.emit(error_text(error))
            return False
        if previous is None:
            self.forget_run()
            self._label = run_label(session)  # as the run starts: live changes come on top
            self._recipe = run_settings(session)
            curves.earlier.set_current(self._recipe)
            self.views.filters.set_reference(filter_pictures(session.model))  # before the thread changes them
        self._pending_batches, self._latest_snapshot = [], None
        self.session = session
        worker = Worker(lambda report: self._run(session, report), name="training")
        worker.progress.connect(self._arrived)
        worker.finished.connect(self._run_done)
        worker.errored.connect(self._run_crashed)
        if paused:
            # Pause here, in the caller's thread, before the loop starts: a step() that
            # follows at once must not be undone by the training thread pausing later.
            session.pause()
        self.worker, self._active = worker, True
        self._settings = session.config  # what the live changes start from
        worker.start()
        return True

    @staticmethod
    def _run(session: TrainingSession, report) -> str:
        session.add_listener(_Relay(report))
        return session.run()

    # ------------------------------------------------------------------ worker -> views
    def _arrived(self, item) -> None:
        if isinstance(item, BatchReport):
            self._pending_batches.append(item)
        elif isinstance(item, Snapshot):
            self._latest_snapshot = item  # only the newest is drawn, on the next refresh
        elif isinstance(item, EpochReport):
            self._epoch_ended(item)
        elif isinstance(item, Hint):
            self.views.curves.hint(item)
            self.views.controls.statusLabel.setText(tr("Training doctor: {title} at step {step} (Curves tab).").format(
                title=tr_said(item.title), step=item.step))
        elif isinstance(item, StateChange):
            self._show_state(item.state)
            self._say(item)
            if item.state == "failed":
                self.problem.emit(tr("Training stopped: {reason}").format(reason=tr_said(item.message)))
            self.stateChanged.emit(item.state, tr_said(item.message))  # (a str signal would drop the template)

    def _epoch_ended(self, report: EpochReport) -> None:
        self.refresh()
        self.views.curves.add_epoch(report)
        # Both plots get the new epoch markers, one at a time (repainting both at once held the
        # event loop for 45 ms at every epoch end).
        self._curves_stale, self._curves_drawn_at = 2, 0.0
        val = tr(", validation accuracy {accuracy}").format(accuracy=f"{report.val_accuracy * 100:.2f}%") if (
            report.val_accuracy is not None) else ""
        self.views.controls.statusLabel.setText(tr("Epoch {epoch}: loss {loss}").format(
            epoch=report.epoch, loss=f"{report.loss:.4f}") + val)
        self._epoch_said = True

    def _say(self, change: StateChange) -> None:
        """The line under the progress bar: always about this run, never the one before."""
        controls = self.views.controls
        if change.state == "paused":
            controls.show_paused()
            controls.statusLabel.setText(tr("Paused at step {step}: Resume, Step or Stop.").format(
                step=self.session.step_count))
        elif change.state == "running" and not self._epoch_said:
            controls.statusLabel.setText(tr("Training {run}...").format(run=run_label(self.session)))
        elif change.state in ("stopped", "finished", "failed"):
            message = tr_said(change.message)
            controls.statusLabel.setText(tr("{message}.").format(message=message[:1].upper() + message[1:]))

    def _show_state(self, state: str) -> None:
        self.views.controls.set_running_state(state, self.continuable())
        self.views.model_view.editor.allow_build(state not in ("running", "paused"))

    def _run_done(self, state: str) -> None:
        self._active = False
        self.refresh(force_curves=True)
        curves, session = self.views.curves, self.session
        if state == "failed" and session is not None and len(curves.data.steps):
            last = int(curves.data.steps.values[-1])
            if session.step_count < last:  # it diverged and went back: show where to, keep the blow-up in sight
                said = tr("diverged at {last}: weights back to step {step}").format(last=last, step=session.step_count)
                curves.mark(session.step_count, "rollback", said)
                curves.logCheck.setChecked(True)  # a loss of 1,000 beside 0.3: only a log axis shows both
        self._show_state(state)
        self.views.controls.progressBar.setFormat(tr(STATE_WORDS.get(state, state)))
        self.runFinished.emit(state)

    def _run_crashed(self, error: Exception) -> None:
        """The session catches its own failures; this is a listener's or the relay's bug."""
        self.problem.emit(tr("Training stopped by an internal error: {error}").format(
            error=f"{type(error).__name__}: {error}"))
        self._run_done("failed")

    def refresh(self, force_curves: bool = False) -> None:
        """Drain what the worker sent since the last refresh: all batch reports, the newest snapshot.

        Only the visible view redraws; the others catch up when their tab is shown. Drawing
        takes the GIL from the training thread, so pictures nobody sees would cost speed.
        """
        views = self.views
        batches, self._pending_batches = self._pending_batches, []
        if batches:
            for report in batches:
                views.curves.add_batches(report)
            views.controls.show_progress(batches[-1])
            self._curves_stale = 2  # both plots have points to show
        now = time.monotonic()
        due = force_curves or now - self._curves_drawn_at >= CURVES_INTERVAL_S
        if views.tabs.currentWidget() is views.curves and due and self._curves_stale:
            if force_curves:
                views.curves.redraw()
                self._curves_stale = 0
            else:
                views.curves.redraw_next()
                self._curves_stale -= 1
            self._curves_drawn_at = now
        snapshot, self._latest_snapshot = self._latest_snapshot, None
        if snapshot is not None:
            self.show_snapshot(snapshot)

    def show_snapshot(self, snapshot: Snapshot, everywhere: bool = False) -> None:
        """Draw a snapshot in the visible picture view (``everywhere``: in all of them)."""
        self.shown_snapshot = snapshot
        views = self.views
        current = views.tabs.currentWidget()
        if everywhere or current is views.filters:
            views.filters.show_filters(snapshot.filters)
        if everywhere or current is views.feature_maps:
            views.feature_maps.show_maps(snapshot.feature_maps, snapshot.filters, snapshot.probe_scores)
        if everywhere or current is views.model_view:
            views.model_view.show_snapshot(snapshot)

    def _tab_changed(self, _index: int) -> None:
        """Bring the newly shown view up to date."""
        if self.views.tabs.currentWidget() is self.views.curves:
            # Not now: the tab first paints what it last showed (both plots, 25-40 ms of a long run),
            # then the timer brings one plot up to date per turn. Both at once, together with
            # that first paint, held the event loop for 70-130 ms while training. Plots with
            # nothing new are not redrawn: that was a second paint of one at every switch.
            self._curves_drawn_at = 0.0
        elif self.shown_snapshot is not None:
            self.show_snapshot(self.shown_snapshot)
