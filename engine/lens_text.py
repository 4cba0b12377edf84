"""The words beside each step of the Backprop lens: what a layer computes, with its numbers, and
the code that ran (read from ``engine/layers`` itself with ``inspect``, so it is always the real code).

    explain_forward(step)    # "Conv2D: 8 kernels of 1x3x3 ... H_out = floor((28 + 1 + 1 - 3) / 1) + 1 = 28"
    explain_backward(step)   # "dW = dY · cols^T ...", with the gradient's size
    code_of(step, "forward") # (source lines, index of the line that matters, what it does)
"""

from __future__ import annotations

import inspect
import math

import numpy as np

from .trace import LayerTrace, Trace
from .words import Said, said


def _size_formula(size: int, kernel: int, stride: int, before: int, after: int) -> str:
    out = (size + before + after - kernel) // stride + 1
    return f"floor(({size} + {before} + {after} - {kernel}) / {stride}) + 1 = {out}"


def _zeros(y: np.ndarray) -> Said:
    return said("{share:.0f} % of the outputs are 0", share=100 * float(np.mean(y == 0)))


def explain_forward(step: LayerTrace) -> Said:
    """What the layer does, in plain words, with this batch's shapes and sizes filled in."""
    layer, kind = step.layer, step.kind
    shapes = f"{shape_of(step.x)} -> {shape_of(step.y)}"
    if kind == "Conv2D":
        kH, kW = layer.kernel_size
        top, bottom, left, right = layer.pads
        return said("{shapes}. {count} kernels of {size} slide over the input, stride {stride}; each output pixel is "
                    "the sum of one kernel times the patch under it, plus the kernel's bias. H_out = {height}, "
                    "W_out = {width}.", shapes=shapes, count=layer.out_channels,
                    size=f"{layer.in_channels}x{kH}x{kW}", stride=layer.stride,
                    height=_size_formula(step.x.shape[2], kH, layer.stride, top, bottom),
                    width=_size_formula(step.x.shape[3], kW, layer.stride, left, right))  # fmt: skip
    if kind in ("MaxPool2D", "AvgPool2D"):
        kH, kW = layer.kernel_size
        values = {"shapes": shapes, "size": f"{kH}x{kW}", "stride": layer.stride,
                  "height": _size_formula(step.x.shape[2], kH, layer.stride, 0, 0)}  # fmt: skip
        if kind == "MaxPool2D":
            return said("{shapes}. Each output is the largest value of a {size} window, stride {stride}, in each "
                        "channel on its own. H_out = {height}.", **values)  # fmt: skip
        return said("{shapes}. Each output is the mean of a {size} window, stride {stride}, in each channel on its "
                    "own. H_out = {height}.", **values)  # fmt: skip
    if kind == "GlobalAvgPool2D":
        return said("{shapes}. Each channel's {size} map becomes its mean: one number.", shapes=shapes,
                    size=f"{step.x.shape[2]}x{step.x.shape[3]}")
    if kind == "Dense":
        return said("{shapes}. y = x · W + b: each of the {outputs} outputs is a weighted sum of all {inputs} inputs "
                    "plus a bias (W is {size}).", shapes=shapes, outputs=step.y.shape[1], inputs=step.x.shape[1],
                    size=f"{step.params['W'].shape[0]}x{step.params['W'].shape[1]}")
    if kind == "Flatten":
        return said("{shapes}. The {size} numbers of each image laid out in one row of {count}; no arithmetic.",
                    shapes=shapes, size="x".join(map(str, step.x.shape[1:])), count=math.prod(step.x.shape[1:]))
    if kind == "Reshape":
        return said("{shapes}. The same numbers in another shape; no arithmetic.", shapes=shapes)
    if kind == "ReLU":
        return said("{shapes}. max(0, x) for every number: negatives become 0. Here {zeros}.", shapes=shapes,
                    zeros=_zeros(step.y))
    if kind == "LeakyReLU":
        return said("{shapes}. x where x > 0, else {slope} x: negatives shrink but stay alive.", shapes=shapes,
                    slope=layer.negative_slope)
    if kind == "ELU":
        return said("{shapes}. x where x > 0, else alpha (e^x - 1), with alpha = {alpha}.", shapes=shapes,
                    alpha=layer.alpha)
    if kind == "Sigmoid":
        return said("{shapes}. 1 / (1 + e^-x): every number squashed into (0, 1).", shapes=shapes)
    if kind == "Tanh":
        return said("{shapes}. tanh(x): every number squashed into (-1, 1).", shapes=shapes)
    if kind == "Embedding":
        return said("{shapes}. Each token number picks its row of W: a learned vector of {size} numbers.",
                    shapes=shapes, size=layer.embedding_dim)
    if kind == "Swish":
        return said("{shapes}. x · sigmoid(x): like ReLU for large x, smooth near 0, slightly negative below it.",
                    shapes=shapes)
    if kind == "Softmax":
        return said("{shapes}. e^x / sum(e^x) per row: positive numbers that add up to 1.", shapes=shapes)
    if kind == "Dropout":
        return said("{shapes}. Off here, as in a prediction (in training it zeroes {share:.0%} of the numbers).",
                    shapes=shapes, share=layer.p)
    if kind in ("BatchNorm1D", "BatchNorm2D"):
        return said("{shapes}. (x - mean) / sqrt(var + {eps:g}) · gamma + beta for each of the {count} channels, "
                    "with the running mean and variance a prediction uses.", shapes=shapes, eps=layer.eps,
                    count=layer.num_features)
    if kind in ("LSTM", "SimpleRNN", "GRU"):
        T = step.x.shape[1]
        values = {"shapes": shapes, "steps": T, "features": step.x.shape[2], "size": layer.hidden_size}
        if kind == "GRU":
            return said("{shapes}. Reads {steps} time steps of {features} features, one after another, carrying a "
                        "hidden state of {size} numbers from step to step. An update gate z keeps part of the old "
                        "state; a reset gate r says how much of it the candidate sees.", **values)  # fmt: skip
        return said("{shapes}. Reads {steps} time steps of {features} features, one after another, carrying a hidden "
                    "state of {size} numbers from step to step.", **values)  # fmt: skip
    return said("{shapes}. {what}.", shapes=shapes, what=layer.describe())


