"""gan_tutorial.plots 테스트: 값 변환, 격자 모양, 결정적 저장, 한글 글꼴, GIF를 확인합니다."""

import warnings

import numpy as np
import pytest
from PIL import Image

from gan_tutorial import plots
from gan_tutorial.errors import DataError


def _images(n: int = 10, h: int = 28, w: int = 28, c: int = 1, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.uniform(-1.0, 1.0, size=(n, h, w, c)).astype(np.float32)


def _history(n: int = 40) -> dict[str, np.ndarray]:
    step = np.arange(n, dtype=float) * 10
    decay = np.exp(-step / 200)
    return {
        "step": step,
        "d_loss": 0.7 + 0.5 * decay,
        "g_loss": 0.7 + 2.0 * decay,
        "d_real": 0.5 + 0.4 * decay,
        "d_fake": 0.5 - 0.4 * decay,
    }


def test_to_uint8_known_values():
    x = np.array([-1.0, 0.0, 1.0, -2.0, 2.0, np.nan], dtype=np.float32).reshape(1, 1, 6, 1)
    out = plots.to_uint8(x)
    assert out.dtype == np.uint8
    assert out.shape == (1, 1, 6)  # 채널 1개는 없어집니다.
    # 0은 127.5를 반올림해 128이 됩니다. 범위 밖은 잘리고 NaN은 0(=128)으로 봅니다.
    assert out.ravel().tolist() == [0, 128, 255, 0, 255, 128]


def test_to_uint8_keeps_rgb_and_accepts_3d():
    assert plots.to_uint8(_images(2, 4, 5, 3)).shape == (2, 4, 5, 3)
    assert plots.to_uint8(np.zeros((2, 4, 5))).shape == (2, 4, 5)


def test_tile_images_shape_gray():
    mosaic = plots.tile_images(_images(10), ncols=5, pad=2)
    assert mosaic.shape == (2 * 28 + 2, 5 * 28 + 4 * 2)
    assert mosaic.dtype == np.uint8
    assert (mosaic[28:30, :] == plots.PAD_VALUE).all()  # 행 사이 여백


def test_tile_images_rgb_and_default_ncols():
    mosaic = plots.tile_images(_images(10, 8, 6, 3), pad=1)
    # 10장이면 기본 4열 × 3행이고, 남는 두 칸은 여백 색으로 채웁니다.
    assert mosaic.shape == (3 * 8 + 2, 4 * 6 + 3, 3)
    assert (mosaic[-8:, -6:] == plots.PAD_VALUE).all()


def test_save_image_grid_deterministic(tmp_path):
    imgs = _images(10)
    a = plots.save_image_grid(imgs, tmp_path / "a" / "grid.png", ncols=5, scale=3)
    b = plots.save_image_grid(imgs, tmp_path / "b.png", ncols=5, scale=3)
    assert a.read_bytes() == b.read_bytes()
    with Image.open(a) as im:
        assert im.size == (3 * 148, 3 * 58)
        assert im.mode == "L"


@pytest.mark.parametrize(
    "bad",
    [np.zeros((28, 28)), np.zeros((2, 28, 28, 2)), np.zeros((0, 28, 28)), []],
)
def test_bad_images_raise(bad):
    with pytest.raises(ValueError, match="이미지"):
        plots.tile_images(bad)


def test_errors_are_value_and_data_errors(tmp_path):
    with pytest.raises(DataError, match="없습니다"):
        plots.read_history_csv(tmp_path / "none.csv")
    with pytest.raises(ValueError, match="비어"):
        plots.progress_figure({})
    with pytest.raises(ValueError, match="GIF"):
        plots.make_progress_gif([], tmp_path / "x.gif")
    with pytest.raises(ValueError, match="g_loss"):
        plots.loss_curves({"step": [0, 1], "d_loss": [1.0, 0.5]})


def _figures():
    hist = _history()
    return {
        "image_grid": plots.image_grid(_images(16), title="생성자가 만든 숫자"),
        "progress": plots.progress_figure({s: _images(9, seed=s) for s in (0, 10, 30, 200, 1000)}),
        "loss": plots.loss_curves(hist, smooth=5),
        "d_output": plots.d_output_curves(hist, smooth=1),
        "real_vs_fake": plots.real_vs_fake(_images(40, seed=1), _images(40, seed=2)),
        "class_histogram": plots.class_histogram({"가": [3] * 11, "나": [1] * 10 + [20]}),
    }


def test_figures_savefig_deterministic(tmp_path):
    for name, fig in _figures().items():
        first = plots.savefig(fig, tmp_path / "one" / f"{name}.png")
        second = plots.savefig(fig, tmp_path / "two" / f"{name}.png")
        assert first.read_bytes() == second.read_bytes(), name
        with Image.open(first) as im:
            assert im.width > 100 and im.height > 100


def test_no_missing_glyph_warnings(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = plots.loss_curves({"step": [0, 1, 2], "d_loss": [-1.5, 0, 2], "g_loss": [1, -2, 0]})
        fig.axes[0].set_title("판별자와 생성자의 손실 −1")
        plots.savefig(fig, tmp_path / "glyph.png")
    assert plots.savefig(fig, tmp_path / "glyph2.png").stat().st_size > 0


def test_loss_curves_smooth_longer_than_history():
    fig = plots.loss_curves(_history(3), smooth=50)
    lines = fig.axes[0].get_lines()
    assert len(lines) == 4  # 원본 2개 + 이동 평균 2개
    assert np.allclose(lines[1].get_ydata(), np.cumsum(_history(3)["d_loss"]) / [1, 2, 3])


def test_d_output_curves_equilibrium_line():
    fig = plots.d_output_curves(_history())
    labels = fig.axes[0].get_legend_handles_labels()[1]
    assert "균형점 0.5" in labels
    assert fig.axes[0].get_ylim()[0] < 0 < 1 < fig.axes[0].get_ylim()[1]


def test_read_history_csv_roundtrip(tmp_path):
    path = tmp_path / "history.csv"
    path.write_text("step,d_loss,g_loss,d_real,d_fake\n0,1.5,0.7,0.6,0.4\n10,1.2,,0.55,0.45\n")
    hist = plots.read_history_csv(path)
    assert list(hist) == ["step", "d_loss", "g_loss", "d_real", "d_fake"]
    assert hist["step"].tolist() == [0.0, 10.0]
    assert hist["d_loss"].dtype == np.float64
    assert np.isnan(hist["g_loss"][1])
    plots.loss_curves(hist)
    path.write_text("step,d_loss\n0,abc\n")
    with pytest.raises(ValueError, match="숫자"):
        plots.read_history_csv(path)


def test_progress_gif_from_mapping(tmp_path):
    frames = {s: _images(4, seed=s) for s in (0, 10, 200)}
    a = plots.make_progress_gif(frames, tmp_path / "a.gif")
    b = plots.make_progress_gif(frames, tmp_path / "sub" / "b.gif")
    assert a.read_bytes() == b.read_bytes()
    with Image.open(a) as im:
        assert im.n_frames == 3
        assert im.info["loop"] == 0
        im.seek(2)
        assert im.info["duration"] == 3 * 400  # 마지막 프레임은 더 오래 보입니다.


def test_progress_gif_from_png_files(tmp_path):
    paths = [
        plots.save_image_grid(_images(4, seed=s), tmp_path / f"step_{s:05d}.png") for s in range(4)
    ]
    gif = plots.make_progress_gif(paths, tmp_path / "p.gif", duration_ms=100)
    with Image.open(gif) as im, Image.open(paths[0]) as first:
        assert im.n_frames == 4
        assert im.size == first.size


def test_side_by_side_titles_and_empty_input():
    fig = plots.side_by_side({"가": _images(16, seed=1), "나": _images(9, seed=2)}, ncols=4)
    assert [ax.get_title() for ax in fig.axes] == ["가", "나"]
    with pytest.raises(plots.PlotInputError):
        plots.side_by_side({})


def test_class_histogram_draws_shares_per_class():
    fig = plots.class_histogram({"a": [5] * 10 + [50], "b": [0] * 10 + [1]})
    ax = fig.axes[0]
    heights = [patch.get_height() for patch in ax.patches]
    assert len(heights) == 22
    assert heights[:11] == pytest.approx([0.05] * 10 + [0.5])
    assert heights[11:] == pytest.approx([0.0] * 10 + [1.0])
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == "숫자 아님"
    with pytest.raises(plots.PlotInputError, match="11개"):
        plots.class_histogram({"a": [1] * 10})
