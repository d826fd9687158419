"""학습 중에 부르는 Keras 콜백: 샘플 저장, 기록 CSV, NaN 감시, 체크포인트, 진행 막대.

콜백은 모두 ``gan.step``(끝낸 반복 수)을 기준으로 움직이므로, 이어서 학습할 때도
처음부터 학습할 때와 같은 반복에서 같은 일을 합니다.
"""

import csv
import math
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import keras
import numpy as np

from .checkpoint import save_checkpoint
from .errors import TrainingDivergedError
from .plots import save_image_grid
from .training import METRIC_NAMES

__all__ = ["HistoryCSV", "PeriodicCheckpoint", "ProgressBar", "SampleGrid", "StopOnNaN"]


class SampleGrid(keras.callbacks.Callback):
    """정해 둔 반복마다 고정 잡음(과 조건)으로 만든 이미지를 samples/step_XXXXXXXX.{npy,png}로 저장합니다.

    같은 잡음을 계속 쓰기 때문에, 저장된 그림을 이어 보면 생성자가 어떻게 바뀌는지 보입니다.
    """

    def __init__(
        self,
        noise: np.ndarray,
        steps: Iterable[int],
        directory: str | Path,
        condition: np.ndarray | None = None,
        ncols: int | None = None,
    ) -> None:
        super().__init__()
        self.noise, self.condition = noise, condition
        self.steps = set(steps)
        self.directory = Path(directory)
        self.ncols = ncols

    def _save(self) -> None:
        step = self.model.step
        if step not in self.steps:
            return
        images = self.model.generate(self.noise, self.condition)
        self.directory.mkdir(parents=True, exist_ok=True)
        np.save(self.directory / f"step_{step:08d}.npy", images.astype(np.float16))
        save_image_grid(images, self.directory / f"step_{step:08d}.png", ncols=self.ncols)

    def on_train_begin(self, logs=None) -> None:
        self._save()  # 반복 0: 학습 전 생성자의 출력

    def on_train_batch_end(self, batch, logs=None) -> None:
        self._save()


class HistoryCSV(keras.callbacks.Callback):
    """반복마다 지표(d_loss, g_loss, d_real, d_fake)를 CSV에 한 줄씩 덧붙입니다.

    이어서 학습하면, 체크포인트 이후에 적혔던 줄(다시 계산될 반복)을 먼저 지웁니다.
    줄마다 파일을 열고 닫으므로 학습이 어디서 멈추든 열린 파일이 남지 않습니다.
    """

    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self.path = Path(path)

    def on_train_begin(self, logs=None) -> None:
        self.columns = ("step", *getattr(self.model, "metric_names", METRIC_NAMES))
        start = self.model.step
        rows = []
        if self.path.exists():
            with open(self.path, newline="", encoding="utf-8") as file:
                rows = [r for r in csv.DictReader(file) if int(r["step"]) <= start]
        with open(self.path, "w", newline="", encoding="utf-8") as file:
            writer = csv.DictWriter(file, fieldnames=self.columns)
            writer.writeheader()
            writer.writerows(rows)

    def on_train_batch_end(self, batch, logs=None) -> None:
        row = {name: f"{float(logs[name]):.6g}" for name in self.columns[1:]}
        with open(self.path, "a", newline="", encoding="utf-8") as file:
            csv.DictWriter(file, fieldnames=self.columns).writerow({"step": self.model.step, **row})


class StopOnNaN(keras.callbacks.Callback):
    """손실이 NaN이나 무한대가 되면 이유를 적은 TrainingDivergedError로 학습을 멈춥니다."""

    def on_train_batch_end(self, batch, logs=None) -> None:
        bad = [name for name in METRIC_NAMES if not math.isfinite(float(logs[name]))]
        if bad:
            raise TrainingDivergedError(
                f"반복 {self.model.step}에서 {', '.join(bad)}가 NaN/Inf가 되어 학습을 멈췄습니다. "
                "학습률을 낮추거나 다른 시드로 다시 시작하세요(--resume은 마지막 체크포인트부터)."
            )


class PeriodicCheckpoint(keras.callbacks.Callback):
    """every 반복마다, 그리고 학습이 끝날 때 체크포인트를 저장합니다."""

    def __init__(self, directory: str | Path, every: int) -> None:
        super().__init__()
        self.directory = Path(directory)
        self.every = every

    def on_train_batch_end(self, batch, logs=None) -> None:
        if self.model.step % self.every == 0:
            save_checkpoint(self.model, self.directory)

    def on_train_end(self, logs=None) -> None:
        if self.model.step % self.every:
            save_checkpoint(self.model, self.directory)


class ProgressBar(keras.callbacks.Callback):
    """전체 반복 기준의 한국어 진행 막대: 이어서 학습하면 300 → 3000처럼 이어서 셉니다.

    터미널에서는 한 줄을 0.2초마다 고쳐 쓰고, 로그 파일처럼 터미널이 아니면 10%마다 한 줄씩 씁니다.
    """

    def __init__(self, total: int, stream=None, width: int = 24) -> None:
        super().__init__()
        self.total, self.width = total, width
        self.stream = stream if stream is not None else sys.stdout
        self._last = 0.0

    def on_train_begin(self, logs=None) -> None:
        self._first, self._started = self.model.step, time.perf_counter()
        self._interactive = getattr(self.stream, "isatty", lambda: False)()

    def _line(self, logs) -> str:
        step = self.model.step
        filled = self.width * step // self.total
        done = step - self._first
        rate = done / max(time.perf_counter() - self._started, 1e-9)
        metrics = "  ".join(
            f"{label} {float(logs[key]):.3f}" for key, label in self.model.metric_labels.items()
        )
        bar = "=" * filled + "." * (self.width - filled)
        return f"반복 {step}/{self.total} [{bar}] {metrics}  ({rate:.1f}회/초)"

    def on_train_batch_end(self, batch, logs=None) -> None:
        step, now = self.model.step, time.perf_counter()
        if self._interactive:
            if now - self._last >= 0.2 or step == self.total:
                self.stream.write("\r" + self._line(logs))
                self._last = now
        elif step == self.total or (step * 10 // self.total) != ((step - 1) * 10 // self.total):
            self.stream.write(self._line(logs) + "\n")
        self.stream.flush()

    def on_train_end(self, logs=None) -> None:
        if self._interactive:
            self.stream.write("\n")
            self.stream.flush()
