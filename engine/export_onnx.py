"""A model as an ONNX file: the same network for onnxruntime, OpenCV, a phone, or Netron to look at.

    onnx_model = onnx_graph(model)      # an onnx.ModelProto: one node (or a few) per layer
    write_onnx(model, "model.onnx")     # checked by onnx's checker, written atomically

``python main.py export MODEL --format onnx --out model.onnx`` writes it. The graph reads
``pixels``: float32 (N, C, H, W) with values in [0, 1] (a uint8 picture divided by 255, a grey
one with C = 1), and its first two nodes normalise them as the model was trained (subtract the
mean, multiply by 1 / std: the saved normalisation, folded in). It gives ``probabilities``
(N, K), what ``predict`` returns (a classifier without a final Softmax gets one, as ``predict``
applies it), or ``outputs`` for a regression model. A digit model's memory of remembered
digits (``engine/memory.py``) is not a network and is not exported: the file predicts with
the network alone, as ``predict_scores`` does.

Nodes are named after the layers (``conv2d_1``; a block's children ``block_1/conv1``), so Netron
shows the summary's names. What changes on the way:

* ``Dense`` is ``Gemm`` (``x @ W + b``, W kept as (in, out)); on sequences ``MatMul`` + ``Add``.
* Recurrent layers are ONNX's ``RNN``/``LSTM``/``GRU`` on (T, N, F): ``Wx`` (F, G*H) becomes W (1, G*H, F),
  ``Wh`` becomes R; the LSTM's gates are reordered from (i, f, g, o) to ONNX's (i, o, f, c); the GRU's
  (update, reset, candidate) are ONNX's (z, r, h) already, with ``linear_before_reset=1`` (the reset gate
  scales ``h @ Wh_n + bh_n``, as the engine, Keras and PyTorch compute it).
* 'same' pooling gets explicit pads, the odd pixel at the bottom and right, as TensorFlow pads;
  padded pixels never win a max and are not counted in a mean (``count_include_pad=0``).
* The inception block's pool branch pads its input with -inf (``Pad``), as the engine does.
* ``Dropout`` does nothing at inference and is left out; ``Swish`` is ``x * Sigmoid(x)``.

This module needs the ``onnx`` package (in requirements.txt); the rest of the engine needs only numpy.
"""

from __future__ import annotations

import json

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from .data.preprocessing import Normalization
from .files import atomic_write
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
    Embedding,
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

OPSET = 17  # onnxruntime since 1.11, OpenCV's DNN module and every Netron read it


class OnnxExportError(ValueError):
    """The model has a layer that has no ONNX translation here."""


class Graph:
    """The nodes and weights being collected; every ``add`` returns the name of the tensor it made."""

    def __init__(self):
        self.nodes: list[onnx.NodeProto] = []
        self.weights: list[onnx.TensorProto] = []

    def weight(self, name: str, value: np.ndarray) -> str:
        array = np.asarray(value)
        array = array if array.dtype == np.int64 else np.ascontiguousarray(array, dtype=np.float32)
        self.weights.append(numpy_helper.from_array(array, name))
        return name

    def add(self, op: str, inputs: list[str], name: str, **attributes) -> str:
        self.nodes.append(helper.make_node(op, inputs, [name], name=name, **attributes))
        return name


def onnx_graph(model) -> onnx.ModelProto:
    """``model`` as an ONNX model (opset ``OPSET``), with the normalisation folded in front."""
    graph = Graph()
    shape = tuple(model.input_shape)
    x = "pixels"
    normalization = Normalization.from_metadata(model.metadata)
    if (normalization.mean, normalization.std) != (0.0, 1.0):  # as Normalization.apply: (x - mean) * (1 / std)
        x = graph.add("Sub", [x, graph.weight("mean", np.float32(normalization.mean))], "normalise/subtract_mean")
        x = graph.add("Mul", [x, graph.weight("inv_std", np.float32(1 / normalization.std))], "normalise/divide_by_std")
    for layer in model.layers:
        x = _layer(graph, layer, x, shape, layer.name)
        shape = layer.output_shape(shape)
    if model.is_regression:
        output = "outputs"
    else:
        output = "probabilities"
        ends_in_probabilities = bool(model.layers) and isinstance(model.layers[-1], (Softmax, Sigmoid))
        if not ends_in_probabilities:  # as predict does: the logits' softmax
            x = graph.add("Softmax", [x], "softmax", axis=-1)
    graph.nodes.append(helper.make_node("Identity", [x], [output], name=output))
    inputs = [helper.make_tensor_value_info("pixels", TensorProto.FLOAT, ["N", *model.input_shape])]
    outputs = [helper.make_tensor_value_info(output, TensorProto.FLOAT, ["N", *shape])]
    about = f"{model.name}: {model.num_params():,} weights, exported by CNN Studio"
    body = helper.make_graph(graph.nodes, model.name, inputs, outputs, graph.weights, doc_string=about)
    exported = helper.make_model(body, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="CNN Studio")
    exported.ir_version = 8  # the IR of opset 17: what older runtimes accept
    meta = {"class_names": json.dumps(model.metadata.get("class_names")), "input": "pixels in [0, 1], (N, C, H, W)",
            "normalization": json.dumps(normalization.to_dict())}  # fmt: skip
    helper.set_model_props(exported, meta)
    onnx.checker.check_model(exported, full_check=True)  # shapes inferred and checked, node by node
    return exported


