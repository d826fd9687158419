"""CLI: 학습 → 이어서 학습 → 샘플, 그리고 잘못된 입력은 한 줄 오류와 종료 코드 2."""

import json

import numpy as np
import pytest

from gan_tutorial.cli import main


@pytest.fixture(scope="module")
def data_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("data") / "tiny.npz"
    rng = np.random.default_rng(0)
    np.savez(path, images=rng.integers(0, 256, (64, 28, 28), dtype=np.uint8))
    return path


def run_cli(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_train_resume_sample(tmp_path, data_file, capsys):
    out = tmp_path / "run"
    common = ["--model", "mlp", "--batch-size", "8", "--data", data_file, "--out", out, "--quiet"]
    code, stdout, _ = run_cli(capsys, "train", "--steps", "4", "--checkpoint-every", "2", *common)
    assert code == 0 and "반복 4회" in stdout
    assert {p.name for p in out.iterdir()} >= {
        "config.json",
        "history.csv",
        "checkpoints",
        "samples",
    }
    code, stdout, _ = run_cli(capsys, "train", "--resume", "--steps", "6", "--out", out, "--quiet")
    assert code == 0 and "반복 6회" in stdout
    stored_config = json.loads((out / "config.json").read_text())
    assert stored_config["steps"] == 6 and stored_config["learning_rate"] == 2e-4  # MLP 기본값
    code, stdout, _ = run_cli(
        capsys, "sample", "--run", out, "--n", "5", "--out", tmp_path / "s.npz"
    )
    assert code == 0
    with np.load(tmp_path / "s.npz") as stored:
        assert stored["images"].dtype == np.uint8 and stored["images"].shape == (5, 28, 28)


def test_epochs_sets_steps(tmp_path, data_file, capsys):
    out = tmp_path / "run"
    code, _, _ = run_cli(
        capsys,
        "train",
        "--model",
        "mlp",
        "--epochs",
        "0.5",
        "--batch-size",
        "8",
        "--data",
        data_file,
        "--out",
        out,
        "--quiet",
    )
    assert code == 0
    assert json.loads((out / "config.json").read_text())["steps"] == 4  # 64장 × 0.5 / 8


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["train", "--steps", "-5", "--out", "x"], "steps=-5"),
        (["train", "--model", "resnet", "--out", "x"], "invalid choice"),
        (["train", "--k-disc", "11", "--out", "x"], "k_disc=11"),
        (["train", "--batch-size", "0", "--out", "x"], "batch_size=0"),
        (["train", "--batch-size", "abc", "--out", "x"], "invalid int value"),
        (["train", "--steps", "3", "--epochs", "1", "--out", "x"], "not allowed with"),
        (["train", "--resume", "--out", "nowhere"], "config.json"),
        (["train", "--data", "missing.npz", "--steps", "1", "--out", "OUT"], "missing.npz"),
        (["sample", "--run", "nowhere", "--out", "s.npz"], "config.json"),
        (["sample", "--run", "nowhere", "--out", "s.txt"], ".npz"),
        (["sample", "--run", "nowhere", "--n", "0", "--out", "s.npz"], "--n=0"),
        (["fly"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_exit_2(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(capsys, *argv)
    assert code == 2
    assert err.startswith("오류: ") and err.count("\n") == 1, err
    assert message in err
    assert "Traceback" not in err


def test_corrupt_checkpoint(tmp_path, data_file, capsys):
    out = tmp_path / "run"
    run_cli(
        capsys,
        "train",
        "--model",
        "mlp",
        "--steps",
        "2",
        "--batch-size",
        "8",
        "--data",
        data_file,
        "--out",
        out,
        "--quiet",
    )
    for checkpoint in (out / "checkpoints").glob("*.npz"):
        checkpoint.write_bytes(b"garbage")
    code, _, err = run_cli(capsys, "sample", "--run", out, "--out", tmp_path / "s.npz")
    assert code == 2 and "손상" in err and err.count("\n") == 1


def test_resume_with_conflicting_option(tmp_path, data_file, capsys):
    out = tmp_path / "run"
    run_cli(
        capsys,
        "train",
        "--model",
        "mlp",
        "--steps",
        "2",
        "--batch-size",
        "8",
        "--data",
        data_file,
        "--out",
        out,
        "--quiet",
    )
    code, _, err = run_cli(capsys, "train", "--resume", "--model", "dcgan", "--out", out)
    assert code == 2 and "model='mlp'" in err


def test_info(capsys):
    code, out, _ = run_cli(capsys, "info")
    assert code == 0
    for key in ("tensorflow", "keras", "데이터 출처", "CPU 코어"):
        assert key in out
