"""The project's Jupyter kernel and JupyterLab at the project root (`make lab`, `cchc lab`).

The kernel spec is named for the project's environment, `cchc` ("Python 3 (cchc)"), not `python3`:
a global Jupyter or VS Code resolves `python3` to whatever Python it finds first, usually one
without `cchc`. `make` installs it into the venv (`ipykernel install --sys-prefix`), the section
notebooks' metadata name it and `cchc build` runs them with it, so every Jupyter that looks in
the venv (the venv's own JupyterLab, papermill from the venv, a Dask worker started from it)
finds the same interpreter.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

KERNEL_NAME = "cchc"
DISPLAY_NAME = "Python 3 (cchc)"


def installed() -> bool:
    """Whether a Jupyter started from this environment finds the `cchc` kernel spec."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        return False
    return True


def install() -> None:
    """Install the kernel spec into this environment (`sys.prefix`), as `make` does."""
    subprocess.run([sys.executable, "-m", "ipykernel", "install", "--sys-prefix", "--name", KERNEL_NAME,
                    "--display-name", DISPLAY_NAME], check=True, stdout=subprocess.DEVNULL)


def lab_command(root: Path, uid: int | None = None) -> list[str]:
    """The JupyterLab command at the project root. Jupyter refuses to run as root unless told to
    (containers and CI machines often are root), so `--allow-root` is added for uid 0 only."""
    if uid is None:
        uid = os.getuid() if hasattr(os, "getuid") else -1
    return [sys.executable, "-m", "jupyter", "lab", *(["--allow-root"] if uid == 0 else []),
            f"--ServerApp.root_dir={root}"]
