"""python -m gan_tutorial 로 CLI를 실행합니다."""

import sys

from .cli import main

sys.exit(main())
