"""``python main.py predict MODEL IMAGE... --explain DIR``: why, as pictures and one line per image."""

import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from engine.data.judge_sets import pen_traces, render_pen_trace

MAIN = Path(__file__).resolve().parents[2] / "main.py"


def test_predict_explain_writes_an_overlay_per_image_and_says_what_it_resembles(tmp_path):
    points, labels = pen_traces()
    paths = []
    for digit in (0, 3):
        index = int(np.flatnonzero(labels == digit)[0])
        paths.append(tmp_path / f"pen{digit}.png")
        Image.fromarray(render_pen_trace(points[index])).save(paths[-1])
    result = subprocess.run([sys.executable, str(MAIN), "predict", "default", *map(str, paths), "--explain", "why"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert [line.split("\t")[1] for line in result.stdout.splitlines()] == ["0", "3"]  # stdout is unchanged
    for digit, path in zip((0, 3), paths, strict=True):
        picture = np.asarray(Image.open(tmp_path / "why" / f"pen{digit}_explained.png"))
        assert picture.ndim == 3 and picture.std() > 20, "the picture is not blank"
        (line,) = [line for line in result.stderr.splitlines() if line.startswith(f"{path}: top 3 {digit} ")]
        assert "nearest training digits" in line and f"wrote why/pen{digit}_explained.png" in line
