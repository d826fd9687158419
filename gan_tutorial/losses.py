"""GAN 손실 함수 쌍. 모두 판별자의 로짓(시그모이드 전 값)을 받아 수치적으로 안정하게 계산합니다.

판별자 출력은 D(x) = σ(l) 이고, 다음 항등식을 씁니다.

    log σ(l)      = −softplus(−l)
    log(1 − σ(l)) = −softplus(l)

log(σ(l))를 그대로 계산하면 σ(l)이 0으로 반올림되는 순간 −∞가 되지만,
softplus로 쓰면 어떤 로짓에서도 유한한 값과 기울기가 나옵니다.
"""

from collections.abc import Callable

from keras import ops

from .errors import check_choice

__all__ = [
    "GENERATOR_LOSSES",
    "gan_cls_discriminator_loss",
    "get_generator_loss",
    "kl_to_standard_normal",
    "least_squares_discriminator_loss",
    "least_squares_generator_loss",
    "minimax_discriminator_loss",
    "minimax_generator_loss",
    "non_saturating_generator_loss",
    "wasserstein_critic_loss",
    "wasserstein_generator_loss",
]


def minimax_discriminator_loss(real_logits, fake_logits):
    """판별자 손실: −E[log D(x)] − E[log(1 − D(G(z)))].

    판별자는 V(D, G)를 최대화하므로, 그 부호를 바꾼 값을 최소화합니다
    (Goodfellow et al., 2014, 식 1). 진짜는 1, 가짜는 0으로 맞히는 이진 교차 엔트로피와 같습니다.
    """
    real_term = ops.mean(ops.softplus(-real_logits))  # −log D(x)
    fake_term = ops.mean(ops.softplus(fake_logits))  # −log(1 − D(G(z)))
    return real_term + fake_term


def minimax_generator_loss(fake_logits):
    """포화(saturating) 생성자 손실: E[log(1 − D(G(z)))] 를 최소화합니다.

    논문의 minimax 식 그대로입니다. D(G(z)) ≈ 0 인 학습 초반에는 기울기가 거의 0이 됩니다.
    """
    return -ops.mean(ops.softplus(fake_logits))  # log(1 − D(G(z)))


def non_saturating_generator_loss(fake_logits):
    """비포화(non-saturating) 생성자 손실: −E[log D(G(z))] 를 최소화합니다.

    최적점은 minimax와 같지만, D(G(z)) ≈ 0 일 때도 기울기가 살아 있습니다
    (Goodfellow et al., 2014, 3절).
    """
    return ops.mean(ops.softplus(-fake_logits))  # −log D(G(z))


def gan_cls_discriminator_loss(real_logits, mismatched_logits, fake_logits):
    """짝을 따지는 판별자의 GAN-CLS 손실 (Reed et al., 2016, 알고리즘 1).

    −log D(진짜, 맞는 글) − ½[log(1 − D(진짜, 틀린 글)) + log(1 − D(가짜, 맞는 글))].
    틀린 짝과 가짜를 반씩 섞어 '가짜' 쪽 항 하나로 셉니다.
    """
    real_term = ops.mean(ops.softplus(-real_logits))
    mismatched_term = ops.mean(ops.softplus(mismatched_logits))
    fake_term = ops.mean(ops.softplus(fake_logits))
    return real_term + 0.5 * (mismatched_term + fake_term)


def kl_to_standard_normal(mu, log_var):
    """KL(N(μ, σ²) ‖ N(0, I)) = ½ Σ (μ² + σ² − log σ² − 1), 미니배치 평균.

    StackGAN의 조건 증강이 조건 분포를 표준 정규분포 가까이에 두려고 생성자 손실에 더합니다.
    """
    per_sample = 0.5 * ops.sum(ops.square(mu) + ops.exp(log_var) - log_var - 1.0, axis=-1)
    return ops.mean(per_sample)


def wasserstein_critic_loss(real_scores, fake_scores):
    """비평자(critic) 손실: E[f(G(z))] − E[f(x)] (Arjovsky et al., 2017).

    비평자 f는 확률이 아닌 점수를 냅니다(시그모이드 없음). 이 손실을 최소화하면 진짜와 가짜의
    점수 차 E[f(x)] − E[f(G(z))]가 커지고, f가 1-립시츠일 때 그 최댓값이 와서스타인 거리입니다.
    """
    return ops.mean(fake_scores) - ops.mean(real_scores)


def wasserstein_generator_loss(fake_scores):
    """WGAN 생성자 손실: −E[f(G(z))]. 가짜의 비평자 점수를 올립니다."""
    return -ops.mean(fake_scores)


def least_squares_discriminator_loss(real_scores, fake_scores):
    """최소제곱 판별자 손실(LSGAN, Mao et al., 2017): ½E[(D(x) − 1)²] + ½E[D(G(z))²].

    진짜 점수는 1로, 가짜 점수는 0으로 끌어당깁니다. 시그모이드 없이 점수에 바로 씁니다.
    """
    return 0.5 * (ops.mean(ops.square(real_scores - 1.0)) + ops.mean(ops.square(fake_scores)))


def least_squares_generator_loss(fake_scores):
    """최소제곱 생성자 손실: E[(D(G(z)) − 1)²]. 가짜 점수를 1로 끌어올립니다."""
    return ops.mean(ops.square(fake_scores - 1.0))


GENERATOR_LOSSES: dict[str, Callable] = {
    "minimax": minimax_generator_loss,
    "non-saturating": non_saturating_generator_loss,
    "wasserstein": wasserstein_generator_loss,
    "least-squares": least_squares_generator_loss,
}


def get_generator_loss(name: str) -> Callable:
    """이름(GENERATOR_LOSSES의 열쇠)으로 생성자 손실 함수를 고릅니다."""
    check_choice("손실", name, list(GENERATOR_LOSSES))
    return GENERATOR_LOSSES[name]
