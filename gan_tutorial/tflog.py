"""TensorFlow를 import할 때 C++ 런타임이 stderr에 쓰는 시작 로그를 감춥니다.

"WARNING: All log messages before absl::InitializeLog() …", "I0000 … cpu_feature_guard …",
"oneDNN custom operations are on …" 같은 줄은 TF_CPP_MIN_LOG_LEVEL을 낮춰 둔 환경에서도 나오고,
사용자가 고칠 것이 없는 영어 안내입니다. import하는 동안만 파일 기술자 2를 임시 파일로 돌려 받아 두었다가,
이 시작 로그가 아닌 줄(진짜 경고와 오류)은 그대로 stderr에 다시 씁니다.
이 파일은 표준 라이브러리만 씁니다(문서 빌드 훅이 패키지를 import하지 않고 불러 씁니다).
"""

import os
import re
import sys
import tempfile

__all__ = ["STARTUP_LINE", "drop_startup_lines", "import_tensorflow_quietly"]

STARTUP_LINE = re.compile(
    r"^(WARNING: All log messages before absl::|[IWEF]\d{4} [\d:.]+\s+\d+ \S+:\d+\]"
    r"|To enable the following instructions: .* rebuild TensorFlow)"
)


def drop_startup_lines(text: str) -> str:
    """text에서 TensorFlow C++ 시작 로그 줄만 지웁니다(다른 줄은 그대로)."""
    lines = text.splitlines(keepends=True)
    return "".join(line for line in lines if not STARTUP_LINE.match(line))


def import_tensorflow_quietly() -> None:
    """TensorFlow를 import합니다. 그동안 stderr에 나온 줄 가운데 시작 로그만 버립니다.

    이미 import되었으면 아무것도 하지 않고, 파일 기술자 2가 없으면 그냥 import합니다.
    import가 실패하면 받아 둔 출력을 모두 되돌려 쓴 뒤 예외를 그대로 올립니다.
    """
    if "tensorflow" in sys.modules:
        return
    try:
        saved = os.dup(2)
    except OSError:
        import tensorflow

        return
    sys.stderr.flush()
    with tempfile.TemporaryFile() as captured:
        os.dup2(captured.fileno(), 2)
        try:
            import tensorflow  # noqa: F401
        except BaseException:
            _restore(saved, captured, keep_all=True)
            raise
        _restore(saved, captured, keep_all=False)


def _restore(saved: int, captured, *, keep_all: bool) -> None:
    sys.stderr.flush()
    os.dup2(saved, 2)
    os.close(saved)
    captured.seek(0)
    text = captured.read().decode("utf-8", errors="replace")
    text = text if keep_all else drop_startup_lines(text)
    if text:
        sys.stderr.write(text)
        sys.stderr.flush()
