"""Units: the pint registry, households to persons, and the household-size table."""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stats.claims import Claim, claims_frame
from stats.units import (
    HOUSEHOLD_CONTEXT,
    PERSONS_DTYPES,
    household_to_persons,
    load_household_sizes,
    registry,
    to_persons,
)

PERSONS_COLUMNS = list(PERSONS_DTYPES)


# --- the registry ------------------------------------------------------------


def test_registry_loads_once_from_the_package():
    ureg = registry()
    assert isinstance(ureg, pint.UnitRegistry)
    assert registry() is ureg
    assert "meter" not in ureg  # only our own units
    assert HOUSEHOLD_CONTEXT in ureg._contexts


@pytest.mark.parametrize(
    "name, unit",
    [
        ("person", "person"), ("persons", "person"), ("people", "person"),
        ("household", "household"), ("households", "household"), ("family", "household"), ("families", "household"),
        ("dwelling", "dwelling"), ("dwellings", "dwelling"), ("home", "dwelling"), ("homes", "dwelling"),
        ("houses", "dwelling"),
    ],
)
def test_aliases(name, unit):
    assert str(registry().Unit(name)) == unit


@pytest.mark.parametrize("a, b", [("person", "household"), ("household", "person"), ("person", "dwelling"),
                                  ("household", "dwelling")])
def test_different_units_do_not_add(a, b):
    ureg = registry()
    with pytest.raises(pint.DimensionalityError):
        ureg.Quantity(10, a) + ureg.Quantity(2, b)


def test_households_do_not_become_persons_without_the_context():
    ureg = registry()
    with pytest.raises(pint.DimensionalityError):
        ureg.Quantity(300, "families").to("persons")


def test_the_context_converts_households_to_persons_with_the_size_given():
    ureg = registry()
    with ureg.context(HOUSEHOLD_CONTEXT, household_size=4.5):
        persons = ureg.Quantity(300, "household").to("person")
        total = ureg.Quantity(300, "household").to("person") + ureg.Quantity(20, "person")
    assert persons.magnitude == pytest.approx(1350) and str(persons.units) == "person"
    assert total.magnitude == pytest.approx(1370)


def test_the_context_without_a_size_gives_no_number():
    ureg = registry()
    with ureg.context(HOUSEHOLD_CONTEXT):
        assert math.isnan(ureg.Quantity(300, "household").to("person").magnitude)


def test_the_context_converts_one_way_and_never_dwellings():
    ureg = registry()
    with ureg.context(HOUSEHOLD_CONTEXT, household_size=5):
        with pytest.raises(pint.DimensionalityError):
            ureg.Quantity(10, "person").to("household")
        with pytest.raises(pint.DimensionalityError):
            ureg.Quantity(10, "dwelling").to("person")


@pytest.mark.parametrize("value, size, persons", [(300, 5, 1500.0), (12, 4.5, 54.0), (0, 6.2, 0.0), (3, 4.5, 13.5)])
def test_household_to_persons(value, size, persons):
    assert household_to_persons(value, size) == pytest.approx(persons)


@pytest.mark.parametrize("size", [0, -1, float("nan"), float("inf"), "five", None, True])
def test_household_to_persons_needs_a_positive_size(size):
    with pytest.raises(ValueError, match="household size must be a number greater than 0"):
        household_to_persons(10, size)


# --- to_persons --------------------------------------------------------------


def claim(category: str, value: int | None, unit: str, country: str, *, low: int | None = None,
          high: int | None = None, bound: str = "exact", start: int = 0) -> Claim:
    low = value if low is None else low
    high = value if high is None and bound == "exact" else high
    return Claim(
        doc_id="d1", category=category, value=value, low=low, high=high, bound=bound, qualifier="",
        unit=unit, subject="", source="", hedged=False, cumulative=False, projected=False, negated=False,
        subset=False, number_text=str(value), start=start, end=start + 3, sentence="", country=country,
    )


@pytest.fixture
def frame() -> pd.DataFrame:
    """Households in Nepal and Sudan, persons in Nepal, dwellings in Sudan, households nowhere."""
    return claims_frame([
        claim("displaced", 300, "household", "NPL"),                       # 0
        claim("killed", 4, "person", "NPL"),                               # 1
        claim("displaced", 120, "household", "SDN", high=None, bound="at_least"),  # 2
        claim("housing_destroyed", 80, "dwelling", "SDN"),                 # 3
        claim("homeless", None, "household", "", low=12, bound="vague"),   # 4: "dozens of families"
    ])


def persons(result: pd.DataFrame) -> list[tuple]:
    """(persons_low, persons_value, persons_high, household_size, household_size_source) a row, None for missing."""
    return [tuple(None if pd.isna(v) else v for v in row)
            for row in result[PERSONS_COLUMNS].itertuples(index=False, name=None)]


