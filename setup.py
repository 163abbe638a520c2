"""The build: the extraction modules compiled with Cython, the rest plain Python.

The project's metadata is in ``pyproject.toml``; this file only adds the
compiled modules.  Cython compiles the ``.py`` files of :data:`COMPILED` as
they are (their source stays the only source) into C extensions that Python
loads instead of them: extraction runs about 1.2 times as fast
(``benchmarks/bench_extract.py`` prints which build it timed).

* Without a C compiler the install goes on and the package runs from its
  source (the extensions are optional).
* ``STATS_PURE=1 pip install -e .`` installs from source only, and removes
  compiled modules that an earlier install left beside the sources: the
  set-up for working on those modules, whose edits then take effect at once.
* After editing one of them in a compiled install, run the install again:
  ``import stats`` refuses a compiled module built from other source, by
  the digests this build writes to ``stats/_compiled.py``.
"""
import hashlib
import os
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

from setuptools import setup

COMPILED = ["stats/numbers.py", "stats/figures.py", "stats/qualifiers.py", "stats/lexicon.py", "stats/claims.py"]
DIGESTS = Path("stats/_compiled.py")

if os.environ.get("STATS_PURE") == "1":
    for source in COMPILED:
        for suffix in EXTENSION_SUFFIXES:
            Path(source).with_suffix(suffix).unlink(missing_ok=True)
    DIGESTS.unlink(missing_ok=True)
    setup()
else:
    digests = {Path(s).stem: hashlib.sha256(Path(s).read_bytes()).hexdigest() for s in COMPILED}
    DIGESTS.write_text(
        '"""Written by setup.py: the SHA-256 of each compiled module\'s source when it was built."""\n\n'
        f"SOURCES = {digests!r}\n"
    )
    from Cython.Build import cythonize

    extensions = cythonize(
        COMPILED,
        build_dir="build/cython",
        # Python's own semantics: annotations are not C types, functions keep
        # their docstrings and signatures, and doctests are collected once.
        compiler_directives={"language_level": 3, "binding": True, "annotation_typing": False, "autotestdict": False},
    )
    for extension in extensions:
        extension.optional = True
    setup(ext_modules=extensions)
