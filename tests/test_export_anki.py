"""The Anki export, imported by Anki itself: the PyPI ``anki`` package (Anki's own Rust backend)
reads each ``.apkg`` into a fresh collection, and every card is read back.

Expected content comes from the quiz (each question's prompt, options, answer and worked
steps, converted with the ``\\(…\\)`` math the writer promises) and the GUIDs from
``genanki.guid_for(family id, seed)``, the contract that lets a regenerated deck update the
notes a student already has instead of adding copies.
"""

import dataclasses
import re
from pathlib import Path

import anki.collection as anki_collection
import genanki
import pytest

from quizgen.assemble import assemble, select
from quizgen.question import Kind
from quizgen.render import HTML_TEX, answer_text
from quizgen.writers import RenderOptions, get_writer

TITLE = "Learning-rate quiz"


def import_deck(col, path: Path, always: bool = False):
    """Import like File → Import with the defaults ("Update notes: If newer"), or with "Always"."""
    from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition as Update

    condition = Update.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS if always else \
        Update.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
    options = anki_collection.ImportAnkiPackageOptions(update_notes=condition, update_notetypes=condition,
                                                       with_scheduling=False)
    return col.import_anki_package(anki_collection.ImportAnkiPackageRequest(package_path=str(path), options=options))


@pytest.fixture
def collection(tmp_path):
    """A fresh, empty Anki collection."""
    (tmp_path / "collection").mkdir()
    col = anki_collection.Collection(str(tmp_path / "collection" / "collection.anki2"))
    yield col
    col.close()


def _write(tmp_path, quiz, options, name="deck"):
    files = get_writer("anki").render(quiz, name, options)
    assert sorted(files) == [f"{name}.apkg"]
    path = tmp_path / f"{name}-{len(list(tmp_path.glob('*.apkg')))}.apkg"
    path.write_bytes(files[f"{name}.apkg"])
    return path


@pytest.fixture(scope="module")
def ten_by_thirty(bank):
    """The issue's quiz: 10 questions drawn from the whole bank, 30 versions, and its deck.

    Its 60 figures are stand-in SVGs, one distinct file per figure, put where the writer takes
    drawn figures from (the figure cache): to Anki a figure is an opaque media file, and drawing
    them would take most of this module's time. ``test_every_kind_of_card_and_figure`` imports
    figures quizgen really drew.
    """
    quiz = assemble(select(bank, n=10, seed=1), seed=1, versions=30, title=TITLE)
    stand_ins = {(v.number, n, i): f'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><title>v{v.number} '
                                   f'q{n} figure {i}</title></svg>'.encode()
                 for v in quiz.versions for n, q in enumerate(v.questions, 1) for i in range(len(q.figures))}
    assert len(stand_ins) == 60
    options = RenderOptions(cache={"svg": stand_ins})
    data = get_writer("anki").render(quiz, "deck", options)["deck.apkg"]
    return quiz, options, data


def _cards_by_guid(col):
    out = {}
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        note = card.note()
        assert note.guid not in out, "two cards for one note: the note type has one card"
        out[note.guid] = card, note
    return out


def _check_card(col, q, card, note, title):
    """Every part of question ``q`` on its card, where it belongs."""
    front, back = card.question(), card.answer()
    assert HTML_TEX.block(q.prompt) in front, q.name
    for step in q.solution:
        assert HTML_TEX.inline(step.text) in back and HTML_TEX.inline(step.text) not in front, q.name
    assert col.decks.name(card.did) == f"{title}::{q.topic}"
    kind = {Kind.NUMERIC: "numeric", Kind.MULTIPLE_CHOICE: "choice", Kind.MULTI_SELECT: "choice",
            Kind.TRUE_FALSE: "key-fact"}[q.kind]
    assert f"quizgen::{kind}" in note.tags and f"quizgen::family::{q.id}" in note.tags
    if q.kind is Kind.NUMERIC:
        shown, note_text = answer_text(q)
        assert HTML_TEX.inline(shown) in back and note_text in back and HTML_TEX.inline(shown) not in front
    elif q.kind is Kind.TRUE_FALSE:
        verdict = next(c.text for c in q.choices if c.correct)
        assert f"<strong>{verdict}.</strong>" in back, q.name
    else:
        letters = ", ".join("ABCDEFGH"[i] for i in q.correct_choices)
        assert f"<strong>Answer:</strong> {letters}" in back, q.name
        for c in q.choices:
            assert HTML_TEX.inline(c.text) in front and HTML_TEX.inline(c.feedback) in back, q.name
    images = re.findall(r'<img src="([^"]+)"', back)
    assert len(images) == len(q.figures), q.name
    assert len(re.findall(r'<img src="([^"]+)"', front)) == sum(not f.in_solution for f in q.figures), q.name
    return images


