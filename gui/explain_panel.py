"""Why it said 7: the draw panel's explanation (``engine/explain.py``), computed off the GUI thread.

Shows, for the current drawing: the occlusion saliency over the 28x28 input
(``saliencyView``; ``drawing_saliency`` is the same carried back onto the drawing, which the
canvas paints over the strokes), the top 3 classes, the 5 most similar remembered digits by the network's
penultimate features (``neighboursView``: the model's memory, ``engine/memory.py``, whose
nearest digits also vote on the answer; your taught drawings among them), "Not a digit?"
when the drawing is unlike every digit it knows, and the preprocessing steps one by one (``preprocessStepCombo``).
Occlusion takes 145 forward passes, so it runs on a worker thread once the pen has rested
for ``DELAY_MS``; the neighbour index is built on a worker whenever the model changes.
"""

from __future__ import annotations

import numpy as np
from pyqtgraph.Qt import QtCore, QtGui, QtWidgets

from engine.data.drawing import Steps
from engine.explain import digit_index, occlusion_map, on_drawing, saliency_overlay

from .i18n import add_choices, choice, choose, error_text, tr, translatable
from .images import gray_rgb, to_qimage
from .worker import Worker

DELAY_MS = 250
THUMB = 28  # px: the neighbours at their own size (a tooltip names them)


def pixmap(rgb: np.ndarray) -> QtGui.QPixmap:
    return QtGui.QPixmap.fromImage(to_qimage(np.ascontiguousarray(rgb)))


# The drawing pipeline's steps (engine/data/drawing.py names them), in the window's language.
STEP_WORDS = {"grayscale": translatable("grayscale"), "ink (polarity fixed)": translatable("ink (polarity fixed)"),
              "cropped": translatable("cropped"), "stroke width normalised": translatable("stroke width normalised"),
              "scaled to 20 px": translatable("scaled to 20 px"), "centred 28x28": translatable("centred 28x28")}


