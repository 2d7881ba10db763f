"""Embeds as a Markdown extension: rendered where Markdown is (admonitions, tabs, lists), never in
code; checked at the same places; and through a whole MkDocs build inside an admonition."""

from __future__ import annotations

import markdown
import pytest
from mkdocs_advocacy.core.markdown_fields import MarkdownFields, MarkdownOptions
from mkdocs_advocacy.embeds import EmbedsExtension
from sitegen import build, mkdocs_yml, write, write_yaml

EXTENSIONS = ["admonition", "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed", "attr_list", "md_in_html",
              "toc", "tables"]
PAGE = """\
# Title

<!-- advocacy: rating -->

!!! note "In a note"
    <!-- advocacy: testimonials limit=1 -->

=== "A tab"

    <!-- advocacy: case-studies -->

- a list item

    <!-- advocacy: rating -->

```markdown
<!-- advocacy: in-a-fence -->
```

    <!-- advocacy: in-indented-code -->

!!! note
    ```
    <!-- advocacy: in-a-nested-fence -->
    ```
"""


def _convert(text: str) -> str:
    ext = EmbedsExtension()
    ext.render = lambda body: f'<div class="embed">{body}</div>'
    return markdown.Markdown(extensions=[*EXTENSIONS, ext]).convert(text)


def test_embeds_render_in_nested_blocks_and_never_in_code():
    html = _convert(PAGE)
    assert html.count('<div class="embed">') == 4
    assert '<div class="embed">testimonials limit=1</div>' in html.split('class="admonition note"')[1]
    assert '<div class="embed">case-studies</div>' in html.split("tabbed-set")[1]
    for code in ("in-a-fence", "in-indented-code", "in-a-nested-fence"):
        assert f"&lt;!-- advocacy: {code} --&gt;" in html  # shown as written
        assert f'<div class="embed">{code}' not in html
    assert "\u2063" not in html


def test_validation_meets_the_embeds_rendering_meets():
    seen = MarkdownFields(MarkdownOptions(EXTENSIONS)).embeds_in(PAGE)
    assert seen == [(3, "rating"), (6, "testimonials limit=1"), (10, "case-studies"), (14, "rating")]


@pytest.mark.slow
def test_an_embed_in_an_admonition_renders_in_a_build(tmp_path):
    mkdocs_yml(tmp_path, markdown_extensions=["admonition", "pymdownx.superfences"])
    write(tmp_path / "content/index.md", '# Home\n\n!!! tip "What customers say"\n    <!-- advocacy: testimonials limit=1 -->\n')
    write_yaml(tmp_path / "advocates/ana.yml", {
        "name": "Ana Silva", "company": "Co", "industry": "Retail", "consent": {"public": True, "given": "2025-01-01"},
        "testimonials": [{"quote": "Quote by Ana.", "date": "2025-02-01"}]})
    (tmp_path / "case_studies").mkdir()
    result = build(tmp_path, "--strict")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    note = page.split('class="admonition tip"')[1].split("</div>\n</div>")[0]
    assert "Quote by Ana." in note and 'href="/advocates/ana/"' in note  # from site_url's root path


@pytest.mark.slow
def test_a_bad_embed_in_an_admonition_fails_with_page_and_line(tmp_path):
    mkdocs_yml(tmp_path, markdown_extensions=["admonition"])
    write(tmp_path / "content/index.md", "# Home\n\n!!! tip\n    <!-- advocacy: testimonial -->\n")
    (tmp_path / "advocates").mkdir()
    (tmp_path / "case_studies").mkdir()
    result = build(tmp_path)
    assert result.returncode != 0
    assert "content/index.md:4: embed: unknown embed 'testimonial' (did you mean 'testimonials'?)" in result.stderr


@pytest.mark.slow
def test_an_embed_in_a_blog_excerpt_links_right_from_the_blog_index(tmp_path):
    """Material's blog shows a post's excerpt on the blog's index: the embed there must work too."""
    import yaml

    mkdocs_yml(tmp_path, site_url="https://customers.test.example/sub/")
    config = yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"].insert(1, "blog")
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    write(tmp_path / "content/index.md", "# Home\n")
    write(tmp_path / "content/blog/index.md", "# Blog\n")
    write(tmp_path / "content/blog/posts/first.md", "---\ndate: 2025-05-01\n---\n\n# First post\n\n"
          "<!-- advocacy: testimonials limit=1 -->\n\n<!-- more -->\n\nThe rest.\n")
    write_yaml(tmp_path / "advocates/ana.yml", {
        "name": "Ana Silva", "company": "Co", "industry": "Retail", "consent": {"public": True, "given": "2025-01-01"},
        "testimonials": [{"quote": "Quote by Ana.", "date": "2025-02-01"}]})
    (tmp_path / "case_studies").mkdir()
    result = build(tmp_path, "--strict")
    assert result.returncode == 0, result.stderr
    for page in ("site/blog/index.html", "site/blog/2025/05/01/first-post/index.html"):
        html = (tmp_path / page).read_text(encoding="utf-8")
        assert "Quote by Ana." in html and 'href="/sub/advocates/ana/"' in html, page

