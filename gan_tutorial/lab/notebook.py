"""문서 노트북(과 여러분의 Jupyter·Colab)에서 쓰는 작은 도우미.

- ``setup_page()``: 한글 글꼴, 시드, 그림 형식을 한 번에 맞춥니다.
- ``budget(steps)``: 학습 반복 수에 ``GAN_TUTORIAL_BUDGET`` 배율을 곱합니다. 기본 1배는
  2코어 CPU에서 사이트 전체 빌드가 10분 안에 끝나는 크기이고, 더 크게 주면 같은 코드로
  더 오래 학습해 더 좋은 그림을 얻습니다.
- ``output_dir(name)``: 학습 결과를 둘 폴더 (``GAN_TUTORIAL_OUTPUT``, 기본 ``outputs/``).
- ``site_files(name)``: 사이트에 함께 넣을 파일의 폴더 (``GAN_TUTORIAL_SITE_FILES``, 기본
  ``outputs/site/``). 빌드 훅이 이 폴더의 ``name/…``을 사이트의 ``name/…``에 넣습니다.
- ``show_source(obj)``: 패키지의 코드를 페이지에 그대로 보여 줍니다(복사본을 두지 않습니다).
- ``cpu_time_report()``: 이 커널이 지금까지 쓴 CPU 시간을 한 줄로 알려 줍니다.
- ``training_time(run)``: ``train()``의 학습에 든 시간을 한 줄 조각으로(학습 캐시에서 왔으면 그렇다고).
- ``answer(text)``: 연습 문제의 풀이를 접힌 상자로 보여 줍니다. 풀이의 숫자를 셀이 계산해 넣을 때 씁니다.
"""

import inspect
import os
import shutil
import time
from pathlib import Path

import keras

from ..errors import GanTutorialError
from ..plots import setup_korean_font

__all__ = [
    "answer",
    "budget",
    "cpu_time_report",
    "output_dir",
    "setup_page",
    "show_source",
    "site_files",
    "training_time",
]

BUDGET_ENV = "GAN_TUTORIAL_BUDGET"


def setup_page(seed: int = 0) -> None:
    """한글 글꼴을 쓰고, 전역 시드를 고정하고, 그림을 셀 아래에 PNG(dpi 110)로 보이게 합니다."""
    import matplotlib.pyplot as plt
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:  # Jupyter·Colab: pyplot 없이 만든 Figure도 셀 출력으로 보이게
        shell.run_line_magic("matplotlib", "inline")
    setup_korean_font()
    plt.rcParams["figure.dpi"] = 110
    keras.utils.set_random_seed(seed)


def budget_scale() -> float:
    """``GAN_TUTORIAL_BUDGET`` 값(기본 1). 0.1~100 밖이거나 숫자가 아니면 오류입니다."""
    raw = os.environ.get(BUDGET_ENV, "1")
    try:
        scale = float(raw)
    except ValueError:
        scale = float("nan")
    if not 0.1 <= scale <= 100:
        raise GanTutorialError(f"{BUDGET_ENV}={raw!r}: 0.1에서 100 사이의 숫자를 쓰세요.")
    return scale


def budget(steps: int) -> int:
    """기본 예산의 반복 수 steps에 배율을 곱한 값(최소 1)."""
    return max(1, round(steps * budget_scale()))


def _folder(variable: str, default: str, name: str, fresh: bool) -> Path:
    """``$variable/name`` (없으면 ``default/name``) 폴더. fresh=True면 비우고 새로 만듭니다."""
    path = Path(os.environ.get(variable, default)) / name
    if fresh and path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    return path


def output_dir(name: str, fresh: bool = True) -> Path:
    """학습 결과 폴더 ``$GAN_TUTORIAL_OUTPUT/name``. fresh=True면 비우고 새로 만듭니다."""
    return _folder("GAN_TUTORIAL_OUTPUT", "outputs", name, fresh)


def site_files(name: str) -> Path:
    """사이트의 ``name/`` 아래에 들어갈 파일을 쓸 빈 폴더 ``$GAN_TUTORIAL_SITE_FILES/name``."""
    return _folder("GAN_TUTORIAL_SITE_FILES", "outputs/site", name, fresh=True)


def show_source(obj: object):
    """함수·클래스의 소스 코드를 강조 표시된 코드 블록으로 보여 줍니다."""
    from IPython.display import Markdown

    return Markdown(f"```python\n{inspect.getsource(obj).rstrip()}\n```")


def cpu_time_report() -> str:
    """이 커널(프로세스)이 시작한 뒤 쓴 CPU 시간과 경과 시간을 한 줄로 돌려줍니다."""
    import psutil

    process = psutil.Process()
    cpu = time.process_time()
    wall = time.time() - process.create_time()
    return (
        f"이 페이지의 셀을 실행하는 데 CPU 시간 {cpu:.1f}초(경과 시간 {wall:.1f}초)가 들었습니다."
    )


def answer(text: str):
    """마크다운 text를 '풀이'라는 접힌 상자에 담아 보여 줍니다(사이트에서는 눌러야 펼쳐집니다).

    문서의 연습 문제는 이 셀의 코드를 숨기고(셀 태그 ``hide-input``) 출력만 보여 주므로, 풀이에 적은
    숫자는 빌드가 실행한 셀이 계산한 값입니다.
    """
    import markdown
    from IPython.display import HTML

    body = markdown.markdown(text, extensions=["tables"])
    # tex2jax_process: 셀 출력은 수식 조판에서 빠지지만, 풀이 안의 수식은 조판합니다
    return HTML(f'<details class="note tex2jax_process"><summary>풀이</summary>{body}</details>')


def training_time(run) -> str:
    """학습(fit, 콜백 포함)에 든 시간: "학습 CPU 274초(경과 270초)". 문서 빌드가 학습 캐시에서 불러온 학습이면
    그 학습을 처음 했을 때 잰 시간이고, 그렇다고 덧붙입니다."""
    timing = run.timing
    text = f"학습 CPU {timing['cpu_seconds']:.0f}초(경과 {timing['seconds']:.0f}초)"
    if timing.get("cached"):
        text += ", 빌드의 학습 캐시에서 불러온 학습을 처음 했을 때 잰 시간"
    return text
