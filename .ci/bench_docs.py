"""문서 빌드 벤치마크: 깨끗한 빌드와, 파일 하나를 고친 뒤 다시 빌드하는 데 드는 시간.

    .venv/bin/python .ci/bench_docs.py                       # 모든 경우를 차례로 (깨끗한 빌드부터)
    .venv/bin/python .ci/bench_docs.py --only nochange hook  # 고른 경우만 (지금 캐시에서)

경우(차례대로): clean(.cache/notebooks·.cache/runs를 지우고), nochange(바꾼 것 없이), hook
(docs/_hooks/pages.py에 주석 한 줄), modes(gan_tutorial/lab/modes.py에 주석 한 줄: 한 페이지가 씀),
plots(gan_tutorial/plots.py에 주석 한 줄: 모든 페이지가 씀). 고친 파일은 끝나면 되돌립니다(되돌린 뒤의
다음 빌드는 그 페이지들을 다시 실행합니다). 결과는 표준 출력과 --out(JSON)에, 기계 속도(TensorFlow
float32 행렬곱 GFLOP/s, 스레드 2개와 1개)와 함께 씁니다. 단위 테스트가 아니라 측정입니다.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EDITS = {
    "hook": "docs/_hooks/pages.py",
    "modes": "gan_tutorial/lab/modes.py",
    "plots": "gan_tutorial/plots.py",
}
SCENARIOS = ("clean", "nochange", *EDITS)


def matmul_rate(threads: int) -> float:
    code = "from gan_tutorial.lab.bench import matmul_gflops; print(matmul_gflops())"
    env = {**os.environ, "TF_NUM_INTRAOP_THREADS": str(threads)}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return round(float(result.stdout.split()[-1]))


def build() -> dict:
    """mkdocs build --strict 한 번: 걸린 초와 노트북마다의 로그 줄."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"빌드 실패:\n{result.stderr[-3000:]}")
    lines = [ln for ln in result.stderr.splitlines() if re.search(r"노트북 \S+\.ipynb:", ln)]
    executed = [ln for ln in lines if ": 실행 " in ln]
    return {"seconds": round(seconds, 1), "executed": len(executed), "log": lines}


def run(scenario: str) -> dict:
    if scenario == "clean":
        for folder in (".cache/notebooks", ".cache/runs"):
            shutil.rmtree(ROOT / folder, ignore_errors=True)
    if scenario not in EDITS:
        return build()
    path = ROOT / EDITS[scenario]
    original = path.read_text(encoding="utf-8")
    path.write_text(original + "# bench_docs: 한 줄 고침\n", encoding="utf-8")
    try:
        return build()
    finally:
        path.write_text(original, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=SCENARIOS, default=list(SCENARIOS))
    parser.add_argument("--out", default="bench-docs.json")
    args = parser.parse_args()
    report = {
        "matmul_gflops": {"2 threads": matmul_rate(2), "1 thread": matmul_rate(1)},
        "cpus": os.cpu_count(),
        "budget": os.environ.get("GAN_TUTORIAL_BUDGET", "1"),
    }
    print(json.dumps(report, ensure_ascii=False), flush=True)
    for scenario in args.only:
        result = run(scenario)
        report[scenario] = result
        print(
            f"{scenario}: {result['seconds']}초, 실행한 노트북 {result['executed']}개", flush=True
        )
        for line in result["log"]:
            print("   ", line, flush=True)
    Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
