"""Run every benchmark script in bench/ (files named *_bench.py), one after another."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

failed = []
for script in sorted(HERE.glob("*_bench.py")):
    print(f"\n##### {script.name}", flush=True)
    if subprocess.run([sys.executable, str(script)], cwd=HERE.parent).returncode != 0:
        failed.append(script.name)
if failed:
    sys.exit(f"failed: {', '.join(failed)}")
