"""The report's pictures, drawn headless with Qt, and the report's files (``main.py report``, File > Export report).

Each figure is painted on a QImage at twice its size (sharp when printed): the curves with pyqtgraph,
as the Curves tab draws them; the confusion matrices, per-class bars, misclassified images and
filters with QPainter, in the colours the window uses. ``engine/report.py`` lays them out as HTML.
None of it needs a display: under the ``offscreen`` platform it runs on a server or in CI.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtGui, QtWidgets

from engine.files import atomic_write
from engine.report import FIGURES, PIXELS_PER_POINT, Run, figure_key, report_html, what_differs
from engine.snapshots import filter_layer_names, weight_pictures
from engine.tiling import diverging_rgb, tile

from .i18n import LANGUAGES, current_language, install_translator, tr, tr_said
from .images import to_qimage

SCALE = PIXELS_PER_POINT  # a figure 500 points wide is a 1000-pixel PNG, shown 500 wide in the page
RUN_COLOURS = ((31, 119, 180), (214, 39, 40))  # blue, red: the first and the second model
MISTAKES_SHOWN = 40  # the most confident mistakes in the grid: 4 rows of 10
PLOTS_HEIGHT = 400  # points: the curves' two plots; their legend goes under them
THUMB = 56  # points: a 28x28 digit at twice its size


def headless_app() -> QtWidgets.QApplication:
    """The running QApplication, or a new one on the offscreen platform (no display needed)."""
    global _APP
    if QtWidgets.QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # set before the application exists, or Qt ignores it
        QtCore.qInstallMessageHandler(_quiet)
        _APP = QtWidgets.QApplication(["cnn-studio-report"])  # kept: a collected QApplication crashes Qt
    return QtWidgets.QApplication.instance()


_APP = None


def _quiet(kind, context, message: str) -> None:
    """Qt's messages, less the offscreen platform's harmless note about XDG_RUNTIME_DIR (a report prints
    one line)."""
    if "XDG_RUNTIME_DIR" not in message:
        print(message, file=sys.stderr)


def png_bytes(image: QtGui.QImage) -> bytes:
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def _canvas(width: int, height: int) -> tuple[QtGui.QImage, QtGui.QPainter]:
    """A white image of ``width`` x ``height`` points (``SCALE`` times as many pixels) and a painter on it."""
    image = QtGui.QImage(width * SCALE, height * SCALE, QtGui.QImage.Format.Format_RGB32)
    image.fill(QtGui.QColor("white"))
    painter = QtGui.QPainter(image)
    painter.scale(SCALE, SCALE)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing)
    return image, painter


def _font(points: float, bold: bool = False) -> QtGui.QFont:
    font = QtGui.QFont(QtWidgets.QApplication.font())
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _text_width(font: QtGui.QFont, texts) -> int:
    metrics = QtGui.QFontMetrics(font)
    return max((metrics.horizontalAdvance(t) for t in texts), default=0)


def curves_figure(runs: list[Run], labels: list[str]) -> bytes | None:
    """Loss and accuracy per epoch, training solid and validation dashed, a colour per run; the settings
    changed during a run as vertical lines. None when no run saved a history."""
    if not any(run.history for run in runs):
        return None
    view = pg.GraphicsLayoutWidget()
    view.setBackground("w")
    view.resize(1000, PLOTS_HEIGHT)
    grid = view.ci
    last_epoch = max((log.get("epoch", 0) for run in runs for log in run.history if isinstance(log.get("epoch"), int)),
                     default=1)  # fmt: skip
    legend = []  # (colour, style, words): drawn under both plots, where it hides no curve
    for column, (key, title) in enumerate((("loss", tr("loss")), ("accuracy", tr("accuracy")))):
        plot = grid.addPlot(row=0, col=column, title=f"<span style='color:#222; font-size:11pt'>{title}</span>")
        for side in ("left", "bottom"):
            axis = plot.getAxis(side)
            axis.setTickFont(_font(8))
            axis.setTextPen("#222")
            axis.setPen("#888")
        plot.setLabel("bottom", tr("epoch"), color="#222", **{"font-size": "9pt"})
        if last_epoch <= 20:  # whole epochs only: "1.5" is no epoch
            plot.getAxis("bottom").setTicks([[(e, str(e)) for e in range(1, last_epoch + 1)], []])
        plot.showGrid(x=True, y=True, alpha=0.25)
        for run, label, colour in zip(runs, labels, RUN_COLOURS, strict=False):
            for name, style, words in (
                (key, QtCore.Qt.PenStyle.SolidLine, tr("training")),
                (f"val_{key}", QtCore.Qt.PenStyle.DashLine, tr("validation")),
            ):
                points = [(log.get("epoch"), log.get(name)) for log in run.history]
                points = [(e, v) for e, v in points if isinstance(e, int) and isinstance(v, (int, float))]
                if not points:
                    continue
                x, y = np.array(points, dtype=float).T
                pen = pg.mkPen(colour, width=3, style=style)  # cosmetic: 3 pixels of the 2x picture
                plot.plot(x, y, pen=pen, symbol="o", symbolSize=5, symbolBrush=colour, symbolPen=None)
                if column == 0:
                    legend.append((colour, style, f"{label}, {words}" if len(runs) > 1 else words))
            for change in run.changes:
                epoch = _epoch_of_step(run.history, change.get("step"))
                if epoch is not None:
                    plot.addItem(
                        pg.InfiniteLine(epoch, pen=pg.mkPen(colour, width=1, style=QtCore.Qt.PenStyle.DotLine))
                    )
    # A widget never shown has not been laid out; QWidget.grab sends it the pending resize, after which its
    # scene draws on the canvas at SCALE times its size (vector lines and text, not a stretched pixmap).
    view.grab()
    rows = (len(legend) + 1) // 2
    image, painter = _canvas(1000, PLOTS_HEIGHT + 10 + 18 * rows)
    size = QtCore.QRectF(0, 0, 1000, PLOTS_HEIGHT)
    view.scene().render(painter, size, size)
    painter.setFont(_font(9))
    for n, (colour, style, words) in enumerate(legend):  # two columns, a line sample and its words
        x, y = 60 + 470 * (n % 2), PLOTS_HEIGHT + 10 + 18 * (n // 2)
        painter.setPen(QtGui.QPen(QtGui.QColor(*colour), 2, style))
        painter.drawLine(QtCore.QPointF(x, y + 9), QtCore.QPointF(x + 30, y + 9))
        painter.setPen(QtGui.QColor("#222"))
        painter.drawText(QtCore.QRectF(x + 38, y, 430, 18), QtCore.Qt.AlignmentFlag.AlignVCenter, words)
    painter.end()
    return png_bytes(image)


def _epoch_of_step(history: list[dict], step) -> float | None:
    """Where a step falls on the epoch axis: epoch e ends at its log's step, so steps between are fractions."""
    ends = [(log["epoch"], log["step"]) for log in history if isinstance(log.get("step"), int)
            and isinstance(log.get("epoch"), int)]  # fmt: skip
    if not isinstance(step, int) or not ends:
        return None
    epochs, steps = np.array([(0, 0), *ends], dtype=float).T
    return float(np.interp(step, steps, epochs))


