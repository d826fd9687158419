"""diagnostics: 바뀐 변수 세기, 샘플끼리의 거리, 최근접 이웃을 손으로 계산한 값과 비교합니다."""

import keras
import numpy as np
import pytest

from gan_tutorial.lab.diagnostics import (
    mean_pairwise_distance,
    nearest_neighbours,
    snapshot,
    variable_changes,
)


def test_variable_changes_counts_weights_and_moving_statistics_separately():
    model = keras.Sequential(
        [keras.Input((3,)), keras.layers.Dense(2), keras.layers.BatchNormalization()]
    )
    before = snapshot(model)
    assert variable_changes(model, before) == {
        "학습되는 가중치": (0, 4),  # kernel, bias, gamma, beta
        "배치 정규화 이동 통계": (0, 2),
    }
    model(np.ones((4, 3), "float32") * np.arange(4)[:, None], training=True)  # 이동 통계만 바뀜
    assert variable_changes(model, before)["배치 정규화 이동 통계"] == (2, 2)
    model.layers[0].bias.assign([1.0, 2.0])
    assert variable_changes(model, before)["학습되는 가중치"] == (1, 4)


def test_mean_pairwise_distance_known_values():
    a, b = np.zeros((1, 2, 2)), np.ones((1, 2, 2))  # 모든 픽셀이 1만큼 다름 → RMS 1
    assert mean_pairwise_distance(np.concatenate([a, b])) == pytest.approx(1.0)
    three = np.concatenate([a, b, 3 * b])  # 쌍별 RMS 1, 3, 2 → 평균 2
    assert mean_pairwise_distance(three) == pytest.approx(2.0)
    assert mean_pairwise_distance(np.repeat(b, 5, axis=0)) == 0.0  # 완전한 붕괴
    with pytest.raises(ValueError, match="두 장"):
        mean_pairwise_distance(a)


def test_nearest_neighbours_finds_the_closest_and_can_skip_itself():
    references = np.stack([np.full((2, 2), v) for v in (0.0, 1.0, 5.0)])
    queries = np.stack([np.full((2, 2), v) for v in (0.9, 4.0, -2.0)])
    index, distance = nearest_neighbours(queries, references, chunk=2)
    assert index.tolist() == [1, 2, 0]
    np.testing.assert_allclose(distance, [0.1, 1.0, 2.0])
    index, distance = nearest_neighbours(references, references, exclude_self=True)
    assert index.tolist() == [1, 0, 1]
    np.testing.assert_allclose(distance, [1.0, 1.0, 4.0])
    index, _ = nearest_neighbours(references[:2], references, exclude_self=True)  # 앞부분만
    assert index.tolist() == [1, 0]
    with pytest.raises(ValueError, match="앞부분"):
        nearest_neighbours(queries[:2], references, exclude_self=True)
