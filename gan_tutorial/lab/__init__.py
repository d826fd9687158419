"""가르치기 위한 도구: 학습 코어(gan_tutorial)와 따로 둡니다.

- toy: 1차원 장난감 GAN (논문 그림 1)
- latent: 잠재 공간 보간
- playground: 직접 해 보기 페이지로 생성자 내보내기 (브라우저에서 도는 순전파의 입력)
- notebook: 문서 노트북 도우미 (글꼴, 시드, 학습 예산, 소스 보여 주기)
- evaluate, junk: 품질 평가기와 '숫자 아님' 그림
- diagnostics: 바뀐 변수, 샘플 거리, 최근접 이웃
- bench: 학습 속도와 품질에 이르는 시간
- guidelines: DCGAN 다섯 지침 점검기
"""