def write_onnx(model, path) -> None:
    """``onnx_graph(model)`` into ``path``, atomically."""
    data = onnx_graph(model).SerializeToString()
    atomic_write(path, lambda file: file.write(data))


def _layer(graph: Graph, layer, x: str, shape: tuple, name: str) -> str:
    """The nodes of one layer reading tensor ``x`` of per-sample ``shape``; the name of its output."""
    p, b = layer.params, layer.buffers
    if isinstance(layer, Conv2D):
        top, bottom, left, right = layer.pads
        inputs = [x, graph.weight(f"{name}.W", p["W"])] + ([graph.weight(f"{name}.b", p["b"])] if layer.use_bias
                                                            else [])  # fmt: skip
        return graph.add("Conv", inputs, name, kernel_shape=list(layer.kernel_size), strides=[layer.stride] * 2,
                         pads=[top, left, bottom, right])  # fmt: skip
    if isinstance(layer, Dense):
        weights = graph.weight(f"{name}.W", p["W"])
        bias = graph.weight(f"{name}.b", p["b"] if layer.use_bias else np.zeros(layer.out_features, np.float32))
        if len(shape) == 1:
            return graph.add("Gemm", [x, weights, bias], name)
        return graph.add("Add", [graph.add("MatMul", [x, weights], f"{name}/matmul"), bias], name)
    if isinstance(layer, (BatchNorm1D, BatchNorm2D)):
        inputs = [x] + [graph.weight(f"{name}.{key}", store[key]) for store, key in
                        ((p, "gamma"), (p, "beta"), (b, "running_mean"), (b, "running_var"))]  # fmt: skip
        return graph.add("BatchNormalization", inputs, name, epsilon=layer.eps)
    if isinstance(layer, (MaxPool2D, AvgPool2D)):
        top, bottom, left, right = layer.pads(*shape[1:])
        options = {} if isinstance(layer, MaxPool2D) else {"count_include_pad": 0}
        return graph.add("MaxPool" if isinstance(layer, MaxPool2D) else "AveragePool", [x], name,
                         kernel_shape=list(layer.kernel_size), strides=[layer.stride] * 2,
                         pads=[top, left, bottom, right], **options)  # fmt: skip
    if isinstance(layer, GlobalAvgPool2D):
        return graph.add("Flatten", [graph.add("GlobalAveragePool", [x], f"{name}/pool")], name, axis=1)
    if isinstance(layer, Flatten):
        return graph.add("Flatten", [x], name, axis=1)
    if isinstance(layer, Reshape):  # 0: keep the batch axis as it is
        return graph.add("Reshape", [x, graph.weight(f"{name}.shape", np.array([0, *layer.target_shape]))], name)
    if isinstance(layer, Dropout):
        return x  # nothing at inference
    if isinstance(layer, Embedding):
        tokens = graph.add("Cast", [x], f"{name}/tokens", to=TensorProto.INT64)
        return graph.add("Gather", [graph.weight(f"{name}.W", p["W"]), tokens], name, axis=0)
    if isinstance(layer, (SimpleRNN, LSTM, GRU)):
        return _recurrent(graph, layer, x, name)
    if isinstance(layer, ResidualBlock):
        main = _path(graph, layer, layer.main_path, x, shape, name)
        shortcut = _path(graph, layer, layer.shortcut_path, x, shape, name)  # x itself when the path is empty
        added = graph.add("Add", [main, shortcut], f"{name}/add")
        return _layer(graph, layer.children["relu_out"], added, layer.output_shape(shape), f"{name}/relu_out")
    if isinstance(layer, InceptionBlock):
        outputs = []
        for branch, layers in layer.paths.items():
            start, start_shape = x, shape
            if branch == "branch_pool":  # pad by one with -inf, which never wins the max that follows
                pads = graph.weight(f"{name}/{branch}.pads", np.array([0, 0, 1, 1, 0, 0, 1, 1]))
                start = graph.add("Pad", [x, pads, graph.weight(f"{name}/{branch}.value", np.float32(-np.inf))],
                                  f"{name}/{branch}/pad")  # fmt: skip
                start_shape = (shape[0], shape[1] + 2, shape[2] + 2)
            outputs.append(_path(graph, layer, layers, start, start_shape, name))
        return graph.add("Concat", outputs, name, axis=1)
    simple = {ReLU: "Relu", Sigmoid: "Sigmoid", Tanh: "Tanh"}
    if type(layer) in simple:
        return graph.add(simple[type(layer)], [x], name)
    if isinstance(layer, Softmax):
        return graph.add("Softmax", [x], name, axis=-1)
    if isinstance(layer, LeakyReLU):
        return graph.add("LeakyRelu", [x], name, alpha=layer.negative_slope)
    if isinstance(layer, ELU):
        return graph.add("Elu", [x], name, alpha=layer.alpha)
    if isinstance(layer, Swish):
        return graph.add("Mul", [x, graph.add("Sigmoid", [x], f"{name}/sigmoid")], name)
    raise OnnxExportError(f"{layer.name}: {type(layer).__name__} has no ONNX translation here")


