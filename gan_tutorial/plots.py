"""학습 결과를 그림으로 보여 주는 함수 모음입니다.

이미지는 생성자 출력과 같은 [-1, 1] 범위의 (N, H, W, C) 또는 (N, H, W) 배열을 받습니다.
그림 함수는 모두 ``matplotlib.figure.Figure``를 돌려주며 ``plt.show``를 부르지 않습니다.
pyplot 전역 상태를 쓰지 않으므로 Agg 백엔드와 Jupyter 모두에서 그대로 쓸 수 있습니다.
"""

from __future__ import annotations

import csv
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from PIL import Image, ImageDraw, ImageFont

from gan_tutorial.errors import DataError

__all__ = [
    "PAD_VALUE",
    "PlotInputError",
    "class_histogram",
    "d_output_curves",
    "image_grid",
    "loss_curves",
    "make_progress_gif",
    "progress_figure",
    "read_history_csv",
    "real_vs_fake",
    "save_image_grid",
    "savefig",
    "setup_korean_font",
    "side_by_side",
    "tile_images",
    "to_uint8",
    "wasserstein_curve",
]

PAD_VALUE = 255  # 타일 사이 여백은 흰색입니다: 검은 바탕의 MNIST 숫자들이 뚜렷이 나뉩니다.
_FONT_FAMILY = ["NanumGothic", "DejaVu Sans"]  # 나눔고딕에 없는 글자(− 등)는 DejaVu로 채웁니다.
# 저장 시각·버전 정보를 빼서 같은 그림이면 같은 바이트가 나오게 합니다.
_METADATA = {".png": {"Software": None}, ".pdf": {"CreationDate": None}, ".svg": {"Date": None}}
_font_imported = False


class PlotInputError(DataError, ValueError):
    """그림 함수에 잘못된 입력이 들어왔을 때 내는 예외입니다."""


def setup_korean_font() -> None:
    """한글 글꼴(나눔고딕)을 등록하고 rcParams를 설정합니다. 여러 번 불러도 안전합니다."""
    global _font_imported
    if not _font_imported:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # distutils 경고를 숨깁니다.
            import koreanize_matplotlib  # noqa: F401  (import 시 글꼴을 등록합니다)
        _font_imported = True
    # 사용자가 스타일을 바꿨을 수 있으므로 rcParams는 매번 다시 씁니다(비용이 거의 없습니다).
    mpl.rcParams["font.family"] = _FONT_FAMILY
    mpl.rcParams["axes.unicode_minus"] = True  # U+2212는 DejaVu Sans로 대체되어 그려집니다.


def to_uint8(images: np.ndarray | Sequence[np.ndarray]) -> np.ndarray:
    """[-1, 1] 이미지를 0..255 uint8로 바꿉니다.

    반올림은 ``floor((x + 1) * 127.5 + 0.5)``이므로 -1→0, 0→128, 1→255입니다.
    채널이 1개면 (N, H, W)로 줄이고, RGB는 (N, H, W, 3)을 유지합니다.
    이미 uint8인 배열은 값 변환 없이 모양만 맞춥니다. NaN은 0(회색)으로 봅니다.
    """
    arr = np.asarray(images)
    if arr.size == 0:
        raise PlotInputError("이미지가 비어 있습니다: 최소 한 장이 필요합니다.")
    if arr.ndim == 4 and arr.shape[-1] == 1:
        arr = arr[..., 0]
    if not (arr.ndim == 3 or (arr.ndim == 4 and arr.shape[-1] == 3)):
        raise PlotInputError(
            f"이미지 모양은 (N, H, W), (N, H, W, 1), (N, H, W, 3) 중 하나여야 합니다: {arr.shape}"
        )
    if arr.dtype == np.uint8:
        return arr
    x = np.nan_to_num(arr.astype(np.float64), nan=0.0, posinf=1.0, neginf=-1.0)
    return np.floor((np.clip(x, -1.0, 1.0) + 1.0) * 127.5 + 0.5).astype(np.uint8)


