"""MkDocs 훅: docs/의 노트북을 빌드 때 실행하고, 실행 결과를 캐시합니다.

캐시 키 = 노트북 파일 + 페이지가 읽는 소스 전체(``SOURCES``: gan_tutorial 패키지, docs/의
파이썬 파일(페이지가 읽는 gan_in_100_lines.py와 이 훅), requirements.txt) + GAN_TUTORIAL_BUDGET.
하나라도 바뀌면 그 노트북을 다시 실행합니다. 셀 하나라도 실패하면 빌드가 실패합니다.
mkdocs-jupyter는 실행된 사본을 (다시 실행하지 않고) HTML로 바꾸기만 합니다.

노트북은 사이트에 함께 넣을 파일도 만들 수 있습니다(예: dcgan_plus가 내보내는 직접 해 보기 페이지의 생성자).
커널의 GAN_TUTORIAL_SITE_FILES 폴더에 쓴 ``a/b.bin``은 사이트의 ``a/b.bin``이 됩니다. 이 파일들은
실행본과 한 묶음이라, 캐시 키가 바뀌거나 파일 하나라도 없어지면 노트북을 다시 실행합니다.

실행할 노트북은 GAN_TUTORIAL_JOBS(기본 2)개씩 동시에, 저마다의 커널에서 돌립니다. 이때 커널마다
TensorFlow 스레드를 (코어 수 ÷ JOBS)개로 줄입니다. 작은 모델은 스레드 하나로도 거의 같은 속도라서, 두 커널이
코어를 나눠 쓰면 빌드가 빨라집니다(잰 값: 동시에 돌린 DCGAN 300번이 기본 스레드로 20.5초, 한 스레드로 10.6초).
"""

import hashlib
import importlib.util
import json
import logging
import os
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "notebooks"
# 셀 하나의 제한 시간(초). 멈춘 커널을 잡는 안전장치입니다: 가장 긴 셀(cyclegan 학습)이 느린 2코어
# 기계에서 두 노트북이 함께 돌 때 900초를 넘긴 적이 있어(2026-12-01 CI), 그 두 배를 넘게 둡니다.
CELL_TIMEOUT = int(os.environ.get("GAN_TUTORIAL_CELL_TIMEOUT", "2400"))
JOBS = max(1, int(os.environ.get("GAN_TUTORIAL_JOBS", "2")))
log = logging.getLogger("mkdocs.hooks.notebooks")
# TensorFlow C++ 런타임이 import 때 stderr에 쓰는 로그의 모양은 패키지의 tflog 모듈이 정합니다.
# 이 빌드 프로세스에 TensorFlow를 올리지 않도록 패키지 대신 그 파일 하나만 불러옵니다.
_spec = importlib.util.spec_from_file_location(
    "gan_tutorial_tflog", ROOT / "gan_tutorial" / "tflog.py"
)
tflog = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tflog)


# 2코어 CPU의 깨끗한 빌드에서 잰 노트북 실행 시간(초, 2026-12-05, 두 노트북이 스레드 하나씩으로 함께 돔,
# 행렬곱 324 GFLOP/s인 기계). 실행 순서를 정하는 데만 씁니다(오래 걸리는 것부터).
TYPICAL_SECONDS = {
    "cyclegan": 593,
    "dcgan_plus": 409,
    "stackgan": 272,
    "wgan_gp": 222,
    "text2image": 200,
    "mode_collapse": 190,
    "dcgan": 178,
    "cgan": 122,
    "training": 51,
    "gan_in_100_lines": 49,
}

# 노트북이 읽는 파일들 (ROOT 기준 glob). 여기에 없는 파일을 읽는 페이지를 만들면 추가하세요.
SOURCES = ("gan_tutorial/**/*.py", "docs/**/*.py", "docs/data/*.csv", "requirements.txt")


def source_digest(root: Path = ROOT) -> str:
    """SOURCES에 맞는 모든 파일(경로와 내용)의 해시."""
    digest = hashlib.sha256()
    paths = {path for pattern in SOURCES for path in root.glob(pattern) if path.is_file()}
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(notebook: Path, sources: str) -> str:
    digest = hashlib.sha256(notebook.read_bytes())
    digest.update(sources.encode())
    digest.update(os.environ.get("GAN_TUTORIAL_BUDGET", "1").encode())
    return digest.hexdigest()[:16]


def drop_tensorflow_logs(notebook) -> None:
    """셀 출력의 stderr에서 TensorFlow C++ 로그 줄만 지웁니다(다른 경고는 그대로 둡니다)."""
    for cell in notebook.cells:
        kept = []
        for output in cell.get("outputs", []):
            if output.get("name") == "stderr":
                output["text"] = tflog.drop_startup_lines(output["text"])
                if not output["text"].strip():
                    continue
            kept.append(output)
        if "outputs" in cell:
            cell["outputs"] = kept


