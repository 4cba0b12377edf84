"""The Backprop lens's words: every step explained with its own numbers, beside its real code."""

import inspect

import numpy as np
import pytest

from engine import layers
from engine.layers import GRU, Conv2D, Dense, Flatten, MaxPool2D, ReLU, Reshape
from engine.lens_text import KEY_LINES, code_of, explain_backward, explain_forward, explain_loss
from engine.model import Sequential
from engine.presets import PRESETS, build_preset
from engine.trace import trace_step


def test_every_marked_line_is_still_in_its_layer_s_code():
    for (owner, which), (piece, note) in KEY_LINES.items():
        cls = getattr(layers, owner, None) or getattr(layers.normalization, owner)
        parts = (which, *getattr(cls, "code_parts", {}).get(which, ()))  # what the lens shows
        source = "".join(inspect.getsource(getattr(cls, part)) for part in parts)
        assert piece in source, f"{owner}.{which} no longer has {piece!r}"
        assert note


def test_a_convolution_s_output_size_is_worked_out_with_its_numbers():
    model = Sequential([Conv2D(1, 4, 5, stride=2, padding=1), ReLU(), MaxPool2D(2), Flatten()], input_shape=(1, 28, 28))
    model.compile("adam", loss="mse")
    x = np.random.default_rng(0).standard_normal((1, 1, 28, 28)).astype(np.float32)
    trace = trace_step(model, x, np.zeros((1, 4 * 6 * 6), np.float32))
    text = explain_forward(trace.layer("conv2d_1"))
    assert "(1, 1, 28, 28) -> (1, 4, 13, 13)" in text and "floor((28 + 1 + 1 - 5) / 2) + 1 = 13" in text
    assert "floor((13 + 0 + 0 - 2) / 2) + 1 = 6" in explain_forward(trace.layer("maxpool2d_1"))
    relu = trace.layer("relu_1")
    assert f"{100 * np.mean(relu.y == 0):.0f} % of the outputs are 0" in explain_forward(relu)
    lines, index, note = code_of(trace.layer("conv2d_1"), "forward")
    assert lines[0].strip().startswith("def forward") and "@ cols" in lines[index] and note


# The course's three big nets are made of the same kinds of layer as the others, at 10 to 100 times the cost.
@pytest.mark.parametrize("name", [n for n in PRESETS if n not in ("tf2-alexnet8", "tf2-vgg16", "tf2-resnet18")])
def test_every_step_of_every_preset_has_words_and_code(name, digits):
    x = digits["x_train"][:2, None].astype(np.float32) / 255
    trace = trace_step(build_preset(name, seed=0).compile("adam"), x, digits["y_train"][:2])
    for step in trace.forward:
        assert explain_forward(step).startswith("(2, ") and "|dL/dx| = " in explain_backward(step), step.name
        for which in ("forward", "backward"):
            lines, index, _ = code_of(step, which)
            assert lines and "def " in lines[0], (step.name, which)
            assert index is None or 0 <= index < len(lines)
    assert "ln(10) = 2.30" in explain_loss(trace)
    with pytest.raises(ValueError, match="forward"):
        code_of(trace.forward[0], "sideways")


def test_an_lstm_shows_its_loop_over_time_with_the_cell_state_marked():
    model = build_preset("row-lstm", seed=0).compile()
    step = trace_step(model, np.zeros((2, 1, 28, 28), np.float32), np.array([1, 2])).forward[1]
    for which, piece, loop in (("forward", "np.multiply(f, cs[t], out=cs[t + 1])", "for t in range(T):"),
                               ("backward", "dc += dh * through_cell[t]", "for t in reversed(range(T)):")):  # fmt: skip
        lines, index, note = code_of(step, which)
        assert piece in lines[index] and note and any(loop in line for line in lines)


def test_a_convolution_marks_the_weight_gradient_in_the_code_that_ran():
    model = build_preset("mini-resnet", seed=0).compile()
    trace = trace_step(model, np.zeros((2, 1, 28, 28), np.float32), np.array([1, 2]))
    for name, path in (("residualblock_1.conv2", "same"), ("residualblock_2.conv1", "patches")):  # 16->16; stride 2
        lines, index, _ = code_of(trace.layer(name), "backward")
        helper = next(i for i, line in enumerate(lines) if "def _backward_same" in line)
        assert 'self.grads["W"] =' in lines[index] and (index > helper) == (path == "same"), name


def test_a_gru_has_its_own_words_and_key_lines():
    model = Sequential([Reshape((28, 28)), GRU(28, 8), Dense(8, 10)], input_shape=(1, 28, 28), seed=0).compile()
    step = trace_step(model, np.zeros((2, 1, 28, 28), np.float32), np.array([1, 2])).forward[1]
    assert "update gate z" in explain_forward(step) and "Backpropagation through time" in explain_backward(step)
    for which, piece in (("forward", "hs[:, t + 1] = z * hs[:, t]"), ("backward", "dh_next = dh * z")):
        lines, index, _ = code_of(step, which)
        assert piece in lines[index]
