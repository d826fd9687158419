"""손실 함수: 손으로 계산한 값, 수치 안정성, 포화 손실의 기울기 소실."""

import math

import numpy as np
import pytest
import tensorflow as tf

from gan_tutorial.errors import GanTutorialError
from gan_tutorial.losses import (
    gan_cls_discriminator_loss,
    get_generator_loss,
    minimax_discriminator_loss,
    minimax_generator_loss,
    non_saturating_generator_loss,
    wasserstein_generator_loss,
)


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def value(tensor) -> float:
    return float(np.asarray(tensor))


def test_discriminator_loss_at_chance_is_two_log_two():
    # D(x) = D(G(z)) = 0.5 → −log 0.5 − log 0.5 = 2 ln 2
    loss = minimax_discriminator_loss(tf.constant([0.0]), tf.constant([0.0]))
    assert value(loss) == pytest.approx(2 * math.log(2), rel=1e-6)


def test_discriminator_loss_hand_computed():
    real, fake = [2.0, -0.5], [-1.0, 3.0]
    expected = np.mean([-math.log(sigmoid(r)) for r in real]) + np.mean(
        [-math.log(1 - sigmoid(f)) for f in fake]
    )
    # 손으로: (0.126928 + 0.974077)/2 + (0.313262 + 3.048587)/2 = 2.231427
    assert expected == pytest.approx(2.231427, abs=1e-6)
    assert value(minimax_discriminator_loss(tf.constant(real), tf.constant(fake))) == pytest.approx(
        expected, rel=1e-6
    )


def test_gan_cls_loss_hand_computed():
    # 진짜·맞는 글 로짓 2 → −log σ(2) = 0.126928
    # 진짜·틀린 글 로짓 1 → −log(1 − σ(1)) = 1.313262, 가짜·맞는 글 로짓 −1 → 0.313262
    # 0.126928 + (1.313262 + 0.313262) / 2 = 0.940190
    loss = gan_cls_discriminator_loss(tf.constant([2.0]), tf.constant([1.0]), tf.constant([-1.0]))
    assert value(loss) == pytest.approx(0.940190, abs=1e-6)
    # 틀린 짝이 없던 것처럼 가짜와 같게 두면 보통 판별자 손실의 가짜 항과 같아집니다.
    same = gan_cls_discriminator_loss(tf.constant([2.0]), tf.constant([-1.0]), tf.constant([-1.0]))
    plain = minimax_discriminator_loss(tf.constant([2.0]), tf.constant([-1.0]))
    assert value(same) == pytest.approx(value(plain), rel=1e-6)


def test_generator_losses_hand_computed():
    fake = tf.constant([-1.0])  # D(G(z)) = σ(−1) = 0.2689414
    assert value(minimax_generator_loss(fake)) == pytest.approx(-0.3132617, abs=1e-6)  # log(1−D)
    assert value(non_saturating_generator_loss(fake)) == pytest.approx(
        1.3132617, abs=1e-6
    )  # −log D


@pytest.mark.parametrize("logit", [-100.0, -30.0, 30.0, 100.0])
def test_losses_are_finite_for_extreme_logits(logit):
    x = tf.constant([logit])
    for loss in (
        minimax_discriminator_loss(x, x),
        minimax_generator_loss(x),
        non_saturating_generator_loss(x),
    ):
        assert np.isfinite(value(loss))
    # log(1 − σ(100)) ≈ −100: 그대로 계산했다면 log(0) = −∞
    assert value(minimax_generator_loss(tf.constant([100.0]))) == pytest.approx(-100.0, rel=1e-6)


def gradient_at(loss_fn, logit: float) -> float:
    x = tf.Variable([logit])
    with tf.GradientTape() as tape:
        loss = loss_fn(x)
    return float(tape.gradient(loss, x).numpy()[0])


def test_saturating_gradient_vanishes_when_discriminator_wins():
    # D(G(z)) = σ(−10) ≈ 4.5e−5: 판별자가 가짜를 확신하는 학습 초반
    saturating = gradient_at(minimax_generator_loss, -10.0)
    non_saturating = gradient_at(non_saturating_generator_loss, -10.0)
    assert saturating == pytest.approx(-sigmoid(-10.0), rel=1e-4)  # ≈ −4.5e−5
    assert abs(saturating) < 1e-4
    assert non_saturating == pytest.approx(-(1 - sigmoid(-10.0)), rel=1e-4)  # ≈ −1
    assert abs(non_saturating) > 0.99


def test_both_generator_losses_push_the_same_direction():
    for logit in (-5.0, 0.0, 5.0):
        assert gradient_at(minimax_generator_loss, logit) < 0
        assert gradient_at(non_saturating_generator_loss, logit) < 0


def test_get_generator_loss():
    assert get_generator_loss("minimax") is minimax_generator_loss
    assert get_generator_loss("non-saturating") is non_saturating_generator_loss
    assert get_generator_loss("wasserstein") is wasserstein_generator_loss
    with pytest.raises(GanTutorialError, match="minimax, non-saturating, wasserstein"):
        get_generator_loss("hinge")
