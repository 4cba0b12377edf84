"""Start the desktop app: ``python main.py`` (no command)."""

from __future__ import annotations

import sys

import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtWidgets

from .i18n import chosen_language, install_translator
from .main_window import MainWindow
from .platform_check import startup_problem


def configure(app: QtWidgets.QApplication) -> QtWidgets.QApplication:
    """The app's look and threading, for the app itself and for benchmarks that measure it."""
    app.setApplicationName("CNN Studio")
    app.setOrganizationName("CNN Studio")
    pg.setConfigOptions(antialias=True)
    # The training thread holds the GIL between numpy calls; a 1 ms switch interval (the
    # default is 5 ms) lets the GUI thread get it back sooner, so the window stays smooth.
    sys.setswitchinterval(0.001)
    return app


def run_app(argv=None) -> int:
    problem = None if QtWidgets.QApplication.instance() else startup_problem()
    if problem:  # Qt would abort the process with a message that names no fix
        print(f"error: {problem}", file=sys.stderr)
        return 1
    app = configure(QtWidgets.QApplication.instance() or QtWidgets.QApplication(list(argv or sys.argv)))
    settings = QtCore.QSettings("CNN Studio", "CNN Studio")
    install_translator(app, chosen_language(settings.value("language", None)))  # before any text is made
    window = MainWindow()
    window.show()
    return app.exec_() if hasattr(app, "exec_") else app.exec()
