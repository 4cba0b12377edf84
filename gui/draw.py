"""Draw & predict: a canvas, the 28x28 image the network sees, and its class probabilities."""

from __future__ import annotations

from collections import deque

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtGui, QtWidgets

from engine.data import DataOptions, preprocess_drawing
from engine.data.dataset import PHOTOS
from engine.data.drawing import fit_square, paper_shade, to_grayscale
from engine.data.pictures import DIGIT_DRAWINGS, picture_image

from .explain_panel import ExplainPanel
from .fit import compact
from .i18n import tr, translatable
from .images import images_rgb, to_qimage
from .plots import plot_widget
from .teaching import CorrectionBar

CANVAS_SIZE = 280  # the drawing's pixels
MIN_CANVAS = 200  # the widget's smallest side, in pixels
# Ctrl+Z goes back this many strokes, clears and opened pictures. Each step keeps a copy of the
# drawing (77 KB), and an unbounded history grew by 31 MB in the soak's 10 minutes of drawing.
UNDO_STEPS = 100
WIDE_LAYOUT = 860  # the view's width from which the probabilities and Why? get a column of their own
SALIENCY_RED, SALIENCY_ALPHA = (230, 30, 20), 170  # the overlay's colour and its opacity where it is hottest


def where(event) -> QtCore.QPointF:
    """A mouse event's position on its widget: ``position()`` in Qt 6 (which deprecates ``pos()``), ``localPos()``
    in Qt 5."""
    return event.position() if hasattr(event, "position") else event.localPos()


def image_bytes(image: QtGui.QImage, channels: int) -> np.ndarray:
    """A copy of an 8-bit-per-channel QImage's pixels as uint8 (H, W, channels)."""
    pointer = image.constBits()
    if hasattr(pointer, "setsize"):  # PyQt's sip.voidptr needs to be told its size; PySide's memoryview knows it
        pointer.setsize(image.sizeInBytes())
    rows = np.frombuffer(pointer, np.uint8).reshape(image.height(), image.bytesPerLine())
    return (
        rows[:, : image.width() * channels].reshape(image.height(), image.width(), channels).copy()
    )  # lines may be padded to 4 bytes


