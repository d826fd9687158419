"""학습 실행 캐시: 같은 학습을 두 번 하지 않습니다(문서 빌드가 켭니다).

환경 변수 ``GAN_TUTORIAL_RUN_CACHE``에 폴더를 주면 ``train()``이 학습을 마칠 때마다 결과(설정,
history.csv, 샘플, 마지막 체크포인트, 걸린 시간, 콜백이 모은 값)를 그 폴더에 키 이름으로 저장하고,
같은 키의 학습을 다시 부르면 학습하는 대신 저장된 결과를 불러옵니다. 키는 학습 결과를 정하는 것 전부입니다:

- 설정(config.json 전체)과 데이터의 내용(이미지와 레이블의 바이트),
- 학습 코드: 러너와 그 모델 가족 모듈이 (정적으로) 불러오는 패키지 파일 전부. 그림 코드(plots.py)는
  학습에 쓰이지 않으므로 빼서, 그림을 고치면 학습은 캐시에서 오고 그림만 새로 그립니다,
- TensorFlow·Keras·NumPy·Python 버전과 TensorFlow 스레드 수,
- 덧붙인 콜백마다 ``cache_token()``: 그 콜백이 하는 일과 코드. 이 메서드가 없거나 None을 돌려주는
  콜백(학습을 바꾸거나, 시간처럼 다시 잴 때마다 달라지는 것에 기대는 콜백)이 있으면 캐시를 쓰지 않습니다.

환경 변수가 없으면(명령줄, Colab, 여러분의 노트북) 아무것도 하지 않습니다.
"""

import ast
import dataclasses
import hashlib
import json
import os
import platform
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from .checkpoint import latest_checkpoint
from .config import TrainConfig
from .data import MnistData, fingerprint

__all__ = [
    "CACHE_ENV",
    "LOG_ENV",
    "array_digest",
    "restore",
    "run_key",
    "source_closure",
    "source_digest",
    "store",
]

CACHE_ENV = "GAN_TUTORIAL_RUN_CACHE"
LOG_ENV = "GAN_TUTORIAL_RUN_LOG"  # 쓴 키를 한 줄씩 적을 파일(빌드가 페이지마다 모읍니다)
PACKAGE = Path(__file__).resolve().parent
# 학습 결과와 학습 중 측정값에 영향을 주지 않는 모듈(그림): 코드 digest에서 뺍니다
NOT_TRAINING = frozenset({"gan_tutorial.plots"})
_KEPT = ("config.json", "history.csv", "timing.json", "samples")


def _module_path(name: str) -> Path | None:
    parts = name.split(".")
    if parts[0] != "gan_tutorial":
        return None
    base = PACKAGE.joinpath(*parts[1:])
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _imports(name: str, path: Path) -> set[str]:
    """모듈 파일이 불러오는 gan_tutorial 모듈 이름들(함수 안의 import 포함)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            base = base[: len(base) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return {m for m in found if _module_path(m) is not None}


def source_closure(modules: Iterable[str], skip: frozenset[str] = NOT_TRAINING) -> list[Path]:
    """modules와 그것들이 (정적으로, 부모 패키지 포함) 불러오는 패키지 파일 전부. skip은 따라가지 않습니다."""
    seen: dict[str, Path] = {}
    todo = list(modules)
    while todo:
        name = todo.pop()
        path = _module_path(name)
        if name in seen or name in skip or path is None:
            continue
        seen[name] = path
        parents = [".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)]
        todo.extend([*parents, *_imports(name, path)])
    return sorted(set(seen.values()))


def source_digest(modules: Iterable[str], skip: frozenset[str] = NOT_TRAINING) -> str:
    """source_closure 파일들의 (경로, 내용) sha256."""
    digest = hashlib.sha256()
    for path in source_closure(modules, skip):
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def array_digest(*arrays) -> str:
    """배열들의 (dtype, 모양, 바이트) sha256 앞 16자리: 분류기 가중치나 기준 데이터의 지문."""
    digest = hashlib.sha256()
    for array in arrays:
        array = np.ascontiguousarray(array)
        digest.update(str((array.dtype, array.shape)).encode())
        digest.update(array.tobytes())
    return digest.hexdigest()[:16]


def _environment() -> dict:
    return {
        "python": platform.python_version(),
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "numpy": np.__version__,
        "threads": [os.environ.get("TF_NUM_INTRAOP_THREADS"), os.cpu_count()],
    }


def run_key(config: TrainConfig, data: MnistData, callbacks: Sequence) -> str | None:
    """이 학습의 캐시 키. 캐시가 꺼져 있거나 캐시할 수 없는 콜백이 있으면 None."""
    if not os.environ.get(CACHE_ENV):
        return None
    tokens = [getattr(callback, "cache_token", lambda: None)() for callback in callbacks]
    if any(token is None for token in tokens):
        return None
    from .families import FAMILIES

    family = f"gan_tutorial.families.{FAMILIES[config.model]}"
    parts = {
        "config": dataclasses.asdict(config),
        "data": fingerprint(data),
        "code": source_digest(["gan_tutorial.runner", family]),
        "environment": _environment(),
        "callbacks": tokens,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:20]


def _entry(key: str) -> Path:
    return Path(os.environ[CACHE_ENV]) / key


def _log(key: str, hit: bool) -> None:
    if path := os.environ.get(LOG_ENV):
        with open(path, "a", encoding="utf-8") as file:
            file.write(json.dumps({"key": key, "hit": hit}) + "\n")


def _copy_run(source: Path, target: Path) -> None:
    """학습 폴더의 _KEPT 파일·폴더를 옮겨 씁니다(체크포인트는 따로)."""
    for name in _KEPT:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name, dirs_exist_ok=True)
        else:
            shutil.copy2(source / name, target / name)


def restore(key: str, out_dir: Path, callbacks: Sequence) -> bool:
    """저장된 학습이 있으면 out_dir에 풀고 콜백의 값을 되살린 뒤 True. 없으면 False."""
    entry = _entry(key)
    if not (entry / "callbacks.json").is_file():
        return False
    _copy_run(entry, out_dir)
    timing = json.loads((out_dir / "timing.json").read_text(encoding="utf-8"))
    (out_dir / "timing.json").write_text(json.dumps({**timing, "cached": True}), encoding="utf-8")
    (out_dir / "checkpoints").mkdir(exist_ok=True)
    checkpoint = latest_checkpoint(entry)
    shutil.copy2(checkpoint, out_dir / "checkpoints" / checkpoint.name)
    states = json.loads((entry / "callbacks.json").read_text(encoding="utf-8"))
    for callback, state in zip(callbacks, states, strict=True):
        callback.restore_cache_state(state)
    _log(key, hit=True)
    return True


def store(key: str, out_dir: Path, callbacks: Sequence) -> None:
    """끝난 학습을 키 이름으로 저장합니다(임시 폴더에 쓴 뒤 이름을 바꿉니다)."""
    entry = _entry(key)
    temporary = entry.with_name(f"{key}.tmp{os.getpid()}")
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir(parents=True)
    _copy_run(out_dir, temporary)
    shutil.copy2(latest_checkpoint(out_dir / "checkpoints"), temporary)
    states = [callback.cache_state() for callback in callbacks]
    (temporary / "callbacks.json").write_text(json.dumps(states), encoding="utf-8")
    shutil.rmtree(entry, ignore_errors=True)
    temporary.rename(entry)
    _log(key, hit=False)
