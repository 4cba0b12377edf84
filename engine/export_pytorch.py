"""A model as readable PyTorch code: the same network as a ``torch.nn.Module``, for students moving on.

    source = pytorch_source(model)     # the text of a .py file defining ``Net`` and ``load_weights``
    arrays = pytorch_state(model)      # the weights under PyTorch's names, in PyTorch's layouts

``python main.py export MODEL --format pytorch --out net.py`` writes both: ``net.py`` and, beside it,
``net.npz`` (``load_weights(Net(), "net.npz")`` reads it). The speed benchmark builds its PyTorch
twins of the presets from the same text, so they match the engine layer for layer.

Nothing here imports torch: the engine stays pure numpy, and the generated file is plain text.
What changes on the way (each layer's ``torch_module`` below says it in code):

* ``Dense`` keeps ``W`` as (in, out) and computes ``x @ W``; ``nn.Linear`` keeps (out, in): transposed.
* Recurrent layers: ``Wx`` (F, G*H) and ``Wh`` (H, G*H) become ``weight_ih_l0`` (G*H, F) and
  ``weight_hh_l0`` (G*H, H); the engine's one bias is ``bias_ih_l0`` and ``bias_hh_l0`` is 0. A GRU's
  gates are (update, reset, candidate) here and (reset, update, new) in PyTorch: reordered.
* ``padding='same'`` of an even kernel pads one more pixel at the bottom and right (``nn.ZeroPad2d``),
  and 'same' pooling pads as TensorFlow does (``SamePool``).
* BatchNorm: ``gamma``, ``beta`` are ``weight``, ``bias``; the running statistics keep their names.
"""

from __future__ import annotations

import numpy as np

from .data.preprocessing import Normalization
from .layers import (
    ELU,
    GRU,
    LSTM,
    AvgPool2D,
    BatchNorm1D,
    BatchNorm2D,
    Conv2D,
    Dense,
    Dropout,
    Flatten,
    GlobalAvgPool2D,
    InceptionBlock,
    LeakyReLU,
    MaxPool2D,
    ReLU,
    Reshape,
    ResidualBlock,
    Sigmoid,
    SimpleRNN,
    Softmax,
    Swish,
    Tanh,
)

HEADER = '''"""{name} as a PyTorch module, written by CNN Studio's ``export --format pytorch``.

    net = Net()
    load_weights(net, "{weights}")    # the trained weights, saved beside this file
    net.eval()
    scores = net(prepare(images))      # images: uint8 (N, {height}, {width}), as the model was trained on

Input: {input_shape}. The model was trained on images scaled to [0, 1], then normalised with
mean {mean:.6g} and std {std:.6g} (``prepare`` does both).
"""

from collections import OrderedDict

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

MEAN, STD = {mean!r}, {std!r}
INPUT_SHAPE = {input_shape}
'''

HELPERS = {
    "Reshape": '''

class Reshape(nn.Module):
    """Every sample to ``shape`` (e.g. a 28x28 image to 28 rows of 28 pixels for a recurrent layer)."""

    def __init__(self, shape):
        super().__init__()
        self.shape = tuple(shape)

    def forward(self, x):
        return x.reshape(x.shape[0], *self.shape)
''',
    "Recurrent": '''

class Recurrent(nn.Module):
    """An ``nn.RNN``/``nn.LSTM``/``nn.GRU`` over (N, T, F) that returns every step's output or the last one."""

    def __init__(self, rnn, return_sequences):
        super().__init__()
        self.rnn, self.return_sequences = rnn, return_sequences

    def forward(self, x):
        out, _ = self.rnn(x)
        return out if self.return_sequences else out[:, -1]
''',
    "SamePool": '''

class SamePool(nn.Module):
    """TensorFlow's 'same' pooling: ceil(H / stride) windows, the odd padding pixel at the bottom and right;
    padded pixels never win a max and are not counted in a mean."""

    def __init__(self, kind, kernel_size, stride):
        super().__init__()
        self.kind, self.kernel_size, self.stride = kind, tuple(kernel_size), stride

    def forward(self, x):
        pads = []
        for size, k in zip(reversed(x.shape[2:]), reversed(self.kernel_size)):
            out = -(-size // self.stride)
            total = max((out - 1) * self.stride + k - size, 0)
            pads += [total // 2, total - total // 2]
        if self.kind == "max":
            return F.max_pool2d(F.pad(x, pads, value=float("-inf")), self.kernel_size, self.stride)
        ones = F.pad(torch.ones_like(x[:1, :1]), pads)
        counts = F.avg_pool2d(ones, self.kernel_size, self.stride)
        return F.avg_pool2d(F.pad(x, pads), self.kernel_size, self.stride) / counts
''',
    "ResidualBlock": '''

class ResidualBlock(nn.Module):
    """He et al.'s basic block: relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)); the shortcut is the
    identity, or a strided 1x1 convolution and BatchNorm when the shape changes."""

    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.projection = stride != 1 or in_channels != out_channels
        if self.projection:
            self.shortcut = nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False)
            self.shortcut_bn = nn.BatchNorm2d(out_channels)

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(y + (self.shortcut_bn(self.shortcut(x)) if self.projection else x))
''',
    "InceptionBlock": '''

def conv_bn_relu(in_channels, out_channels, kernel_size, stride=1):
    conv = nn.Conv2d(in_channels, out_channels, kernel_size, stride=stride, padding=kernel_size // 2, bias=False)
    return [conv, nn.BatchNorm2d(out_channels), nn.ReLU()]


class InceptionBlock(nn.Module):
    """Szegedy et al.'s module: 1x1, 1x1-3x3, 1x1-5x5 and 3x3-max-pool-1x1 branches side by side, concatenated."""

    def __init__(self, in_channels, out_1x1, out_3x3, out_5x5, out_pool, reduce_3x3, reduce_5x5, stride=1):
        super().__init__()
        self.branch1x1 = nn.Sequential(*conv_bn_relu(in_channels, out_1x1, 1, stride))
        self.branch3x3 = nn.Sequential(*conv_bn_relu(in_channels, reduce_3x3, 1, stride),
                                       *conv_bn_relu(reduce_3x3, out_3x3, 3))
        self.branch5x5 = nn.Sequential(*conv_bn_relu(in_channels, reduce_5x5, 1, stride),
                                       *conv_bn_relu(reduce_5x5, out_5x5, 5))
        self.branch_pool = nn.Sequential(nn.MaxPool2d(3, stride=1, padding=1),
                                         *conv_bn_relu(in_channels, out_pool, 1, stride))

    def forward(self, x):
        return torch.cat([self.branch1x1(x), self.branch3x3(x), self.branch5x5(x), self.branch_pool(x)], dim=1)
''',
}