class DrawCanvas(QtWidgets.QWidget):
    """A white square to draw on with a round black brush (mouse or pen: press, move, release).

    The drawing is a 280x280 image whatever the widget's size: the widget shows it scaled to
    fit (a projector in class gets a big canvas) and maps the mouse back onto it. A picture
    opened from a file is kept as it was read (``opened``), so it is predicted from its own
    pixels, exactly as ``python main.py predict`` reads the file, until the user draws on it.
    """

    changed = QtCore.Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("drawCanvas")
        self.setMinimumSize(MIN_CANVAS, MIN_CANVAS)
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Expanding)
        self.setCursor(QtCore.Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)  # drawing focuses it, so Ctrl+Z and Delete reach it
        self.setToolTip(tr("Draw a digit with the mouse (left button). The network predicts while you draw. "
                        "Ctrl+Z undoes a stroke, Delete clears."))  # fmt: skip
        self.brush_width = 18  # in the 280x280 drawing's pixels
        self.image = self._blank()
        self.history: deque[tuple[QtGui.QImage, np.ndarray | None]] = deque(maxlen=UNDO_STEPS)  # oldest go first
        self.last_point = None
        self.opened: np.ndarray | None = None  # the picture opened from a file, as read; None once drawn on
        self.saliency: QtGui.QImage | None = None  # the Why? box's saliency, painted over the strokes

    def _blank(self) -> QtGui.QImage:
        image = QtGui.QImage(CANVAS_SIZE, CANVAS_SIZE, QtGui.QImage.Format.Format_Grayscale8)
        image.fill(255)
        return image

    def _remember(self) -> None:
        self.history.append((self.image.copy(), self.opened))

    def _changed(self) -> None:
        self.saliency = None  # it explained the drawing as it was
        self.update()
        self.changed.emit()

    def clear(self) -> None:
        self._remember()
        self.image, self.opened = self._blank(), None
        self._changed()

    def undo(self) -> None:
        if self.history:
            self.image, self.opened = self.history.pop()
            self._changed()

    def pixels(self) -> np.ndarray:
        """The drawing as uint8 (280, 280), 0 = ink, 255 = paper."""
        return image_bytes(self.image, 1)[..., 0]

    def source(self) -> np.ndarray:
        """What to predict from: the opened picture as read, or the drawing."""
        return self.opened if self.opened is not None else self.pixels()

    def open_picture(self, pixels: np.ndarray) -> None:
        """Show a picture (uint8 grey (H, W) or RGBA (H, W, 4), any size) with its aspect ratio kept."""
        self._remember()
        grey = np.rint(to_grayscale(pixels) * 255).astype(np.uint8)
        shade = round(paper_shade(grey / 255.0) * 255)  # padded with the paper's own shade
        fitted = np.ascontiguousarray(np.rint(fit_square(grey, CANVAS_SIZE, shade)).astype(np.uint8))
        image = QtGui.QImage(fitted.data, CANVAS_SIZE, CANVAS_SIZE, CANVAS_SIZE, QtGui.QImage.Format.Format_Grayscale8)
        self.image, self.opened = image.copy(), pixels
        self._changed()

    def show_saliency(self, heat: np.ndarray | None) -> None:
        """Paint ``heat`` (H, W) >= 0, over the picture being predicted (the drawing or the opened
        picture), in translucent red on top of the strokes; None removes it."""
        self.saliency = None
        if heat is not None and float(heat.max()) > 0:
            if self.opened is not None:  # placed on the canvas as open_picture placed the picture
                heat = fit_square(heat, CANVAS_SIZE, 0.0)
            rgba = np.zeros((CANVAS_SIZE, CANVAS_SIZE, 4), np.uint8)
            rgba[..., :3] = SALIENCY_RED
            rgba[..., 3] = np.rint(np.clip(heat / heat.max(), 0, 1) * SALIENCY_ALPHA)
            self.saliency = QtGui.QImage(rgba.data, CANVAS_SIZE, CANVAS_SIZE, 4 * CANVAS_SIZE,
                                         QtGui.QImage.Format.Format_RGBA8888).copy()  # fmt: skip
        self.update()

    def saliency_alpha(self) -> np.ndarray | None:
        """The overlay's opacity (280, 280) uint8 as painted, or None: what a test looks at."""
        return None if self.saliency is None else image_bytes(self.saliency, 4)[..., 3]

    def side(self) -> int:
        return max(1, min(self.width(), self.height()))

    def _to_image(self, position) -> QtCore.QPointF:
        """A mouse position on the widget -> the same place on the 280x280 drawing."""
        scale = CANVAS_SIZE / self.side()
        return QtCore.QPointF(position.x() * scale, position.y() * scale)

    def _stroke_to(self, point) -> None:
        painter = QtGui.QPainter(self.image)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        pen = QtGui.QPen(
            QtGui.QColor(0, 0, 0),
            self.brush_width,
            QtCore.Qt.PenStyle.SolidLine,
            QtCore.Qt.PenCapStyle.RoundCap,
            QtCore.Qt.PenJoinStyle.RoundJoin,
        )
        painter.setPen(pen)
        if self.last_point is None:
            painter.drawPoint(point)
        else:
            painter.drawLine(self.last_point, point)
        painter.end()
        self.last_point = point
        self.opened = None  # drawn on: the drawing is what counts now
        self._changed()

    def mousePressEvent(self, event):
        if event.button() == QtCore.Qt.MouseButton.LeftButton:
            self.setFocus(QtCore.Qt.FocusReason.MouseFocusReason)
            self._remember()
            self.last_point = None
            self._stroke_to(self._to_image(where(event)))

    def mouseMoveEvent(self, event):
        if event.buttons() & QtCore.Qt.MouseButton.LeftButton:
            self._stroke_to(self._to_image(where(event)))

    def mouseReleaseEvent(self, event):
        self.last_point = None

    def paintEvent(self, event):
        side = self.side()
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(QtCore.QRect(0, 0, side, side), self.image)
        if self.saliency is not None:
            painter.drawImage(QtCore.QRect(0, 0, side, side), self.saliency)
        painter.setPen(QtGui.QColor(180, 180, 180))
        painter.drawRect(0, 0, side - 1, side - 1)
        painter.end()


