"""Units of the figures: persons, households and dwellings, with pint.

Every figure counts persons, households (families) or dwellings (homes,
houses); the claims table says which in its ``unit`` column.  The units are
defined in a pint definitions file shipped with the package,
``stats/rules/units.txt``, and :func:`registry` loads it as the one unit
registry of the application.  Each unit has a dimension of its own, so a
count of households is never silently added to a count of persons:

>>> ureg = registry()
>>> ureg.Quantity(40, "people") + ureg.Quantity(3, "families")  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
pint.errors.DimensionalityError: Cannot convert from 'household' ([household]) to 'person' ([population])

Households become persons only through the ``households`` context, with an
average household size that the user gives (there is no default size):

>>> with ureg.context(HOUSEHOLD_CONTEXT, household_size=4.5):
...     print(ureg.Quantity(300, "families").to("persons"))
1350.0 person

:func:`to_persons` does that for the household rows of a claims table, with
one size for every row or a size per country (:func:`load_household_sizes`
reads such a table from a CSV file), and records the size it used.  A table
in which nothing could be converted comes back without any persons column.
"""
from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from importlib import resources
from os import PathLike
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import pint

__all__ = [
    "HOUSEHOLD_CONTEXT", "PERSONS_DTYPES", "UNITS_FILE", "household_to_persons", "load_household_sizes",
    "registry", "to_persons",
]

#: The definitions file, in ``stats/rules/``.
UNITS_FILE = "units.txt"

#: The name of the pint context that turns households into persons.
HOUSEHOLD_CONTEXT = "households"

#: The columns :func:`to_persons` adds, in order, with their dtypes.
PERSONS_DTYPES: Mapping[str, str] = MappingProxyType({
    "persons_low": "Int64", "persons_value": "Int64", "persons_high": "Int64",
    "household_size": "Float64", "household_size_source": "string",
})

#: ``to_persons`` input column -> output column.
_CONVERTED = (("low", "persons_low"), ("value", "persons_value"), ("high", "persons_high"))
_ISO3 = re.compile(r"[A-Za-z]{3}")


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """The application's unit registry, built once from ``stats/rules/units.txt``.

    It holds only the units of that file (``person``, ``household``,
    ``dwelling`` and their aliases) and the ``households`` context.

    >>> ureg = registry()
    >>> ureg is registry()
    True
    >>> [str(ureg.Unit(name)) for name in ("people", "families", "homes")]
    ['person', 'household', 'dwelling']
    """
    import pint  # here: most runs convert no household, and pint takes 0.2 s to import

    ref = resources.files("stats") / "rules" / UNITS_FILE
    with resources.as_file(ref) as path:
        return pint.UnitRegistry(str(path))


def _check_size(size: object, what: str = "household size") -> float:
    """``size`` as a float, or ``ValueError`` unless it is a finite number > 0.

    >>> _check_size(5)
    5.0
    >>> _check_size(-1)
    Traceback (most recent call last):
    ValueError: household size must be a number greater than 0, not -1
    """
    try:
        value = float(size)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        value = math.nan
    if isinstance(size, bool) or not (math.isfinite(value) and value > 0):
        raise ValueError(f"{what} must be a number greater than 0, not {size!r}")
    return value


def household_to_persons(value: float, household_size: float) -> float:
    """``value`` households in persons, ``household_size`` persons a household.

    The conversion goes through the registry's ``households`` context; the
    result is not rounded.  ``household_size`` must be a finite number > 0.

    >>> household_to_persons(300, 5)
    1500.0
    >>> household_to_persons(12, 4.5)
    54.0
    >>> household_to_persons(10, 0)
    Traceback (most recent call last):
    ValueError: household size must be a number greater than 0, not 0
    """
    size = _check_size(household_size)
    ureg = registry()
    with ureg.context(HOUSEHOLD_CONTEXT, household_size=size):
        return float(ureg.Quantity(value, "household").to("person").magnitude)


