"""MkDocs 훅: docs/의 노트북을 빌드 때 실행하고, 바뀐 것만 다시 실행합니다.

무엇이 바뀌면 다시 실행하는지는 ``nbcache.py``가 정합니다: 노트북마다 실행 때 실제로 불러온 모듈과 읽은
파일, 코드 셀, 환경. 셀 하나라도 실패하면 빌드가 실패합니다(다른 노트북의 실행도 멈춥니다).
mkdocs-jupyter는 실행된 사본을 (다시 실행하지 않고) HTML로 바꾸기만 합니다.

노트북은 사이트에 함께 넣을 파일도 만들 수 있습니다(예: dcgan_plus가 내보내는 직접 해 보기 페이지의 생성자).
커널의 GAN_TUTORIAL_SITE_FILES 폴더에 쓴 ``a/b.bin``은 사이트의 ``a/b.bin``이 됩니다. 이 파일들은
실행본과 한 묶음이라, 하나라도 없어지면 노트북을 다시 실행합니다.

실행할 노트북은 GAN_TUTORIAL_JOBS(기본 2)개씩 동시에, 저마다의 커널에서 돌립니다. 이때 커널마다
TensorFlow 스레드를 (코어 수 ÷ JOBS)개로 줄입니다. 작은 모델은 스레드 하나로도 거의 같은 속도라서, 두 커널이
코어를 나눠 쓰면 빌드가 빨라집니다(잰 값: 동시에 돌린 DCGAN 300번이 기본 스레드로 20.5초, 한 스레드로 10.6초).
빌드 로그에는 노트북마다 한 줄(실행 시간, 캐시 여부, 학습 캐시를 쓴 학습 수)만 씁니다.
"""

import importlib.util
import logging
import os
import threading
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

HOOKS = Path(__file__).resolve().parent