class DrawView(QtWidgets.QWidget):
    """Canvas + processed 28x28 input + probability bars + top prediction.

    ``predictor`` is set by the main window: a function (28, 28) [0, 1] image -> (K,)
    probabilities, plus class names. Predictions are coalesced by a short single-shot timer,
    so a fast pen never queues more than one.
    """

    drawingChanged = QtCore.Signal(object)  # the processed (28, 28) image or None

    def __init__(self, parent=None):
        super().__init__(parent)
        self.predictor = None
        self.class_names = [str(d) for d in range(10)]
        self.processed = None
        self.reading = DIGIT_DRAWINGS  # how the model reads a picture (engine/data/pictures.py)
        drawing = QtWidgets.QWidget()  # the canvas and its tools: the first column in every arrangement
        left = QtWidgets.QVBoxLayout(drawing)
        left.setContentsMargins(0, 0, 0, 0)
        self.canvas = DrawCanvas()
        left.addWidget(self.canvas, 1)
        buttons = QtWidgets.QHBoxLayout()
        self.clearCanvasButton = QtWidgets.QPushButton(tr("Clear"))
        self.clearCanvasButton.setObjectName("clearCanvasButton")
        self.undoButton = QtWidgets.QPushButton(tr("Undo"))
        self.undoButton.setObjectName("undoCanvasButton")
        self.openImageButton = QtWidgets.QPushButton(tr("Open image..."))
        self.openImageButton.setObjectName("openImageButton")
        self.openImageButton.setToolTip(tr("Open an image: predict a digit from a photo or scan; it goes through the "
                                        "same pipeline."))  # fmt: skip
        for button in (self.clearCanvasButton, self.undoButton, self.openImageButton):
            buttons.addWidget(button)
        compact(self.clearCanvasButton, self.undoButton, self.openImageButton)
        left.addLayout(buttons)
        width_row = QtWidgets.QHBoxLayout()
        width_row.addWidget(QtWidgets.QLabel(tr("Brush:")))
        self.brushSlider = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal)
        self.brushSlider.setObjectName("brushSlider")
        self.brushSlider.setRange(4, 40)
        self.brushSlider.setValue(self.canvas.brush_width)
        self.brushSlider.setToolTip(tr("Pen width. Any width works: the stroke is normalised to MNIST's thickness."))
        width_row.addWidget(self.brushSlider)
        self.brushLabel = QtWidgets.QLabel()
        self.brushLabel.setObjectName("brushLabel")
        width_row.addWidget(self.brushLabel)
        left.addLayout(width_row)
        self.notice = QtWidgets.QLabel()  # why drawing is off, for a model that reads photos
        self.notice.setObjectName("drawNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        left.addWidget(self.notice)
        for keys, action in (
            (QtGui.QKeySequence.StandardKey.Undo, self.canvas.undo),
            (QtCore.Qt.Key.Key_Delete, self.canvas.clear),
        ):
            shortcut = QtGui.QShortcut(QtGui.QKeySequence(keys), self)
            shortcut.setContext(
                QtCore.Qt.ShortcutContext.WidgetWithChildrenShortcut
            )  # only while Draw & predict is shown
            shortcut.activated.connect(action)

        self.seenBox = QtWidgets.QWidget()
        seen = QtWidgets.QVBoxLayout(self.seenBox)
        seen.setContentsMargins(0, 0, 0, 0)
        self.seenTitle = QtWidgets.QLabel(tr("What the network sees (28x28):"))
        self.seenTitle.setWordWrap(True)
        seen.addWidget(self.seenTitle)
        self.seenLabel = QtWidgets.QLabel()
        self.seenLabel.setObjectName("processedView")
        self.seenLabel.setFixedSize(168, 168)
        self.seenLabel.setToolTip(
            tr(
                "Your drawing after the MNIST recipe: ink cropped, stroke width normalised, scaled to fit 20x20 "
                "and centred by its centre of mass in 28x28, white on black."
            )
        )
        seen.addWidget(self.seenLabel)
        seen.addStretch(1)

        answer = QtWidgets.QWidget()  # the answer and what to do about it: always in sight
        middle = QtWidgets.QVBoxLayout(answer)
        middle.setContentsMargins(0, 0, 0, 0)
        self.predictionLabel = QtWidgets.QLabel(tr("Draw a digit"))
        self.answer = ""  # the class and its probability the label shows, '' with nothing to predict
        self.predictionLabel.setObjectName("predictionLabel")
        self.predictionLabel.setWordWrap(True)  # "Not a digit? (guess: 7 (61.0%))" in a narrow column
        font = self.predictionLabel.font()
        font.setPointSize(22)
        font.setBold(True)
        self.predictionLabel.setFont(font)
        middle.addWidget(self.predictionLabel)
        self.correction = CorrectionBar()
        self.correction.setEnabled(False)
        middle.addWidget(self.correction)
        teach_row = QtWidgets.QHBoxLayout()
        self.teachButton = QtWidgets.QPushButton(tr("Teach it"))
        self.teachButton.setObjectName("teachButton")
        self.teachButton.setToolTip(tr("Fine-tune the model on My digits (the drawings you corrected), replaying the "
                                    "digits it was trained on so it does not forget them"))  # fmt: skip
        self.undoTeachButton = QtWidgets.QPushButton(tr("Undo teaching"))
        self.undoTeachButton.setObjectName("undoTeachButton")
        teach_row.addWidget(self.teachButton)
        teach_row.addWidget(self.undoTeachButton)
        compact(self.teachButton, self.undoTeachButton)
        middle.addLayout(teach_row)
        self.teachProgress = QtWidgets.QProgressBar()
        self.teachProgress.setObjectName("teachProgress")
        middle.addWidget(self.teachProgress)
        self.teachResult = QtWidgets.QLabel()
        self.teachResult.setObjectName("teachResult")
        self.teachResult.setWordWrap(True)
        middle.addWidget(self.teachResult)

        self.predictionBars = plot_widget("predictionBars", title=tr("Class probabilities"))
        self.predictionBars.setYRange(0, 1)
        self.predictionBars.setMouseEnabled(x=False, y=False)
        self.predictionBars.setMenuEnabled(False)
        self.predictionBars.setMinimumSize(240, 160)  # every class's bar and tick stays readable
        self.bars = pg.BarGraphItem(x=np.arange(10), height=np.zeros(10), width=0.7, brush=(60, 110, 200))
        self.predictionBars.addItem(self.bars)
        self._set_ticks()
        self.explainPanel = ExplainPanel()
        self.explainPanel.explained.connect(self._explained)

        # Two arrangements. Wide: canvas | what it sees and the answer | probabilities and Why?.
        # Narrow (an 800x600 window): canvas | the answer above three small tabs that take turns.
        self.middleColumn = QtWidgets.QVBoxLayout()
        self.middleColumn.addWidget(self.seenBox)
        self.middleColumn.addWidget(answer)
        self.sideTabs = QtWidgets.QTabWidget()
        self.sideTabs.setObjectName("drawSideTabs")
        self.middleColumn.addWidget(self.sideTabs, 1)
        self.middleColumn.addStretch(0)
        self.rightColumn = QtWidgets.QWidget()
        right = QtWidgets.QVBoxLayout(self.rightColumn)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.predictionBars, 1)
        right.addWidget(self.explainPanel)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(drawing, 3)
        layout.addLayout(self.middleColumn, 2)
        layout.addWidget(self.rightColumn, 2)
        self.wide = True
        self.sideTabs.hide()

        self.timer = QtCore.QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(10)
        self.timer.timeout.connect(self.predict_now)
        self.canvas.changed.connect(self.timer.start)
        self.clearCanvasButton.clicked.connect(self.canvas.clear)
        self.undoButton.clicked.connect(self.canvas.undo)
        self.brushSlider.valueChanged.connect(self._set_brush)
        self._set_brush(self.brushSlider.value())

    def _explained(self) -> None:
        """A drawing unlike every digit gets no confident answer: the label says so."""
        panel = self.explainPanel
        if panel.shown is not None and self.processed is not None and np.array_equal(panel.shown, self.processed):
            self.canvas.show_saliency(panel.drawing_saliency)  # only over the drawing it explains
        found = panel.found
        if found is not None and found.unlike_digits and self.processed is not None and self.answer:
            self.predictionLabel.setText(tr("Not a digit? (guess: {answer})").format(answer=self.answer))

    def _set_brush(self, width: int) -> None:
        self.canvas.brush_width = width
        self.brushLabel.setText(f"{width} px")

    def arrange(self, wide: bool) -> None:
        """Lay the view out in three columns (``wide``) or in two, with the pictures in small tabs."""
        if wide == self.wide:
            return
        self.wide = wide
        pages = ((self.seenBox, "28x28"), (self.predictionBars, tr("Classes")), (self.explainPanel, tr("Why?")))
        if wide:
            self.sideTabs.clear()  # (removes the pages without deleting them)
            self.middleColumn.insertWidget(0, self.seenBox)
            self.rightColumn.layout().insertWidget(0, self.predictionBars, 1)
            self.rightColumn.layout().insertWidget(1, self.explainPanel)
            for widget, _ in pages:
                widget.show()
        else:
            for widget, title in pages:
                self.sideTabs.addTab(widget, title)
            tips = (translatable("What the network sees"), translatable("The class probabilities"),
                    translatable("Why this answer"))
            for i, tip in enumerate(tips):
                self.sideTabs.setTabToolTip(i, tr(tip))
        self.openImageButton.setText(tr("Open image...") if wide else tr("Open..."))  # the tooltip says the rest
        compact(self.openImageButton)
        self.sideTabs.setVisible(not wide)
        self.rightColumn.setVisible(wide)

    def resizeEvent(self, event) -> None:
        """Three columns from WIDE_LAYOUT pixels on, else two; the 28x28 view grows with the canvas (a
        projector), from 112 to 336 pixels (4x to 12x)."""
        super().resizeEvent(event)
        self.arrange(event.size().width() >= WIDE_LAYOUT)
        side = int(np.clip(self.canvas.side() * 0.6, 112, 336)) // 28 * 28
        if side != self.seenLabel.width():
            self.seenLabel.setFixedSize(side, side)
            self.predict_now()

    def _set_ticks(self) -> None:
        ticks = [(i, name[:8]) for i, name in enumerate(self.class_names)]
        self.predictionBars.getAxis("bottom").setTicks([ticks])

    def set_predictor(self, predictor, class_names: list[str]) -> None:
        self.predictor = predictor
        self.class_names = list(class_names)
        self.correction.set_classes(self.class_names)
        self._set_ticks()
        self.predict_now()

    def reads_photos(self) -> bool:
        return self.reading.pipeline == PHOTOS

    def set_reading(self, reading: DataOptions) -> None:
        """How the model reads pictures (``engine.data.pictures.model_reading``). Digit drawings: draw, or open a
        picture. Photos: drawing is off (a sketch is no photo), Open image classifies a picture, fitted into the
        model's square in its colours; correcting, teaching and Why? are for digits."""
        self.reading = reading
        photos = self.reads_photos()
        for widget in (self.canvas, self.brushSlider, self.undoButton):
            widget.setEnabled(not photos)
        for widget in (self.correction, self.teachButton, self.undoTeachButton, self.explainPanel):
            widget.setVisible(not photos)
        shape = f"{reading.size}x{reading.size} " + (tr("colour") if reading.channels == 3 else tr("grey"))
        self.notice.setText(tr("Drawing is for one-channel digit models: this model reads {shape} photos. Open "
                               "image... to classify a picture; it is fitted into the model's square, as its "
                               "training pictures were.").format(shape=shape))  # fmt: skip
        self.notice.setVisible(photos)
        self.seenTitle.setText(tr("What the network sees ({size}):").format(size=f"{reading.size}x{reading.size}"))
        if photos and self.canvas.opened is None:
            self.canvas.clear()
        self.predict_now()

    def _processed(self):
        """What the network sees of the canvas, and the drawing pipeline's steps (None for a photo)."""
        if not self.reads_photos():
            return preprocess_drawing(self.canvas.source(), return_steps=True)
        opened = self.canvas.opened
        if opened is None:
            return None, None
        if opened.ndim == 3 and opened.shape[2] == 4:  # RGBA: over white paper, as a viewer shows it
            opened = np.rint(to_grayscale(opened) * 255).astype(np.uint8)
        return picture_image(opened, self.reading) * np.float32(1 / 255), None

    def predict_now(self) -> None:
        """Preprocess the canvas and show the network's probabilities."""
        processed, steps = self._processed()
        self.processed = processed
        if processed is None:
            self.explainPanel.clear()
            self.seenLabel.setPixmap(QtGui.QPixmap())
            self.bars.setOpts(x=np.arange(len(self.class_names)), height=np.zeros(len(self.class_names)))
            self.answer = ""
            self.predictionLabel.setText(tr("Open a picture") if self.reads_photos() else tr("Draw a digit"))
            self.correction.setEnabled(False)
            self.drawingChanged.emit(None)
            return
        side = self.seenLabel.width()
        picture = to_qimage(images_rgb(processed[None])).scaled(side, side)  # nearest: pixels stay pixels
        self.seenLabel.setPixmap(QtGui.QPixmap.fromImage(picture))
        self.correction.setEnabled(True)
        self.drawingChanged.emit(processed)
        if self.predictor is None:
            return
        probabilities = self.predictor(processed)
        best = int(np.argmax(probabilities))
        colours = [(230, 120, 20) if i == best else (60, 110, 200) for i in range(len(probabilities))]
        self.bars.setOpts(x=np.arange(len(probabilities)), height=probabilities, brushes=colours)
        self.answer = f"{self.class_names[best]} ({probabilities[best] * 100:.1f}%)"
        self.predictionLabel.setText(self.answer)
        if steps is not None:
            self.explainPanel.explain(processed, probabilities, self.class_names, steps)