def explain_time(step: LayerTrace, t: int) -> Said:
    """One time step of a recurrent layer (``step.time``), with its numbers."""
    states, T = step.time, step.x.shape[1]
    h = states["h"][0, t]
    if "gates" in states:
        i, f, g, o = states["gates"][0, t]
        return said("t = {t} of {T}: the LSTM reads x_t (in row-lstm: row {t} of the image) and h_(t-1). "
                    "z = x_t · Wx + h_(t-1) · Wh + b, split in four gates. The forget gate f keeps on average {f:.0%} "
                    "of the cell state c_(t-1); the input gate i lets in {i:.0%} of the new candidate g; "
                    "c_t = f · c_(t-1) + i · g; the output gate o ({o:.0%} open) gives h_t = o · tanh(c_t), "
                    "|h_t| = {norm:.3g}.", t=t + 1,
                    T=T, f=f.mean(), i=i.mean(), o=o.mean(), norm=_norm(h))  # fmt: skip
    return said("t = {t} of {T}: h_t = tanh(x_t · Wx + h_(t-1) · Wh + b): the new state mixes this step's input with "
                "the last state; |h_t| = {norm:.3g}.", t=t + 1, T=T, norm=_norm(h))  # fmt: skip


def explain_backward(step: LayerTrace) -> Said:
    """How the gradient goes back through the layer, with its size."""
    kind = step.kind
    size = f"|dL/dy| = {_norm(step.dy):.3g}, |dL/dx| = {_norm(step.dx):.3g}"  # numbers only: no words
    if kind == "Conv2D":
        what = said("dW = dY · cols^T: each kernel's gradient is every patch weighted by the gradient at its output "
                    "pixel, summed; db = the sum of dY per channel; dX = col2im(W^T · dY): each pixel collects the "
                    "kernel weights of every window it was in.")  # fmt: skip
    elif kind == "MaxPool2D":
        what = said("The gradient goes only to the input that won its window; the others get 0.")
    elif kind == "AvgPool2D":
        what = said("Each output's gradient is shared equally by the inputs of its window.")
    elif kind == "GlobalAvgPool2D":
        what = said("Each channel's gradient is spread evenly over its whole map (divided by H·W).")
    elif kind == "Dense":
        what = said("dW = x^T · dY, db = the sum of dY over the batch, dX = dY · W^T.")
    elif kind in ("Flatten", "Reshape"):
        what = said("The gradient is reshaped back; nothing else.")
    elif kind in ("ReLU", "LeakyReLU", "ELU"):
        what = said("dL/dx = dL/dy where the input was positive; where it was not, 0 (ReLU) or a scaled-down share.")
    elif kind == "Sigmoid":
        what = said("dL/dx = dL/dy · y (1 - y): at most a quarter of the gradient gets through.")
    elif kind == "Tanh":
        what = said("dL/dx = dL/dy · (1 - y^2).")
    elif kind == "Embedding":
        what = said("dW[i] = the sum of dL/dy over every place token i was read; a token number has no gradient.")
    elif kind == "Swish":
        what = said("dL/dx = dL/dy · (s + x s (1 - s)), s = sigmoid(x): the gradient never stops dead, as ReLU's "
                    "does.")
    elif kind in ("BatchNorm1D", "BatchNorm2D"):
        what = said("With fixed statistics: dgamma = sum(dY · x_hat), dbeta = sum(dY), dX = dY · gamma / "
                    "sqrt(var + eps).")
    elif kind in ("LSTM", "SimpleRNN", "GRU"):
        what = said("Backpropagation through time: the loop runs from the last step back to the first, carrying the "
                    "hidden state's gradient (and an LSTM's cell state's, through the forget gate) to the step before; "
                    "dL/d(input) has one row per time step, and dWx, dWh add up every step's share.")  # fmt: skip
    elif kind == "Dropout":
        what = said("The gradient passes where the number was kept (here: everywhere, dropout is off).")
    else:
        what = said("The block's children, in reverse order; where paths met, their gradients add up.")
    return said("{what} {size}.", what=what, size=size)


