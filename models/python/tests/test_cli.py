"""The compression pipeline's command as a user runs it: python3 -m edgecompress.compress with
PYTHONPATH at the package root, from another folder."""
import os
import subprocess
import sys
import tempfile

import pytest

from conftest import PACKAGE_ROOT, write_tiny_csv
from edgecompress import compress, pipeline


def run(*args):
    env = dict(os.environ, PYTHONPATH=PACKAGE_ROOT)
    return subprocess.run([sys.executable, "-m", "edgecompress.compress", *args], capture_output=True, text=True,
                          timeout=300, env=env, cwd=tempfile.gettempdir())


def test_help_describes_the_pipeline():
    r = run("--help")
    assert r.returncode == 0
    for option in ("--variants", "--alpha", "--temperature", "--sparsity", "--prune-scope", "--rank", "--energy",
                   "--int8", "--qbackend", "--out-dir", "teacher", "kd+prune+int8", "int8:ENGINE", "--cnn",
                   "--lowrank-layers", "--rank-multiple", "--channels-last", "--augment", "--schedule",
                   "--student-epochs"):
        assert option in r.stdout


@pytest.mark.parametrize("variants,message", [("teacher+int8+prune", "int8 must be the last step"),
                                              ("giant", "must start with one of"),
                                              ("kd+shrink", "unknown step 'shrink'"),
                                              ("kd+prune+prune", "a step appears twice"),
                                              ("kd+int8:x86+prune", "int8 must be the last step"),
                                              ("kd+prune:x86", "unknown step 'prune:x86'"),
                                              ("kd+int8:", "unknown step 'int8:'"),
                                              ("kd+int8+int8:x86", "int8 must be the last step")])
def test_bad_variant_chains_are_usage_errors(variants, message):
    r = run("--out-dir", "/nonexistent", "--variants", variants)
    assert r.returncode == 2
    assert message in r.stderr


def test_unsupported_quantised_backend_is_a_usage_error_naming_what_is_supported():
    r = run("--out-dir", "/nonexistent", "--qbackend", "no-such-engine")
    assert r.returncode == 2
    assert "'no-such-engine' is not supported" in r.stderr and "qnnpack" in r.stderr


def test_an_engine_named_in_a_variant_is_checked_like_qbackend():
    r = run("--out-dir", "/nonexistent", "--variants", "teacher,teacher+int8:no-such-engine")
    assert r.returncode == 2
    assert "'no-such-engine' is not supported" in r.stderr


def test_int8_variants_for_two_engines_are_two_files_and_name_their_engine():
    chains = pipeline.parse_variants("kd+int8, kd+prune+int8:x86")
    assert chains == [("kd", "int8"), ("kd", "prune", "int8:x86")]
    assert [pipeline.variant_name("parts", c) for c in chains] == ["parts_kd_int8", "parts_kd_prune_int8_x86"]
    assert [pipeline.int8_backend(c[-1], "qnnpack") for c in chains] == ["qnnpack", "x86"]
    assert pipeline.int8_backend("prune", "qnnpack") is None


def test_a_run_prints_the_summary_table_and_writes_pairs_of_files(tmp_path, capsys):
    train = write_tiny_csv(str(tmp_path / "t.csv"), 10, window=16)
    out = tmp_path / "out"
    compress.main(["--data", train, "--out-dir", str(out), "--variants", "student,student+int8", "--epochs", "2",
                   "--student-widths", "8"])
    table = capsys.readouterr().out
    assert "| vibration_student | " in table and "| vibration_student_int8 | " in table and "dynamic / qnnpack" in table
    assert sorted(os.listdir(out)) == ["vibration_student.json", "vibration_student.pt",
                                       "vibration_student_int8.json", "vibration_student_int8.pt"]


def test_mismatched_test_data_is_refused(tmp_path):
    train = write_tiny_csv(str(tmp_path / "a.csv"), 4, window=16)
    test = write_tiny_csv(str(tmp_path / "b.csv"), 4, window=8)
    r = run("--data", train, "--test", test, "--out-dir", str(tmp_path / "o"))
    assert r.returncode != 0
    assert "do not match" in r.stderr