class ExplainPanel(QtWidgets.QGroupBox):
    """The explanation of the current prediction: ``explain(...)`` after each one, ``set_model`` for a new model."""

    explained = QtCore.Signal()  # a new explanation is shown (tests wait for it)

    def __init__(self, parent=None):
        super().__init__(tr("Why?"), parent)
        self.setObjectName("explainPanel")
        self.model, self.index, self.index_worker, self.worker = None, None, None, None
        self.pending = None  # (image, class names, placement) waiting for the timer
        self.found = None  # the Neighbours of the drawing explained last
        self.last = None  # (image, class names, placement) of the drawing explained last
        self.shown = None  # the image whose explanation is on screen
        self.drawing_saliency: np.ndarray | None = None  # its saliency over the picture drawn or opened (H, W)
        self.steps: dict[str, np.ndarray] = {}
        layout = QtWidgets.QGridLayout(self)
        self.saliencyView = QtWidgets.QLabel()
        self.saliencyView.setObjectName("saliencyView")
        self.saliencyView.setFixedSize(84, 84)
        self.saliencyView.setToolTip(tr("Red: the parts of your drawing the answer depends on. Each 6x6 patch was "
                                     "hidden in turn; the redder, the more the answer's probability fell "
                                     "(occlusion)."))  # fmt: skip
        layout.addWidget(self.saliencyView, 0, 0, 2, 1)
        self.topLabel = QtWidgets.QLabel()
        self.topLabel.setObjectName("topClassesLabel")
        self.topLabel.setWordWrap(True)
        layout.addWidget(self.topLabel, 0, 1)
        self.noveltyLabel = QtWidgets.QLabel()
        self.noveltyLabel.setObjectName("noveltyLabel")
        self.noveltyLabel.setWordWrap(True)
        layout.addWidget(self.noveltyLabel, 1, 1)
        self.neighboursView = QtWidgets.QLabel(tr("Nearest remembered digits: ..."))
        self.neighboursView.setObjectName("neighboursView")
        self.neighboursView.setWordWrap(True)  # its texts fit a narrow column; off for the pixmap row (160 px)
        self.neighboursView.setToolTip(tr("The 5 remembered digits most like your drawing, as the network's last "
                                       "layer sees them (its penultimate features)"))  # fmt: skip
        layout.addWidget(self.neighboursView, 2, 0, 1, 2)
        steps_row = QtWidgets.QHBoxLayout()
        steps_row.addWidget(QtWidgets.QLabel(tr("Step:")))
        self.stepCombo = QtWidgets.QComboBox()
        self.stepCombo.setObjectName("preprocessStepCombo")
        self.stepCombo.setToolTip(
            tr("The preprocessing, step by step: what happens to a drawing before the network sees it")
        )
        self.stepCombo.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.stepCombo.setMinimumContentsLength(8)
        steps_row.addWidget(self.stepCombo, 1)
        layout.addLayout(steps_row, 3, 0, 1, 2)
        self.stepView = QtWidgets.QLabel()
        self.stepView.setObjectName("preprocessStepView")
        self.stepView.setFixedHeight(56)
        layout.addWidget(self.stepView, 4, 0, 1, 2)
        self.stepCombo.currentIndexChanged.connect(lambda _: self._show_step(choice(self.stepCombo)))
        self.timer = QtCore.QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self._start)

    def set_model(self, model) -> None:
        """A new model: its neighbour index is built on a worker when the first drawing needs it."""
        self.model, self.index, self.index_worker = model, None, None

    def _build_index(self) -> None:
        model = self.model
        worker = Worker(lambda report: (model, digit_index(model)), name="explain-index")
        worker.finished.connect(self._index_ready)
        worker.errored.connect(lambda error: self.noveltyLabel.setText(tr("(no nearest digits: {error})").format(
            error=error_text(error))))
        self.index_worker = worker
        worker.start()

    def _index_ready(self, result) -> None:
        model, index = result
        if model is self.model:
            self.index = index
            if self.pending is None and self.last is not None:
                self.pending = self.last  # explain the drawing already there again, now with neighbours
                self.timer.start()

    def clear(self) -> None:
        self.pending, self.steps, self.found, self.last, self.shown = None, {}, None, None, None
        self.drawing_saliency = None
        for label in (self.saliencyView, self.neighboursView, self.stepView):
            label.clear()
        self.topLabel.setText("")
        self.noveltyLabel.setText("")
        self.stepCombo.clear()

    def explain(self, image: np.ndarray, probabilities: np.ndarray, names: list[str], steps: Steps) -> None:
        """A new prediction: the top 3 at once; the steps, saliency and neighbours when the pen rests
        (this runs at every pen move, so it only keeps what the timer will show)."""
        order = np.argsort(probabilities)[::-1][:3]
        top = ",  ".join(f"<b>{names[k]}</b> {probabilities[k]:.0%}" for k in order)
        self.topLabel.setText(tr("Top 3: {classes}").format(classes=top))
        self.steps = {name: step for name, step in steps.items() if np.ndim(step) == 2}
        self.pending = (image, names, steps.placement)
        self.timer.start()
        if self.index is None and self.index_worker is None and self.model is not None:
            self._build_index()

    def _show_steps(self) -> None:
        """The preprocessing steps of the drawing in the combo, keeping the step the user chose."""
        current = choice(self.stepCombo)
        self.stepCombo.blockSignals(True)
        self.stepCombo.clear()
        add_choices(self.stepCombo, list(self.steps), STEP_WORDS)
        choose(self.stepCombo, current if current in self.steps else list(self.steps)[-1])
        self.stepCombo.blockSignals(False)
        self._show_step(choice(self.stepCombo))

    def _show_step(self, name: str) -> None:
        step = self.steps.get(name)
        if step is None:
            return
        picture = to_qimage(gray_rgb(np.asarray(step, np.float32)))
        self.stepView.setPixmap(
            QtGui.QPixmap.fromImage(picture).scaled(56, 56, QtCore.Qt.AspectRatioMode.KeepAspectRatio)
        )

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self.pending is not None:
            self.timer.start()  # explained now that it can be seen

    def _start(self) -> None:
        if not self.isVisible():
            # Hidden (another tab, or the narrow layout's other side tab): explained once shown. A drawing
            # explained on a hidden box only took the CPU from what is shown (the soak's stroke then
            # switch to Curves: a 110 ms stall).
            return
        if self.pending is None or self.model is None or (self.worker is not None and self.worker.is_running()):
            if self.pending is not None:
                self.timer.start()  # the last explanation is still running: try again shortly
            return
        (image, names, placement), self.pending = self.pending, None
        self.last = (image, names, placement)
        self._show_steps()
        model, index = self.model, self.index

        def work(report):
            saliency = occlusion_map(model, image)
            found = index.query(model, image) if index is not None else None
            on_picture = on_drawing(saliency, placement) if placement is not None else None
            return image, saliency, on_picture, found, names, index

        self.worker = Worker(work, name="explain")
        self.worker.finished.connect(self._show)
        self.worker.start()

    def _show(self, result) -> None:
        image, saliency, on_picture, found, names, index = result
        if not self.steps:  # the canvas was cleared while this ran
            return
        self.found, self.shown, self.drawing_saliency = found, image, on_picture
        self.saliencyView.setPixmap(pixmap(saliency_overlay(image, saliency, scale=3)))
        if found is None:
            self.neighboursView.setWordWrap(True)
            self.neighboursView.setText(tr("Nearest remembered digits: (still indexing them...)"))
        else:
            row = np.full((THUMB, (THUMB + 4) * len(found.indices), 3), 255, np.uint8)
            for k, digit in enumerate(index.images[found.indices]):
                row[:, k * (THUMB + 4) : k * (THUMB + 4) + THUMB] = digit[..., None]
            self.neighboursView.setWordWrap(False)  # (a word-wrapped label shows no pixmap)
            self.neighboursView.setPixmap(pixmap(row))
            labels = ", ".join(f"{names[label]} ({similarity:.2f})" for label, similarity in
                               zip(found.labels, found.similarities, strict=True))  # fmt: skip
            sources = ", ".join(f"{count:,} {name}" for name, count in index.memory.sources.items() if count)
            self.neighboursView.setToolTip(tr("Nearest remembered digits (cosine similarity): {labels}. Remembered: "
                                              "{sources}").format(labels=labels, sources=sources))  # fmt: skip
            like = ", ".join(names[k] for k in found.labels)
            self.noveltyLabel.setText(
                "<span style='color:#c05000'>" + tr(
                    "<b>Not a digit?</b> It looks unlike every digit the model knows (novelty {novelty} &gt; "
                    "{threshold}): the answer is a guess.").format(novelty=f"{found.novelty:.2f}",
                                                                   threshold=f"{index.threshold:.2f}") + "</span>"
                if found.unlike_digits else tr("Looks like a digit: its neighbours are {like}.").format(like=like)
            )  # fmt: skip
        self.explained.emit()