def _thread_limits() -> dict[str, str]:
    """동시에 도는 커널들이 코어를 나눠 쓰도록 TensorFlow 스레드 수를 정합니다(이미 정해 둔 값이 먼저)."""
    threads = str(max(1, (os.cpu_count() or 1) // JOBS))
    return {"TF_NUM_INTRAOP_THREADS": threads, "TF_NUM_INTEROP_THREADS": threads}


def _outputs(source: Path) -> Path:
    """노트북이 쓰는 파일의 폴더(docs/ 밖). 그 안의 site/는 사이트에 함께 넣을 파일입니다."""
    return CACHE / "outputs" / source.stem


def site_files(source: Path) -> dict[str, Path]:
    """노트북이 사이트에 넣으라고 쓴 파일: 사이트 안 경로 → 파일."""
    folder = _outputs(source) / "site"
    paths = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    return {p.relative_to(folder).as_posix(): p for p in paths}


def _stamp(source: Path) -> Path:
    return _outputs(source) / "site-files.json"


def _stamp_matches(source: Path, key: str) -> bool:
    """실행본과 함께 쓴 사이트 파일들이 그 실행(키)의 것 그대로 다 있는지."""
    try:
        stamp = json.loads(_stamp(source).read_text())
    except (OSError, ValueError):
        return False
    return stamp.get("key") == key and stamp.get("files") == sorted(site_files(source))


def execute(source: Path, target: Path) -> float:
    """source를 새 커널에서 실행해 target에 씁니다. 걸린 시간(초)을 돌려줍니다."""
    outputs = _outputs(source)  # 노트북이 쓰는 파일은 docs/ 밖에 둡니다
    outputs.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(outputs / "site", ignore_errors=True)
    _stamp(source).unlink(missing_ok=True)
    notebook = nbformat.read(source, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(source.parent)}},  # Jupyter처럼 노트북 폴더에서
    )
    start = time.perf_counter()
    env = {
        **_thread_limits(),
        **os.environ,
        "GAN_TUTORIAL_OUTPUT": str(outputs),
        "GAN_TUTORIAL_SITE_FILES": str(outputs / "site"),
    }
    try:
        client.execute(env=env)
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
        raise PluginError(f"노트북 {source.name} 실행 실패:\n{error}") from None
    drop_tensorflow_logs(notebook)
    temporary = target.with_suffix(".tmp")
    nbformat.write(notebook, temporary)
    temporary.replace(target)
    return time.perf_counter() - start


_SECONDS_LOCK = threading.Lock()


def _load_seconds() -> dict[str, float]:
    """노트북마다 마지막 실행 시간(초). 실행 순서를 정하는 데만 씁니다."""
    try:
        return json.loads((CACHE / "seconds.json").read_text())
    except (OSError, ValueError):
        return {}


def executed_copy(source: Path, sources: str) -> Path:
    """캐시에 있는 실행본을 돌려주고, 없으면 실행해 만듭니다. 낡은 실행본은 지웁니다."""
    CACHE.mkdir(parents=True, exist_ok=True)
    key = cache_key(source, sources)
    target = CACHE / f"{source.stem}-{key}.ipynb"
    if target.exists() and _stamp_matches(source, key):
        log.info("노트북 캐시 사용: %s", source.name)
        return target
    log.info("노트북 실행 중: %s", source.name)
    seconds = execute(source, target)
    _stamp(source).write_text(json.dumps({"key": key, "files": sorted(site_files(source))}))
    log.info("노트북 실행 완료: %s (%.0f초)", source.name, seconds)
    with _SECONDS_LOCK:
        times = {**_load_seconds(), source.stem: round(seconds, 1)}
        (CACHE / "seconds.json").write_text(json.dumps(times))
    for old in CACHE.glob(f"{source.stem}-*.ipynb"):
        if old != target:
            old.unlink()
    return target


# mkdocs-jupyter가 파일을 감싼 뒤에: 감싼 파일의 원본 경로를 실행본으로 바꿉니다
@event_priority(-100)
def on_files(files, config):
    sources = source_digest()
    pages = [file for file in files if file.src_uri.endswith(".ipynb")]
    # 오래 걸리는 노트북부터 시작해 마지막에 하나만 혼자 도는 시간을 줄입니다. 지난 빌드의 시간이
    # 없으면(깨끗한 클론) TYPICAL_SECONDS를 씁니다.
    seconds = {**TYPICAL_SECONDS, **_load_seconds()}
    pages.sort(key=lambda file: seconds.get(Path(file.abs_src_path).stem, 0.0), reverse=True)
    with ThreadPoolExecutor(JOBS) as pool:
        copies = pool.map(lambda file: executed_copy(Path(file.abs_src_path), sources), pages)
        for file, copy in zip(pages, copies, strict=True):  # 실패는 여기서 PluginError로 나옵니다
            file.abs_src_path = str(copy)
    for file in pages:
        add_site_files(files, config, Path(file.src_uri))
    return files


def add_site_files(files, config, notebook: Path) -> None:
    """노트북이 만든 사이트 파일을 MkDocs 파일 목록에 넣습니다. docs/의 파일과 겹치면 오류입니다."""
    for uri, path in site_files(notebook).items():
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"노트북 {notebook.name}이 만든 {uri}가 docs/의 파일과 겹칩니다.")
        files.append(File.generated(config, uri, abs_src_path=str(path)))
