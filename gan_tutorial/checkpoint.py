"""체크포인트: GAN의 모든 상태(가중치, 옵티마이저, 잡음 난수)를 .npz 하나에 저장하고 복원합니다.

변수는 묶음(생성자, 판별자, 두 옵티마이저, 난수 상태)마다 순서대로 저장합니다. Keras가
자동으로 붙이는 층 이름은 프로세스마다 달라질 수 있어서 이름 대신 순서와 모양으로 맞춥니다.
"""

import os
import re
import zipfile
from pathlib import Path

import numpy as np

from .errors import CheckpointError
from .training import GAN

__all__ = ["checkpoint_path", "latest_checkpoint", "load_checkpoint", "save_checkpoint"]

_NAME = re.compile(r"ckpt-(\d{8})\.npz$")


def checkpoint_path(directory: str | Path, step: int) -> Path:
    """반복 step의 체크포인트 파일 경로."""
    return Path(directory) / f"ckpt-{step:08d}.npz"


def save_checkpoint(gan: GAN, directory: str | Path, keep: int = 2) -> Path:
    """현재 상태를 저장하고 오래된 체크포인트는 최근 keep개만 남깁니다.

    임시 파일에 쓴 뒤 이름을 바꾸므로, 저장 도중 프로세스가 죽어도 이전 체크포인트는 안전합니다.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    arrays = {
        f"{group}/{i:04d}": np.asarray(variable)
        for group, variables in gan.state_variables().items()
        for i, variable in enumerate(variables)
    }
    path = checkpoint_path(directory, gan.step)
    temporary = path.with_suffix(".tmp")
    with open(temporary, "wb") as file:
        np.savez(file, **arrays)
    os.replace(temporary, path)
    for old in _checkpoints(directory)[:-keep]:
        old.unlink()
    return path


def _checkpoints(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("ckpt-*.npz") if _NAME.search(p.name))


def latest_checkpoint(directory: str | Path) -> Path:
    """가장 최근 체크포인트. 없으면 CheckpointError."""
    found = _checkpoints(Path(directory)) if Path(directory).is_dir() else []
    if not found:
        raise CheckpointError(
            f"{directory}에 체크포인트(ckpt-*.npz)가 없습니다. 먼저 train으로 학습하세요."
        )
    return found[-1]


def load_checkpoint(gan: GAN, path: str | Path) -> int:
    """체크포인트를 gan에 불러오고, 저장된 반복 수를 돌려줍니다.

    gan은 같은 설정으로 만들고 compile까지 한 상태여야 합니다.
    """
    path = Path(path)
    try:
        with np.load(path) as stored:
            arrays = {key: stored[key] for key in stored.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as error:
        raise CheckpointError(
            f"체크포인트 {path}가 손상되었습니다({type(error).__name__}). "
            "이전 체크포인트를 쓰거나 새로 학습하세요."
        ) from None
    groups = gan.state_variables()
    expected = {f"{g}/{i:04d}": v for g, vs in groups.items() for i, v in enumerate(vs)}
    if set(arrays) != set(expected):
        raise CheckpointError(
            f"체크포인트 {path}의 변수 목록이 이 모델과 다릅니다. config.json과 같은 설정인지 확인하세요."
        )
    for key, variable in expected.items():
        if tuple(arrays[key].shape) != tuple(variable.shape):
            raise CheckpointError(
                f"체크포인트 {path}의 {key} 모양 {arrays[key].shape}가 모델의 {variable.shape}와 "
                "다릅니다. 같은 설정(config.json)으로 만든 모델에 불러오세요."
            )
    for key, variable in expected.items():
        variable.assign(arrays[key])
    return gan.step
