"""The Backprop handout: every step of the walk on one self-contained page, for every preset."""

import base64
import io
import re

import numpy as np
import pytest
from PIL import Image

from engine.data import model_inputs
from engine.handout import explanation, handout_html, panels, walk
from engine.presets import ZOO, build_preset
from engine.trace import trace_step


def pictures(page: str) -> list[np.ndarray]:
    """Every embedded picture of the page, decoded."""
    found = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    return [np.asarray(Image.open(io.BytesIO(base64.b64decode(data)))) for data in found]


@pytest.mark.parametrize("name", ZOO)  # the course's big networks: test_course_nets.py
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


def test_the_lstm_steps_through_time(digits):
    """row-lstm: after the LSTM's own step come its 28 time steps, each with x_t, the gates and c_t, h_t."""
    model = build_preset("row-lstm", seed=0).compile("adam")
    x = model_inputs(model, digits["x_test"][:1])
    trace = trace_step(model, x, digits["y_test"][:1])
    steps = walk(trace)
    lstm = next(i for i, step in enumerate(steps) if step.layer is not None and step.layer.kind == "LSTM")
    times = steps[lstm + 1 : lstm + 29]
    assert [step.direction for step in times] == ["time"] * 28 and [step.t for step in times] == list(range(28))
    assert times[0].title().strip() == "↻ lstm_1, t = 1 of 28" and steps[lstm + 29].direction != "time"
    layer = steps[lstm].layer
    for step in (times[0], times[13], times[27]):
        read, gates, memory = panels(trace, step)
        t = step.t
        assert np.array_equal(read.values, layer.x[0, t]), "x_t is the image's row t"
        i, f, g, o = gates.values.reshape(4, -1)  # (drawn as 8x8 squares)
        assert all(v.min() >= 0 and v.max() <= 1 for v in (i, f, o)) and g.min() >= -1 and g.max() <= 1
        c, h = memory.values.reshape(2, -1)
        assert np.allclose(h, o * np.tanh(c), atol=1e-6), "h_t = o · tanh(c_t)"
        assert f"t = {t + 1} of 28" in explanation(trace, step) and f"row {t + 1} of the image" in explanation(
            trace, step
        )
    assert np.allclose(memory.values.reshape(2, -1)[1], layer.y[0]), "the last step's h_t is the layer's output"