def explain_loss(trace: Trace) -> Said:
    """The loss step: softmax, cross-entropy and p - y, with a fresh model's ln(K) beside the loss."""
    return said("softmax turns the {classes} logits into probabilities; the loss is -ln(p of the true class), "
                "averaged over the batch: {loss:.4g}. A fresh model should start near ln({classes}) = {chance:.2f}. "
                "Backward, dL/d(logits) = (p - y) / N: the probabilities minus the one-hot label.",
                classes=trace.classes, loss=trace.loss + 0.0, chance=trace.chance_loss)  # fmt: skip


def shape_of(a: np.ndarray | None) -> str:
    """``(1, 8, 28, 28)``; ``None`` for a missing array."""
    return "None" if a is None else "(" + ", ".join(str(n) for n in a.shape) + ")"


def _norm(a: np.ndarray | None) -> float:
    return 0.0 if a is None else float(np.sqrt(np.vdot(a, a)))


# The line of each layer's code that matters, found by a piece of its text, and what it does.
# tests/engine/test_lens_text.py checks every piece is still in the code.
KEY_LINES = {
    ("Conv2D", "forward"): (
        "@ cols", said("all output pixels at once: the kernels as rows times the patches as columns")
    ),
    ("Conv2D", "backward"): ('self.grads["W"] =', said("the kernels' gradient: dY times the patches")),
    ("Dense", "forward"): ("@", said("one matrix product: every output is a weighted sum of all inputs")),
    ("Dense", "backward"): ('self.grads["W"]', said("dW = x^T · dY")),
    ("ReLU", "forward"): ("over_batch", said("max(0, x), and a mask of where x > 0 for the backward pass")),
    ("ReLU", "backward"): ("mask", said("the gradient passes only where the input was positive")),
    ("MaxPool2D", "forward"): ("_forward_pairs", said("2x2 windows: maxima of pairs, remembering who won")),
    ("MaxPool2D", "backward"): ("_route_to_pair_winners", said("the gradient is routed to the winners")),
    ("_BatchNorm", "forward"): ("self.frozen", said("the running statistics, as in a prediction")),
    ("_BatchNorm", "backward"): ("if self.frozen", said("fixed statistics: dx is dy scaled per channel")),
    ("Flatten", "forward"): ("reshape", said("the same numbers in one row per image")),
    ("LSTM", "forward"): (
        "np.multiply(f, cs[t], out=cs[t + 1])", said("the cell state: f of the old one, plus i of g")
    ),
    ("LSTM", "backward"): (
        "dc += dh * through_cell[t]", said("through time: the cell state's gradient comes back from t + 1")
    ),
    ("SimpleRNN", "forward"): ("hs[:, t + 1] = np.tanh", said("the new state from this input and the last state")),
    ("SimpleRNN", "backward"): ("dh_next = dz[:, t] @", said("through time: the gradient goes to the step before")),
    ("GRU", "forward"): (
        "hs[:, t + 1] = z * hs[:, t]", said("the new state: z of the old one, 1 - z of the candidate")
    ),
    ("GRU", "backward"): ("dh_next = dh * z", said("through time: the kept share, and the gates' gradients, go back")),
    ("Flatten", "backward"): ("reshape", said("the gradient goes back into the image's shape")),
}


