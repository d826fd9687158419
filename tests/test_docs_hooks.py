"""docs/_hooks의 MkDocs 훅: 캐시 키, 제목 id, Colab 링크."""

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest

HOOKS = Path(__file__).resolve().parents[1] / "docs" / "_hooks"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"hook_{name}", HOOKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def notebooks():
    return _load("notebooks")


@pytest.fixture(scope="module")
def pages():
    return _load("pages")


@pytest.fixture
def project(notebooks, tmp_path, monkeypatch):
    """임시 저장소: docs/page.ipynb가 pkg/used.py를 불러오고 docs/data.csv를 읽습니다(pkg/unused.py는 아님)."""
    cache = notebooks.nbcache
    monkeypatch.setattr(cache, "ROOT", tmp_path)
    monkeypatch.setattr(cache, "CACHE", tmp_path / ".cache" / "notebooks")
    monkeypatch.setattr(cache, "RUNS", tmp_path / ".cache" / "runs")
    for name, text in {
        "pkg/used.py": "VALUE = 1\n",
        "pkg/unused.py": "VALUE = 2\n",
        "docs/data.csv": "a,b\n",
        "requirements.txt": "keras==3\n",
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def _notebook(path: Path, *cells: str, markdown: str = "# 제목") -> Path:
    import nbformat

    made = [nbformat.v4.new_markdown_cell(markdown), *map(nbformat.v4.new_code_cell, cells)]
    nbformat.write(nbformat.v4.new_notebook(cells=made), path)
    return path


IMPORTS_USED = (
    "import sys\nsys.path.insert(0, '..')\nfrom pkg import used\n"
    "print(used.VALUE, open('data.csv').read().strip())"
)


def test_notebook_reruns_only_when_a_file_it_used_changes(notebooks, project):
    source = _notebook(project / "docs" / "page.ipynb", IMPORTS_USED)
    runner = notebooks.Runner()
    executed = runner.executed_copy(source)
    manifest = notebooks.nbcache.read_manifest("page")
    assert {"pkg/used.py", "docs/data.csv"} <= set(manifest["deps"])
    assert "pkg/unused.py" not in manifest["deps"]
    stale = notebooks.nbcache.stale_reason
    assert stale(source, runner.threads, project) is None
    (project / "pkg" / "unused.py").write_text("VALUE = 3\n")  # 쓰지 않은 파일: 그대로
    assert stale(source, runner.threads, project) is None
    (project / "pkg" / "used.py").write_text("VALUE = 4\n")
    assert stale(source, runner.threads, project) == "pkg/used.py 바뀜"
    runner.executed_copy(source)
    assert nbformat_text(executed) == "4 a,b\n"
    (project / "docs" / "data.csv").unlink()  # 지운 파일도 낡은 것으로
    assert stale(source, runner.threads, project) == "docs/data.csv 바뀜"


def nbformat_text(path: Path) -> str:
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    assert len(notebook.cells) == 2  # 기록용으로 덧붙인 셀은 실행본에 없습니다
    assert notebook.cells[1].execution_count == 1
    return notebook.cells[1].outputs[0]["text"]


def test_markdown_edit_merges_without_running_and_budget_reruns(notebooks, project, monkeypatch):
    monkeypatch.delenv("GAN_TUTORIAL_BUDGET", raising=False)
    counter = project / "count.txt"
    code = f"from pathlib import Path\np = Path({str(counter)!r})\np.write_text(p.read_text() + 'x' if p.exists() else 'x')\nprint('ran')"
    source = _notebook(project / "docs" / "page.ipynb", code)
    runner = notebooks.Runner()
    runner.executed_copy(source)
    _notebook(source, code, markdown="# 고친 제목")
    merged = runner.executed_copy(source)
    import nbformat

    notebook = nbformat.read(merged, as_version=4)
    assert (
        notebook.cells[0].source == "# 고친 제목"
        and notebook.cells[1].outputs[0]["text"] == "ran\n"
    )
    assert counter.read_text() == "x"  # 다시 실행하지 않았습니다
    monkeypatch.setenv("GAN_TUTORIAL_BUDGET", "4")
    assert "budget" in notebooks.nbcache.stale_reason(source, runner.threads, project)
    _notebook(source, code + "\nprint('more')")
    assert notebooks.nbcache.stale_reason(source, runner.threads, project) == "코드 셀 바뀜"


def test_failing_notebook_fails_the_build_and_stops_the_others(notebooks, project):
    import time

    from mkdocs.exceptions import PluginError

    bad = _notebook(project / "docs" / "bad.ipynb", "raise ValueError('일부러 낸 오류')")
    slow = _notebook(project / "docs" / "slow.ipynb", "import time\ntime.sleep(120)")
    started = time.perf_counter()
    with pytest.raises(PluginError, match=r"bad\.ipynb"):
        notebooks.Runner().run_all([slow, bad])
    assert time.perf_counter() - started < 60  # 느린 노트북을 끝까지 기다리지 않습니다
    assert not (notebooks.nbcache.CACHE / "bad.ipynb").exists()


SITE_FILE_MAKER = """
import os, pathlib
folder = pathlib.Path(os.environ["GAN_TUTORIAL_SITE_FILES"]) / "toy"
folder.mkdir(parents=True)
(folder / "model.bin").write_bytes(b"abc")
(pathlib.Path(os.environ["GAN_TUTORIAL_OUTPUT"]) / "run").mkdir()
print(os.getcwd())
"""


def test_site_files_join_the_site_and_training_folders_are_dropped(notebooks, project):
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import Files

    source = _notebook(project / "docs" / "maker.ipynb", SITE_FILE_MAKER)
    runner = notebooks.Runner()
    executed = runner.executed_copy(source)
    outputs = notebooks.nbcache.outputs_dir("maker")
    made = outputs / "site" / "toy" / "model.bin"
    assert notebooks.nbcache.site_files("maker") == {"toy/model.bin": made}
    assert not (outputs / "run").exists()  # 학습 폴더는 남기지 않습니다(학습은 .cache/runs에)
    import nbformat

    cwd = nbformat.read(executed, as_version=4).cells[1].outputs[0]["text"].strip()
    assert Path(cwd) == source.parent  # Jupyter처럼 노트북 폴더에서 실행합니다
    made.unlink()  # 실행본은 있는데 그 실행이 만든 파일이 없으면 다시 실행합니다
    assert notebooks.nbcache.stale_reason(source, runner.threads, project) == "사이트 파일 없음"
    runner.executed_copy(source)
    assert made.read_bytes() == b"abc"

    plugins = SimpleNamespace(_current_plugin=None)  # File.generated가 읽는 설정만
    config = SimpleNamespace(
        site_dir=str(project / "site"), use_directory_urls=True, plugins=plugins
    )
    files = Files([])
    notebooks.add_site_files(files, config, Path("maker.ipynb"))
    assert files.get_file_from_path("toy/model.bin").abs_src_path == str(made)
    with pytest.raises(PluginError, match="겹칩니다"):
        notebooks.add_site_files(files, config, Path("maker.ipynb"))


def test_unused_training_runs_are_pruned(notebooks, project):
    cache = notebooks.nbcache
    cache.CACHE.mkdir(parents=True)
    (cache.CACHE / "page.json").write_text('{"runs": ["kept"]}')
    for key in ("kept", "old"):
        (cache.RUNS / key).mkdir(parents=True)
    assert cache.prune_runs(["page"], cache.RUNS) == 1
    assert [p.name for p in cache.RUNS.iterdir()] == ["kept"]


def test_korean_heading_ids_follow_the_toc(pages):
    child = SimpleNamespace(title="판별자 그림", id="_2", children=[])
    top = SimpleNamespace(title="생성자 만들기", id="_1", children=[child])
    page = SimpleNamespace(toc=SimpleNamespace(items=[top]))
    ids = pages._toc_ids(page)
    assert ids == ["생성자-만들기", "판별자-그림"] and child.id == "판별자-그림"
    html = (
        '<h2 id="_1">생성자 만들기<a class="anchor-link" href="#_1">¶</a></h2><h3>판별자 그림</h3>'
    )
    fixed = pages._set_heading_ids(html, ids)
    assert '<h2 id="생성자-만들기">' in fixed and 'href="#생성자-만들기"' in fixed
    assert '<h3 id="판별자-그림">' in fixed


def test_colab_link_points_to_the_notebook(pages):
    page = SimpleNamespace(file=SimpleNamespace(src_uri="dcgan.ipynb"))
    config = {"extra": {"repository": "me/gan", "branch": "main"}}
    link = pages._colab_link(page, config)
    assert "https://colab.research.google.com/github/me/gan/blob/main/docs/dcgan.ipynb" in link


def test_tensorflow_startup_logs_are_dropped_but_warnings_kept(notebooks):
    import nbformat

    tf_lines = (
        "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n"
        "I0000 00:00:1795432375.783520   12987 port.cc:153] oneDNN custom operations are on.\n"
        "To enable the following instructions: AVX2 FMA, in other operations, rebuild TensorFlow "
        "with the appropriate compiler flags.\n"
    )
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stderr", text=tf_lines),
        nbformat.v4.new_output("stream", name="stderr", text=tf_lines + "UserWarning: 진짜 경고\n"),
        nbformat.v4.new_output("stream", name="stdout", text="I0000 00:00:12.5 출력은 그대로\n"),
    ]
    notebook = nbformat.v4.new_notebook(cells=[cell])
    notebooks.drop_tensorflow_logs(notebook)
    texts = [(o["name"], o["text"]) for o in notebook.cells[0].outputs]
    assert texts == [
        ("stderr", "UserWarning: 진짜 경고\n"),
        ("stdout", "I0000 00:00:12.5 출력은 그대로\n"),
    ]


def test_kernels_share_the_cores(notebooks, monkeypatch):
    monkeypatch.delenv("TF_NUM_INTRAOP_THREADS", raising=False)
    monkeypatch.setattr(notebooks, "JOBS", 2)
    monkeypatch.setattr(notebooks.os, "cpu_count", lambda: 8)
    assert notebooks._thread_limits() == {
        "TF_NUM_INTRAOP_THREADS": "4",
        "TF_NUM_INTEROP_THREADS": "4",
    }
    monkeypatch.setattr(notebooks.os, "cpu_count", lambda: 1)
    assert notebooks._thread_limits()["TF_NUM_INTRAOP_THREADS"] == "1"  # 적어도 하나
    assert notebooks.TYPICAL_SECONDS["stackgan"] > notebooks.TYPICAL_SECONDS["cgan"]
