"""학습 실행 한 번을 처음부터 끝까지: 설정 → 데이터 → 모델 → fit → 그림.

CLI(``python -m gan_tutorial train``)와 문서의 노트북이 모두 이 모듈의 ``train``을 부릅니다.
결과 폴더 구조::

    OUT/config.json        설정
    OUT/checkpoints/       ckpt-XXXXXXXX.npz (최근 2개)
    OUT/samples/           고정 입력(잡음, 조건) 샘플 step_XXXXXXXX.{npy,png}
    OUT/history.csv        반복마다의 d_loss, g_loss, d_real, d_fake (WGAN-GP는 비평자 점수)
    OUT/timing.json        학습에 걸린 시간(경과 초, CPU 초)과 학습 캐시에서 왔는지
    OUT/*.png, OUT/progress.gif   그림
"""

import dataclasses
import json
import time
from collections.abc import Sequence
from pathlib import Path

import keras
import numpy as np

from . import plots, runcache
from .callbacks import HistoryCSV, PeriodicCheckpoint, ProgressBar, SampleGrid, StopOnNaN
from .checkpoint import latest_checkpoint, load_checkpoint
from .config import SEED_MAX, TrainConfig
from .data import MnistData, load_mnist, make_dataset
from .errors import DataError, GanTutorialError, check_int
from .families import build_family
from .training import GAN

__all__ = [
    "TrainingRun",
    "build_gan",
    "generate_images",
    "generate_samples",
    "load_run",
    "train",
    "translate_file",
]


def build_gan(config: TrainConfig, image_shape: tuple[int, int, int] = (28, 28, 1)) -> GAN:
    """설정의 모델 가족대로 생성자·판별자를 만들고 Adam 옵티마이저로 compile한 GAN을 돌려줍니다."""
    gan = build_family(config, image_shape)
    betas = {"beta_1": config.beta_1, "beta_2": config.beta_2}
    rate = gan.learning_rate_schedule(config.learning_rate, config.steps)
    gan.compile(
        d_optimizer=keras.optimizers.Adam(rate, **betas),
        g_optimizer=keras.optimizers.Adam(rate, **betas),
        generator_loss=config.loss,
    )
    return gan


@dataclasses.dataclass
class TrainingRun:
    """학습 한 번의 결과: 폴더, 설정, 학습된 GAN, 사용한 데이터."""

    out_dir: Path
    config: TrainConfig
    gan: GAN
    data: MnistData

    @property
    def history(self) -> dict[str, np.ndarray]:
        """history.csv를 열 이름 → 배열 사전으로 읽습니다."""
        return plots.read_history_csv(self.out_dir / "history.csv")

    @property
    def timing(self) -> dict:
        """학습에 걸린 시간: seconds(경과), cpu_seconds, cached(학습 캐시에서 불러왔으면 True).

        캐시에서 불러온 학습도 그 학습을 처음 했을 때 잰 시간을 돌려줍니다.
        """
        return json.loads((self.out_dir / "timing.json").read_text(encoding="utf-8"))

    def samples(self) -> dict[int, np.ndarray]:
        """저장된 고정 잡음 샘플: 반복 → 이미지 배열."""
        files = sorted((self.out_dir / "samples").glob("step_*.npy"))
        return {int(f.stem.split("_")[1]): np.load(f).astype(np.float32) for f in files}