def load_household_sizes(path: str | PathLike[str]) -> dict[str, float]:
    """Average household sizes per country from a CSV file the user supplies.

    The file has a header row with (at least) the columns ``country``, an
    ISO 3166 alpha-3 code, and ``household_size``, a number greater than 0;
    column names are matched without regard to case, other columns are
    ignored, and so are blank rows and rows whose first cell starts with
    ``#`` (a comment, or an HXL tag row).  Codes come back upper-case.

    The whole file is checked before anything is returned: if any row is
    bad, nothing is loaded and a ``ValueError`` lists every bad row, one a
    line, as ``path:line: problem`` (a country given twice is a problem).
    A file that cannot be read raises ``OSError``.

    >>> import tempfile, pathlib
    >>> tmp = tempfile.TemporaryDirectory()
    >>> d = pathlib.Path(tmp.name)
    >>> _ = (d / "sizes.csv").write_text("country,household_size\\nnpl,4.6\\nSDN,5.5\\n")
    >>> load_household_sizes(d / "sizes.csv")
    {'NPL': 4.6, 'SDN': 5.5}
    >>> _ = (d / "bad.csv").write_text("country,household_size\\nNPL,four\\nSudan,5\\n")
    >>> load_household_sizes(d / "bad.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: .../bad.csv:2: household size 'four' is not a number
    .../bad.csv:3: country 'Sudan' is not an ISO 3166 alpha-3 code (3 letters)
    >>> tmp.cleanup()
    """
    name = str(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(_numbered_rows(f))
    except UnicodeDecodeError as exc:
        raise ValueError(f"{name}: not a UTF-8 text file ({exc.reason})") from exc
    except csv.Error as exc:
        raise ValueError(f"{name}: not a CSV file ({exc})") from exc
    if not rows:
        raise ValueError(f"{name}:1: empty file; expected a header row with country,household_size")
    header_line, header = rows[0]
    columns = [cell.strip().lower() for cell in header]
    missing = [c for c in ("country", "household_size") if c not in columns]
    if missing:
        raise ValueError(
            f"{name}:{header_line}: no column {' or '.join(repr(c) for c in missing)} "
            f"in the header row (found: {', '.join(repr(c) for c in header)})"
        )
    i_country, i_size = columns.index("country"), columns.index("household_size")
    sizes: dict[str, float] = {}
    first_line: dict[str, int] = {}
    problems: list[str] = []
    for line, row in rows[1:]:
        country = row[i_country].strip() if i_country < len(row) else ""
        size_text = row[i_size].strip() if i_size < len(row) else ""
        problem = None
        if not _ISO3.fullmatch(country):
            problem = (f"country {country!r} is not an ISO 3166 alpha-3 code (3 letters)" if country
                       else "no country")
        elif country.upper() in first_line:
            problem = f"country {country.upper()} given twice (first on line {first_line[country.upper()]})"
        elif not size_text:
            problem = "no household size"
        else:
            try:
                size = float(size_text)
            except ValueError:
                problem = f"household size {size_text!r} is not a number"
            else:
                if not (math.isfinite(size) and size > 0):
                    problem = f"household size {size_text!r} is not a number greater than 0"
        if problem:
            problems.append(f"{name}:{line}: {problem}")
            continue
        code = country.upper()
        first_line[code] = line
        sizes[code] = size
    if problems:
        raise ValueError("\n".join(problems))
    return sizes


def _numbered_rows(f: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of the non-blank, non-comment rows of a CSV file."""
    reader = csv.reader(f)
    start = 1
    for row in reader:
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue
        yield line, row


def _is_household(unit: str) -> bool:
    """Whether ``unit`` names households in the registry (``household``, ``families``...).

    >>> [_is_household(u) for u in ("household", "families", "person", "dwelling", "", "tonnes")]
    [True, True, False, False, False, False]
    """
    from pint.errors import PintError

    ureg = registry()
    try:
        return bool(unit.strip()) and ureg.parse_units(unit).dimensionality == ureg.Unit("household").dimensionality
    except (PintError, ValueError, TypeError, AttributeError, SyntaxError):
        return False


def _convert(counts: pd.Series, size: float) -> np.ndarray:
    """Household counts in persons, rounded to whole persons (halves to even), through the context."""
    ureg = registry()
    magnitudes = pd.to_numeric(counts, errors="coerce").astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    with ureg.context(HOUSEHOLD_CONTEXT, household_size=size):
        persons = ureg.Quantity(magnitudes, "household").to("person").magnitude
    return np.round(np.asarray(persons, dtype=float))


def to_persons(
    frame: pd.DataFrame,
    *,
    household_size: float | None = None,
    household_sizes: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """The claims ``frame`` with its household figures also in persons, where a size is known.

    A row whose ``unit`` is households is converted with the size of its
    ``country`` in ``household_sizes`` (ISO3 codes, any case; source
    ``"table"``), else with ``household_size`` (source ``"option"``), else
    not at all.  A converted row gets ``low``, ``value`` and ``high`` in
    persons as ``persons_low``, ``persons_value`` and ``persons_high``
    (rounded to whole persons, halves to even), and the factor used in
    ``household_size`` and ``household_size_source``; every other row has
    missing values there (see :data:`PERSONS_DTYPES`).  The other columns
    are not changed, and persons and dwellings rows are never converted.

    If no row is converted (no size given, no household rows, or none with a
    known size), the frame comes back without any of these columns.  The
    result is a new frame; ``frame`` is not modified.  Sizes must be finite
    numbers > 0 (``ValueError``); ``frame`` must have a ``unit`` column.

    >>> claims = pd.DataFrame({
    ...     "category": ["displaced", "killed", "displaced"],
    ...     "value": [300, 4, 120], "low": [300, 4, 120], "high": [300, 4, None],
    ...     "unit": ["household", "person", "household"], "country": ["NPL", "NPL", "SDN"],
    ... }).astype({"value": "Int64", "low": "Int64", "high": "Int64"})
    >>> list(to_persons(claims).columns) == list(claims.columns)  # no size: nothing converted
    True
    >>> to_persons(claims, household_size=5, household_sizes={"sdn": 5.5})[
    ...     ["unit", "persons_low", "persons_high", "household_size", "household_size_source"]]
            unit  persons_low  persons_high  household_size household_size_source
    0  household         1500          1500             5.0                option
    1     person         <NA>          <NA>            <NA>                  <NA>
    2  household          660          <NA>             5.5                 table
    """
    if "unit" not in frame.columns:
        raise ValueError("to_persons needs a 'unit' column")
    default = None if household_size is None else _check_size(household_size)
    table = {str(code).strip().upper(): _check_size(size, f"household size of {code!r}")
             for code, size in (household_sizes or {}).items()}
    result = frame.drop(columns=[c for c in PERSONS_DTYPES if c in frame.columns])  # a new frame
    if default is None and not table or len(result) == 0:
        return result

    units = result["unit"].astype("string").fillna("")
    kinds = {str(u): _is_household(str(u)) for u in pd.unique(units)}
    household = np.array([kinds[str(u)] for u in units], dtype=bool)
    if "country" in result.columns and table:
        countries = result["country"].astype("string").fillna("").str.strip().str.upper()
        from_table = np.array([table.get(str(c), np.nan) for c in countries], dtype=float)
    else:
        from_table = np.full(len(result), np.nan)
    size = np.where(np.isnan(from_table), np.nan if default is None else default, from_table)
    converted = household & ~np.isnan(size)
    if not converted.any():
        return result

    persons = {name: np.full(len(result), np.nan) for _, name in _CONVERTED}
    for factor in np.unique(size[converted]):
        rows = converted & (size == factor)
        for column, name in _CONVERTED:
            if column in result.columns:
                persons[name][rows] = _convert(result[column].iloc[rows], float(factor))
    source = np.where(~np.isnan(from_table), "table", "option")
    out = {name: pd.array(values, dtype="Float64").astype("Int64") for name, values in persons.items()}
    out["household_size"] = pd.array(np.where(converted, size, np.nan), dtype="Float64")
    out["household_size_source"] = pd.array(np.where(converted, source, np.array(None, dtype=object)), dtype="string")
    added = pd.DataFrame(out, index=result.index).astype(dict(PERSONS_DTYPES))
    return pd.concat([result, added], axis=1)
