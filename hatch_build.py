"""Build hook: compiles the check's word index (glossary/check/_vocab.c) with the machine's C compiler.

Why a hook and not setuptools: the package is built by hatchling, and the extension is one C file with no
dependency, so the compiler and flags Python itself was built with (sysconfig) are all it needs. When
there is no compiler (or KOZH_NO_COMPILE is set), the install goes on without it: glossary/check/match.py
then reads the words in Python, with the same results (tests/test_compiled.py compares both).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SOURCE = Path("glossary", "check", "_vocab.c")


def compile_extension(root: Path, out_dir: Path) -> Path:
    """glossary/check/_vocab.c compiled into out_dir as an importable module; raises on failure."""
    # CC and LDSHARED as the environment says, else as Python was built (what setuptools does too)
    cc = os.environ.get("CC") or sysconfig.get_config_var("CC")
    ldshared = os.environ.get("LDSHARED") or sysconfig.get_config_var("LDSHARED")
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    if not (cc and ldshared and suffix):
        raise RuntimeError("this Python does not say how to build an extension")
    include = sysconfig.get_paths()["include"]
    out = out_dir / ("_vocab" + suffix)
    with tempfile.TemporaryDirectory() as tmp:
        obj = Path(tmp, "_vocab.o")
        subprocess.run([*shlex.split(cc), *shlex.split(sysconfig.get_config_var("CCSHARED") or ""), "-O2",
                        "-I", include, "-c", str(root / SOURCE), "-o", str(obj)], check=True, capture_output=True)
        subprocess.run([*shlex.split(ldshared), str(obj), "-o", str(out)], check=True, capture_output=True)
    return out


class CompiledWordIndex(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or os.environ.get("KOZH_NO_COMPILE"):
            return
        root = Path(self.root)
        # an editable install imports from the source tree: the module goes beside its source
        self._tmp = None if version == "editable" else tempfile.TemporaryDirectory()
        out_dir = root / SOURCE.parent if self._tmp is None else Path(self._tmp.name)
        try:
            out = compile_extension(root, out_dir)
        except (OSError, RuntimeError, subprocess.CalledProcessError) as exc:
            detail = getattr(exc, "stderr", b"") or b""
            print(f"kozh-glossary: the compiled word index was not built ({exc}); the check reads words in "
                  f"Python instead.\n{detail.decode(errors='replace')[-2000:]}", file=sys.stderr)
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        if self._tmp is not None:
            build_data["force_include"][str(out)] = str(SOURCE.parent / out.name)

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        if getattr(self, "_tmp", None) is not None:
            self._tmp.cleanup()
