"""The Backprop handout: every step of the walk on one self-contained page, for every preset."""

import base64
import io
import re

import numpy as np
import pytest
from PIL import Image

from engine.data import model_inputs
from engine.handout import handout_html, walk
from engine.presets import PRESETS, build_preset
from engine.trace import trace_step


def pictures(page: str) -> list[np.ndarray]:
    """Every embedded picture of the page, decoded."""
    found = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    return [np.asarray(Image.open(io.BytesIO(base64.b64decode(data)))) for data in found]


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_step_of_every_preset_is_on_the_page(name, digits):
    model = build_preset(name, seed=0).compile("adam")
    x = model_inputs(model, digits["x_test"][:1])
    trace = trace_step(model, x, digits["y_test"][:1])
    page = handout_html(trace, model.loss, f"{name} on test digit 0", x[0], str(digits["y_test"][0]))
    steps = walk(trace)
    assert page.startswith("<!DOCTYPE html>") and page.count("<section>") == len(steps) + 1  # and the norms
    for number, step in enumerate(steps, start=1):
        assert f"<span class='n'>{number}.</span> {step.title().strip()}" in page
    assert "http" not in page and 'src="file' not in page, "self-contained: nothing to fetch"
    images = pictures(page)
    bars = page.count('<svg width="')  # vectors are drawn as bars
    assert len(images) + bars >= 2 * len(steps), "pictures or bars for (at least) two of each step's three panels"
    assert all(image.ndim == 3 and min(image.shape[:2]) >= 2 for image in images)
    blank = sum(1 for image in images if image.std() == 0)
    assert images[0].std() > 0, "the digit itself"
    assert blank <= len(images) // 10, f"{blank} of {len(images)} pictures are one colour"
    assert "ln(10) = 2.30" in page and "def backward" in page and 'class="key"' in page
