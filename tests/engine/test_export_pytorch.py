"""The PyTorch translation of a model: the generated file runs, and its network computes what ours does.

Without torch installed the parity tests skip (the app does not depend on it); the benchmark's
virtualenv has it: ``pip install torch==2.13.0 pytest`` there and run this file with it.
"""

import importlib.util
import sys

import numpy as np
import pytest

from engine.export_pytorch import ExportError, pytorch_source, pytorch_state
from engine.layers import (
    ELU,
    GRU,
    AvgPool2D,
    BatchNorm1D,
    Conv2D,
    Dense,
    Embedding,
    LeakyReLU,
    MaxPool2D,
    Reshape,
    SimpleRNN,
    Softmax,
    Swish,
    Tanh,
)
from engine.model import Sequential
from engine.presets import COURSE, PRESETS, ZOO, build_preset

HAS_TORCH = importlib.util.find_spec("torch") is not None
needs_torch = pytest.mark.skipif(not HAS_TORCH, reason="torch is not installed (pip install torch==2.13.0)")


def trained_looking(name: str, input_shape=None):
    """A preset with BatchNorm statistics and biases that are not the fresh 0/1, so each one counts."""
    model = build_preset(name, seed=0, **({"input_shape": input_shape} if input_shape else {}))
    rng = np.random.default_rng(1)
    for layer in model.layers:
        for store in (layer.params, layer.buffers):
            for key, value in store.items():
                if key.endswith(("running_var", "gamma")):
                    value[...] = rng.uniform(0.5, 1.5, value.shape)
                elif key.endswith(("running_mean", "beta", "b", "bh")):
                    value[...] = rng.normal(0, 0.1, value.shape)
    model.metadata["normalization"] = {"mean": 0.13, "std": 0.31}
    return model


@pytest.mark.parametrize("name", ZOO)
def test_every_preset_becomes_a_python_file_and_a_weight_for_every_parameter(name):
    model = trained_looking(name)
    source = pytorch_source(model, "net.npz")
    compile(source, f"{name}.py", "exec")  # valid Python
    assert "class Net(nn.Module)" in source and 'load_weights(net, "net.npz")' in source
    state = pytorch_state(model)
    buffers = ("running_mean", "running_var", "tracked")
    added = [k for k, v in state.items() if k.endswith("bias_hh_l0") and not v.any()]  # PyTorch's second bias, 0
    weights = sum(v.size for k, v in state.items() if not k.endswith(buffers) and k not in added)
    assert weights == model.num_params(), "every parameter exported, none twice"
    assert all(v.dtype in (np.float32, np.int64) and v.flags.c_contiguous for v in state.values())


def test_a_layer_without_a_translation_is_named():
    model = Sequential([Embedding(50, 8)], input_shape=(12,))
    with pytest.raises(ExportError, match=r"embedding.*Embedding has no PyTorch translation"):
        pytorch_source(model)


def load_generated(tmp_path, model):
    """Write the file and its weights as ``export`` does, import it, and build its Net with the weights."""
    path = tmp_path / f"{model.name.replace('-', '_')}.py"
    path.write_text(pytorch_source(model, path.with_suffix(".npz").name))
    np.savez(path.with_suffix(".npz"), **pytorch_state(model))
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    net = module.load_weights(module.Net(), path.with_suffix(".npz"))
    return module, net.eval()


@needs_torch
@pytest.mark.parametrize("name", ZOO)
def test_the_pytorch_network_predicts_what_the_engine_predicts(tmp_path, name, digits):
    import torch

    model = trained_looking(name)
    module, net = load_generated(tmp_path, model)
    images = digits["x_test"][:16]
    with torch.no_grad():
        scores = net(module.prepare(images)).numpy()
    from engine.data import model_inputs

    expected = model.predict_scores(model_inputs(model, images))
    np.testing.assert_allclose(scores, expected, rtol=1e-4, atol=1e-4)


@needs_torch
@pytest.mark.parametrize("name", sorted(set(COURSE) & set(PRESETS)))
def test_the_course_networks_translate_too(tmp_path, name):
    import torch

    model = trained_looking(name, input_shape=(3, 32, 32))
    _, net = load_generated(tmp_path, model)
    x = np.random.default_rng(0).standard_normal((2, 3, 32, 32)).astype(np.float32)
    with torch.no_grad():
        scores = net(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(scores, model.predict_scores(x), rtol=1e-3, atol=1e-3)


def every_kind_of_layer():
    """Even kernels and 'same' pooling (asymmetric padding), the other activations, a GRU (whose gates
    PyTorch orders differently) and a plain RNN: the layers no preset has."""
    layers = [Conv2D(1, 4, 2, padding="same"), LeakyReLU(0.1), MaxPool2D(3, stride=2, padding="same"),
              Conv2D(4, 4, 3, padding=1), ELU(), AvgPool2D(3, stride=2, padding="same"), Swish(),
              Reshape((28, 7)), GRU(7, 8, return_sequences=True), Tanh(), SimpleRNN(8, 6), BatchNorm1D(6),
              Dense(6, 5), Softmax()]  # fmt: skip
    model = Sequential(layers, input_shape=(1, 28, 28), name="every-kind", seed=0)
    rng = np.random.default_rng(2)
    for layer in model.layers:
        for key, value in (*layer.params.items(), *layer.buffers.items()):
            value[...] = rng.uniform(0.5, 1.5, value.shape) if key == "running_var" else rng.normal(0, 0.5, value.shape)
    return model


@needs_torch
def test_layers_that_no_preset_has_translate_too(tmp_path):
    import torch

    model = every_kind_of_layer()
    _, net = load_generated(tmp_path, model)
    x = np.random.default_rng(0).standard_normal((3, 1, 28, 28)).astype(np.float32)
    with torch.no_grad():
        scores = net(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(scores, model.predict_scores(x), rtol=1e-4, atol=1e-5)
