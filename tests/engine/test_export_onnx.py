"""The ONNX translation of a model: onnxruntime computes what ``predict`` computes, for every preset.

onnx is a runtime dependency (``export --format onnx``), onnxruntime a dev dependency; without them
these tests skip with a message.
"""

import numpy as np
import pytest

from engine.data import model_inputs
from engine.layers import Conv2D, Dense, Flatten, ReLU
from engine.model import Sequential
from engine.presets import PRESETS

from .test_export_pytorch import every_kind_of_layer, trained_looking

onnx = pytest.importorskip("onnx", reason="onnx is not installed (pip install -r requirements.txt)")
ort = pytest.importorskip("onnxruntime", reason="onnxruntime is not installed (pip install -r requirements-dev.txt)")

from engine.export_onnx import OnnxExportError, onnx_graph, write_onnx  # noqa: E402


def run_onnx(model, pixels: np.ndarray) -> np.ndarray:
    proto = onnx_graph(model)
    session = ort.InferenceSession(proto.SerializeToString(), providers=["CPUExecutionProvider"])
    (output,) = session.run(None, {"pixels": pixels})
    return output


def pixels_for(model, digits) -> np.ndarray:
    """16 real test digits for a digit model, random colour pictures for a 3x32x32 one; [0, 1] float32."""
    if tuple(model.input_shape) == (1, 28, 28):
        return (digits["x_test"][:16, None] / 255).astype(np.float32)
    return np.random.default_rng(0).uniform(0, 1, (4, *model.input_shape)).astype(np.float32)


@pytest.mark.parametrize("name", list(PRESETS))  # the zoo and the course networks
def test_onnxruntime_predicts_what_the_engine_predicts_for_every_preset(name, digits):
    model = trained_looking(name)
    pixels = pixels_for(model, digits)
    expected = model.predict(model_inputs(model, pixels))
    got = run_onnx(model, pixels)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, atol=1e-5)
    assert (got.argmax(axis=1) == expected.argmax(axis=1)).all()


def test_layers_that_no_preset_has_translate_too():
    model = every_kind_of_layer()  # even kernels, 'same' pooling, GRU, SimpleRNN, ELU, Swish, BatchNorm1D...
    pixels = np.random.default_rng(0).uniform(0, 1, (3, 1, 28, 28)).astype(np.float32)
    np.testing.assert_allclose(run_onnx(model, pixels), model.predict(model_inputs(model, pixels)), atol=1e-5)


def test_the_logits_of_a_net_without_softmax_get_predicts_softmax_and_a_regression_model_none():
    model = Sequential([Flatten(), Dense(784, 10)], input_shape=(1, 28, 28), name="logits", seed=0)
    model.compile(loss="cross_entropy")
    pixels = np.random.default_rng(1).uniform(0, 1, (5, 1, 28, 28)).astype(np.float32)
    got = run_onnx(model, pixels)
    np.testing.assert_allclose(got.sum(axis=1), 1, atol=1e-6)  # probabilities, as predict returns
    np.testing.assert_allclose(got, model.predict(model_inputs(model, pixels)), atol=1e-6)
    regression = Sequential([Flatten(), Dense(784, 2)], input_shape=(1, 28, 28), name="numbers", seed=0)
    regression.compile(loss="mse")
    graph = onnx_graph(regression).graph
    assert [o.name for o in graph.output] == ["outputs"] and "Softmax" not in [n.op_type for n in graph.node]
    np.testing.assert_allclose(run_onnx(regression, pixels), regression.predict(pixels), atol=1e-5)


def test_the_file_names_its_nodes_after_the_layers_and_folds_the_normalisation_in(tmp_path):
    model = trained_looking("mini-resnet")
    write_onnx(model, tmp_path / "m.onnx")
    loaded = onnx.load(str(tmp_path / "m.onnx"))
    names = [node.name for node in loaded.graph.node]
    assert names[:2] == ["normalise/subtract_mean", "normalise/divide_by_std"]
    assert "conv2d_1" in names and "residualblock_1/conv1" in names
    props = {p.key: p.value for p in loaded.metadata_props}
    assert props["normalization"] == '{"mean": 0.13, "std": 0.31}'
    assert [i.name for i in loaded.graph.input] == ["pixels"]
    dims = loaded.graph.input[0].type.tensor_type.shape.dim
    assert [d.dim_param or d.dim_value for d in dims] == ["N", 1, 28, 28]  # any batch size


def test_a_layer_without_a_translation_is_named():
    class Odd(ReLU):
        pass

    model = Sequential([Conv2D(1, 2, 3), Odd()], input_shape=(1, 8, 8), name="odd", seed=0)
    with pytest.raises(OnnxExportError, match="odd_1: Odd has no ONNX translation"):
        onnx_graph(model)
