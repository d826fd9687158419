"""사용자가 고칠 수 있는 잘못을 알리는 예외."""


class GanTutorialError(Exception):
    """사용자 입력이나 파일이 잘못되었을 때 내는 예외.

    메시지는 한 줄로, 무엇이 잘못되었고 어떻게 고치면 되는지를 말합니다.
    CLI는 이 예외를 트레이스백 없이 한 줄로 출력하고 종료 코드 2로 끝납니다. field는 잘못된 값의
    이름(예: "k_disc")이고, CLI는 메시지의 그 이름을 옵션 이름(예: "--k-disc")으로 바꿔 보여 줍니다.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class DataError(GanTutorialError):
    """데이터를 읽을 수 없거나 모양이 맞지 않을 때."""


class CheckpointError(GanTutorialError):
    """체크포인트가 없거나 손상되었거나 다른 모델의 것일 때."""


class TrainingDivergedError(GanTutorialError):
    """손실이 NaN/Inf가 되어 학습을 멈출 때."""


def check_choice(name: str, value: object, choices: tuple[str, ...] | list[str]) -> None:
    """value가 choices 중 하나인지 확인합니다."""
    if value not in choices:
        raise GanTutorialError(
            f"알 수 없는 {name} '{value}'입니다. {', '.join(choices)} 중 하나를 쓰세요."
        )


def check_int(name: str, value: object, low: int = 1, high: int | None = None) -> None:
    """value가 [low, high] 범위의 정수인지 확인합니다 (bool은 정수로 치지 않습니다)."""
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= low
    if not ok or (high is not None and value > high):
        upper = f" {high} 이하의" if high is not None else ""
        raise GanTutorialError(f"{name}={value!r}: {low} 이상{upper} 정수를 쓰세요.", field=name)


def check_number(
    name: str,
    value: object,
    low: float,
    high: float,
    *,
    open_low: bool = False,
    open_high: bool = False,
) -> None:
    """value가 low와 high 사이의 유한한 실수인지 확인합니다(open_low/open_high면 그 끝은 뺍니다)."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    above = number and (low < value if open_low else low <= value)
    if not above or not (value < high if open_high else value <= high):
        lower = f"{low:g} {'초과' if open_low else '이상'}"
        upper = f"{high:g} {'미만' if open_high else '이하'}"
        raise GanTutorialError(f"{name}={value!r}: {lower} {upper}의 수를 쓰세요.", field=name)
