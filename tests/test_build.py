"""The compiled build (setup.py): what it compiles, and the refusal of a compiled module whose source changed."""
import hashlib
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

import stats
from stats import _refuse_stale_build, claims, figures, lexicon, numbers, qualifiers

SOURCE = "def f():\n    return 1\n"
DIGEST = hashlib.sha256(SOURCE.encode()).hexdigest()


@pytest.mark.parametrize(
    "source_now, compiled, refused",
    [
        pytest.param(SOURCE, True, False, id="compiled_from_this_source"),
        pytest.param(SOURCE + "# edited\n", True, True, id="source_edited_after_the_build"),
        pytest.param(SOURCE + "# edited\n", False, False, id="edited_but_the_build_compiled_nothing"),
        pytest.param(None, True, False, id="source_gone"),
    ],
)
def test_a_compiled_module_is_refused_only_when_its_source_changed(tmp_path, source_now, compiled, refused):
    if source_now is not None:
        (tmp_path / "numbers.py").write_text(source_now)
    if compiled:
        (tmp_path / f"numbers{EXTENSION_SUFFIXES[0]}").write_bytes(b"")
    if refused:
        with pytest.raises(ImportError, match=r"numbers\.py changed after it was compiled.*STATS_PURE=1"):
            _refuse_stale_build(tmp_path, {"numbers": DIGEST})
    else:
        _refuse_stale_build(tmp_path, {"numbers": DIGEST})


def test_the_install_compiled_every_module_it_lists():
    package = Path(stats.__file__).parent
    if not (package / "_compiled.py").exists():
        pytest.skip("installed from source only (STATS_PURE=1)")
    from stats._compiled import SOURCES

    modules = {m.__name__.rsplit(".", 1)[1]: m for m in (claims, figures, lexicon, numbers, qualifiers)}
    assert set(SOURCES) == set(modules)
    assert [name for name, m in modules.items() if str(m.__file__).endswith(".py")] == [], \
        "the install could not compile these modules (no C compiler?): they run from source"
