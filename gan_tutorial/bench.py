"""벤치마크: 반복 한 번의 시간과, DCGAN 기본값이 알아볼 수 있는 숫자를 만들기까지의 CPU 시간.

``python -m gan_tutorial bench`` 로 실행합니다. 단위 테스트가 아니라 측정입니다.
"""

import json
import time
from pathlib import Path

import keras
import numpy as np

from .config import TrainConfig
from .data import MnistData, load_mnist, make_dataset
from .evaluate import load_or_train_classifier, quality_report
from .runner import build_gan, train

__all__ = ["RECOGNIZABLE", "is_recognizable", "run_benchmarks", "seconds_per_step"]

# '알아볼 수 있는 숫자'의 기준: 분류기가 샘플의 40% 이상을 0.9 이상 확신으로 분류하고,
# 그렇게 분류된 샘플에 숫자 10종이 모두 있습니다. 진짜 MNIST는 약 91%가 확신으로 분류되고,
# 우리 DCGAN 샘플은 1~2분 학습에서 45~50% 근처에 머무르므로 그 아래인 40%를 문턱으로 둡니다.
RECOGNIZABLE = {"confident_share": 0.4, "classes_present": 10}


def is_recognizable(report) -> bool:
    """품질 보고서가 RECOGNIZABLE 기준을 넘는지."""
    return (
        report.confident_share >= RECOGNIZABLE["confident_share"]
        and report.classes_present >= RECOGNIZABLE["classes_present"]
    )


def seconds_per_step(config: TrainConfig, images: np.ndarray, steps: int = 30) -> float:
    """준비(그래프 추적) 반복 5번을 뺀 뒤 반복 한 번의 평균 시간(초)을 잽니다."""
    keras.utils.set_random_seed(config.seed)
    gan = build_gan(config)
    dataset = make_dataset(images, config.batch_size * config.k_disc, seed=config.seed)
    gan.fit(dataset, epochs=1, steps_per_epoch=5, shuffle=False, verbose=0)
    start = time.perf_counter()
    gan.fit(dataset, epochs=1, steps_per_epoch=steps, shuffle=False, verbose=0)
    return (time.perf_counter() - start) / steps


class _QualityProbe(keras.callbacks.Callback):
    """every 반복마다 샘플 1,000장의 품질을 재고, 학습에 든 시간만 따로 셉니다."""

    def __init__(
        self, every: int, classifier, reference: np.ndarray, max_seconds: float, latent_size: int
    ) -> None:
        super().__init__()
        self.every, self.classifier, self.reference = every, classifier, reference
        self.max_seconds = max_seconds
        self.noise = np.random.default_rng(123).standard_normal((1000, latent_size), "float32")
        self.rows: list[dict] = []

    def on_train_begin(self, logs=None) -> None:
        self.train_seconds, self._tick = 0.0, time.perf_counter()

    def on_train_batch_end(self, batch, logs=None) -> None:
        self.train_seconds += time.perf_counter() - self._tick
        step = self.model.step
        if step % self.every == 0:
            report = quality_report(
                self.model.generate(self.noise),
                classifier=self.classifier,
                reference=self.reference,
            )
            row = {
                "step": step,
                "train_seconds": round(self.train_seconds, 1),
                "recognizable": is_recognizable(report),
                **report.as_dict(),
            }
            self.rows.append(row)
            print(
                f"  반복 {step:5d}  학습 {self.train_seconds:6.1f}초  {report.summary_ko()}",
                flush=True,
            )
            if row["recognizable"] or self.train_seconds > self.max_seconds:
                self.model.stop_training = True
        self._tick = time.perf_counter()


def time_to_recognizable(
    out_dir: Path,
    max_seconds: float,
    every: int = 100,
    config: TrainConfig | None = None,
    data: MnistData | None = None,
) -> list[dict]:
    """DCGAN 기본 설정을 학습하며 every 반복마다 품질을 잽니다. 기준을 넘거나 시간이 다 되면 멈춥니다."""
    data = data if data is not None else load_mnist()
    classifier = load_or_train_classifier(data=data)
    config = (config or TrainConfig()).replace(
        steps=100_000, checkpoint_every=1000, sample_every=1000
    )
    reference = data.images[np.random.default_rng(0).permutation(len(data.images))[:1000]]
    probe = _QualityProbe(every, classifier, reference, max_seconds, config.latent_size)
    train(config, out_dir, data=data, verbose=0, figures=False, callbacks=[probe])
    return probe.rows


def run_benchmarks(out_dir: str | Path, max_seconds: float = 300.0) -> dict:
    """속도와 품질을 재서 화면에 출력하고 out_dir/bench.json에 저장합니다."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    data = load_mnist()
    images = data.images
    results: dict = {"seconds_per_step": {}}
    for model in ("mlp", "dcgan"):
        config = TrainConfig(model=model)
        seconds = seconds_per_step(config, images)
        results["seconds_per_step"][model] = round(seconds, 4)
        print(f"{model:5s} 기본값(batch {config.batch_size}): 반복당 {seconds * 1000:.1f} ms")
    print("DCGAN 기본값: 알아볼 수 있는 숫자가 나올 때까지 학습합니다 ...")
    rows = time_to_recognizable(out_dir / "dcgan_run", max_seconds, data=data)
    results["dcgan_quality"] = rows
    results["recognizable_at"] = next((r for r in rows if r["recognizable"]), None)
    (out_dir / "bench.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(json.dumps(results["recognizable_at"], ensure_ascii=False))
    return results
