"""학습과 샘플을 들여다보는 작은 도구: 바뀐 변수 세기, 샘플끼리의 거리, 최근접 이웃.

문서의 페이지가 보여 주는 검사(생성자 단계가 판별자를 건드리지 않는가, 생성자가 모드 붕괴했는가,
학습 이미지를 외웠는가)를 여기 모아, 페이지와 테스트가 같은 코드를 씁니다.
"""

import keras
import numpy as np

__all__ = ["mean_pairwise_distance", "nearest_neighbours", "snapshot", "variable_changes"]


def snapshot(model: keras.Model) -> list[np.ndarray]:
    """모델의 모든 변수(학습되는 가중치와 배치 정규화 이동 통계)의 지금 값을 복사합니다."""
    return [np.array(variable) for variable in model.variables]


def variable_changes(model: keras.Model, before: list[np.ndarray]) -> dict[str, tuple[int, int]]:
    """snapshot 이후 바뀐 변수 수를 종류별 (바뀐 수, 전체 수)로 셉니다."""
    counts = {"학습되는 가중치": [0, 0], "배치 정규화 이동 통계": [0, 0]}
    for old, variable in zip(before, model.variables, strict=True):
        kind = "학습되는 가중치" if variable.trainable else "배치 정규화 이동 통계"
        counts[kind][0] += int(not np.array_equal(old, np.asarray(variable)))
        counts[kind][1] += 1
    return {kind: (changed, total) for kind, (changed, total) in counts.items()}


def _flat(images: np.ndarray) -> np.ndarray:
    return np.asarray(images, np.float64).reshape(len(images), -1)


def _squared_distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """행끼리의 제곱 유클리드 거리 (len(a), len(b)). 반올림으로 생긴 음수는 0으로 자릅니다."""
    d2 = (a**2).sum(axis=1)[:, None] + (b**2).sum(axis=1)[None, :] - 2 * a @ b.T
    return np.maximum(d2, 0.0)


def mean_pairwise_distance(images: np.ndarray, n: int = 300) -> float:
    """앞쪽 n장의 모든 쌍에 대한 픽셀 RMS 거리의 평균. 모두 같은 그림이면 0입니다."""
    flat = _flat(images[:n])
    if len(flat) < 2:
        raise ValueError("샘플끼리의 거리를 재려면 이미지가 두 장 이상 필요합니다.")
    upper = np.triu_indices(len(flat), k=1)
    return float(np.sqrt(_squared_distances(flat, flat)[upper] / flat.shape[1]).mean())


def nearest_neighbours(
    queries: np.ndarray, references: np.ndarray, *, exclude_self: bool = False, chunk: int = 500
) -> tuple[np.ndarray, np.ndarray]:
    """queries마다 references에서 픽셀 RMS 거리가 가장 가까운 이미지의 (번호, 거리)를 찾습니다.

    exclude_self=True는 queries가 references의 앞부분일 때(queries[i]가 references[i]) 씁니다.
    자기 자신은 빼고 가장 가까운 '다른' 이미지를 찾습니다.
    """
    q, r = _flat(queries), _flat(references)
    if exclude_self and not (len(q) <= len(r) and np.array_equal(q, r[: len(q)])):
        raise ValueError("exclude_self는 queries가 references의 앞부분일 때만 씁니다.")
    indices, distances = [], []
    for start in range(0, len(q), chunk):
        d2 = _squared_distances(q[start : start + chunk], r)
        if exclude_self:
            rows = np.arange(len(d2))
            d2[rows, start + rows] = np.inf
        best = d2.argmin(axis=1)
        indices.append(best)
        distances.append(np.sqrt(d2[np.arange(len(d2)), best] / q.shape[1]))
    return np.concatenate(indices), np.concatenate(distances)
