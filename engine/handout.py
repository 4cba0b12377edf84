"""The Backprop walk as steps with their pictures, and as one self-contained HTML page for a lecture.

``walk(trace)`` lists the steps (forward through every layer, the loss, back through every
layer); ``panels(trace, step)`` says what each step shows: three arrays with their captions
(input and output forward; dL/d(output) and dL/d(input), or a max-pool's winners, backward;
the weights or their gradient). The Backprop tab draws these; ``handout_html`` writes them,
with each step's explanation and the code that ran, into one page whose pictures are embedded
PNGs (no file beside it, no network), which opens in any browser and prints.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass

import numpy as np
from PIL import Image

from .lens_text import code_of, code_of_loss, explain_backward, explain_forward, explain_loss, explain_time, shape_of
from .tiling import picture, tile_position
from .trace import LayerTrace, Trace
from .words import page_text, said

PICTURE_SIDE = 168  # px: every picture is enlarged (nearest neighbour) to at least this size, pixels stay square


@dataclass(frozen=True)
class Step:
    """One entry of the walk: a layer forward or backward, or the loss (``layer`` None)."""

    direction: str  # "forward", "time" (one step of a recurrent layer), "loss" or "backward"
    layer: LayerTrace | None
    t: int | None = None  # the time step, for "time"

    def title(self) -> str:
        if self.layer is None:
            return said("loss: softmax and cross-entropy")
        indent = "    " * self.layer.depth
        if self.direction == "time":
            return said("{indent}    ↻ {layer}, t = {t} of {T}", indent=indent, layer=self.layer.name, t=self.t + 1,
                        T=self.layer.x.shape[1])
        arrow = "→" if self.direction == "forward" else "←"
        return f"{indent}{arrow} {self.layer.name} ({self.layer.kind})"


@dataclass(frozen=True)
class Panel:
    """One picture of a step: its caption and one sample's array (None: nothing to show)."""

    caption: str
    values: np.ndarray | None
    signed: bool = False  # gradients and weights: blue-white-red around zero


def walk(trace: Trace) -> list[Step]:
    """Every step in order: forward through each layer (a recurrent layer then through each of its
    time steps), the loss, back through each layer."""
    forward = []
    for s in trace.forward:
        forward.append(Step("forward", s))
        if s.time is not None:
            forward += [Step("time", s, t) for t in range(s.x.shape[1])]
    return forward + [Step("loss", None)] + [Step("backward", s) for s in trace.backward]


def main_weights(layer: LayerTrace, keys=("W", "Wx", "gamma")) -> str | None:
    """The parameter a layer's pictures show: a conv's kernels or a Dense matrix (W), an LSTM's input
    weights (Wx), a BatchNorm's scales (gamma); None for a layer without weights."""
    return next((k for k in keys if k in layer.params), None)


def panels(trace: Trace, step: Step, changes: dict | None = None) -> list[Panel]:
    """The three pictures of a step, for the first image of the batch. ``changes``: parameter name ->
    (before, after) of an applied step: a forward step then shows the weights before, after and the
    difference instead of its input, output and weights."""
    if step.layer is None:
        return [Panel(said("probabilities p"), trace.probabilities[0]),
                Panel("dL/d(logits) = (p - y) / N", trace.d_logits[0], True),
                Panel("logits", trace.logits[0], True)]  # fmt: skip
    layer = step.layer
    if step.direction == "time":
        return time_panels(layer, step.t)
    key = main_weights(layer)
    change = (changes or {}).get(f"{layer.name}.{key}")
    if step.direction == "forward" and change is not None:  # after "Apply one step": before, after, difference
        before, after = (a[:, 0] if a.ndim == 4 else a for a in change)
        shape = tuple(change[0].shape)
        return [Panel(said("{key} before the step {shape}", key=key, shape=shape), before, True),
                Panel(said("{key} after the step", key=key), after, True),
                Panel(said("{key} after - before", key=key), after - before, True)]  # fmt: skip
    if step.direction == "forward":
        first, second = (
            Panel(said("input {shape}", shape=shape_of(layer.x)), layer.x[0]),
            Panel(said("output {shape}", shape=shape_of(layer.y)), layer.y[0]),
        )
    else:
        first = Panel(said("dL/d(output) {shape}", shape=shape_of(layer.dy)), layer.dy[0], True)
        if layer.winners is not None:
            second = Panel(said("the windows' winners {shape}: where the gradient goes", shape=shape_of(layer.winners)),
                           layer.winners[0])
        else:
            gradient = None if layer.dx is None else layer.dx[0]
            second = Panel(said("dL/d(input) {shape}", shape=shape_of(layer.dx)), gradient, True)
    return [first, second, weights_panel(layer, gradient=step.direction == "backward")]


