"""Model files built to break the loader: each must give one ModelFileError line, fast, in bounded memory."""

import json
import os
import resource
import time
import zipfile

import numpy as np
import pytest

from engine import ModelFileError, Sequential, load_model
from engine.layers import Dense, Flatten, ReLU


def good_model(path):
    Sequential([Flatten(), Dense(784, 10)], input_shape=(1, 28, 28), seed=0).compile("adam").save(path)
    with np.load(path, allow_pickle=False) as archive:
        return {key: archive[key] for key in archive.files}


def with_header(tmp_path, header_text, arrays=None):
    path = tmp_path / "edited.npz"
    np.savez(path, __config__=np.array(header_text), **(arrays or {}))
    return path


@pytest.mark.parametrize("text", ["null", "[1, 2]", "1", '"a string"', "NaN"])
def test_a_description_that_is_json_but_not_an_object(tmp_path, text):
    with pytest.raises(ModelFileError, match=r"edited\.npz: not a CNN Studio model \(its description is a "):
        load_model(with_header(tmp_path, text))


def test_absurdly_nested_json_is_refused_not_recursed_into(tmp_path):
    with pytest.raises(ModelFileError, match="nested too deeply"):
        load_model(with_header(tmp_path, "[" * 100_000 + "]" * 100_000))


def test_metadata_or_session_state_of_the_wrong_kind(tmp_path):
    arrays = good_model(tmp_path / "good.npz")
    header = json.loads(str(arrays.pop("__config__")))
    header["metadata"] = [1, 2, 3]
    with pytest.raises(ModelFileError, match=r"damaged \(metadata is a list\)"):
        load_model(with_header(tmp_path, json.dumps(header), arrays))


def test_a_plain_npy_file(tmp_path):
    np.save(tmp_path / "array.npy", np.zeros(3))
    with pytest.raises(ModelFileError, match=r"a single \.npy array, not a CNN Studio model"):
        load_model(tmp_path / "array.npy")


@pytest.mark.parametrize("content", [os.urandom(3000), b"just some text, not a model\n" * 40, b""])
def test_bytes_that_are_not_a_zip_say_so(tmp_path, content):
    (tmp_path / "m.npz").write_bytes(content)
    with pytest.raises(ModelFileError, match=r"m\.npz: not a CNN Studio model file \(not a zip archive\)"):
        load_model(tmp_path / "m.npz")


def test_a_pipe_is_refused_instead_of_blocking(tmp_path):
    os.mkfifo(tmp_path / "m.npz")
    started = time.perf_counter()
    with pytest.raises(ModelFileError, match="is not a regular file"):
        load_model(tmp_path / "m.npz")
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(("inputs", "outputs"), [(10**9, 10**9), (784, 10**7)])
def test_a_huge_declared_layer_is_refused_before_anything_is_allocated(tmp_path, inputs, outputs):
    arrays = good_model(tmp_path / "good.npz")
    header = json.loads(str(arrays.pop("__config__")))
    header["model"]["layers"][1]["config"].update(in_features=inputs, out_features=outputs)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ModelFileError, match=r"layer 2 \(Dense\) is invalid: .*(more than the file stores|one layer)"):
        load_model(with_header(tmp_path, json.dumps(header), arrays))
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KiB: nothing big was allocated


def test_an_unreferenced_huge_member_is_never_unpacked(tmp_path):
    path = tmp_path / "padded.npz"
    good_model(path)
    archive = zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED)
    with archive, archive.open("padding.npy", "w", force_zip64=True) as member:
        np.lib.format.write_array_header_1_0(member, {"descr": "<f4", "fortran_order": False, "shape": (2**28,)})
        zeros = bytes(2**24)
        for _ in range(64):  # 1 GiB of zeros, a few MB once compressed
            member.write(zeros)
    assert path.stat().st_size < 10 * 2**20
    started = time.perf_counter()
    model = load_model(path)
    assert time.perf_counter() - started < 5 and model.num_params() == 7850


def test_an_array_whose_data_is_bigger_than_its_header_says_is_refused(tmp_path):
    arrays = good_model(tmp_path / "good.npz")
    path = tmp_path / "good.npz"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(tmp_path / "long.npz", "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "param/dense_1/b.npy":
                data += bytes(100_000)  # trailing bytes beyond the declared (10,) floats
            target.writestr(info.filename, data)
    assert arrays  # the good file itself loads
    with pytest.raises(ModelFileError, match=r"param/dense_1/b declares [\d,]+ bytes for 40 bytes of data"):
        load_model(tmp_path / "long.npz")


def test_many_layers_load_in_linear_time_and_too_many_are_refused(tmp_path):
    model = Sequential([Flatten(), *[ReLU() for _ in range(5000)], Dense(784, 2)], input_shape=(1, 28, 28), seed=0)
    model.save(tmp_path / "deep.npz")
    started = time.perf_counter()
    assert len(load_model(tmp_path / "deep.npz").layers) == 5002
    assert time.perf_counter() - started < 10  # quadratic adding took minutes for 200,000
    arrays = good_model(tmp_path / "good.npz")
    header = json.loads(str(arrays.pop("__config__")))
    header["model"]["layers"] = [{"class": "ReLU", "name": f"r{i}", "config": {}} for i in range(20_000)]
    with pytest.raises(ModelFileError, match="declares 20,000 layers; a network has at most 10,000"):
        load_model(with_header(tmp_path, json.dumps(header), arrays))


def test_weights_that_overflow_are_reported(tmp_path):
    arrays = good_model(tmp_path / "good.npz")
    arrays["param/dense_1/W"] = np.full((784, 10), 3e38, np.float32)
    np.savez(tmp_path / "huge.npz", **arrays)
    model = load_model(tmp_path / "huge.npz")
    with pytest.raises(ValueError, match="overflow"):
        model.evaluate(np.ones((4, 1, 28, 28), np.float32), np.zeros(4, int))
