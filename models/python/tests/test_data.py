"""Reading the datasets the pipeline (and the bench) start from."""
import os

import pytest
import torch
from PIL import Image

from conftest import write_tiny_csv, write_tiny_images
from edgecompress import data


def test_csv_in_the_simulator_format_gives_channels_by_window(tmp_path):
    ds = data.load(write_tiny_csv(str(tmp_path / "d.csv"), 5, window=16))
    assert ds.kind == "csv"
    assert tuple(ds.x.shape) == (15, 3, 16)
    assert ds.labels == ["high", "low", "mid"]  # not the simulator's states: sorted
    assert sorted(ds.y.tolist()) == [0] * 5 + [1] * 5 + [2] * 5


def test_the_simulator_states_keep_the_daemon_order(tmp_path):
    f = tmp_path / "s.csv"
    f.write_text("label,x_0,x_1\nbearing_fault,1,2\nnormal,0,0\nimbalance,3,3\nmisalignment,1,1\n")
    ds = data.load(str(f))
    assert ds.labels == ["normal", "imbalance", "misalignment", "bearing_fault"]
    assert ds.y.tolist() == [3, 0, 1, 2]


def test_explicit_labels_fix_the_order_and_refuse_strangers(tmp_path):
    f = write_tiny_csv(str(tmp_path / "d.csv"), 2, window=8)
    assert data.load(f, labels=["mid", "low", "high"]).labels == ["mid", "low", "high"]
    with pytest.raises(ValueError, match=r"labels \['mid'\] are not in the label list"):
        data.load(f, labels=["low", "high"])


def test_grey_images_give_one_channel_in_unit_range_and_folders_are_labels(tmp_path):
    root = write_tiny_images(str(tmp_path / "img"), 3, size=12)
    ds = data.load(root)
    assert ds.kind == "images" and ds.labels == ["bar", "disc", "square"]
    assert tuple(ds.x.shape) == (9, 1, 12, 12)
    assert ds.x.min() >= 0 and ds.x.max() == 1.0


def test_colour_images_give_three_channels_in_rgb_order(tmp_path):
    root = write_tiny_images(str(tmp_path / "img"), 2, size=12, mode="RGB")
    ds = data.load(root)
    assert tuple(ds.x.shape) == (6, 3, 12, 12)
    lit = ds.x[0].amax(dim=(1, 2))
    assert lit.tolist() == pytest.approx([1.0, 200 / 255, 50 / 255])


def test_images_of_different_sizes_are_refused_naming_the_file_unless_resized(tmp_path):
    root = write_tiny_images(str(tmp_path / "img"), 2, size=12)
    odd = os.path.join(root, "disc", "odd.png")
    Image.new("L", (10, 12)).save(odd)
    with pytest.raises(ValueError, match="odd.png: shape"):
        data.load(root)
    assert tuple(data.load(root, image_size=(8, 8)).x.shape[1:]) == (1, 8, 8)


def test_stratified_split_keeps_every_class_on_both_sides(tmp_path):
    ds = data.load(write_tiny_csv(str(tmp_path / "d.csv"), 10, window=8))
    train, test = data.split(ds, 0.2, seed=3)
    assert len(train) == 24 and len(test) == 6
    assert sorted(test.y.tolist()) == [0, 0, 1, 1, 2, 2]
    again, _ = data.split(ds, 0.2, seed=3)
    assert torch.equal(again.x, train.x)


def test_missing_path_and_empty_folder_are_clear_errors(tmp_path):
    with pytest.raises(ValueError, match="no such file or directory"):
        data.load(str(tmp_path / "nope.csv"))
    with pytest.raises(ValueError, match="one sub-folder per label"):
        data.load(str(tmp_path))
