"""Turn several outlets' articles about one story into an annotated digest site."""

import os

# Set before numpy loads OpenBLAS, which reads it once. The build runs its stories in processes of
# their own (--jobs), and align's products are small: OpenBLAS's further threads wait for work
# spinning, which cost a story of many articles a second of CPU and gave nothing back.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