def _prepare_out_dir(config: TrainConfig | None, out_dir: Path, resume: bool) -> TrainConfig:
    saved = out_dir / "config.json"
    if resume:
        stored = TrainConfig.load(saved)
        config = stored.resumed(**dataclasses.asdict(config)) if config else stored
    elif config is None:
        raise GanTutorialError("새로 학습하려면 설정(TrainConfig)이 필요합니다.")
    elif saved.exists():
        raise GanTutorialError(
            f"{out_dir}에 이미 학습 결과가 있습니다. "
            "이어서 하려면 --resume, 새로 하려면 다른 --out을 쓰세요."
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    return config


def train(
    config: TrainConfig | None,
    out_dir: str | Path,
    *,
    resume: bool = False,
    data: MnistData | None = None,
    verbose: int = 1,
    figures: bool = True,
    callbacks: Sequence[keras.callbacks.Callback] = (),
) -> TrainingRun:
    """GAN을 학습합니다. resume=True면 out_dir의 설정과 마지막 체크포인트에서 이어 갑니다.

    이어서 학습할 때 config는 None이어도 됩니다. 주면 config.json과 비교해 바꿀 수 있는 값
    (``RESUMABLE``: 반복 수, 저장 간격)만 반영하고, 다른 값이 다르면 오류를 냅니다.
    verbose=1이면 진행 막대를 보여 줍니다. callbacks는 기본 콜백 뒤에 덧붙습니다.
    """
    out_dir = Path(out_dir)
    config = _prepare_out_dir(config, out_dir, resume)
    keras.utils.set_random_seed(config.seed)  # 가중치 초기값과 데이터 섞기 순서를 고정
    data = data if data is not None else load_mnist(config.data)
    _check_enough_images(data, config)
    gan = build_gan(config, data.images.shape[1:])
    key = None if resume else runcache.run_key(config, data, callbacks)
    cached = key is not None and runcache.restore(key, out_dir, callbacks)
    # 이어서 하거나 캐시에서 불러온 학습은 준비(예: 글 인코더 사전 학습)를 다시 하지 않습니다
    conditions = gan.prepare(data, config.seed, fresh=not (resume or cached))
    # 데이터와 조건까지 받아들인 뒤에 저장합니다: 잘못된 데이터로 실패한 폴더가 '이미 학습 결과가
    # 있다'며 같은 --out의 다음 시도를 막지 않게 합니다.
    config.save(out_dir / "config.json")
    start = 0
    if resume or cached:
        checkpoint = latest_checkpoint(out_dir / "checkpoints")
        start = load_checkpoint(gan, checkpoint)
        if verbose and resume:
            print(f"{start}회부터 이어서 학습합니다: {checkpoint} → {config.steps}회까지")
    run = TrainingRun(out_dir, config, gan, data)
    if not cached and start < config.steps:
        _timed_fit(run, conditions, start, verbose, callbacks)
        if key is not None:
            runcache.store(key, out_dir, callbacks)
    if figures:
        write_figures(run)
    return run


def _timed_fit(run: TrainingRun, conditions, start: int, verbose: int, extra: Sequence) -> None:
    """_fit을 하고 걸린 시간을 timing.json에 더합니다(이어서 하면 앞의 시간에 더합니다)."""
    path = run.out_dir / "timing.json"
    timing = {"seconds": 0.0, "cpu_seconds": 0.0}
    if start and path.exists():
        timing.update(json.loads(path.read_text(encoding="utf-8")))
    wall, cpu = time.perf_counter(), time.process_time()
    _fit(run, conditions, start, verbose, extra)
    timing["seconds"] = round(timing["seconds"] + time.perf_counter() - wall, 1)
    timing["cpu_seconds"] = round(timing["cpu_seconds"] + time.process_time() - cpu, 1)
    path.write_text(json.dumps({**timing, "cached": False}), encoding="utf-8")


def _fit(
    run: TrainingRun, conditions: np.ndarray | None, start: int, verbose: int, extra: Sequence
) -> None:
    config = run.config
    images = run.data.images
    gan = run.gan
    dataset = make_dataset(
        images, config.images_per_step, seed=config.seed, skip_batches=start, conditions=conditions
    )
    noise, condition = gan.fixed_inputs(config.latent_size, config.seed)
    samples = SampleGrid(
        noise, config.sample_steps(), run.out_dir / "samples", condition, gan.grid_columns
    )
    callbacks = [
        StopOnNaN(),  # 맨 앞: NaN이 된 반복은 기록·샘플·체크포인트 전에 멈춥니다
        HistoryCSV(run.out_dir / "history.csv"),
        samples,
        PeriodicCheckpoint(run.out_dir / "checkpoints", config.checkpoint_every),
        *([ProgressBar(config.steps)] if verbose else []),
        *extra,
    ]
    gan.fit(
        dataset,
        epochs=1,
        steps_per_epoch=config.steps - start,
        shuffle=False,  # 섞기는 데이터셋이 시드로 합니다
        verbose=0,  # 진행 막대는 ProgressBar가 전체 반복 기준으로 그립니다
        callbacks=callbacks,
    )


def _check_enough_images(data: MnistData, config: TrainConfig) -> None:
    if len(data.images) < config.images_per_step:
        raise DataError(
            f"데이터 {len(data.images)}장은 반복 한 번에 필요한 batch_size×k_disc="
            f"{config.images_per_step}장보다 적습니다. 배치 크기(--batch-size)나 k(--k-disc)를 줄이세요."
        )


def write_figures(run: TrainingRun) -> None:
    """결과 폴더에 손실 곡선, D 출력 곡선, 진행 GIF, 최종 샘플, 진짜-가짜 비교를 저장합니다."""
    out, history, samples = run.out_dir, run.history, run.samples()
    ncols = run.gan.grid_columns
    smooth = max(1, len(history["step"]) // 50)
    plots.savefig(plots.loss_curves(history, smooth=smooth), out / "loss_curves.png")
    if run.gan.critic:
        plots.savefig(plots.wasserstein_curve(history, smooth=smooth), out / "wasserstein.png")
    else:
        plots.savefig(plots.d_output_curves(history, smooth=smooth), out / "d_outputs.png")
    plots.make_progress_gif(samples, out / "progress.gif", ncols=ncols)
    final = samples[max(samples)]
    plots.save_image_grid(final, out / "samples_final.png", ncols=ncols)
    rng = np.random.default_rng(run.config.seed)
    count = min(len(final), len(run.data.images))
    real = run.data.images[rng.choice(len(run.data.images), count, replace=False)]
    plots.savefig(plots.real_vs_fake(real, final), out / "real_vs_fake.png")


def load_run(run_dir: str | Path) -> tuple[TrainConfig, GAN]:
    """학습 폴더의 설정과, 마지막 체크포인트를 불러온 GAN을 돌려줍니다."""
    run_dir = Path(run_dir)
    config = TrainConfig.load(run_dir / "config.json")
    gan = build_gan(config)
    load_checkpoint(gan, latest_checkpoint(run_dir / "checkpoints"))
    return config, gan


def generate_samples(
    run_dir: str | Path, n: int, seed: int = 0, condition: object = None, stage: int | None = None
) -> tuple[np.ndarray, np.ndarray | None]:
    """학습 폴더의 마지막 체크포인트로 이미지 n장을 만듭니다.

    condition은 조건부 모델의 조건입니다(cgan: 숫자 0–9, text2image·stackgan: 설명문; 없으면 0–9를
    돌아가며). stage는 StackGAN의 단계(1: 밑그림을 28×28로 늘린 것, 2: 완성 그림)입니다.
    uint8 (n, H, W) 이미지와 샘플마다 요청한 숫자(조건 없는 모델은 None)를 돌려줍니다.
    """
    check_int("n", n)
    check_int("seed", seed, 0, SEED_MAX)
    config, gan = load_run(run_dir)
    if stage is not None and not gan.stages:
        raise GanTutorialError(f"--stage는 stackgan에만 있습니다(이 폴더의 모델: {config.model}).")
    conditions = gan.sample_conditions(condition, n)
    labels = gan.sample_labels(condition, n)
    options = {} if stage is None else {"stage": stage}
    z = gan.sample_inputs(n, seed, condition)
    batches = [
        gan.generate(
            z[i : i + 500], None if conditions is None else conditions[i : i + 500], **options
        )
        for i in range(0, n, 500)
    ]
    return plots.to_uint8(np.concatenate(batches)), labels


def generate_images(
    run_dir: str | Path, n: int, seed: int = 0, condition: object = None
) -> np.ndarray:
    """generate_samples의 이미지만: uint8 (n, H, W) 배열."""
    return generate_samples(run_dir, n, seed, condition)[0]


def translate_file(
    run_dir: str | Path, direction: str, path: str | Path
) -> tuple[np.ndarray, np.ndarray | None]:
    """CycleGAN 폴더의 생성자로 .npz(images 키, uint8 (N, 28, 28))의 그림을 바꿉니다.

    direction은 "a2b"(손글씨 → 인쇄체) 또는 "b2a"(인쇄체 → 손글씨)입니다. 바꾼 uint8 이미지와,
    파일에 레이블이 있으면 그 레이블(없으면 None)을 돌려줍니다.
    """
    if direction not in ("a2b", "b2a"):
        raise GanTutorialError(
            f"방향 {direction!r}: a2b(손글씨 → 인쇄체)나 b2a(인쇄체 → 손글씨)를 쓰세요."
        )
    model = TrainConfig.load(Path(run_dir) / "config.json").model
    if model != "cyclegan":
        raise GanTutorialError(
            f"translate는 cyclegan으로 학습한 폴더에만 씁니다(이 폴더의 모델: {model})."
        )
    _, gan = load_run(run_dir)
    if not Path(path).is_file():
        raise DataError(
            f"바꿀 파일이 없습니다: {path}. images 키에 uint8 (N, 28, 28)이 든 .npz를 주세요."
        )
    source = load_mnist(
        Path(path), verbose=False
    )  # Path: 'auto' 같은 이름을 데이터 이름으로 읽지 않게
    images = source.images
    outputs = [gan.translate(images[i : i + 500], direction) for i in range(0, len(images), 500)]
    labels = source.labels if len(source.labels) and (source.labels >= 0).all() else None
    return plots.to_uint8(np.concatenate(outputs)), labels