def tile_images(
    images: np.ndarray | Sequence[np.ndarray],
    ncols: int | None = None,
    pad: int = 2,
    pad_value: int = PAD_VALUE,
) -> np.ndarray:
    """이미지들을 격자 하나로 이어 붙인 uint8 배열을 돌려줍니다.

    여백은 타일 사이에만 들어가므로 크기는 ``(rows*H + (rows-1)*pad, cols*W + (cols-1)*pad)``
    이고, 빈 칸은 ``pad_value``로 채웁니다. ``ncols``가 없으면 정사각형에 가깝게 고릅니다.
    """
    arr = to_uint8(images)
    n, h, w = arr.shape[:3]
    if ncols is None:
        ncols = int(np.ceil(np.sqrt(n)))
    if ncols < 1 or pad < 0:
        raise PlotInputError(f"ncols는 1 이상, pad는 0 이상이어야 합니다: ncols={ncols}, pad={pad}")
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    shape = (nrows * h + (nrows - 1) * pad, ncols * w + (ncols - 1) * pad, *arr.shape[3:])
    mosaic = np.full(shape, pad_value, dtype=np.uint8)
    for i, img in enumerate(arr):
        r, c = divmod(i, ncols)
        mosaic[r * (h + pad) : r * (h + pad) + h, c * (w + pad) : c * (w + pad) + w] = img
    return mosaic


def _mosaic_image(mosaic: np.ndarray, scale: int) -> Image.Image:
    """격자 배열을 PIL 이미지로 바꾸고 최근접 이웃 방식으로 ``scale``배 키웁니다."""
    if scale < 1:
        raise PlotInputError(f"scale은 1 이상의 정수여야 합니다: {scale}")
    img = Image.fromarray(mosaic)  # 2차원은 L, (H, W, 3)은 RGB로 정해집니다.
    return (
        img
        if scale == 1
        else img.resize((img.width * scale, img.height * scale), Image.Resampling.NEAREST)
    )


