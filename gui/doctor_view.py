"""The training doctor's hints in the window: a short list under the curves, newest last.

Each hint (``engine.doctor.Hint``) also gets a mark on the curves at its step, so the
student sees where the problem showed; the list says what was seen and what to do.
"""

from __future__ import annotations

import html

from pyqtgraph.Qt import QtCore, QtWidgets

from engine.doctor import Hint

from .fit import after_this_event
from .i18n import tr, tr_said, translatable

HEADING = translatable("Training doctor")
MAX_HEIGHT = 90  # px: about four lines; more hints scroll inside, so the plots keep their room at 800x600


class DoctorPanel(QtWidgets.QScrollArea):
    """What the doctor said of the current run (the label ``doctorHints``); hidden while it has said nothing."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("doctorPanel")
        self.label = QtWidgets.QLabel()
        self.label.setObjectName("doctorHints")
        self.label.setWordWrap(True)
        self.label.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.label.setAlignment(QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignTop)
        self.label.setToolTip(
            tr(
                "Plain-language hints from what the run shows: dead ReLUs, vanishing or exploding gradients, a "
                "learning rate too high or too low, overfitting, a first loss far from ln(K). Each says once per run "
                "what it saw, with its number, and what to try; a mark on the curves shows the step."
            )
        )
        self.setWidget(self.label)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMaximumHeight(MAX_HEIGHT)
        self.setStyleSheet("QScrollArea, QLabel { background: #fff6e0; } QScrollArea { border: 1px solid #e0c080; }")
        self.hints: list[Hint] = []
        self.to_newest = after_this_event(self, self._scroll_to_newest)
        self.hide()

    def _scroll_to_newest(self) -> None:
        self.verticalScrollBar().setValue(self.verticalScrollBar().maximum())

    def add(self, hint: Hint) -> None:
        self.hints.append(hint)
        items = "".join(
            "<br>• " + tr("step {step}: {finding}; <i>{advice}</i>").format(
                step=h.step, finding=html.escape(tr_said(h.finding)), advice=html.escape(tr_said(h.advice)))
            for h in self.hints
        )
        self.label.setText(f"<b>{tr(HEADING)}</b>" + items)
        self.show()
        # The newest in sight, once the label has its new height (after this event).
        self.to_newest.start()

    def clear(self) -> None:
        self.hints = []
        self.label.setText("")
        self.hide()
