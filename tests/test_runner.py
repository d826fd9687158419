"""학습 실행: 이어서 학습 = 한 번에 학습, 강제 종료 후 재개, NaN 중단, 결과 파일."""

import keras
import numpy as np
import pytest

from gan_tutorial.checkpoint import latest_checkpoint, load_checkpoint, save_checkpoint
from gan_tutorial.config import TrainConfig
from gan_tutorial.data import MnistData
from gan_tutorial.errors import CheckpointError, GanTutorialError, TrainingDivergedError
from gan_tutorial.runner import build_gan, generate_images, train


@pytest.fixture(scope="module")
def data() -> MnistData:
    images = np.random.default_rng(0).uniform(-1, 1, (256, 28, 28, 1)).astype("float32")
    return MnistData(images, np.zeros(256, "int64"), "테스트용 난수 이미지")


def weights(run) -> list[np.ndarray]:
    gan = run.gan
    variables = gan.generator.variables + gan.discriminator.variables
    if gan.average_generator is not None:  # DCGAN 기본값: 지수 이동 평균 생성자도 같아야 합니다
        variables += gan.average_generator.variables
    return [np.asarray(v) for v in variables]


def assert_same_weights(a, b):
    for x, y in zip(weights(a), weights(b), strict=True):
        np.testing.assert_allclose(x, y, rtol=1e-5, atol=1e-6)


CONFIG = TrainConfig(
    model="mlp",
    steps=100,
    batch_size=16,
    k_disc=2,
    latent_size=16,
    checkpoint_every=25,
    sample_every=50,
)


def test_resume_equals_uninterrupted(tmp_path, data):
    straight = train(CONFIG, tmp_path / "straight", data=data, verbose=0, figures=False)
    train(CONFIG.replace(steps=50), tmp_path / "split", data=data, verbose=0, figures=False)
    resumed = train(CONFIG, tmp_path / "split", resume=True, data=data, verbose=0, figures=False)
    assert resumed.gan.step == straight.gan.step == 100
    assert int(resumed.gan.d_optimizer.iterations.numpy()) == 200
    assert_same_weights(straight, resumed)
    np.testing.assert_allclose(straight.history["g_loss"], resumed.history["g_loss"], rtol=1e-5)


def test_dcgan_resume_keeps_batchnorm_statistics(tmp_path, data):
    config = TrainConfig(
        model="dcgan", filters=4, steps=12, batch_size=8, latent_size=8, checkpoint_every=6
    )
    straight = train(config, tmp_path / "a", data=data, verbose=0, figures=False)
    train(config.replace(steps=6), tmp_path / "b", data=data, verbose=0, figures=False)
    resumed = train(config, tmp_path / "b", resume=True, data=data, verbose=0, figures=False)
    assert_same_weights(straight, resumed)


class KillAt(keras.callbacks.Callback):
    """반복 step에서 프로세스가 죽은 것처럼 학습을 끊습니다."""

    def __init__(self, step: int) -> None:
        super().__init__()
        self.step = step

    def on_train_batch_end(self, batch, logs=None):
        if self.model.step == self.step:
            raise KeyboardInterrupt


def test_killed_run_resumes_from_last_checkpoint(tmp_path, data):
    with pytest.raises(KeyboardInterrupt):
        train(CONFIG, tmp_path / "run", data=data, verbose=0, figures=False, callbacks=[KillAt(37)])
    assert latest_checkpoint(tmp_path / "run" / "checkpoints").name == "ckpt-00000025.npz"
    resumed = train(CONFIG, tmp_path / "run", resume=True, data=data, verbose=0, figures=False)
    straight = train(CONFIG, tmp_path / "straight", data=data, verbose=0, figures=False)
    assert_same_weights(straight, resumed)
    steps = resumed.history["step"]
    np.testing.assert_array_equal(steps, np.arange(1, 101))  # 26–37행은 다시 쓰여 한 번씩만


