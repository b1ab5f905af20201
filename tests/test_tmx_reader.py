"""The TMX reader's two paths agree, and the fast one gives way to lxml wherever it must.

Files our writer produced are read without lxml (guangdong_terms/formats/tmx.py explains why);
these tests hold that path to lxml's reading of the same bytes: the same segments, ids and
line numbers for any text, with chunk boundaries anywhere, and the same refusals for files
that are not well-formed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guangdong_terms.core.bilingual import Segment, Unit
from guangdong_terms.formats import FormatError, tmx

# Everything a field can hold in XML 1.0: specials, every reference form our writer emits
# (&amp; &lt; &gt; &quot; &#9; &#10; &#13;), tab, newline, carriage return, emoji, CJK
# Extension B, a right-to-left mark, and a NUL-free mix of any other printable characters.
SPECIAL = st.sampled_from(list("<>&\"'\t\n\r😀𠀋\u200f中文 ab]"))
TEXT = st.text(SPECIAL | st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"],
                                         exclude_characters="\ufffe\uffff"),
               max_size=12)
ID = st.text(SPECIAL | st.sampled_from(list("seed-0123")), max_size=8)


@st.composite
def units(draw: st.DrawFn) -> list[Unit]:
    made = []
    for n in range(draw(st.integers(1, 6))):
        made.append(Unit(draw(ID) or f"u{n}",
                         draw(TEXT), draw(TEXT),
                         tuple(draw(st.lists(st.tuples(st.sampled_from(["x-a", "x&b"]), TEXT),
                                             max_size=2))),
                         draw(TEXT)))
    return made


def _write(path: Path, made: list[Unit], **languages: str) -> None:
    with path.open("w", encoding="utf-8") as handle:
        tmx.write_tmx(handle, made, **languages)


def _both(path: Path, source_lang: str | None = None) -> tuple[list[Segment], list[Segment]]:
    return (list(tmx.read_tmx_segments(str(path), source_lang)),
            list(tmx._read_with_lxml(str(path), source_lang)))


def _canonical(path: Path) -> tmx._CanonicalReader:
    reader = tmx._CanonicalReader(str(path), None)
    list(reader.chunks())
    return reader


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(made=units(), chunk=st.sampled_from([7, 64, 1 << 20]), reverse=st.booleans())
def test_fast_path_reads_every_file_we_write_as_lxml_does(made, chunk, reverse, tmp_path,
                                                          monkeypatch):
    monkeypatch.setattr(tmx, "_CHUNK_BYTES", chunk)  # chunk boundaries inside characters too
    path = tmp_path / "x.tmx"
    _write(path, made)
    fast, slow = _both(path, "en" if reverse else None)
    assert _canonical(path).finished  # read without lxml at all
    assert fast == slow
    assert [(s.source, s.target) for s in fast] == [
        (u.target, u.source) if reverse else (u.source, u.target) for u in made]


def test_line_numbers_follow_multi_line_segments(tmp_path, monkeypatch):
    monkeypatch.setattr(tmx, "_CHUNK_BYTES", 300)
    made = [Unit(f"u{n}", "一\n二" * (n % 3), f"sentence {n}") for n in range(40)]
    path = tmp_path / "x.tmx"
    _write(path, made)
    fast, slow = _both(path)
    assert _canonical(path).finished
    assert fast == slow
    assert fast[1].line == fast[0].line + 1 and fast[2].line == fast[1].line + 2


@pytest.fixture
def written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Our file, 60 units, read in chunks of a few units each."""
    monkeypatch.setattr(tmx, "_CHUNK_BYTES", 1000)
    path = tmp_path / "x.tmx"
    _write(path, [Unit(f"u{n}", f"第{n}句 <&>", f"sentence {n}") for n in range(60)])
    return path


