"""테스트 공통 설정: TensorFlow 로그를 줄이고, Keras 백엔드와 그림 백엔드(Agg)를 정합니다."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("MPLBACKEND", "Agg")