def test_outputs_written(tmp_path, data):
    run = train(CONFIG.replace(steps=60), tmp_path / "run", data=data, verbose=0)
    out = run.out_dir
    for name in (
        "config.json",
        "history.csv",
        "loss_curves.png",
        "d_outputs.png",
        "progress.gif",
        "samples_final.png",
        "real_vs_fake.png",
    ):
        assert (out / name).exists(), name
    assert sorted(run.samples()) == [0, 10, 30, 50, 60]
    assert sorted(p.name for p in (out / "checkpoints").iterdir()) == [
        "ckpt-00000050.npz",
        "ckpt-00000060.npz",
    ]
    assert TrainConfig.load(out / "config.json") == CONFIG.replace(steps=60)
    images = generate_images(out, 7, seed=3)
    assert images.dtype == np.uint8 and images.shape == (7, 28, 28)
    np.testing.assert_array_equal(images, generate_images(out, 7, seed=3))


def test_nan_stops_training_with_clear_message(tmp_path, data):
    import psutil

    broken = MnistData(np.full_like(data.images, np.nan), data.labels, "NaN")
    with pytest.raises(TrainingDivergedError, match="반복 1에서 d_loss"):
        train(CONFIG, tmp_path / "nan", data=broken, verbose=0, figures=False)
    assert not (tmp_path / "nan" / "checkpoints").exists()  # NaN 가중치는 저장하지 않음
    still_open = [f.path for f in psutil.Process().open_files() if str(tmp_path) in f.path]
    assert still_open == []  # history.csv도 닫혔습니다
    assert (tmp_path / "nan" / "history.csv").read_text().splitlines() == [
        "step,d_loss,g_loss,d_real,d_fake"
    ]  # NaN 줄은 기록하지 않음


def test_resume_refuses_a_changed_setting_and_applies_a_resumable_one(tmp_path, data):
    train(CONFIG.replace(steps=30), tmp_path / "run", data=data, verbose=0, figures=False)
    with pytest.raises(GanTutorialError, match=r"learning_rate을\(를\) 바꿀 수 없습니다"):
        train(CONFIG.replace(learning_rate=0.05), tmp_path / "run", resume=True, data=data)
    longer = CONFIG.replace(steps=40, checkpoint_every=5, sample_every=7)
    run = train(longer, tmp_path / "run", resume=True, data=data, verbose=0, figures=False)
    assert TrainConfig.load(tmp_path / "run" / "config.json") == longer
    assert run.gan.step == 40 and sorted(run.samples()) == [0, 10, 30, 35, 40]  # 7의 배수: 35


def test_existing_run_is_not_overwritten(tmp_path, data):
    train(CONFIG.replace(steps=2), tmp_path / "run", data=data, verbose=0, figures=False)
    with pytest.raises(GanTutorialError, match="--resume"):
        train(CONFIG.replace(steps=2), tmp_path / "run", data=data, verbose=0, figures=False)


def test_too_little_data(tmp_path, data):
    small = MnistData(data.images[:10], data.labels[:10], "작은 데이터")
    with pytest.raises(GanTutorialError, match="batch_size×k_disc=32"):
        train(CONFIG, tmp_path / "run", data=small, verbose=0, figures=False)


def test_checkpoint_errors(tmp_path):
    with pytest.raises(CheckpointError, match="체크포인트"):
        latest_checkpoint(tmp_path / "none")
    gan = build_gan(TrainConfig(model="mlp", latent_size=8))
    bad = tmp_path / "ckpt-00000001.npz"
    bad.write_bytes(b"not a zip file")
    with pytest.raises(CheckpointError, match="손상"):
        load_checkpoint(gan, bad)
    path = save_checkpoint(gan, tmp_path / "mlp")
    other = build_gan(TrainConfig(model="dcgan", filters=4, latent_size=8))
    with pytest.raises(CheckpointError, match=r"config\.json"):
        load_checkpoint(other, path)
    truncated = tmp_path / "ckpt-00000002.npz"
    truncated.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(CheckpointError, match="손상"):
        load_checkpoint(gan, truncated)
