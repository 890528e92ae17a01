"""Installs are reproducible: every dependency is bounded and locked, with its hashes."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.stack import ROOT


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = project["dependencies"] + project["optional-dependencies"]["test"]
    return [Requirement(name) for name in names]


def locked() -> dict[str, tuple[str, list[str]]]:
    """Name -> (pinned version, hashes) from requirements.lock."""
    text = (ROOT / "requirements.lock").read_text()
    entries = {}
    for block in re.split(r"\n(?=[a-z0-9])", text):
        match = re.match(r"([A-Za-z0-9_.\-]+)==(\S+)", block)
        if match:
            name, version = match.groups()
            entries[canonicalize_name(name)] = (version, re.findall(r"--hash=sha256:\w+", block))
    return entries


def test_every_dependency_has_an_upper_bound_on_its_major_version():
    unbounded = [str(r) for r in declared() if not any(s.operator in ("<", "<=", "==", "~=")
                                                       for s in r.specifier)]  # fmt: skip
    assert unbounded == []


def test_the_lock_pins_every_dependency_within_its_range_with_hashes():
    lock = locked()
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in lock, f"{name} is not in requirements.lock"
        version, hashes = lock[name]
        assert requirement.specifier.contains(version), f"{name}=={version} vs {requirement}"
        assert hashes, f"{name} has no hash"
    assert all(hashes for _, hashes in lock.values())


def test_setup_ci_and_the_image_install_from_the_lock():
    setup = (ROOT / "bin" / "setup").read_text()
    assert "--require-hashes" in setup and "requirements.lock" in setup
    assert "bin/setup" in (ROOT / "bin" / "test").read_text()
    assert "bin/test" in (ROOT / ".ci" / "run").read_text()
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "--require-hashes --no-deps -r requirements.lock" in dockerfile
