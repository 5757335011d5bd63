"""Runs the shell blocks of docs/operations.md marked `<!-- tested: NAME -->`, as written, so
that every command the operations guide gives is one the tests have run."""
import os
import re
import subprocess

from conftest import BINARY

DOC = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "operations.md")


def block(name, language="sh"):
    text = open(DOC, encoding="utf-8").read()
    found = re.search(r"<!-- tested: %s -->\s*```%s\n(.*?)```" % (re.escape(name), language), text, re.S)
    assert found, f"docs/operations.md has no {language} block marked tested: {name}"
    return found.group(1)


def run_block(name, env, cwd, input=None, path=None):
    """Runs the block with `haven` from `path` (the built binary's folder unless given) first on PATH."""
    env = dict(env)
    env["PATH"] = (path or os.path.dirname(os.path.abspath(BINARY))) + os.pathsep + os.environ.get("PATH", "")
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", block(name)], env=env, cwd=cwd, capture_output=True,
                            text=True, timeout=600, input=input)
    assert result.returncode == 0, f"{name} failed:\n{result.stdout}\n{result.stderr}"
    return result