FOOTER = '''

def prepare(images):
    """uint8 images (N, H, W) or (N, C, H, W) -> the normalised float tensor the network takes."""
    x = torch.as_tensor(np.asarray(images), dtype=torch.float32) / 255.0
    if x.dim() == len(INPUT_SHAPE):  # (N, H, W): one channel
        x = x.unsqueeze(1)
    return (x - MEAN) / STD


def load_weights(net, path):
    """Load the weights saved beside this file (PyTorch's names and layouts) into ``net``."""
    with np.load(path, allow_pickle=False) as arrays:
        net.load_state_dict({key: torch.from_numpy(arrays[key]) for key in arrays.files})
    return net
'''


class ExportError(ValueError):
    """The model has a layer that has no PyTorch translation here."""


def _padding(layer: Conv2D) -> tuple[str, str]:
    """(nn.Conv2d's padding argument, a ZeroPad2d to put before it or '')."""
    top, bottom, left, right = layer.pads
    if top == bottom and left == right:
        return (f"{top}" if top == left else f"({top}, {left})"), ""
    return "0", f"nn.ZeroPad2d(({left}, {right}, {top}, {bottom})), "


def torch_module(layer) -> tuple[str, str, set[str]]:
    """(the nn.Module expression, the prefix its weights get inside it, the helpers it needs)."""
    if isinstance(layer, Conv2D):
        padding, pad = _padding(layer)
        kH, kW = layer.kernel_size
        kernel = f"{kH}" if kH == kW else f"({kH}, {kW})"
        conv = (f"nn.Conv2d({layer.in_channels}, {layer.out_channels}, {kernel}, stride={layer.stride}, "
                f"padding={padding}, bias={layer.use_bias})")  # fmt: skip
        return (f"nn.Sequential({pad}{conv})", "1.", set()) if pad else (conv, "", set())
    if isinstance(layer, Dense):
        return f"nn.Linear({layer.in_features}, {layer.out_features}, bias={layer.use_bias})", "", set()
    if isinstance(layer, (BatchNorm1D, BatchNorm2D)):
        kind = "BatchNorm1d" if isinstance(layer, BatchNorm1D) else "BatchNorm2d"
        return f"nn.{kind}({layer.num_features}, eps={layer.eps:g}, momentum={layer.momentum:g})", "", set()
    if isinstance(layer, (MaxPool2D, AvgPool2D)):
        kind = "max" if isinstance(layer, MaxPool2D) else "avg"
        kernel = tuple(layer.kernel_size)
        if layer.padding == "same":
            return f"SamePool({kind!r}, {kernel}, {layer.stride})", "", {"SamePool"}
        name = "MaxPool2d" if kind == "max" else "AvgPool2d"
        return f"nn.{name}({kernel}, stride={layer.stride})", "", set()
    if isinstance(layer, GlobalAvgPool2D):
        return "nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten())", "", set()
    if isinstance(layer, Flatten):
        return "nn.Flatten()", "", set()
    if isinstance(layer, Reshape):
        return f"Reshape({tuple(layer.target_shape)})", "", {"Reshape"}
    if isinstance(layer, Dropout):
        return f"nn.Dropout({layer.p:g})", "", set()
    if isinstance(layer, (SimpleRNN, LSTM, GRU)):
        kind = {SimpleRNN: "RNN", LSTM: "LSTM", GRU: "GRU"}[type(layer)]
        rnn = f"nn.{kind}({layer.input_size}, {layer.hidden_size}, batch_first=True)"
        return f"Recurrent({rnn}, return_sequences={layer.return_sequences})", "rnn.", {"Recurrent"}
    if isinstance(layer, ResidualBlock):
        return f"ResidualBlock({layer.in_channels}, {layer.out_channels}, stride={layer.stride})", "", {"ResidualBlock"}
    if isinstance(layer, InceptionBlock):
        w = layer.widths
        arguments = (f"{layer.in_channels}, {w['out_1x1']}, {w['out_3x3']}, {w['out_5x5']}, {w['out_pool']}, "
                     f"{layer.reduce_3x3}, {layer.reduce_5x5}, stride={layer.stride}")  # fmt: skip
        return f"InceptionBlock({arguments})", "", {"InceptionBlock"}
    simple = {ReLU: "nn.ReLU()", Sigmoid: "nn.Sigmoid()", Tanh: "nn.Tanh()", Swish: "nn.SiLU()",
              Softmax: "nn.Softmax(dim=-1)"}  # fmt: skip
    if type(layer) in simple:
        return simple[type(layer)], "", set()
    if isinstance(layer, LeakyReLU):
        return f"nn.LeakyReLU({layer.negative_slope:g})", "", set()
    if isinstance(layer, ELU):
        return f"nn.ELU({layer.alpha:g})", "", set()
    raise ExportError(f"{layer.name}: {type(layer).__name__} has no PyTorch translation here")


