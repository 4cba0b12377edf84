"""Where the window cannot open, ``python main.py`` says why and what to install, instead of Qt's abort."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gui.platform_check import debian_package, missing_libraries, startup_problem

MAIN = Path(__file__).resolve().parents[2] / "main.py"

# What ldd printed for PyQt5 5.15's libqxcb.so on a bare Debian 12 (cut short).
LDD = """\
\tlinux-vdso.so.1 (0x00007ffd0b5f6000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-image.so.0 => /lib/x86_64-linux-gnu/libxcb-image.so.0 (0x00007f0ab440e000)
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-xinerama.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxkbcommon-x11.so.0 => not found
"""


def test_the_missing_libraries_are_read_from_ldd_and_named_as_debian_packages():
    missing = missing_libraries(LDD)
    assert missing == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-xinerama.so.0", "libxkbcommon-x11.so.0"]
    assert [debian_package(m) for m in missing] == ["libxcb-icccm4", "libxcb-keysyms1", "libxcb-xinerama0",
                                                    "libxkbcommon-x11-0"]  # fmt: skip
    assert missing_libraries("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n") == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is for Linux's X11 plugin")
def test_no_display_gives_one_clear_line_and_exit_1_not_a_qt_abort():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, str(MAIN)], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("error: no display to open the window on") and result.stderr.count("\n") == 1
    assert startup_problem({"QT_QPA_PLATFORM": "offscreen"}) is None, "a platform the user chose is left to Qt"
