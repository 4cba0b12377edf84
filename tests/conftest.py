"""Shared test set-up: no display needed, small real-digit fixtures."""

import os
import tempfile
from pathlib import Path

# Must be set before anything imports Qt: tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The app's own binding (requirements.txt), unless a run asks for another: .ci/run runs tests/gui again
# under PyQt6 and PySide6 (pyqtgraph would otherwise take the first it finds, PyQt6 before PyQt5).
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PyQt5")
# ... and pytest-qt the same one (it would take PySide6 first): two Qt libraries in one process abort it.
os.environ["PYTEST_QT_API"] = os.environ["PYQTGRAPH_QT_LIB"].lower()
# QSettings (window layout, recent files) go to a throwaway folder, not the user's config.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="cnn-studio-test-config-")
# ... and My digits (the user's kept drawings) to a throwaway data folder.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="cnn-studio-test-data-")
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="cnn-studio-test-runtime-"))

import numpy as np  # noqa: E402
import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EMBEDDED_DIGITS = ROOT / "resources" / "mnist_embedded.npz"


@pytest.fixture(scope="session")
def digits():
    """The embedded real MNIST digits as uint8 arrays (x: (N, 28, 28), y: (N,))."""
    with np.load(EMBEDDED_DIGITS, allow_pickle=False) as archive:
        return {key: archive[key] for key in archive.files}


@pytest.fixture
def rng():
    return np.random.default_rng(1234)
