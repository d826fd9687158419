import inspect
import re
import time

import pytest

from gan_tutorial.errors import GanTutorialError
from gan_tutorial.lab.notebook import budget, cpu_time_report, output_dir, show_source, site_files


@pytest.mark.parametrize(
    ("scale", "steps", "expected"), [("1", 1000, 1000), ("2.5", 40, 100), ("0.1", 3, 1)]
)
def test_budget_scales_steps(monkeypatch, scale, steps, expected):
    monkeypatch.setenv("GAN_TUTORIAL_BUDGET", scale)
    assert budget(steps) == expected


@pytest.mark.parametrize("bad", ["0", "abc", "1000", "nan"])
def test_bad_budget_is_rejected(monkeypatch, bad):
    monkeypatch.setenv("GAN_TUTORIAL_BUDGET", bad)
    with pytest.raises(GanTutorialError, match="GAN_TUTORIAL_BUDGET"):
        budget(10)


def test_output_dir_is_fresh_under_env(monkeypatch, tmp_path):
    monkeypatch.setenv("GAN_TUTORIAL_OUTPUT", str(tmp_path))
    first = output_dir("page")
    (first / "old.txt").write_text("x")
    assert first == tmp_path / "page"
    assert not (output_dir("page") / "old.txt").exists()
    (first / "kept.txt").write_text("x")
    assert (output_dir("page", fresh=False) / "kept.txt").exists()


def test_site_files_is_an_empty_folder_under_env(monkeypatch, tmp_path):
    monkeypatch.setenv("GAN_TUTORIAL_SITE_FILES", str(tmp_path / "site"))
    folder = site_files("playground")
    assert folder == tmp_path / "site" / "playground" and folder.is_dir()
    (folder / "old.bin").write_bytes(b"x")
    assert list(site_files("playground").iterdir()) == []  # 지난 실행의 파일은 지웁니다


def test_show_source_shows_the_real_source():
    shown = show_source(budget)
    assert shown.data == f"```python\n{inspect.getsource(budget).rstrip()}\n```"


def test_cpu_time_report_measures_this_process():
    before = time.process_time()
    sum(i * i for i in range(2_000_000))  # CPU를 조금 씁니다
    after = time.process_time()
    cpu, wall = map(float, re.findall(r"([\d.]+)초", cpu_time_report()))
    assert before < after and after - 0.05 <= cpu <= time.process_time() + 0.05  # 소수 첫째 자리
    assert wall > 0


def test_answer_is_a_folded_note_with_rendered_markdown():
    from gan_tutorial.lab.notebook import answer

    html = answer("확신 비율은 **87%**입니다.\n\n| a | b |\n| --- | --- |\n| 1 | 2 |").data
    assert html.startswith('<details class="note tex2jax_process"><summary>풀이</summary>')
    assert html.endswith("</details>") and " open" not in html.split(">", 1)[0]
    assert "<strong>87%</strong>" in html and "<td>2</td>" in html