NONE = (None, None, None, None, None)


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        pytest.param({}, None, id="no size: no persons columns"),
        pytest.param({"household_sizes": {}}, None, id="empty table: no persons columns"),
        pytest.param({"household_sizes": {"COD": 5.3}}, None, id="no country in the table: no persons columns"),
        pytest.param(
            {"household_size": 5},
            [(1500, 1500, 1500, 5.0, "option"), NONE, (600, 600, None, 5.0, "option"), NONE,
             (60, None, None, 5.0, "option")],
            id="one size for every household row",
        ),
        pytest.param(
            {"household_size": 5, "household_sizes": {"SDN": 5.5}},
            [(1500, 1500, 1500, 5.0, "option"), NONE, (660, 660, None, 5.5, "table"), NONE,
             (60, None, None, 5.0, "option")],
            id="the country's size overrides the single size",
        ),
        pytest.param(
            {"household_sizes": {"npl": 4.6, "SDN": 5.5}},
            [(1380, 1380, 1380, 4.6, "table"), NONE, (660, 660, None, 5.5, "table"), NONE, NONE],
            id="table only: a row of a country not in it stays in households",
        ),
    ],
)
def test_to_persons(frame, kwargs, expected):
    before = frame.copy()
    result = to_persons(frame, **kwargs)
    pd.testing.assert_frame_equal(frame, before)  # the input is not modified
    pd.testing.assert_frame_equal(result[list(frame.columns)], frame)  # nor any of its columns
    if expected is None:
        assert list(result.columns) == list(frame.columns)
        assert result is not frame
        result.loc[result.index[0], ["unit", "value"]] = ["changed", -1]  # a new frame: writing to it leaves the input
        pd.testing.assert_frame_equal(frame, before)
    else:
        assert list(result.columns) == list(frame.columns) + PERSONS_COLUMNS
        assert result[PERSONS_COLUMNS].dtypes.astype(str).to_dict() == dict(PERSONS_DTYPES)
        assert persons(result) == expected


def test_to_persons_without_household_rows_adds_nothing(frame):
    no_households = frame[frame["unit"] != "household"]
    assert list(to_persons(no_households, household_size=5).columns) == list(frame.columns)


def test_to_persons_of_an_empty_frame():
    empty = claims_frame([])
    assert list(to_persons(empty, household_size=5).columns) == list(empty.columns)


def test_to_persons_rounds_to_whole_persons_halves_to_even():
    frame = claims_frame([claim("displaced", 3, "household", ""), claim("displaced", 5, "household", "")])
    assert to_persons(frame, household_size=4.5)["persons_value"].tolist() == [14, 22]  # 13.5, 22.5


def test_to_persons_does_not_rely_on_the_index(frame):
    shuffled = frame.set_axis([7, 7, 3, 3, 0])
    result = to_persons(shuffled, household_size=5)
    assert result.index.tolist() == [7, 7, 3, 3, 0]
    assert persons(result)[0] == (1500, 1500, 1500, 5.0, "option")
    assert persons(result)[1] == NONE


def test_to_persons_replaces_earlier_persons_columns(frame):
    once = to_persons(frame, household_size=5)
    again = to_persons(once, household_size=4)
    assert list(again.columns) == list(once.columns)
    assert again["persons_value"].iloc[0] == 1200
    assert list(to_persons(once).columns) == list(frame.columns)


@pytest.mark.parametrize("kwargs", [{"household_size": 0}, {"household_size": -2.5},
                                    {"household_sizes": {"NPL": float("nan")}}])
def test_to_persons_rejects_bad_sizes(frame, kwargs):
    with pytest.raises(ValueError, match="greater than 0"):
        to_persons(frame, **kwargs)


def test_to_persons_needs_a_unit_column(frame):
    with pytest.raises(ValueError, match="'unit'"):
        to_persons(frame.drop(columns="unit"), household_size=5)


@given(
    size=st.floats(min_value=0.5, max_value=50, allow_nan=False, allow_infinity=False),
    count=st.integers(min_value=0, max_value=10**7),
)
def test_persons_are_households_times_the_size(size, count):
    frame = claims_frame([claim("displaced", count, "household", "NPL")])
    result = to_persons(frame, household_size=size)
    assert result["persons_value"].iloc[0] == round(count * size)
    assert result["persons_low"].iloc[0] == result["persons_high"].iloc[0] == round(count * size)
    assert result["household_size"].iloc[0] == size
    by_table = to_persons(frame, household_sizes={"NPL": size})
    assert by_table["persons_value"].iloc[0] == round(count * size)
    assert by_table["household_size_source"].iloc[0] == "table"


# --- the household-size table ------------------------------------------------


def write(tmp_path: Path, text: str, name: str = "sizes.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_household_sizes(tmp_path):
    path = write(tmp_path, "\ufeffCountry,Name,Household_Size\n#country+code,,#population+hh\n"
                           "npl,Nepal,4.6\n\nSDN,Sudan, 5.5 \n")
    assert load_household_sizes(path) == {"NPL": 4.6, "SDN": 5.5}
    assert load_household_sizes(str(path)) == {"NPL": 4.6, "SDN": 5.5}


def test_bad_rows_are_all_named_with_file_and_line(tmp_path):
    path = write(tmp_path, "country,household_size\nNPL,4.6\nNepal,4.6\nSDN,\nCOD,-5\nYEM,six\nnpl,4.7\nAFG\n")
    with pytest.raises(ValueError) as info:
        load_household_sizes(path)
    assert str(info.value).splitlines() == [
        f"{path}:3: country 'Nepal' is not an ISO 3166 alpha-3 code (3 letters)",
        f"{path}:4: no household size",
        f"{path}:5: household size '-5' is not a number greater than 0",
        f"{path}:6: household size 'six' is not a number",
        f"{path}:7: country NPL given twice (first on line 2)",
        f"{path}:8: no household size",
    ]


@pytest.mark.parametrize(
    "text, message",
    [
        ("", ":1: empty file"),
        ("iso3,size\nNPL,4.6\n", ":1: no column 'country' or 'household_size'"),
        ("country,hh\nNPL,4.6\n", ":1: no column 'household_size'"),
    ],
)
def test_a_file_without_the_columns_is_refused(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ValueError, match=str(path).replace("\\", "\\\\") + message):
        load_household_sizes(path)


def test_a_file_that_is_not_text_is_refused(tmp_path):
    path = tmp_path / "sizes.csv"
    path.write_bytes(b"country,household_size\nNPL,\xff\xfe\n")
    with pytest.raises(ValueError, match="not a UTF-8 text file"):
        load_household_sizes(path)


def test_a_missing_file_is_an_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_household_sizes(tmp_path / "missing.csv")
