"""Teaching a model a writer's own style: it learns the style and keeps what it knew."""

import numpy as np
import pytest

from engine import load_model
from engine.data import DatasetError, load_embedded, model_inputs
from engine.data.dataset import Dataset
from engine.data.judge_sets import load_pen_digits
from engine.teach import own_digits, split_own, teach, teaching_data

DIGITS = [str(d) for d in range(10)]


@pytest.fixture(scope="module")
def mirrored():
    """A "writer" who writes every digit mirrored: a style no training data has."""
    pen = load_pen_digits(limit=600)
    return pen.x_test[:, :, ::-1].copy(), pen.y_test


def read(model, x, y) -> float:
    return float(np.mean(model.predict(model_inputs(model, x)).argmax(axis=1) == y))


def test_teaching_learns_a_new_style_and_keeps_the_old_one(mirrored):
    model = load_model("default")
    x, y = mirrored
    learn = np.concatenate([np.flatnonzero(y == d)[:12] for d in range(10)])
    others = np.setdiff1d(np.arange(len(y)), learn)  # mirrored digits teaching never sees
    before = read(model, x[others], y[others])
    report = teach(model, x[learn], y[learn], load_embedded(), DIGITS, epochs=4)
    assert report.state == "finished" and report.learned_from == 90 and report.held_out == 30
    assert report.own_after >= report.own_before + 0.15, report
    assert report.replay_after >= report.replay_before - 0.02, "the embedded test digits are still read"
    after = read(model, x[others], y[others])
    assert after >= before + 0.1, f"other mirrored digits: {before:.1%} before teaching, {after:.1%} after"
    remembered = model.memory.sources
    assert remembered["your drawings"] == 120 and remembered["embedded training digits"] == 8000
    assert model.memory.fresh(model), "the memory's features belong to the taught weights"
    model.memory = None
    alone = read(model, x[others], y[others])
    assert after > alone, f"remembering the drawings helps: {alone:.1%} without, {after:.1%} with"


def test_a_model_without_a_memory_remembers_the_replayed_digits_and_the_drawings():
    pen = load_pen_digits(limit=40)
    model = load_model("default")
    model.memory = None
    teach(model, pen.x_test, pen.y_test, load_embedded().take(500), DIGITS, epochs=1)
    assert model.memory.sources == {"mnist-embedded training digits": 500, "your drawings": 40}
    assert model.memory.fresh(model)


def test_the_held_out_part_is_stratified_and_never_everything():
    x, y = np.zeros((40, 28, 28), np.uint8), np.repeat(np.arange(10), 4)
    x_learn, y_learn, x_check, y_check = split_own(x, y)
    assert len(x_check) == 10 and np.bincount(y_check).tolist() == [1] * 10
    _, y_learn, _, y_check = split_own(x[:2], np.array([3, 5]))
    assert len(y_learn) == 1 and len(y_check) == 1


def test_an_epoch_mixes_many_copies_of_the_drawings_with_twice_as_many_replayed_digits():
    replay = load_embedded()
    x, y = np.full((30, 28, 28), 7, np.uint8), np.full(30, 4)
    data = teaching_data(x, y, replay, DIGITS)
    own = np.all(data.x_train == 7, axis=(1, 2))
    assert own.sum() == 1500 and (~own).sum() == 3000
    assert (data.y_train[own] == 4).all()


def test_folder_classes_are_matched_by_name_to_the_models():
    images = np.zeros((3, 28, 28), np.uint8)
    folder = Dataset("mine", images, np.array([0, 1, 1]), images[:0], np.array([]), ["7", "2"], "my_digits")
    _, labels = own_digits(folder, DIGITS)
    assert labels.tolist() == [7, 2, 2]
    with pytest.raises(DatasetError, match="my_digits: 'x': not a class"):
        own_digits(Dataset("mine", images, np.array([0, 1, 1]), images[:0], np.array([]), ["7", "x"], "my_digits"),
                   DIGITS)  # fmt: skip
