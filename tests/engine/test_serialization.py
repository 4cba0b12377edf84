"""Model files: one .npz, exact round trip, never unpickled, atomic, clear errors."""

import json
import os
import zipfile

import numpy as np
import pytest

from engine import ModelFileError, Sequential, load_model
from engine.layers import LSTM, BatchNorm2D, Conv2D, Dense, Dropout, Flatten, MaxPool2D, ReLU, Reshape
from engine.optimizers import Adam


def trained_model():
    model = Sequential(
        [
            Conv2D(1, 4, 3, padding="same", bias=False),
            BatchNorm2D(4),
            ReLU(),
            MaxPool2D(2),
            Flatten(),
            Dropout(0.2),
            Dense(4 * 4 * 4, 3),
        ],
        input_shape=(1, 8, 8),
        name="tiny",
        seed=1,
    ).compile(Adam(lr=3e-3, weight_decay=1e-4))
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((24, 1, 8, 8)).astype(np.float32), rng.integers(0, 3, 24)
    model.fit(x, y, epochs=2, batch_size=8, verbose=0)
    model.metadata = {"dataset": "unit-test", "normalization": {"mean": 0.1307, "std": 0.3081}}
    return model, x, y


def test_round_trip_restores_everything(tmp_path):
    model, x, y = trained_model()
    path = tmp_path / "model.npz"
    model.save(path)
    loaded = load_model(path)
    assert loaded.name == "tiny" and loaded.input_shape == (1, 8, 8) and loaded.metadata == model.metadata
    assert [layer.name for layer in loaded.layers] == [layer.name for layer in model.layers]
    for a, b in zip(model.get_weights(), loaded.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)  # includes BatchNorm running statistics
    np.testing.assert_array_equal(model.predict(x), loaded.predict(x))
    assert loaded.optimizer.get_config() == model.optimizer.get_config()
    assert loaded.optimizer.iterations == model.optimizer.iterations

    # Training resumes exactly as if never interrupted: optimizer moments and RNG states saved.
    model.fit(x, y, epochs=1, batch_size=8, verbose=0)
    loaded.fit(x, y, epochs=1, batch_size=8, verbose=0)
    for a, b in zip(model.get_weights(), loaded.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_file_is_plain_npz_readable_without_pickle(tmp_path):
    model, _, _ = trained_model()
    path = tmp_path / "model.npz"
    model.save(path)
    with np.load(path, allow_pickle=False) as archive:
        header = json.loads(str(archive["__config__"]))
        assert header["format"] == "cnn-studio-model" and header["version"] == 1
        assert archive["param/conv2d_1/W"].shape == (4, 1, 3, 3)
        assert "buffer/batchnorm2d_1/running_var" in archive.files
        assert any(name.startswith("optimizer/") for name in archive.files)


def test_recurrent_model_round_trip(tmp_path):
    model = Sequential([Reshape((8, 8)), LSTM(8, 5), Dense(5, 2)], input_shape=(1, 8, 8), seed=0).compile("sgd")
    model.save(tmp_path / "rnn.npz", include_optimizer=False)
    loaded = load_model(tmp_path / "rnn.npz")
    x = np.random.default_rng(0).standard_normal((3, 1, 8, 8)).astype(np.float32)
    np.testing.assert_array_equal(model.predict(x), loaded.predict(x))
    assert loaded.optimizer is None and loaded.loss is not None
    y = np.array([0, 1, 1])
    assert loaded.evaluate(x, y) == model.evaluate(x, y)  # evaluating needs the loss only


def corrupt(path, tmp_path, name, edit):
    target = tmp_path / name
    target.write_bytes(edit(path.read_bytes()))
    return target


def rewrite_config(path, tmp_path, change):
    with np.load(path, allow_pickle=False) as archive:
        arrays = {key: archive[key] for key in archive.files}
    header = json.loads(str(arrays["__config__"]))
    change(header, arrays)
    arrays["__config__"] = np.array(json.dumps(header))
    target = tmp_path / "edited.npz"
    np.savez(target, **arrays)
    return target


@pytest.fixture
def saved(tmp_path):
    model, _, _ = trained_model()
    path = tmp_path / "good.npz"
    model.save(path)
    return path


def test_truncated_file(saved, tmp_path):
    bad = corrupt(saved, tmp_path, "truncated.npz", lambda data: data[: len(data) // 2])
    with pytest.raises(ModelFileError, match="corrupt or truncated"):
        load_model(bad)


def test_garbage_bytes(saved, tmp_path):
    bad = corrupt(saved, tmp_path, "garbage.npz", lambda data: os.urandom(2000))
    with pytest.raises(ModelFileError, match="garbage.npz"):
        load_model(bad)


def test_flipped_bytes_inside(saved, tmp_path):
    def flip(data):
        data = bytearray(data)
        for i in range(200, 260):
            data[i] ^= 0xFF
        return bytes(data)

    with pytest.raises(ModelFileError):
        load_model(corrupt(saved, tmp_path, "flipped.npz", flip))


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ModelFileError, match="no such file"):
        load_model(tmp_path / "nope.npz")
    with pytest.raises(ModelFileError, match="folder"):
        load_model(tmp_path)


def test_foreign_npz(tmp_path):
    np.savez(tmp_path / "data.npz", x_train=np.zeros((2, 28, 28)))
    with pytest.raises(ModelFileError, match="not a CNN Studio model"):
        load_model(tmp_path / "data.npz")


def test_pickled_content_is_never_loaded(tmp_path):
    np.savez(tmp_path / "evil.npz", __config__=np.array([{"format": "cnn-studio-model"}], dtype=object))
    with pytest.raises(ModelFileError, match="pickled objects, which are never loaded"):
        load_model(tmp_path / "evil.npz")


def test_newer_version(saved, tmp_path):
    edited = rewrite_config(saved, tmp_path, lambda header, arrays: header.update(version=99))
    with pytest.raises(ModelFileError, match="newer CNN Studio"):
        load_model(edited)


def test_wrong_weight_shape(saved, tmp_path):
    def change(header, arrays):
        arrays["param/dense_1/W"] = np.zeros((5, 5), np.float32)

    with pytest.raises(ModelFileError, match=r"param/dense_1/W has shape \(5, 5\)"):
        load_model(rewrite_config(saved, tmp_path, change))


def test_missing_weights_and_nonfinite_weights(saved, tmp_path):
    with pytest.raises(ModelFileError, match="missing weights"):
        load_model(rewrite_config(saved, tmp_path, lambda h, arrays: arrays.pop("param/conv2d_1/W")))

    def poison(header, arrays):
        arrays["param/dense_1/b"] = np.full(3, np.nan, np.float32)

    with pytest.raises(ModelFileError, match="finite"):
        load_model(rewrite_config(saved, tmp_path, poison))


def test_unknown_layer_class(saved, tmp_path):
    def change(header, arrays):
        header["model"]["layers"][0]["class"] = "__import__"

    with pytest.raises(ModelFileError, match="unknown layer class"):
        load_model(rewrite_config(saved, tmp_path, change))


def test_invalid_layer_config(saved, tmp_path):
    def change(header, arrays):
        header["model"]["layers"][0]["config"]["in_channels"] = -3

    with pytest.raises(ModelFileError, match="layer 1 \\(Conv2D\\) is invalid"):
        load_model(rewrite_config(saved, tmp_path, change))


def test_damaged_config_text(saved, tmp_path):
    with np.load(saved, allow_pickle=False) as archive:
        arrays = {key: archive[key] for key in archive.files}
    arrays["__config__"] = np.array("{not json")
    np.savez(tmp_path / "damaged.npz", **arrays)
    with pytest.raises(ModelFileError, match="damaged"):
        load_model(tmp_path / "damaged.npz")


def test_a_failed_save_leaves_the_previous_file_intact(saved, monkeypatch):
    before = saved.read_bytes()
    model, _, _ = trained_model()

    def explode(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez_compressed", explode)
    with pytest.raises(OSError, match="disk full"):
        model.save(saved)
    assert saved.read_bytes() == before
    assert [p.name for p in saved.parent.iterdir()] == [saved.name]  # no temp file left behind
    assert zipfile.is_zipfile(saved)


def test_unserialisable_metadata_is_refused_before_writing(tmp_path):
    model, _, _ = trained_model()
    model.metadata = {"bad": object()}
    with pytest.raises(ValueError, match="JSON"):
        model.save(tmp_path / "m.npz")
    assert not (tmp_path / "m.npz").exists()


def test_saved_files_get_normal_permissions_not_private_temp_ones(tmp_path):
    import os
    import stat

    from engine.files import atomic_write

    umask = os.umask(0o022)
    try:
        atomic_write(tmp_path / "x.bin", lambda f: f.write(b"data"))
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "x.bin").stat().st_mode) == 0o644


def test_a_column_major_array_is_read_in_its_own_order(tmp_path):
    """numpy saves a transposed view as is, flagged fortran_order: read back, it must be the same array."""
    model, x, _ = trained_model()
    dense = model.layers[-1]
    dense.params["W"] = np.asfortranarray(dense.params["W"])
    assert not dense.params["W"].flags.c_contiguous
    model.save(tmp_path / "f.npz")
    loaded = load_model(tmp_path / "f.npz")
    assert np.array_equal(loaded.layers[-1].params["W"], dense.params["W"])
    assert np.allclose(loaded.predict(x), model.predict(x))
