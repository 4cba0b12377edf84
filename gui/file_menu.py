"""The File menu's half of the window: open, save and recent models, open an image, export.

A mixin of ``MainWindow`` (``gui/main_window.py``), which provides ``settings``, ``model``,
``training``, ``show_error``, ``set_model`` and the views these methods read.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pyqtgraph.Qt import QtCore, QtGui, QtWidgets

from engine import ModelFileError, load_model
from engine.data import DatasetError
from engine.data.dataset import shape_words
from engine.data.pictures import read_image
from engine.history import history_of
from engine.report import run_of, settings_of

from .controls import DEFAULT_MODEL_ENTRY
from .i18n import LANGUAGE_CHOSEN, LANGUAGES, RESTART_QUESTION, chosen_language, error_text, tr, tr_said
from .report import write_report
from .worker import Worker


def with_shortcut(action, key):
    """``action`` with the standard ``key`` (Qt 5 and Qt 6 order addAction's text, slot and key differently)."""
    action.setShortcut(QtGui.QKeySequence(key))
    return action


class FileMenu:
    """File > Open model, Save model, Open recent, Export; and the draw panel's Open image."""

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu(tr("&File"))
        keys = QtGui.QKeySequence.StandardKey
        self.openAction = with_shortcut(menu.addAction(tr("&Open model..."), self.open_model_dialog), keys.Open)
        self.saveAction = with_shortcut(menu.addAction(tr("&Save model..."), self.save_model_dialog), keys.Save)
        self.recentMenu = menu.addMenu(tr("Open &recent"))
        menu.addAction(tr("&Export session pictures..."), self.export_session_dialog)
        menu.addAction(tr("Export curves as &CSV..."), self.export_csv_dialog)
        self.reportAction = menu.addAction(tr("Export &report..."), self.export_report_dialog)
        menu.addSeparator()
        with_shortcut(menu.addAction(tr("&Quit"), self.close), keys.Quit)
        self._update_recent_menu()
        self._build_language_menu()

    def _build_language_menu(self) -> None:
        """Language / 语言: in both languages, so that whoever landed in the other one finds the way back."""
        menu = self.menuBar().addMenu("&Language / 语言")
        menu.setObjectName("languageMenu")
        group = QtGui.QActionGroup(menu)
        current = chosen_language(self.settings.value("language", None))
        for code, name in LANGUAGES.items():
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(code == current)
            action.setData(code)
            group.addAction(action)
            action.triggered.connect(lambda _=False, code=code: self.choose_language(code))

    def choose_language(self, code: str) -> None:
        """Remember the language (the window is built in it from the next start) and offer to restart now, unless
        a run is going on."""
        self.settings.setValue("language", code)
        self.statusBar().showMessage(LANGUAGE_CHOSEN[code])
        if not self.training.running() and self.confirm(RESTART_QUESTION[code]):
            self.restart()

    def restart(self) -> None:
        """Close the window (asking first about unsaved training, as Quit does) and start CNN Studio again."""
        self.settings.sync()
        if self.close():
            QtCore.QProcess.startDetached(sys.executable, list(sys.argv))

    def _update_recent_menu(self) -> None:
        self.recentMenu.clear()
        for path in self.settings.value("recentFiles", [], type=list)[:8]:
            self.recentMenu.addAction(path, lambda p=path: self.open_model(p))

    def _remember(self, path: str) -> None:
        recent = [p for p in self.settings.value("recentFiles", [], type=list) if p != path]
        self.settings.setValue("recentFiles", [path, *recent][:8])
        self._update_recent_menu()

    def ask_path(self, kind: str, title: str, name: str = "", kinds: str = "") -> str:
        """A file dialog (``kind``: open, save or folder) that starts in the folder used last, even in
        an earlier session; '' when cancelled."""
        start = str(Path(self.settings.value("lastFolder", str(Path.home()))) / name)
        dialog = QtWidgets.QFileDialog
        if kind == "folder":
            path = dialog.getExistingDirectory(self, title, start)
        else:
            path, _ = (dialog.getOpenFileName if kind == "open" else dialog.getSaveFileName)(self, title, start, kinds)
        if path:
            self.settings.setValue("lastFolder", str(Path(path) if kind == "folder" else Path(path).parent))
        return path

    def open_model(self, path: str, ask: bool = True) -> bool:
        """Open a model file (``ask``: first make sure a trained, unsaved model may go)."""
        if self.training.running():
            self.show_error(tr("Stop training first: opening a model would replace the one being trained"))
            return False
        if ask and not self.may_replace_model():
            return False
        try:
            model = load_model(path)
        except (ModelFileError, OSError) as error:
            self.show_error(error_text(error))
            return False
        if model.input_shape is None or len(model.input_shape) != 3 or model.input_shape[0] not in (1, 3):
            self.show_error(tr(
                "{path}: the model takes inputs of shape {shape}; the window works with grey or colour images "
                "(channels, height, width), so use it from Python or the command line"
            ).format(path=path, shape=model.input_shape))
            return False
        self.set_model(model, DEFAULT_MODEL_ENTRY if path == "default" else Path(path).name)
        history, _ = history_of(model)  # the curves it was trained along, to compare the next run with
        self.curves.show_saved_history(tr("{file} (saved)").format(file=Path(path).name), history, settings_of(model))
        if tuple(model.input_shape) != self.dataset.input_shape:
            self.statusBar().showMessage(tr(
                "{file} reads {shape} images; {dataset}'s are {theirs}: open data of its shape to train or evaluate it"
            ).format(file=Path(path).name, shape=tr_said(shape_words(model.input_shape)), dataset=self.dataset.name,
                     theirs=tr_said(shape_words(self.dataset.input_shape))))
        if path != "default":
            self._remember(str(path))
        return True

    def open_model_dialog(self) -> None:
        path = self.ask_path("open", tr("Open model"), "", tr("CNN Studio models (*.npz)"))
        if path:
            self.open_model(path)

    def save_model_dialog(self) -> None:
        path = self.ask_path("save", tr("Save model"), "model.npz", tr("CNN Studio models (*.npz)"))
        if path:
            self.save_model(path)

    def trained_by_session(self):
        """The window's session when it trained the current model (its history is this model's), else None."""
        session = self.training.session
        return session if session is not None and session.model is self.model and session.step_count else None

    def save_model(self, path: str) -> bool:
        session = self.trained_by_session()
        if session is not None and not self.training.running():
            # As train saves a model: with its epochs, live changes and where the run stands, so that the
            # file brings its curves when opened again and a report can draw them.
            self.model.metadata["session"] = session.state_dict()
        try:
            self.model.save(path)
        except (OSError, ValueError) as error:
            self.show_error(tr("{path}: could not save ({error})").format(path=path, error=error_text(error)))
            return False
        self.unsaved_training = False
        self.show_title()
        self._remember(str(path))
        self.statusBar().showMessage(tr("Saved {path}").format(path=path))
        return True

    def export_handout_dialog(self) -> None:
        """The Backprop tab's walk as one HTML page, where the user says."""
        path = self.ask_path(
            "save", tr("Export the walk as a handout"), "backprop-handout.html", tr("Web pages (*.html)")
        )
        if not path:
            return
        try:
            self.backprop.export_handout(path)
        except OSError as error:
            self.show_error(tr("{path}: could not save the handout ({error})").format(
                path=path, error=error_text(error)
            ))
            return
        self.statusBar().showMessage(tr("Saved the handout {path}").format(path=path))

    def export_report_dialog(self) -> None:
        """File > Export report: the page ``main.py report`` writes, for the current model on the current data
        (measured on a worker; the figures are drawn here, on the GUI thread, as Qt needs)."""
        if self.model.is_regression or self.model.output_shape() != (self.dataset.num_classes,):
            self.show_error(tr("A report needs a classifier of {data}'s {count} classes; {model} is not one").format(
                data=self.dataset.name, count=self.dataset.num_classes, model=self.model_entry))  # fmt: skip
            return
        path = self.ask_path("save", tr("Export report"), "report.html", tr("Web pages (*.html)"))
        if not path:
            return
        session = self.trained_by_session()
        # The run on screen, copied now: the training thread may go on appending to its lists.
        run = {"config": session.config.to_dict(), "history": list(session.history),
               "changes": list(session.changes)} if session else None  # fmt: skip
        model, dataset, label = self.model, self.dataset, self.model_entry
        worker = Worker(lambda report: run_of(label, model, dataset, run), name="report")
        worker.finished.connect(lambda run: self._write_report(run, path))
        worker.errored.connect(lambda error: self.show_error(tr("the report failed: {error}").format(
            error=error_text(error))
        ))
        self.report_worker = worker
        self.statusBar().showMessage(
            tr("Measuring {model} on {data} for the report...").format(model=label, data=dataset.name)
        )
        worker.start()

    def _write_report(self, run, path: str) -> None:
        try:
            write_report([run], path)
        except OSError as error:
            self.show_error(tr("{path}: could not save the report ({error})").format(
                path=path, error=error_text(error)
            ))
            return
        self.statusBar().showMessage(tr("Saved the report {path}").format(path=path))

    def open_image(self) -> None:
        kinds = tr("Images") + " (*.png *.jpg *.jpeg *.bmp *.gif *.tif *.webp)"
        path = self.ask_path("open", tr("Open an image"), "", kinds)
        if path:
            self.load_image_into_canvas(path)

    def load_image_into_canvas(self, path: str) -> bool:
        try:
            pixels = read_image(Path(path), colour=self.draw.reads_photos())
        except DatasetError as error:  # e.g. more pixels than any picture should have
            self.show_error(error_text(error))
            return False
        if pixels is None:
            self.show_error(tr("{path}: not an image Pillow can read").format(path=path))
            return False
        self.draw.canvas.open_picture(pixels)
        return True

    def export_session(self, folder) -> list[Path]:
        """Curves, filters, feature maps and the confusion matrix as PNGs, plus the curves as CSV."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for widget, name in (
            (self.curves, "curves.png"),
            (self.filters, "filters.png"),
            (self.feature_maps, "feature_maps.png"),
            (self.evaluation, "evaluation.png"),
        ):
            path = folder / name
            widget.grab().save(str(path))
            written.append(path)
        self.curves.data.write_csv(folder / "curves.csv")
        written.append(folder / "curves.csv")
        return written

    def export_session_dialog(self) -> None:
        if not len(self.curves.data.steps) and not self.confirm(
            tr(
                "Nothing was trained in this session yet, so curves.png and curves.csv would be empty. "
                "Export the filters, feature maps and evaluation anyway?"
            )
        ):
            return
        folder = self.ask_path("folder", tr("Export the session's pictures into"))
        if folder:
            try:
                written = self.export_session(folder)
            except OSError as error:
                self.show_error(tr("{folder}: could not export ({error})").format(
                    folder=folder, error=error_text(error)
                ))
                return
            self.statusBar().showMessage(
                tr("Wrote {count} files to {folder}").format(count=len(written), folder=folder)
            )

    def export_csv_dialog(self) -> None:
        if not len(self.curves.data.steps):
            self.show_error(tr("No curves to export yet: train the model first (Train or Step)"))
            return
        path = self.ask_path("save", tr("Export curves"), "curves.csv", "CSV (*.csv)")
        if path:
            try:
                self.curves.data.write_csv(path)
            except OSError as error:
                self.show_error(tr("{path}: could not write ({error})").format(path=path, error=error_text(error)))
