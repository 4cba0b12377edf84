"""Render the pictures in docs/ that do not need the GUI: python tools/render_docs.py"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.data import HANDWRITING, Augmenter, load_embedded, preview_grid  # noqa: E402


def augmentation_preview(path: Path) -> None:
    """Four digits, each followed by nine HANDWRITING variants, at 3x with nearest-neighbour pixels."""
    digits = load_embedded()
    rows = [preview_grid(digits.x_train[i], Augmenter(HANDWRITING), rows=1, cols=10, seed=i) for i in range(4)]
    grid = np.concatenate([np.pad(r, ((0, 2), (0, 0)), constant_values=0.5) for r in rows])[:-2]
    image = Image.fromarray((grid * 255).astype(np.uint8))
    image.resize((grid.shape[1] * 3, grid.shape[0] * 3), Image.NEAREST).save(path)
    print(f"wrote {path}")


if __name__ == "__main__":
    augmentation_preview(ROOT / "docs" / "augmentation.png")