@pytest.mark.parametrize("edit", [
    ('<tu tuid="u40">', '<!-- reviewed -->\n<tu tuid="u40">'),  # a comment, late in the file
    ('<tu tuid="u40">', '<tu tuid="u40" changedate="20260101T000000Z">'),  # another attribute
    ('<seg>sentence 45</seg>', '<seg>sentence <bpt i="1">&lt;b&gt;</bpt>45</seg>'),  # markup
    ('<seg>sentence 45</seg>', '<seg><![CDATA[sentence <45>]]></seg>'),
    ('</body>\n</tmx>\n', '</body>\n</tmx>\n<!-- end -->\n'),
    ('\n', '\r\n'),  # Windows line ends throughout
    ('<tu tuid="u5">', '<tu tuid="u5">\n  '),  # pretty-printed
])
def test_edited_files_are_read_by_lxml_from_where_the_form_changes(written, edit):
    text = written.read_text(encoding="utf-8").replace(*edit)
    written.write_bytes(text.encode("utf-8"))
    fast, slow = _both(written)
    assert not _canonical(written).finished
    assert fast == slow  # nothing read twice, nothing lost
    assert [s.id for s in fast] == [f"u{n}" for n in range(60)]


def test_character_references_are_read_without_lxml(written):
    text = written.read_text(encoding="utf-8").replace(
        "<seg>sentence 45</seg>", "<seg>sentence &#52;&#x35; &quot;&apos;</seg>")
    written.write_text(text, encoding="utf-8")
    fast, slow = _both(written)
    assert _canonical(written).finished
    assert fast == slow
    assert fast[45].target == "sentence 45 \"'"


@pytest.mark.parametrize(("edit", "message"), [
    (("<seg>sentence 50</seg>", "<seg>sentence & 50</seg>"), "xmlParseEntityRef"),
    (("<seg>sentence 50</seg>", "<seg>sentence &#1; 50</seg>"), "xmlParseCharRef"),
    (("<seg>sentence 50</seg>", "<seg>sentence \x01 50</seg>"), "PCDATA invalid Char"),
    (("<seg>sentence 50</seg>", "<seg>sentence ]]> 50</seg>"), "']]>' not allowed"),
    (("<seg>sentence 50</seg>", "<seg>sentence \ufffe 50</seg>"), "Char"),
    (('<tu tuid="u50">', '<tu tuid="u50>'), ""),
])
def test_malformed_files_are_refused_with_a_line_however_they_start(written, edit, message):
    text = written.read_text(encoding="utf-8")
    line = text[:text.index(edit[0])].count("\n") + 1
    written.write_bytes(text.replace(*edit).encode("utf-8"))
    with pytest.raises(FormatError, match=rf":{line}: not well-formed XML: .*{message}"):
        list(tmx.read_tmx_segments(str(written)))


def test_an_undeclared_entity_is_kept_as_written_as_lxml_keeps_it(written):
    # The document names an external DTD, which could declare it; lxml does not load it.
    text = written.read_text(encoding="utf-8")
    written.write_text(text.replace("sentence 50<", "sentence&nbsp;50<"), encoding="utf-8")
    fast, slow = _both(written)
    assert fast == slow
    assert fast[50].target == "sentence&nbsp;50"


def test_a_truncated_file_is_refused(written):
    written.write_bytes(written.read_bytes()[:-500])
    with pytest.raises(FormatError, match="not well-formed XML"):
        list(tmx.read_tmx_segments(str(written)))


def test_a_file_that_is_not_utf8_is_refused(written):
    written.write_bytes(written.read_bytes().replace("第50句".encode(), b"\xff\xfe"))
    with pytest.raises(FormatError, match="not well-formed XML"):
        list(tmx.read_tmx_segments(str(written)))


def test_text_streams_without_a_buffer_get_the_same_document(tmp_path):
    import io

    made = [Unit("u1", "中\r文 <&>", "x\ty"), Unit("u2", "plain", "plain")]
    stream = io.StringIO()
    tmx.write_tmx(stream, made)
    path = tmp_path / "x.tmx"
    _write(path, made)
    assert stream.getvalue() == path.read_bytes().decode("utf-8")
    assert "中&#13;文 &lt;&amp;&gt;" in stream.getvalue()


@pytest.mark.parametrize("bad", ["\x01", "\ud800", "\ufffe"])
def test_writer_names_a_character_xml_cannot_carry(tmp_path, bad):
    with pytest.raises(ValueError, match=f"U\\+{ord(bad):04X} cannot be written in XML 1.0"):
        _write(tmp_path / "x.tmx", [Unit("ok", "好", "good"), Unit("u2", f"坏{bad}", "bad")])