def pytorch_source(model, weights_name: str = "model.npz") -> str:
    """The text of a Python file that defines ``Net``, the same network as ``model`` in PyTorch."""
    normalization = Normalization.from_metadata(model.metadata)
    lines, helpers = [], set()
    for layer in model.layers:
        expression, _, needs = torch_module(layer)
        helpers |= needs
        lines.append(f'            ("{layer.name}", {expression}),')
    shape = tuple(model.input_shape)
    text = HEADER.format(name=model.name, weights=weights_name, input_shape=shape, mean=normalization.mean,
                         std=normalization.std, height=shape[-2] if len(shape) > 1 else shape[0],
                         width=shape[-1])  # fmt: skip
    for name in HELPERS:  # always in the same order
        if name in helpers:
            text += HELPERS[name]
    text += f'''

class Net(nn.Module):
    """{model.name}: {model.num_params():,} weights, as CNN Studio built it."""

    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(OrderedDict([
{chr(10).join(lines)}
        ]))

    def forward(self, x):
        return self.layers(x)
'''
    return text + FOOTER


def pytorch_state(model) -> dict[str, np.ndarray]:
    """The model's weights as ``Net().state_dict()`` names them, in PyTorch's layouts (float32)."""
    state: dict[str, np.ndarray] = {}
    for layer in model.layers:
        _layer_state(layer, f"layers.{layer.name}.", state)
    return {key: value if value.dtype == np.int64 else np.ascontiguousarray(value, dtype=np.float32)
            for key, value in state.items()}  # fmt: skip


def _layer_state(layer, prefix: str, state: dict) -> None:
    _, inner, _ = torch_module(layer)
    prefix += inner
    p, b = layer.params, layer.buffers
    if isinstance(layer, (ResidualBlock, InceptionBlock)):
        for child_name, child in layer.children.items():
            _layer_state(child, f"{prefix}{child_name}.", state)
        return
    if isinstance(layer, Conv2D):
        state[prefix + "weight"] = p["W"]
        if layer.use_bias:
            state[prefix + "bias"] = p["b"]
    elif isinstance(layer, Dense):
        state[prefix + "weight"] = p["W"].T
        if layer.use_bias:
            state[prefix + "bias"] = p["b"]
    elif isinstance(layer, (BatchNorm1D, BatchNorm2D)):
        state |= {prefix + "weight": p["gamma"], prefix + "bias": p["beta"], prefix + "running_mean":
                  b["running_mean"], prefix + "running_var": b["running_var"],
                  prefix + "num_batches_tracked": np.array(0, np.int64)}  # fmt: skip
    elif isinstance(layer, (SimpleRNN, LSTM, GRU)):
        wx, wh, bias = p["Wx"].T, p["Wh"].T, p["b"]
        bias_h = p.get("bh", np.zeros_like(bias))
        if isinstance(layer, GRU):  # (update, reset, candidate) -> PyTorch's (reset, update, new)
            H = layer.hidden_size
            order = np.r_[H : 2 * H, 0:H, 2 * H : 3 * H]
            wx, wh, bias, bias_h = wx[order], wh[order], bias[order], bias_h[order]
        state |= {prefix + "weight_ih_l0": wx, prefix + "weight_hh_l0": wh, prefix + "bias_ih_l0": bias,
                  prefix + "bias_hh_l0": bias_h}  # fmt: skip
