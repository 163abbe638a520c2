"""The rules file is checked when it is loaded: a bad entry names the file and the key."""
from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from stats.claims import extract
from stats.lexicon import load_lexicon

PACKAGED = resources.files("stats") / "rules" / "claims.toml"


def _with(tmp_path, old: str, new: str):
    text = PACKAGED.read_text(encoding="utf-8")
    assert old in text, f"the packaged rules no longer contain {old!r}"
    path = tmp_path / "claims.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(path)


BAD_RULES = [
    ("unknown_category", "[categories.affected]", "[categories.wounded_badly]", "unknown categories"),
    ("unit_not_in_contract", 'units = ["person", "household"]\n\n[categories.injured]',
     'units = ["people"]\n\n[categories.injured]', "units must be among"),
    ("bound_not_in_contract", "[qualifiers.after_number]\nat_least", "[qualifiers.after_number]\nroughly",
     "bound must be among"),
    ("list_where_a_table_belongs", "[zero.predicates]", "[zero.predicates_old]", "zero.predicates"),
    ("not_a_list", 'breakers = ["when"', 'breakers = "when"\nold_breakers = ["when"', "must be a list"),
    ("empty_entry", 'others = ["more"', 'others = ["", "more"', "non-empty strings"),
    ("entry_twice", 'others = ["more"', 'others = ["More", "more"', "entries listed twice: ['more']"),
    ("broken_regex", "'reportedly', 'allegedly',", "'reportedly(', 'allegedly',", "bad regular expression"),
    ("case_asked_of_folded_text", "'reportedly', 'allegedly',", "'(?-i:reportedly)', 'allegedly',",
     "case cannot be asked for"),
    ("zero_predicate_category", '"no deaths" = "killed"', '"no deaths" = "slain"', "unknown category"),
    ("plural_pair_shape", '["man", "men"]', '["man"]', "entries must be [singular, plural]"),
    ("not_toml", "[grammar]", "[grammar", "at the end of a table declaration"),
]


@pytest.mark.parametrize("old, new, message", [c[1:] for c in BAD_RULES], ids=[c[0] for c in BAD_RULES])
def test_a_bad_rules_file_names_the_file_and_the_key(tmp_path, old, new, message):
    path = _with(tmp_path, old, new)
    with pytest.raises(ValueError) as error:
        load_lexicon(path)
    assert str(error.value).startswith(path)
    assert message in str(error.value)


def test_the_packaged_rules_load_and_are_valid_toml():
    tomllib.loads(PACKAGED.read_text(encoding="utf-8"))
    lex = load_lexicon()
    assert {"killed", "injured", "displaced", "housing_destroyed"} <= set(lex.category_units)


def test_a_rules_file_given_by_path_changes_what_is_extracted(tmp_path):
    sentence = "Two hikers were found lifeless on the ridge."
    assert extract(sentence) == []
    path = _with(tmp_path, '"to death", "lives",', '"to death", "lives", "found lifeless",')
    claims = extract(sentence, lexicon=load_lexicon(path))
    assert [(c.category, c.value) for c in claims] == [("killed", 2)]