def _path(graph: Graph, block, layers: list, x: str, shape: tuple, prefix: str) -> str:
    """Some of a block's children in order, each named ``block/key`` by its key in ``block.children``."""
    keys = {id(child): key for key, child in block.children.items()}
    for child in layers:
        x = _layer(graph, child, x, shape, f"{prefix}/{keys[id(child)]}")
        shape = child.output_shape(shape)
    return x


# The engine's gate blocks in ONNX's order: LSTM (i, f, g, o) -> (i, o, f, c); GRU and RNN unchanged.
GATE_ORDER = {LSTM: (0, 3, 1, 2), GRU: (0, 1, 2), SimpleRNN: (0,)}


def _recurrent(graph: Graph, layer, x: str, name: str) -> str:
    """(N, T, F) -> ONNX's (T, N, F), the RNN/LSTM/GRU node, and back to (N, T, H) or the last step (N, H)."""
    H = layer.hidden_size
    order = np.concatenate([np.arange(g * H, (g + 1) * H) for g in GATE_ORDER[type(layer)]])
    p = layer.params
    W, R = p["Wx"].T[order][None], p["Wh"].T[order][None]  # (1, G*H, F), (1, G*H, H)
    bias_h = p.get("bh", np.zeros_like(p["b"]))
    B = np.concatenate([p["b"][order], bias_h[order]])[None]  # (1, 2*G*H): the input bias, then the recurrent one
    time_major = graph.add("Transpose", [x], f"{name}/time_major", perm=[1, 0, 2])
    inputs = [time_major, graph.weight(f"{name}.W", W), graph.weight(f"{name}.R", R), graph.weight(f"{name}.B", B)]
    op = {SimpleRNN: "RNN", LSTM: "LSTM", GRU: "GRU"}[type(layer)]
    options = {"linear_before_reset": 1} if isinstance(layer, GRU) else {}
    every, last = f"{name}/every_step", f"{name}/last_step"
    outputs = [every, last] + ([f"{name}/last_cell"] if isinstance(layer, LSTM) else [])
    graph.nodes.append(helper.make_node(op, inputs, outputs, name=f"{name}/{op.lower()}", hidden_size=H, **options))
    if layer.return_sequences:  # Y: (T, 1, N, H) -> (T, N, H) -> (N, T, H); axis 1 is ONNX's num_directions
        steps = graph.add("Squeeze", [every, graph.weight(f"{name}.axis1", np.array([1]))], f"{name}/steps")
        return graph.add("Transpose", [steps], name, perm=[1, 0, 2])
    return graph.add("Squeeze", [last, graph.weight(f"{name}.axis0", np.array([0]))], name)  # Y_h: (1, N, H)
