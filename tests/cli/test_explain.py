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
        page = Image.new("L", (280, 280), 255)  # drawn small in a corner: the overlay must find it there
        page.paste(Image.fromarray(render_pen_trace(points[index])).resize((140, 140), Image.Resampling.BOX), (10, 20))
        page.save(paths[-1])
    result = subprocess.run([sys.executable, str(MAIN), "predict", "default", *map(str, paths), "--explain", "why"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert [line.split("\t")[1] for line in result.stdout.splitlines()] == ["0", "3"]  # stdout is unchanged
    for digit, path in zip((0, 3), paths, strict=True):
        picture = np.asarray(Image.open(tmp_path / "why" / f"pen{digit}_explained.png"))
        assert picture.ndim == 3 and picture.std() > 20, "the picture is not blank"
        (line,) = [line for line in result.stderr.splitlines() if line.startswith(f"{path}: top 3 {digit} ")]
        assert "nearest training digits" in line and f"wrote why/pen{digit}_explained.png" in line
        third = picture[: 28 * 8, -28 * 8 :].astype(int)  # the saliency over the picture itself
        redness = third[..., 0] - third[..., 1]
        drawn = np.asarray(Image.open(path).convert("L").resize((28 * 8, 28 * 8), Image.Resampling.BOX)) < 128
        (top, left), (bottom, right) = np.argwhere(drawn).min(0), np.argwhere(drawn).max(0)
        near = np.zeros_like(drawn)  # the digit's box and 30 px around (a 6x6 occlusion patch covers 24 px here)
        near[max(0, top - 30) : bottom + 31, max(0, left - 30) : right + 31] = True
        assert redness.max() > 100 and redness[near].sum() > 0.99 * redness.sum(), "red on the digit, not elsewhere"
