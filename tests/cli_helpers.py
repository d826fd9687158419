"""CLI 테스트가 함께 쓰는 도우미: 명령 실행, 레이블 있는 작은 데이터, 작은 학습 폴더."""

from pathlib import Path

import numpy as np

from gan_tutorial.cli import main


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    """CLI를 실행하고 (종료 코드, 표준 출력, 표준 오류)를 돌려줍니다."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def labelled_digits(folder: Path, n: int) -> Path:
    """무작위 uint8 이미지 n장과 0–9를 돌아가는 레이블을 folder/digits.npz에 저장합니다."""
    rng = np.random.default_rng(0)
    path = folder / "digits.npz"
    np.savez(
        path, images=rng.integers(0, 256, (n, 28, 28), dtype=np.uint8), labels=np.arange(n) % 10
    )
    return path


def train_run(data: Path, out: Path, *options) -> Path:
    """`train … --data data --out out --quiet`를 실행해 성공을 확인하고 결과 폴더를 돌려줍니다."""
    assert main([str(a) for a in ["train", *options, "--data", data, "--out", out, "--quiet"]]) == 0
    return out
