"""Before Qt starts: is there a screen, and does Qt's X11 plugin find its system libraries?

Without them Qt aborts the whole process with "Could not load the Qt platform plugin xcb" and a
list of plugins, which says nothing about what to install. On a bare Linux install the pip
wheel's ``libqxcb.so`` lacks a few ``libxcb-*`` packages; ``ldd`` names them, and Debian's
naming rule turns each library into its package, so the app can print the one line that fixes it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from pyqtgraph.Qt import QtCore

# What Qt 5.15's X11 plugin needs beyond a desktop's usual libraries (Qt's "X11 Requirements" page).
XCB_PACKAGES = ("libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 "
                "libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0")  # fmt: skip


def debian_package(soname: str) -> str:
    """``libxcb-icccm.so.4`` -> ``libxcb-icccm4``; a name that ends in a digit gets a dash
    (``libxkbcommon-x11.so.0`` -> ``libxkbcommon-x11-0``), as Debian's library packaging policy says."""
    match = re.fullmatch(r"(lib.+)\.so\.(\d+)(?:\..*)?", soname)
    if match is None:
        return soname
    name, version = match.groups()
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def missing_libraries(ldd_output: str) -> list[str]:
    """The libraries ``ldd`` reports as ``not found``, each once, in order."""
    found = re.findall(r"^\s*(\S+) => not found", ldd_output, flags=re.MULTILINE)
    return list(dict.fromkeys(found))


def xcb_plugin() -> Path | None:
    info = QtCore.QLibraryInfo
    # Qt 6 renamed location(PluginsPath) to path(LibraryPath.PluginsPath).
    folder = info.path(info.LibraryPath.PluginsPath) if hasattr(info, "path") else info.location(info.PluginsPath)
    path = Path(folder) / "platforms" / "libqxcb.so"
    return path if path.exists() else None


def startup_problem(environ=os.environ) -> str | None:
    """One line saying why the window cannot open here, or None when it can (or we cannot tell)."""
    platform = environ.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux") or platform not in ("", "xcb"):
        return None  # another system, or a platform the user chose (offscreen, wayland, vnc)
    if not environ.get("DISPLAY") and not environ.get("WAYLAND_DISPLAY"):
        return (
            "no display to open the window on (DISPLAY is not set): run it in a desktop session, "
            "use the command line (python main.py -h), or set QT_QPA_PLATFORM=offscreen to run it unseen"
        )
    plugin, ldd = xcb_plugin(), shutil.which("ldd")
    if plugin is None or ldd is None or not environ.get("DISPLAY"):
        return None
    result = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=30, check=False)
    missing = missing_libraries(result.stdout)
    if not missing:
        return None
    packages = " ".join(dict.fromkeys(debian_package(name) for name in missing))
    return (f"Qt's X11 plugin needs system libraries that are missing: {', '.join(missing)}. "
            f"On Debian or Ubuntu: sudo apt-get install -y {packages} (README: Troubleshooting)")  # fmt: skip