def _load(name: str, path: Path):
    """이 빌드 프로세스에 패키지(TensorFlow)를 올리지 않도록 파일 하나만 불러옵니다."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


nbcache = _load("gan_tutorial_nbcache", HOOKS / "nbcache.py")
# TensorFlow C++ 런타임이 import 때 stderr에 쓰는 로그의 모양은 패키지의 tflog 모듈이 정합니다.
tflog = _load("gan_tutorial_tflog", nbcache.ROOT / "gan_tutorial" / "tflog.py")

# 셀 하나의 제한 시간(초). 멈춘 커널을 잡는 안전장치입니다: 가장 긴 셀(cyclegan 학습)이 느린 2코어
# 기계에서 두 노트북이 함께 돌 때 900초를 넘긴 적이 있어(2026-12-01 CI), 그 두 배를 넘게 둡니다.
CELL_TIMEOUT = int(os.environ.get("GAN_TUTORIAL_CELL_TIMEOUT", "2400"))
JOBS = max(1, int(os.environ.get("GAN_TUTORIAL_JOBS", "2")))
log = logging.getLogger("mkdocs.hooks.notebooks")
# 페이지마다 한 줄만: nbclient의 '커널로 실행 중', mkdocs-jupyter의 '변환 중'·'캐시 없음' 줄은 감춥니다
for _name in ("traitlets", "mkdocs.mkdocs-jupyter", "mkdocs.plugins.mkdocs_jupyter"):
    logging.getLogger(_name).setLevel(logging.WARNING)

# 2코어 CPU의 깨끗한 빌드에서 잰 노트북 실행 시간(초, 2026-12-05, 두 노트북이 스레드 하나씩으로 함께 돔,
# 행렬곱 317 GFLOP/s인 기계). 명세(지난 실행 시간)가 없을 때 실행 순서를 정하는 데만 씁니다.
TYPICAL_SECONDS = {
    "cyclegan": 523,
    "dcgan_plus": 444,
    "stackgan": 321,
    "dcgan": 226,
    "wgan_gp": 211,
    "mode_collapse": 188,
    "text2image": 188,
    "cgan": 115,
    "gan_in_100_lines": 46,
    "training": 45,
}


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


class Runner:
    """노트북들을 실행합니다. 하나가 실패하면 돌고 있는 다른 커널을 멈춥니다."""

    def __init__(self) -> None:
        self.env = {**_thread_limits(), **os.environ}
        self.threads = self.env["TF_NUM_INTRAOP_THREADS"]
        self._clients: list = []
        self._lock = threading.Lock()
        self.failed = threading.Event()

    def _started(self, client) -> None:
        with self._lock:
            self._clients.append(client)

    def stop_all(self) -> None:
        self.failed.set()
        with self._lock:
            for client in self._clients:
                process = getattr(getattr(client.km, "provisioner", None), "process", None)
                if process is not None and process.poll() is None:
                    process.kill()

    def executed_copy(self, source: Path) -> Path:
        """캐시의 실행본(마크다운은 지금 것으로)을 돌려주고, 낡았으면 실행해 만듭니다."""
        reason = nbcache.stale_reason(source, self.threads, nbcache.ROOT)
        if reason is None:
            log.info("노트북 %s: 캐시 (바뀐 것 없음)", source.name)
            return nbcache.merge_markdown(source)
        if self.failed.is_set():
            raise PluginError(f"노트북 {source.name}: 다른 노트북이 실패해 실행하지 않았습니다.")
        try:
            notebook, paths, runs, seconds = nbcache.execute(
                source, self.env, CELL_TIMEOUT, self._started
            )
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
            raise PluginError(f"노트북 {source.name} 실행 실패:\n{error}") from None
        drop_tensorflow_logs(notebook)
        target = nbcache.save(source, notebook, paths, runs, seconds, self.threads, nbcache.ROOT)
        hits = sum(run["hit"] for run in runs)
        trained = f", 학습 {len(runs)}번 중 {hits}번은 학습 캐시" if runs else ""
        log.info("노트북 %s: 실행 %.0f초 (%s%s)", source.name, seconds, reason, trained)
        return target

    def run_all(self, sources: list[Path]) -> dict[Path, Path]:
        """오래 걸리는 노트북부터 JOBS개씩 실행합니다. 첫 실패에서 나머지를 멈추고 그 오류를 냅니다."""
        seconds = {p.stem: nbcache.read_manifest(p.stem).get("seconds") for p in sources}
        order = sorted(
            sources,
            key=lambda p: seconds.get(p.stem) or TYPICAL_SECONDS.get(p.stem, 0.0),
            reverse=True,
        )
        with ThreadPoolExecutor(JOBS) as pool:
            futures = {pool.submit(self.executed_copy, source): source for source in order}
            done, _ = wait(futures, return_when=FIRST_EXCEPTION)
            errors = [f for f in done if f.exception() is not None]
            if errors:
                self.stop_all()
                for future in futures:
                    future.cancel()
                raise errors[0].exception()
        return {source: future.result() for future, source in futures.items()}


# mkdocs-jupyter가 파일을 감싼 뒤에: 감싼 파일의 원본 경로를 실행본으로 바꿉니다
@event_priority(-100)
def on_files(files, config):
    pages = [file for file in files if file.src_uri.endswith(".ipynb")]
    copies = Runner().run_all([Path(file.abs_src_path) for file in pages])
    for file in pages:
        file.abs_src_path = str(copies[Path(file.abs_src_path)])
        add_site_files(files, config, Path(file.src_uri))
    removed = nbcache.prune_runs([Path(file.src_uri).stem for file in pages])
    if removed:
        log.info("학습 캐시: 어느 페이지도 쓰지 않는 학습 %d개를 지웠습니다.", removed)
    return files


def add_site_files(files, config, notebook: Path) -> None:
    """노트북이 만든 사이트 파일을 MkDocs 파일 목록에 넣습니다. docs/의 파일과 겹치면 오류입니다."""
    for uri, path in nbcache.site_files(notebook.stem).items():
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"노트북 {notebook.name}이 만든 {uri}가 docs/의 파일과 겹칩니다.")
        files.append(File.generated(config, uri, abs_src_path=str(path)))
