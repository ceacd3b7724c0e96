"""How Streamlit 1.67 reads a Markdown text, modelled for tests of views.common.plain_markdown.

Streamlit draws st.markdown, captions, alerts and widget labels with react-markdown (remark:
CommonMark, GFM's tables, ~~strike~~ and bare links) plus its own syntax and rewrites
(frontend StreamlitMarkdown): :color[text] directives, $maths$, and — on the text after it is
parsed, where a backslash no longer counts — :emoji: and :material_icon: shortcodes, the
:streamlit: logo, bare http://, www. and e-mail links, and arrows. Here markdown-it-py parses
the CommonMark part (with the escapes kept apart: ``text_join`` off) and the regular
expressions below, copied from Streamlit's bundle, stand for the rewrites.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
PARSER.core.ruler.disable("text_join")  # an escaped character stays a token of its own

WORD_JOINER = "\u2060"
# tokens of plain text: anything else is markup Streamlit would draw (a link, an image, HTML,
# emphasis, code, a heading, a list, a table, strike-through …)
PLAIN_TOKENS = {"paragraph_open", "paragraph_close", "inline", "text", "text_special", "softbreak", "hardbreak"}
# markup that leads elsewhere or shows what is not text: never allowed where user text appears
FOREIGN_TOKENS = {"link_open", "image", "html_inline", "html_block", "code_inline", "code_block", "fence"}
# Streamlit's syntax that markdown-it does not know, in unescaped text
STREAMLIT_SYNTAX = {
    "directive": re.compile(r":[A-Za-z][\w-]*\["),  # :red[…], :help[…], :small[…]
    "maths": re.compile(r"\$"),  # remark-math: $x$, $$x$$
}
# what Streamlit rewrites in the text after parsing (ASCII \w, as in JavaScript)
REWRITES = {
    "emoji": re.compile(r":\+1:|:-1:|:[A-Za-z0-9_-]+:"),
    "icon": re.compile(r":material[/_][A-Za-z0-9_]+:"),
    "link": re.compile(r"https?://|www(?=\.)", re.IGNORECASE),
    "e-mail": re.compile(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+", re.ASCII),
    "arrow": re.compile(r"(?:^|\s)(?:<->|->|<-|--|>=|<=|~=)(?:\s|$)"),
}
ASCII_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")


def tokens(source: str) -> list[Token]:
    """Every block token of ``source`` and every inline token within, in order."""
    found = []
    for token in PARSER.parse(source):
        found.append(token)
        found.extend(token.children or [])
    return found


def _is_escape(token: Token) -> bool:
    return token.type == "text_special" and token.info == "escape"


def _text(source: str, *, unescaped: str | None) -> str:
    """The text of ``source`` as shown, paragraphs and breaks as new lines; with ``unescaped``,
    each ASCII punctuation character that is not backslash-escaped replaced by it."""
    lines = []
    for token in tokens(source):
        if token.type in ("text", "text_special", "code_inline"):
            text = token.content
            if unescaped is not None and not _is_escape(token):
                text = ASCII_PUNCTUATION.sub(unescaped, text)
            lines.append(text)
        elif token.type in ("softbreak", "hardbreak", "paragraph_close"):
            lines.append("\n")
    return "".join(lines).strip("\n")


def shown_text(source: str) -> str:
    """What a reader sees of ``source`` (the word joiners plain_markdown adds are invisible)."""
    return _text(source, unescaped=None).replace(WORD_JOINER, "")


def literal_text(source: str) -> str:
    """``shown_text``, with every ASCII punctuation character that Markdown may still read (not
    backslash-escaped) as NUL: a text found in it is shown as written and takes part in no markup."""
    return _text(source, unescaped="\0").replace(WORD_JOINER, "")


def markup(source: str, *, allowed: set[str] = PLAIN_TOKENS) -> list[str]:
    """What Streamlit would draw of ``source`` beyond plain text: token types not in ``allowed``,
    its own syntax in unescaped text, and its rewrites of the parsed text."""
    found = [t.type for t in tokens(source) if t.type not in allowed]
    unescaped = "\0".join(t.content for t in tokens(source) if t.type == "text")
    found += [name for name, pattern in STREAMLIT_SYNTAX.items() if pattern.search(unescaped)]
    parsed = _text(source, unescaped=None)  # word joiners kept: they are what defeats a rewrite
    found += [name for name, pattern in REWRITES.items() if pattern.search(parsed)]
    return found