def _blue(share: float) -> QtGui.QColor:
    """White (0) to dark blue (1), the matrix's colour map."""
    low, high = np.array([255, 255, 255]), np.array([8, 69, 148])
    return QtGui.QColor(*(low + (high - low) * float(np.clip(share, 0, 1))).astype(int))


def confusion_figure(matrix: np.ndarray, names: list[str], normalised: bool) -> bytes:
    """The matrix as coloured cells (each row's shares of its true class), with the counts or the shares written
    in; rows are the true class, columns the predicted one, and the axes say so."""
    k = len(names)
    cell = int(np.clip(480 / k, 12, 48))
    label_font, title_font = _font(9), _font(10, bold=True)
    number_font = _font(float(np.clip(cell * 0.26, 5, 10)))
    name_width = _text_width(label_font, names) + 8
    rotate = name_width > cell  # column names upright when they fit, else written upwards
    top = 24 + (name_width if rotate else 18)
    left = 24 + name_width
    width, height = left + k * cell + 16, top + k * cell + 16
    totals = np.maximum(matrix.sum(axis=1, keepdims=True), 1)
    shares = matrix / totals
    image, painter = _canvas(width, height)
    painter.setFont(title_font)
    painter.drawText(QtCore.QRectF(left, 0, k * cell, 20), QtCore.Qt.AlignmentFlag.AlignCenter, tr("predicted"))
    painter.save()
    painter.translate(4, top + k * cell / 2)
    painter.rotate(-90)
    painter.drawText(QtCore.QRectF(-k * cell / 2, 0, k * cell, 18), QtCore.Qt.AlignmentFlag.AlignCenter, tr("true"))
    painter.restore()
    painter.setFont(label_font)
    for i, name in enumerate(names):
        painter.drawText(QtCore.QRectF(24, top + i * cell, name_width - 6, cell), QtCore.Qt.AlignmentFlag.AlignRight |
                         QtCore.Qt.AlignmentFlag.AlignVCenter, name)  # fmt: skip
        if rotate:
            painter.save()
            painter.translate(left + i * cell, top - 4)
            painter.rotate(-90)
            painter.drawText(
                QtCore.QRectF(0, 0, name_width - 6, cell),
                QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            painter.restore()
        else:
            painter.drawText(
                QtCore.QRectF(left + i * cell, top - 20, cell, 18), QtCore.Qt.AlignmentFlag.AlignCenter, name
            )
    painter.setFont(number_font)
    written = cell >= 18  # smaller cells: colour only
    for r in range(k):
        for c in range(k):
            rect = QtCore.QRectF(left + c * cell, top + r * cell, cell, cell)
            painter.fillRect(rect, _blue(shares[r, c]))
            if written and matrix[r, c]:
                painter.setPen(QtGui.QColor("white" if shares[r, c] > 0.5 else "#222"))
                text = f"{shares[r, c]:.2f}" if normalised else str(matrix[r, c])
                painter.drawText(rect, QtCore.Qt.AlignmentFlag.AlignCenter, text)
    painter.setPen(QtGui.QColor("#888"))
    painter.drawRect(QtCore.QRectF(left, top, k * cell, k * cell))
    painter.end()
    return png_bytes(image)


def per_class_figure(matrix: np.ndarray, names: list[str]) -> bytes:
    """A bar per class: the share of its test images predicted right, with the count."""
    k = len(names)
    row = 18 if k <= 30 else 12
    font = _font(9 if k <= 30 else 7)
    name_width = _text_width(font, names) + 10
    bar = 320
    width, height = name_width + bar + 130, k * row + 12
    correct, totals = np.diag(matrix), matrix.sum(axis=1)
    image, painter = _canvas(width, height)
    painter.setFont(font)
    for i, name in enumerate(names):
        y = 6 + i * row
        painter.setPen(QtGui.QColor("#222"))
        painter.drawText(
            QtCore.QRectF(0, y, name_width - 6, row),
            QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter,
            name,
        )
        share = correct[i] / totals[i] if totals[i] else 0.0
        painter.fillRect(QtCore.QRectF(name_width, y + 2, bar, row - 4), QtGui.QColor(235, 235, 235))
        painter.fillRect(QtCore.QRectF(name_width, y + 2, bar * share, row - 4), QtGui.QColor(60, 160, 80))
        text = f"{share:.1%}  ({correct[i]:,}/{totals[i]:,})" if totals[i] else tr("no images")
        painter.drawText(QtCore.QRectF(name_width + bar + 6, y, 124, row), QtCore.Qt.AlignmentFlag.AlignVCenter, text)
    painter.end()
    return png_bytes(image)


def _rgb(image: np.ndarray) -> np.ndarray:
    """A dataset image, (H, W) grey or (3, H, W) colour uint8, as (H, W, 3)."""
    return np.repeat(image[..., None], 3, axis=2) if image.ndim == 2 else np.transpose(image, (1, 2, 0))


def mistakes_figure(run: Run) -> bytes | None:
    """The most confident mistakes, each captioned "true →" over "predicted confidence"; None without mistakes."""
    result = run.result
    index = result.mistakes()[:MISTAKES_SHOWN]
    if not len(index):
        return None
    names = result.class_names
    font = _font(8)
    width = max(THUMB + 8, _text_width(font, [f"{n} →" for n in names] + [f"{n} 100%" for n in names]) + 8)
    cols = min(10, len(index))
    rows = int(np.ceil(len(index) / cols))
    cell_height = THUMB + 34
    image, painter = _canvas(cols * width, rows * cell_height)
    painter.setFont(font)
    painter.setRenderHint(QtGui.QPainter.RenderHint.SmoothPixmapTransform, False)  # pixels stay square
    for n, i in enumerate(index):
        r, c = divmod(n, cols)
        x, y = c * width, r * cell_height
        picture = to_qimage(_rgb(result.images[i]))
        painter.drawImage(QtCore.QRectF(x + (width - THUMB) / 2, y + 2, THUMB, THUMB), picture)
        predicted = int(result.predicted[i])
        confidence = result.probabilities[i, predicted]
        painter.setPen(QtGui.QColor("#222"))
        painter.drawText(
            QtCore.QRectF(x, y + THUMB + 3, width, 14),
            QtCore.Qt.AlignmentFlag.AlignCenter,
            f"{names[result.labels[i]]} →",
        )
        painter.setPen(QtGui.QColor(190, 40, 30))
        painter.drawText(QtCore.QRectF(x, y + THUMB + 17, width, 14), QtCore.Qt.AlignmentFlag.AlignCenter,
                         f"{names[min(predicted, len(names) - 1)]} {confidence:.0%}")  # fmt: skip
    painter.end()
    return png_bytes(image)


def filters_figure(model) -> bytes | None:
    """The first drawable layer's kernels on one blue-white-red scale (as the Filters tab's "one scale for the
    layer"), its name and the scale under them; None when the model has none (e.g. a recurrent one)."""
    names = filter_layer_names(model)
    if not names:
        return None
    kernels = weight_pictures(model, names[0])  # (C_out, C_in, kH, kW)
    c_out, c_in, kh, kw = kernels.shape
    shown = kernels[:64, :8]  # as the Filters tab: at most 64 units, 8 input channels each
    limit = float(np.abs(shown).max()) or 1.0
    cols = shown.shape[1] if shown.shape[1] > 1 else int(np.ceil(np.sqrt(len(shown))))
    grid = diverging_rgb(tile(shown.reshape(-1, kh, kw) / limit, cols=cols), limit=1.0)
    zoom = max(2, 40 // max(kh, kw))  # every weight a visible square
    picture_width, picture_height = grid.shape[1] * zoom, grid.shape[0] * zoom
    width = max(picture_width, 420)
    image, painter = _canvas(width, picture_height + 48)
    painter.setRenderHint(QtGui.QPainter.RenderHint.SmoothPixmapTransform, False)
    painter.drawImage(QtCore.QRectF(0, 0, picture_width, picture_height), to_qimage(grid))
    font = _font(8)
    painter.setFont(font)
    painter.setPen(QtGui.QColor("#222"))
    inputs = (tr("{count} input channels") if c_in > 1 else tr("{count} input channel")).format(count=c_in)
    inputs += tr(" (the first 8 shown)") if c_in > 8 else ""
    units = tr("{count} kernels").format(count=c_out) + (tr(" (the first 64 shown)") if c_out > 64 else "")
    layout = tr("; a row per kernel, a column per input channel") if shown.shape[1] > 1 else ""
    painter.drawText(QtCore.QRectF(0, picture_height + 4, width, 14), QtCore.Qt.AlignmentFlag.AlignLeft,
                     tr("{layer}: {units} of {size}, {inputs}{layout}").format(
                         layer=names[0], units=units, size=f"{kh}x{kw}", inputs=inputs, layout=layout))
    bar = to_qimage(diverging_rgb(np.linspace(-1, 1, 256)[None]))
    painter.drawText(
        QtCore.QRectF(0, picture_height + 24, 60, 16), QtCore.Qt.AlignmentFlag.AlignRight, f"{-limit:+.2g} "
    )
    painter.drawImage(QtCore.QRectF(62, picture_height + 26, 200, 10), bar)
    scale_end = f" {limit:+.2g}  " + tr("weight")
    painter.drawText(QtCore.QRectF(266, picture_height + 24, 160, 16), QtCore.Qt.AlignmentFlag.AlignLeft, scale_end)
    painter.end()
    return png_bytes(image)


def render_figures(runs: list[Run]) -> dict[str, bytes]:
    """Every figure of the report by its ``figure_key``; figures a run cannot have are left out."""
    headless_app()
    labels = [tr_said(label) for label in what_differs(runs)]
    figures = {"curves": curves_figure(runs, labels)}
    for i, run in enumerate(runs):
        matrix, names = run.result.confusion(), run.result.class_names
        made = {
            "confusion_counts": confusion_figure(matrix, names, normalised=False),
            "confusion_normalised": confusion_figure(matrix, names, normalised=True),
            "per_class_accuracy": per_class_figure(matrix, names),
            "misclassified": mistakes_figure(run),
            "filters": filters_figure(run.model),
        }
        figures.update({figure_key(key, i, len(runs)): png for key, png in made.items()})
    return {key: png for key, png in figures.items() if png is not None}


def speak(language: str) -> None:
    """Draw and write the report in ``language`` (``en``, ``zh_CN``: ``report --language``); ValueError for a
    language it does not speak."""
    if language not in LANGUAGES:
        raise ValueError(f"choose one of {', '.join(LANGUAGES)}")
    install_translator(headless_app(), language)


def write_report(runs: list[Run], out, png_folder=None) -> list[Path]:
    """The HTML page at ``out`` and, with ``png_folder``, every figure as its own PNG there; the paths written.
    Its words are in the language of the installed translation (the window's, or ``report --language``)."""
    figures = render_figures(runs)
    page = report_html(runs, figures, translate=tr_said, language=current_language().replace("_", "-"))
    out = Path(out)
    atomic_write(out, lambda file: file.write(page.encode("utf-8")))
    written = [out]
    if png_folder is not None:
        folder = Path(png_folder)
        folder.mkdir(parents=True, exist_ok=True)
        order = [figure_key(key, i, len(runs)) if per_run else key for key, _, per_run in FIGURES
                 for i in range(len(runs) if per_run else 1)]  # fmt: skip
        for key in order:
            if key in figures:
                atomic_write(folder / f"{key}.png", lambda file, png=figures[key]: file.write(png))
                written.append(folder / f"{key}.png")
    return written
