"""What a site feature adds to the `<head>` of every page (the open data's JSON-LD), registered
from its `AppConfig.ready()`: `base.html` loads the site-wide tags only
(`{% page_head_blocks %}` in `site_tags`) and knows no feature."""

_blocks = {}


def register_head_block(name, render):
    """`render(context)` returns the block's safe HTML, or "" when the page has none."""
    _blocks[name] = render


def head_blocks(context):
    return [render(context) for render in _blocks.values()]