def code_of_loss(loss) -> tuple[list[str], int | None, str]:
    """The loss's ``forward`` and ``backward`` source as lines, with its gradient's line marked."""
    lines = inspect.getsource(type(loss).forward).splitlines() + [""]
    backward = inspect.getsource(type(loss).backward).splitlines()
    index = next((i for i, line in enumerate(backward) if line.strip().startswith("return")), None)
    note = said("the gradient of the loss with respect to the logits") if index is not None else ""
    return lines + backward, None if index is None else len(lines) + index, note


def code_of(step: LayerTrace, which: str) -> tuple[list[str], int | None, str]:
    """The source of the layer's ``forward`` or ``backward`` (a block's ``forward_children`` or
    ``backward_children``: that is where its wiring is), followed by the helpers its class names in
    ``code_parts`` (an LSTM's loop over time), as lines, the index of the line that matters (None
    if none is marked) and what that line does."""
    if which not in ("forward", "backward"):
        raise ValueError(f"which must be 'forward' or 'backward', got {which!r}")
    cls = type(step.layer)
    name = f"{which}_children" if hasattr(step.layer, "children") else which
    lines, starts = [], {}
    for part in (name, *getattr(cls, "code_parts", {}).get(which, ())):  # the helpers it hands its work to
        lines += [""] if lines else []
        starts[part] = len(lines)
        lines += inspect.getsource(getattr(cls, part)).splitlines()
    owner = next(c.__name__ for c in cls.__mro__ if name in c.__dict__)
    piece, note = KEY_LINES.get((owner, which), (None, ""))
    # The marked line is looked for first in the part that ran (a Conv2D's backward may hand its
    # work to ``_backward_same``, whose dW line is then the one that counted).
    ran = step.layer.code_that_ran(which) if hasattr(step.layer, "code_that_ran") else name
    order = [*range(starts.get(ran, 0), len(lines)), *range(starts.get(ran, 0))]
    index = next((i for i in order if piece and piece in lines[i]), None)
    return lines, index, note if index is not None else ""
