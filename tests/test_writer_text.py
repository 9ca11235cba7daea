"""The one Jinja environment's escaping, and the math formats question text is converted to."""

import pytest

from quizgen.render import HTML_MATHML, HTML_TEX, MARKDOWN_DOLLARS, environment


@pytest.mark.parametrize("suffix, escaped", [(".xml", True), (".html", True), (".md", False), (".txt", False)])
def test_markup_templates_are_autoescaped_by_suffix(tmp_path, suffix, escaped):
    (tmp_path / f"doc{suffix}").write_text("<item>{{ text }}</item>")
    out = environment([tmp_path]).get_template(f"doc{suffix}").render(text="<script>alert(1)</script>")
    if escaped:
        assert out == "<item>&lt;script&gt;alert(1)&lt;/script&gt;</item>"
    else:
        assert out == "<item><script>alert(1)</script></item>"


def test_math_formats():
    text = r"Take $\eta < 2/a$ and *one* step: $$w_1 = w_0 - \eta g$$"
    assert MARKDOWN_DOLLARS.block(text) == MARKDOWN_DOLLARS.inline(text) == text
    assert HTML_TEX.block(text) == r"<p>Take \(\eta &lt; 2/a\) and <em>one</em> step: \[w_1 = w_0 - \eta g\]</p>"
    assert HTML_TEX.inline(text) == r"Take \(\eta &lt; 2/a\) and <em>one</em> step: \[w_1 = w_0 - \eta g\]"
    assert HTML_TEX.block("$$\nx^2\n$$") == r"\[x^2\]"
    mathml = HTML_MATHML.inline(text)
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in mathml and "$" not in mathml
    assert "\\(" not in mathml and "\\(" not in HTML_TEX.inline(r"a \$5 price")