def test_anki_imports_every_card_with_its_figures(ten_by_thirty, collection, tmp_path):
    quiz, options, data = ten_by_thirty
    path = tmp_path / "deck.apkg"
    path.write_bytes(data)
    log = import_deck(collection, path).log
    questions = [q for v in quiz.versions for q in v.questions]
    assert len(log.new) == len(questions) == 300
    cards = _cards_by_guid(collection)
    assert set(cards) == {genanki.guid_for(q.id, q.seed) for q in questions}
    media = Path(collection.media.dir())
    svgs = options.cache["svg"]
    for v in quiz.versions:
        for n, q in enumerate(v.questions, 1):
            card, note = cards[genanki.guid_for(q.id, q.seed)]
            for i, name in enumerate(_check_card(collection, q, card, note, TITLE)):
                assert (media / name).read_bytes() == svgs[(v.number, n, i)], q.name
    check = collection.media.check()
    assert list(check.missing) == [] and list(check.unused) == []
    assert {d.name for d in collection.decks.all_names_and_ids()} == {"Default", TITLE} | {
        f"{TITLE}::{q.topic}" for q in questions}


def test_reimporting_a_regenerated_deck_adds_no_duplicates(ten_by_thirty, bank, collection, tmp_path):
    quiz, options, data = ten_by_thirty
    first = tmp_path / "first.apkg"
    first.write_bytes(data)
    assert len(import_deck(collection, first).log.new) == 300
    counts = (collection.note_count(), collection.card_count())
    # the same seed again, assembled afresh (with the same figures): the same bytes
    again = assemble(select(bank, n=10, seed=1), seed=1, versions=30, title=TITLE)
    same = get_writer("anki").render(again, "deck", RenderOptions(cache={"svg": options.cache["svg"]}))
    assert same["deck.apkg"] == data
    log = import_deck(collection, first).log
    assert len(log.new) == 0 and (collection.note_count(), collection.card_count()) == counts
    # a new title and an edited card template: different notes, the same GUIDs
    override = tmp_path / "teacher-templates" / "anki"
    override.mkdir(parents=True)
    source = Path(__file__).parents[1] / "templates" / "anki" / "source.html"
    override.joinpath("source.html").write_text(source.read_text(encoding="utf-8") + "EDITED\n", encoding="utf-8")
    renamed = dataclasses.replace(again, title="Renamed quiz")
    changed = get_writer("anki").render(renamed, "deck", RenderOptions(template_dirs=(override.parent,),
                                                                       cache={"svg": options.cache["svg"]}))
    assert changed["deck.apkg"] != data
    path = tmp_path / "changed.apkg"
    path.write_bytes(changed["deck.apkg"])
    for always in (False, True):  # Anki's default ("If newer") and "Always"
        log = import_deck(collection, path, always=always).log
        assert len(log.new) == 0 and (collection.note_count(), collection.card_count()) == counts
    # "Always" replaced every note's content with the regenerated one
    assert all("EDITED" in collection.get_note(nid)["Source"] for nid in collection.find_notes(""))


def test_every_kind_of_card_and_figure(bank, golden, collection, tmp_path):
    """A numeric question with a figure, a plotted multiple-choice one, multiple answer and true/false."""
    quiz = assemble([bank[i] for i in golden.quiz_ids(bank)], seed=7, versions=2, title="Kinds: a::b")
    path = _write(tmp_path, quiz, RenderOptions())
    assert len(import_deck(collection, path).log.new) == 8
    cards = _cards_by_guid(collection)
    kinds = set()
    for q in (q for v in quiz.versions for q in v.questions):
        card, note = cards[genanki.guid_for(q.id, q.seed)]
        _check_card(collection, q, card, note, "Kinds: a:b")  # "::" would nest the decks further
        kinds.add(q.kind)
    assert kinds == set(Kind)
    check = collection.media.check()
    assert list(check.missing) == [] and list(check.unused) == [] and len(list(Path(collection.media.dir()).iterdir()))


def test_same_quiz_same_bytes_and_a_rebuilt_version_alone(bank):
    families = [bank["gd.quadratic.one_step"], bank["concepts.definition"]]
    quiz = assemble(families, seed=3, versions=3, title="T")
    writer = get_writer("anki")
    assert writer.render(quiz, "t", RenderOptions()) == writer.render(quiz, "t", RenderOptions())
    one = assemble(families, seed=3, versions=3, title="T", only=2)
    assert sorted(writer.render(one, "t", RenderOptions())) == ["t-v02.apkg"]