def save_image_grid(
    images: np.ndarray | Sequence[np.ndarray],
    path: str | Path,
    ncols: int | None = None,
    scale: int = 2,
) -> Path:
    """이미지 격자를 PNG로 저장합니다(PIL만 씁니다). 같은 입력이면 같은 바이트가 나옵니다."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _mosaic_image(tile_images(images, ncols), scale).save(path, format="PNG")
    return path


def _panel_figure(mosaics: list[np.ndarray], titles: list[str], ncols: int, width: float) -> Figure:
    """격자들을 고정 배치로 그립니다.

    이미지 축에 constrained layout을 쓰면 저장할 때마다 위치가 조금씩 달라져 바이트가 바뀌므로,
    축 위치를 인치 단위로 직접 계산합니다. 칸마다 제목 자리를 위에 둡니다.
    """
    setup_korean_font()
    aspect = max(m.shape[0] / m.shape[1] for m in mosaics)
    gap, title_h = 0.12, (0.4 if any(titles) else 0.0)
    cell_h = width * aspect + title_h
    nrows = -(-len(mosaics) // ncols)
    fig_w, fig_h = ncols * width + (ncols + 1) * gap, nrows * cell_h + (nrows + 1) * gap
    fig = Figure(figsize=(fig_w, fig_h), facecolor="white")
    for i, (mosaic, title) in enumerate(zip(mosaics, titles, strict=True)):
        row, col = divmod(i, ncols)
        left, bottom = gap + col * (width + gap), fig_h - (row + 1) * (cell_h + gap)
        ax = fig.add_axes((left / fig_w, bottom / fig_h, width / fig_w, width * aspect / fig_h))
        ax.imshow(mosaic, cmap="gray", vmin=0, vmax=255, interpolation="nearest")
        ax.set_axis_off()
        ax.set_title(title)
    return fig


def image_grid(
    images: np.ndarray | Sequence[np.ndarray], ncols: int | None = None, title: str | None = None
) -> Figure:
    """이미지 격자 하나를 눈금 없이 그린 Figure를 돌려줍니다."""
    return _panel_figure([tile_images(images, ncols)], [title or ""], 1, 5.0)


def progress_figure(
    grids: Mapping[int, np.ndarray],
    ncols_per_grid: int | None = None,
    title_fmt: str = "반복 {step}",
) -> Figure:
    """학습 단계별 생성 이미지를 단계 순서대로 나란히 그립니다(한 줄에 최대 5칸)."""
    if not grids:
        raise PlotInputError("grids가 비어 있습니다: {단계: 이미지 배열}이 하나 이상 필요합니다.")
    steps = sorted(grids)
    mosaics = [tile_images(grids[s], ncols_per_grid) for s in steps]
    titles = [title_fmt.format(step=s) for s in steps]
    return _panel_figure(mosaics, titles, min(len(steps), 5), 2.4)


def side_by_side(grids: Mapping[str, np.ndarray], ncols: int = 8) -> Figure:
    """제목 → 이미지 배열을 받아 같은 크기의 격자들을 한 줄로 나란히 그립니다."""
    if not grids:
        raise PlotInputError("grids가 비어 있습니다: {제목: 이미지 배열}이 하나 이상 필요합니다.")
    mosaics = [tile_images(images, ncols) for images in grids.values()]
    return _panel_figure(mosaics, list(grids), len(grids), 4.6)


def real_vs_fake(real: np.ndarray, fake: np.ndarray, n: int = 32, ncols: int = 8) -> Figure:
    """진짜 이미지와 생성자가 만든 이미지를 같은 크기의 격자로 나란히 그립니다."""
    return side_by_side(
        {"진짜 MNIST": to_uint8(real)[:n], "생성자가 만든 가짜": to_uint8(fake)[:n]}, ncols
    )


def read_history_csv(path: str | Path) -> dict[str, np.ndarray]:
    """헤더가 있는 학습 기록 CSV를 {열 이름: float 배열}로 읽습니다. 빈 칸은 NaN입니다."""
    path = Path(path)
    if not path.is_file():
        raise PlotInputError(f"학습 기록 파일이 없습니다: {path}")
    with path.open(newline="", encoding="utf-8") as f:
        rows = [row for row in csv.reader(f) if row]
    if not rows:
        raise PlotInputError(f"CSV에 헤더 행이 없습니다: {path}")
    header, columns = [name.strip() for name in rows[0]], [[] for _ in rows[0]]
    for i, row in enumerate(rows[1:], start=1):
        if len(row) != len(header):
            raise PlotInputError(f"{path}: 데이터 {i}번째 행의 열 개수가 헤더와 다릅니다.")
        for values, cell in zip(columns, row, strict=True):
            try:
                values.append(float(cell) if cell.strip() else float("nan"))
            except ValueError:
                raise PlotInputError(
                    f"{path}: 데이터 {i}번째 행에 숫자가 아닌 값 {cell!r}"
                ) from None
    return {name: np.asarray(vals, dtype=float) for name, vals in zip(header, columns, strict=True)}


def _moving_average(y: np.ndarray, window: int) -> np.ndarray:
    """길이를 유지하는 이동 평균입니다. 앞쪽은 있는 값만으로 평균합니다(창보다 짧아도 됩니다)."""
    csum = np.cumsum(np.insert(y, 0, 0.0))
    idx = np.arange(1, len(y) + 1)
    start = np.maximum(idx - window, 0)
    return (csum[idx] - csum[start]) / (idx - start)


def _plot_series(
    history: Mapping[str, Sequence[float]], keys: dict[str, str], smooth: int, ylabel: str
) -> tuple[Figure, Axes]:
    """``keys``(열 이름→범례)의 곡선을 반복 횟수 축 위에 그립니다. 공통 부분입니다."""
    setup_korean_font()
    missing = [k for k in keys if k not in history]
    if missing:
        raise PlotInputError(f"학습 기록에 {missing} 열이 없습니다. 있는 열: {sorted(history)}")
    if smooth < 1:
        raise PlotInputError(f"smooth는 1 이상이어야 합니다: {smooth}")
    fig = Figure(figsize=(7.0, 3.8), layout="constrained")
    ax = fig.add_subplot()
    for i, (key, label) in enumerate(keys.items()):
        y = np.asarray(history[key], dtype=np.float64)
        if y.size == 0:
            raise PlotInputError(f"학습 기록의 '{key}' 열이 비어 있습니다.")
        x = np.asarray(history.get("step", np.arange(y.size)), dtype=np.float64)
        if x.shape != y.shape:
            raise PlotInputError(f"'step'과 '{key}'의 길이가 다릅니다: {x.size} != {y.size}")
        color = f"C{i}"
        if smooth > 1:
            ax.plot(x, y, color=color, alpha=0.25, linewidth=1.0)
            ax.plot(x, _moving_average(y, smooth), color=color, linewidth=2.0, label=label)
        else:
            ax.plot(x, y, color=color, linewidth=1.5, label=label)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # 반복 횟수는 정수입니다.
    ax.set_xlabel("반복(생성자 업데이트 횟수)")
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    return fig, ax


def loss_curves(history: Mapping[str, Sequence[float]], smooth: int = 1) -> Figure:
    """판별자·생성자 손실 곡선을 그립니다. ``smooth > 1``이면 원본은 흐리게, 이동 평균은 굵게."""
    keys = {"d_loss": "판별자 손실", "g_loss": "생성자 손실"}
    fig, ax = _plot_series(history, keys, smooth, "손실")
    ax.legend()
    return fig


def d_output_curves(history: Mapping[str, Sequence[float]], smooth: int = 1) -> Figure:
    """진짜·가짜 이미지에 대한 판별자 평균 출력 D(x), D(G(z))를 그립니다."""
    keys = {
        "d_real": "D(x): 진짜에 대한 판별자 출력",
        "d_fake": "D(G(z)): 가짜에 대한 판별자 출력",
    }
    fig, ax = _plot_series(history, keys, smooth, "판별자 출력(평균)")
    ax.axhline(0.5, color="gray", linestyle="--", linewidth=1.2, label="균형점 0.5")
    ax.set_ylim(-0.02, 1.02)
    ax.legend()
    return fig


def wasserstein_curve(history: Mapping[str, Sequence[float]], smooth: int = 1) -> Figure:
    """WGAN 비평자가 잰 와서스타인 거리 추정값 E[f(x)] − E[f(G(z))]를 반복에 따라 그립니다."""
    if not {"d_real", "d_fake"} <= set(history):
        raise PlotInputError(
            f"학습 기록에 d_real, d_fake 열이 필요합니다. 있는 열: {sorted(history)}"
        )
    estimate = np.asarray(history["d_real"], float) - np.asarray(history["d_fake"], float)
    series = {"step": history["step"], "wasserstein": estimate}
    keys = {"wasserstein": "비평자의 추정: E[f(x)] − E[f(G(z))]"}
    fig, ax = _plot_series(series, keys, smooth, "와서스타인 거리 추정")
    ax.legend()
    return fig


CLASS_NAMES = (*(str(digit) for digit in range(10)), "숫자 아님")


def class_histogram(histograms: Mapping[str, Sequence[int]]) -> Figure:
    """품질 평가기의 클래스별 샘플 수(숫자 0–9와 '숫자 아님')를 비율 막대로 나란히 그립니다.

    histograms는 이름 → 길이 11의 개수(QualityReport.histogram)입니다.
    """
    setup_korean_font()
    if not histograms:
        raise PlotInputError("histograms가 비어 있습니다: {이름: 클래스별 개수}가 필요합니다.")
    fig = Figure(figsize=(8.0, 3.8), layout="constrained")
    ax = fig.add_subplot()
    width = 0.8 / len(histograms)
    for i, (name, counts) in enumerate(histograms.items()):
        counts = np.asarray(counts, dtype=float)
        if counts.shape != (len(CLASS_NAMES),) or counts.sum() <= 0:
            raise PlotInputError(
                f"'{name}'의 개수는 클래스 {len(CLASS_NAMES)}개에 대한 값이어야 합니다."
            )
        offset = (i - (len(histograms) - 1) / 2) * width
        ax.bar(np.arange(len(CLASS_NAMES)) + offset, counts / counts.sum(), width, label=name)
    ax.set_xticks(range(len(CLASS_NAMES)), CLASS_NAMES)
    ax.set_xlabel("평가기가 가장 높은 확률로 고른 클래스")
    ax.set_ylabel("전체 샘플 중 비율")
    ax.grid(axis="y", alpha=0.3)
    ax.legend()
    return fig


def _caption(img: Image.Image, text: str) -> Image.Image:
    """이미지 위쪽에 흰 띠를 붙이고 ASCII 설명(예: 'step 200')을 씁니다."""
    out = Image.new(img.mode, (img.width, img.height + 14), "white")
    out.paste(img, (0, 14))
    ImageDraw.Draw(out).text((3, 1), text, fill="black", font=ImageFont.load_default())
    return out


def make_progress_gif(
    frames: Sequence[str | Path] | Mapping[int, np.ndarray],
    path: str | Path,
    duration_ms: int = 400,
    label: bool = True,
    scale: int = 2,
    ncols: int | None = None,
) -> Path:
    """PNG 격자 파일 목록(주어진 순서) 또는 {단계: 이미지}로 무한 반복 GIF를 만듭니다.

    단계를 아는 경우(Mapping)에만 ``label``이 'step N' 설명을 붙입니다. 마지막 프레임은
    3배 오래 보여 줍니다. 연속된 두 프레임이 똑같으면 Pillow가 하나로 합칩니다.
    ncols는 {단계: 이미지}를 격자로 붙일 때의 열 수입니다(기본: 정사각형에 가깝게).
    """
    if isinstance(frames, str | Path) or len(frames) == 0:
        raise PlotInputError("GIF 프레임은 비어 있지 않은 경로 목록이나 {단계: 이미지}여야 합니다.")
    if isinstance(frames, Mapping):
        steps = sorted(frames)
        images = [_mosaic_image(tile_images(frames[s], ncols), scale) for s in steps]
        if label:
            images = [_caption(img, f"step {s}") for img, s in zip(images, steps, strict=True)]
    else:
        images = []
        for p in frames:
            with Image.open(p) as im:
                images.append(im.convert("RGB" if im.mode in ("RGB", "RGBA", "P") else "L"))
    if len({img.size for img in images}) != 1:
        raise PlotInputError(f"프레임 크기가 서로 다릅니다: {sorted({im.size for im in images})}")
    mode = "RGB" if any(img.mode == "RGB" for img in images) else "L"
    images = [img.convert(mode) for img in images]
    durations = [duration_ms] * (len(images) - 1) + [duration_ms * 3]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(
        path, format="GIF", save_all=True, append_images=images[1:], duration=durations, loop=0
    )
    return path


def savefig(fig: Figure, path: str | Path, dpi: int = 110) -> Path:
    """Figure를 저장합니다. 시각·버전 메타데이터를 빼서 같은 그림이면 같은 바이트가 됩니다."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    metadata = _METADATA.get(path.suffix.lower())
    with mpl.rc_context({"svg.hashsalt": "gan_tutorial"}):  # SVG 내부 id도 고정합니다.
        fig.savefig(path, dpi=dpi, metadata=metadata, facecolor="white")
    return path