def time_panels(layer: LayerTrace, t: int) -> list[Panel]:
    """One time step of a recurrent layer: what it read, what it decided, what it now holds."""
    states, hidden = layer.time, layer.layer.hidden_size
    side = int(round(hidden**0.5))
    square = side * side == hidden  # 64 units as 8x8 squares: a (4, 64) strip drawn 1:1 is a sliver

    def maps(rows: np.ndarray) -> np.ndarray:
        return rows.reshape(len(rows), side, side) if square else rows

    layout = said("as {side}x{side} squares", side=side) if square else said("{count} units", count=hidden)
    read = Panel(f"x_t, t = {t + 1} ({layer.x.shape[2]},)", layer.x[0, t])
    if "gates" in states:
        gates = Panel(said("gates i, f / g, o at t, {layout}", layout=layout), maps(states["gates"][0, t]), True)
        memory_maps = maps(np.stack([states["c"][0, t], states["h"][0, t]]))
        memory = Panel(said("c_t, h_t, {layout}", layout=layout), memory_maps, True)
        return [read, gates, memory]
    before = states["h"][0, t - 1] if t > 0 else np.zeros(hidden, np.float32)
    return [read, Panel(f"h_(t-1) ({hidden},)", before, True), Panel(f"h_t ({hidden},)", states["h"][0, t], True)]


def weights_panel(layer: LayerTrace, gradient: bool) -> Panel:
    """A layer's main weights (a conv's kernels, a Dense matrix) or their gradient."""
    key = main_weights(layer)
    if key is None:
        return Panel(said("no weights"), None)
    values = layer.grads.get(key) if gradient else layer.params[key]
    if values is None:
        return Panel(said("d{key}: none", key=key), None)
    if values.ndim == 4:  # (C_out, C_in, kH, kW): the first input channel's kernels
        values = values[:, 0]
    shape = tuple(layer.params[key].shape)
    if gradient:
        return Panel(said("d{key}, the gradient of {key} {shape}", key=key, shape=shape), values, True)
    return Panel(said("{key}, the weights {shape}", key=key, shape=shape), values, True)


def weight_at(layer: LayerTrace, row: int, column: int) -> tuple[str, tuple[int, ...]] | None:
    """The weight drawn at pixel (row, column) of ``weights_panel``'s picture: (parameter key, index),
    or None for a gap or a layer whose weights are drawn as bars."""
    key = main_weights(layer, keys=("W", "Wx"))  # (gamma is drawn as bars: nothing to click)
    if key is None:
        return None
    weights = layer.params[key]
    if weights.ndim == 4:  # the kernels of the first input channel, tiled as ``picture`` tiles them
        count, kh, kw = weights.shape[0], weights.shape[2], weights.shape[3]
        hit = tile_position(row, column, (kh, kw), count, int(np.ceil(np.sqrt(count))))
        return None if hit is None else (key, (hit[0], 0, hit[1], hit[2]))
    if weights.ndim == 2 and 0 <= row < weights.shape[0] and 0 <= column < weights.shape[1]:
        return key, (row, column)
    return None


def explanation(trace: Trace, step: Step) -> str:
    if step.layer is None:
        return explain_loss(trace)
    if step.direction == "time":
        return explain_time(step.layer, step.t)
    return explain_forward(step.layer) if step.direction == "forward" else explain_backward(step.layer)


def code(trace_loss, step: Step) -> tuple[list[str], int | None, str]:
    """The code that ran in this step (the loss object for the loss step), its marked line, and what it does."""
    if step.layer is None:
        return code_of_loss(trace_loss)
    return code_of(step.layer, "backward" if step.direction == "backward" else "forward")


