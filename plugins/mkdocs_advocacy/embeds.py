"""The embeds Markdown extension, by the name a site lists in `markdown_extensions`:

    markdown_extensions:
      - mkdocs_advocacy.embeds

(The MkDocs plugin adds it by itself; Zensical and other engines need the line.)
"""

from .core.embed_markdown import EmbedsExtension, makeExtension

__all__ = ["EmbedsExtension", "makeExtension"]
