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


def test_cache_key_depends_on_notebook_sources_and_budget(notebooks, tmp_path, monkeypatch):
    monkeypatch.delenv("GAN_TUTORIAL_BUDGET", raising=False)
    notebook = tmp_path / "a.ipynb"
    notebook.write_text("{}")
    key = notebooks.cache_key(notebook, "pkg1")
    assert key == notebooks.cache_key(notebook, "pkg1")
    assert key != notebooks.cache_key(notebook, "pkg2")
    monkeypatch.setenv("GAN_TUTORIAL_BUDGET", "4")
    assert key != notebooks.cache_key(notebook, "pkg1")
    monkeypatch.delenv("GAN_TUTORIAL_BUDGET")
    notebook.write_text('{"cells": []}')
    assert key != notebooks.cache_key(notebook, "pkg1")


def test_source_digest_changes_with_every_file_a_page_reads(notebooks, tmp_path):
    files = {
        "gan_tutorial/models/dcgan.py": "x = 1\n",
        "docs/gan_in_100_lines.py": "print('100')\n",
        "docs/_hooks/notebooks.py": "# 훅\n",
        "requirements.txt": "keras==3\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / "docs" / "index.md").write_text("# 홈")
    digest = notebooks.source_digest(tmp_path)
    assert digest == notebooks.source_digest(tmp_path)
    (tmp_path / "docs" / "index.md").write_text("# 바뀐 홈")  # 노트북이 읽지 않는 파일
    assert notebooks.source_digest(tmp_path) == digest
    for name, text in files.items():
        (tmp_path / name).write_text(text + "# 한 줄 더\n")
        changed = notebooks.source_digest(tmp_path)
        assert changed != digest, name
        digest = changed
    (tmp_path / "docs" / "new_helper.py").write_text("")  # 새 파일도 키를 바꿉니다
    assert notebooks.source_digest(tmp_path) != digest


def test_failing_notebook_fails_the_build(notebooks, tmp_path, monkeypatch):
    import nbformat
    from mkdocs.exceptions import PluginError

    monkeypatch.setattr(notebooks, "CACHE", tmp_path / "cache")
    source = tmp_path / "bad.ipynb"
    cell = nbformat.v4.new_code_cell("raise ValueError('일부러 낸 오류')")
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), source)
    with pytest.raises(PluginError, match=r"bad\.ipynb"):
        notebooks.executed_copy(source, "pkg")
    assert not list((tmp_path / "cache").glob("bad-*.ipynb"))


SITE_FILE_MAKER = """
import os, pathlib
folder = pathlib.Path(os.environ["GAN_TUTORIAL_SITE_FILES"]) / "toy"
folder.mkdir(parents=True)
(folder / "model.bin").write_bytes(b"abc")
runs = pathlib.Path(os.environ["GAN_TUTORIAL_OUTPUT"]) / "runs.txt"
runs.write_text((runs.read_text() if runs.exists() else "") + "x")
"""


def test_site_files_from_a_notebook_join_the_site_and_come_back_when_missing(
    notebooks, tmp_path, monkeypatch
):
    import nbformat
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import Files

    monkeypatch.setattr(notebooks, "CACHE", tmp_path / "cache")
    source = tmp_path / "maker.ipynb"
    cell = nbformat.v4.new_code_cell(SITE_FILE_MAKER)
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), source)
    outputs = tmp_path / "cache" / "outputs" / "maker"
    made = outputs / "site" / "toy" / "model.bin"

    first = notebooks.executed_copy(source, "pkg")
    assert notebooks.site_files(source) == {"toy/model.bin": made}
    assert notebooks.executed_copy(source, "pkg") == first  # 캐시: 다시 실행하지 않음
    assert (outputs / "runs.txt").read_text() == "x"
    made.unlink()  # 실행본은 있는데 그 실행이 만든 파일이 없으면 다시 실행합니다
    notebooks.executed_copy(source, "pkg")
    assert made.read_bytes() == b"abc" and (outputs / "runs.txt").read_text() == "xx"
    notebooks.executed_copy(source, "pkg2")  # 소스(모델 코드)가 바뀌면 다시 실행해 다시 내보냅니다
    assert (outputs / "runs.txt").read_text() == "xxx"

    plugins = SimpleNamespace(_current_plugin=None)  # File.generated가 읽는 설정만
    config = SimpleNamespace(
        site_dir=str(tmp_path / "site"), use_directory_urls=True, plugins=plugins
    )
    files = Files([])
    notebooks.add_site_files(files, config, Path("maker.ipynb"))
    assert files.get_file_from_path("toy/model.bin").abs_src_path == str(made)
    with pytest.raises(PluginError, match="겹칩니다"):
        notebooks.add_site_files(files, config, Path("maker.ipynb"))


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


def test_notebook_runs_in_its_folder_and_writes_outputs_elsewhere(notebooks, tmp_path, monkeypatch):
    import nbformat

    monkeypatch.setattr(notebooks, "CACHE", tmp_path / "cache")
    source = tmp_path / "docs" / "page.ipynb"
    source.parent.mkdir()
    code = "import os\nprint(os.getcwd())\nprint(os.environ['GAN_TUTORIAL_OUTPUT'])"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)]), source)
    executed = notebooks.executed_copy(source, "pkg")
    assert executed.parent == tmp_path / "cache" and executed.name.startswith("page-")
    cwd, out = nbformat.read(executed, as_version=4).cells[0].outputs[0]["text"].split()
    assert Path(cwd) == source.parent and Path(out) == tmp_path / "cache" / "outputs" / "page"
    assert notebooks.executed_copy(source, "pkg") == executed  # 두 번째는 캐시


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