# ----------------------------------------------------------------------------- the page
def png_data_url(rgb: np.ndarray) -> str:
    """(H, W, 3) uint8 -> a ``data:image/png;base64,...`` URL, enlarged to about PICTURE_SIDE px."""
    height, width = rgb.shape[:2]
    scale = max(1, -(-PICTURE_SIDE // max(height, width)))  # rounded up: a 3x3 grid of 28x28 maps becomes 172 px
    image = Image.fromarray(np.ascontiguousarray(rgb)).resize((width * scale, height * scale), Image.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _bars(values: np.ndarray) -> str:
    """A vector as inline SVG bars (blue negative, red positive) with its numbers underneath."""
    values = np.asarray(values, dtype=np.float64).ravel()[:64]
    largest = float(np.abs(values).max()) or 1.0
    width, height, bar = 8 * len(values) + 4, 80, 6
    middle = height / 2 if values.min() < 0 else height - 2
    rects = []
    for i, v in enumerate(values):
        length = abs(v) / largest * (middle - 2)
        top = middle - length if v >= 0 else middle
        colour = "#b2182b" if v >= 0 else "#2166ac"
        rects.append(f'<rect x="{2 + 8 * i}" y="{top:.1f}" width="{bar}" height="{max(length, 0.5):.1f}" '
                     f'fill="{colour}"><title>{i}: {v:.4g}</title></rect>')  # fmt: skip
    numbers = " ".join(f"{v:.3g}" for v in values[:16]) + (" ..." if len(values) > 16 else "")
    return (f'<svg width="{width}" height="{height}" role="img">{"".join(rects)}</svg>'
            f'<div class="numbers">{html.escape(numbers)}</div>')  # fmt: skip


def panel_html(panel: Panel, translate=str) -> str:
    words = translate(panel.caption)
    caption = f"<figcaption>{html.escape(words)}</figcaption>"
    if panel.values is None:
        return f"<figure>{caption}<p>-</p></figure>"
    rgb = picture(panel.values, panel.signed)
    body = _bars(panel.values) if rgb is None else f'<img src="{png_data_url(rgb)}" alt="{html.escape(words)}">'
    return f"<figure>{caption}{body}</figure>"


def code_html(lines: list[str], index: int | None, note: str, translate=str) -> str:
    rows = [f'<span class="key">{html.escape(line)}</span>' if i == index else html.escape(line)
            for i, line in enumerate(lines)]  # fmt: skip
    marked = f"<p class='note'>{html.escape(translate(said('Marked: {note}', note=note)))}</p>" if note else ""
    summary = html.escape(translate(said("The code that ran")))
    return f"<details><summary>{summary}</summary>{marked}<pre>{chr(10).join(rows)}</pre></details>"


STYLE = """
body { font-family: sans-serif; max-width: 1100px; margin: 2em auto; color: #222; }
section { border-top: 1px solid #ccc; padding: 0.6em 0; page-break-inside: avoid; }
h2 { font-size: 1.1em; margin: 0.3em 0; } h2 .n { color: #888; font-weight: normal; }
.row { display: flex; gap: 1.2em; flex-wrap: wrap; align-items: flex-start; }
figure { margin: 0; } figcaption { font-size: 0.85em; color: #555; max-width: 260px; }
img { image-rendering: pixelated; border: 1px solid #ddd; }
pre { background: #f6f6f6; padding: 0.5em; font-size: 0.8em; overflow-x: auto; }
.key { background: #ffeca0; display: inline-block; width: 100%; }
.numbers { font-family: monospace; font-size: 0.75em; color: #555; max-width: 520px; }
table.norms td { padding: 0 0.6em 0 0; font-size: 0.85em; }
"""


def handout_html(trace: Trace, loss, title: str, image: np.ndarray, label_name: str, class_names=None,
                 translate=str, language: str = "en") -> str:
    """The whole walk of ``trace`` (one image) as one HTML page. ``loss``: the model's loss object (its
    code is shown); ``image``: the input as the model saw it, (C, H, W); ``label_name``: the true class.
    ``translate``: each of the page's texts in the page's ``language`` (as ``engine.report.report_html``)."""
    names = list(class_names or range(trace.classes))
    best = int(np.argmax(trace.probabilities[0]))
    say = page_text(translate)  # every text of the page goes through it
    bold = lambda name: f"<b>{html.escape(str(name))}</b>"  # noqa: E731  (the classes in bold, escaped here)
    answer = translate(said("True class: {label}. The model says {answer} ({confidence:.1%}). Loss {loss:.4g}; a "
                            "fresh model starts near ln({classes}) = {chance:.2f}.", label=bold(label_name),
                            answer=bold(names[best]), confidence=trace.probabilities[0, best], loss=trace.loss,
                            classes=trace.classes, chance=trace.chance_loss))  # fmt: skip
    below = say(said("Below: every layer forward, the loss, and every layer back, each with its pictures, what it "
                     "computes and the code that ran."))  # fmt: skip
    picture_panel = panel_html(Panel(said("the image (normalised)"), image), translate)
    head = f"<h1>{html.escape(title)}</h1><div class='row'>{picture_panel}<p>{answer}<br>{below}</p></div>"
    norms = "".join(f"<tr><td>{html.escape(name)}</td><td>{norm:.3g}</td>"
                    f"<td><svg width='{8 + 40 * max(0.0, 8 + np.log10(max(norm, 1e-8))):.0f}' height='10'>"
                    f"<rect width='100%' height='10' fill='#4477aa'/></svg></td></tr>"
                    for name, norm in trace.gradient_norms())  # fmt: skip
    sections = []
    for number, step in enumerate(walk(trace), start=1):
        figures = "".join(panel_html(p, translate) for p in panels(trace, step))
        sections.append(
            f"<section><h2><span class='n'>{number}.</span> {say(step.title()).strip()}</h2>"
            f"<p>{say(explanation(trace, step))}</p><div class='row'>{figures}</div>"
            f"{code_html(*code(loss, step), translate)}</section>"
        )
    heading = say(said("Gradient norms per layer (bars: log scale)"))
    gradient_table = f"<section><h2>{heading}</h2><table class='norms'>{norms}</table></section>"
    return (f"<!DOCTYPE html><html lang='{language}'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{STYLE}</style></head><body>{head}{''.join(sections)}{gradient_table}</body></html>")  # fmt: skip
