from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from factory import ROOT

from regsite.build import Model, Options, _Stages, build, prepare
from regsite.diagnostics import Report


def options_for(tmp: Path, data: Path, content: Path, **kw) -> Options:
    return Options(
        data=data, content=content, out=tmp / "site", cache=tmp / "cache", templates=ROOT / "templates", **kw
    )


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory):
    """The shipped sample (real register, real guidance) built once for the whole session."""
    tmp = tmp_path_factory.mktemp("sample")
    options = options_for(tmp, ROOT / "data", ROOT / "content")
    result = build(options)
    return result


@pytest.fixture(scope="session")
def sample_model(tmp_path_factory: pytest.TempPathFactory) -> Model:
    """The shipped data read and modelled (nothing rendered), for tests of the model and of views."""
    tmp = tmp_path_factory.mktemp("model")
    return prepare(options_for(tmp, ROOT / "data", ROOT / "content"), Report(), _Stages({}, {}))
