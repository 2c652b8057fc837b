"""HTML-to-text and single-value parsers used by every catalog importer."""

from decimal import Decimal

import pytest

from assistant.catalog.importers.text import clean_text, html_to_text, to_plain_text
from assistant.catalog.importers.values import (
    Money,
    parse_amount,
    parse_availability,
    parse_availability_or_flag,
    parse_money,
    parse_stock,
    split_category,
    split_tags,
)


def test_paragraphs_and_breaks_become_single_spaces():
    html = "<p>Warm.</p>\n<p>&bull; Two-tone.<br />&bull; Machine wash.</p>"
    assert html_to_text(html) == "Warm. • Two-tone. • Machine wash."


def test_list_of_sentences_reads_as_prose():
    html = "<p>Roomy bag.</p><ul><li>Dual handles.</li><li>Zip pocket.</li></ul>"
    assert html_to_text(html) == "Roomy bag. Dual handles. Zip pocket."


def test_list_of_fragments_gets_bullets():
    html = "Choker. <ul>\n<li>14k gold</li>\n<li>Leather</li>\n<li>Made in USA</li>\n</ul>"
    assert html_to_text(html) == "Choker. • 14k gold • Leather • Made in USA"


def test_unclosed_list_and_paragraph_are_still_rendered():
    html = "<p>Pack.<p>\n<ul>\n<li>Top handle.</li>\n<li>Volume: 29 L.</li>\n<ul>"
    assert html_to_text(html) == "Pack. Top handle. Volume: 29 L."


def test_entities_decoded_scripts_dropped_inline_tags_joined():
    html = "<b>Bold</b>er<script>alert(1)</script> &trade; 5&nbsp;cm &amp; more<style>p{}</style>"
    assert html_to_text(html) == "Bolder ™ 5 cm & more"


def test_plain_text_with_angle_brackets_is_not_treated_as_html():
    assert to_plain_text("size < 10 and a<b") == "size < 10 and a<b"
    assert to_plain_text("AT&amp;T <br>phones") == "AT&T phones"


def test_clean_text_collapses_all_whitespace():
    assert clean_text("  a\n\tb\u00a0 c ") == "a b c"
    assert clean_text(None) == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("52.00 USD", Money(Decimal("52.00"), "USD")),
        ("EUR 9.5", Money(Decimal("9.5"), "EUR")),
        ("12", Money(Decimal("12"), None)),
        (" .99 gbp ", Money(Decimal(".99"), "GBP")),
    ],
)
def test_money_is_parsed(raw, expected):
    assert parse_money(raw) == expected


@pytest.mark.parametrize("raw", ["nine", "5,00 USD", "1e5", "NaN", "USD 5 EUR", "$5"])
def test_unparsable_money_is_refused(raw):
    with pytest.raises(ValueError, match="not a price"):
        parse_money(raw)


def test_negative_money_is_refused():
    with pytest.raises(ValueError, match="negative price"):
        parse_money("-1.00 USD")


def test_bare_amount_refuses_a_currency_code():
    assert parse_amount("42.99") == Decimal("42.99")
    with pytest.raises(ValueError, match="currency USD not expected"):
        parse_amount("42.99 USD")


def test_stock_is_a_whole_number():
    assert parse_stock("7") == 7
    assert parse_stock("-2") == -2
    assert parse_stock("3.0") == 3
    for raw in ("lots", "2.5", "Infinity"):
        with pytest.raises(ValueError, match="not a whole number"):
            parse_stock(raw)


@pytest.mark.parametrize(
    ("raw", "available"),
    [("in stock", True), ("out_of_stock", False), ("Preorder", True), ("backorder", True), ("OUT OF STOCK", False)],
)
def test_merchant_availability_values(raw, available):
    assert parse_availability(raw) is available


def test_unknown_availability_is_refused():
    with pytest.raises(ValueError, match="unknown availability 'sometimes'"):
        parse_availability("sometimes")


def test_availability_flags_for_plain_files():
    assert parse_availability_or_flag("yes") is True
    assert parse_availability_or_flag("0") is False
    assert parse_availability_or_flag("out of stock") is False
    with pytest.raises(ValueError, match="unknown availability"):
        parse_availability_or_flag("maybe")


def test_category_and_tags_are_split_and_trimmed():
    assert split_category("Men >  Tops > Hoodies & Sweatshirts ") == ("Men", "Tops", "Hoodies & Sweatshirts")
    assert split_category("Home / Lamps", "/") == ("Home", "Lamps")
    assert split_category("") == ()
    assert split_tags("running, cotton,, running ,Cotton") == ("running", "cotton", "Cotton")


def test_clean_text_decodes_html_entities_in_titles():
    from assistant.catalog.importers.text import clean_text

    assert clean_text("Logan HeatTec&reg; Tee ") == "Logan HeatTec® Tee"
