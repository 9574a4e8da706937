"""Click-to-load players for videos hosted on a platform.

Nothing is loaded from the platform until the visitor clicks: the page only carries the embed
URL in a `data-` attribute, and `static/js/video-consent.js` builds the frame on click. The
embed URL is computed here, on the server, from the link the editor pasted."""

import re
from urllib.parse import parse_qs, urlparse

from .models import Platform, platform_for_url

# The exact origins the click-to-load frames come from: the Content-Security-Policy
# `frame-src` of the site allows these and nothing else.
EMBED_FRAME_ORIGINS = (
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://www.dailymotion.com",
    "https://www.tiktok.com",
    "https://www.instagram.com",
)

# What loading the player implies, said once per platform in plain French.
PLATFORM_NOTICE = (
    "En chargeant la vidéo ici, vous vous connectez à {platform}, qui peut déposer des "
    "cookies et suivre votre navigation. Rien n'est chargé tant que vous n'avez pas cliqué."
)

VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _segments(parsed):
    return [segment for segment in parsed.path.split("/") if segment]


def _youtube(parsed, host):
    segments = _segments(parsed)
    if host == "youtu.be":
        video_id = segments[0] if segments else ""
    elif segments[:1] == ["watch"]:
        video_id = parse_qs(parsed.query).get("v", [""])[0]
    elif len(segments) >= 2 and segments[0] in {"embed", "shorts", "live", "v"}:
        video_id = segments[1]
    else:
        return ""
    if not VIDEO_ID.match(video_id):
        return ""
    return f"https://www.youtube-nocookie.com/embed/{video_id}?rel=0&autoplay=1"


def _vimeo(parsed, host):
    segments = _segments(parsed)
    numbers = [index for index, segment in enumerate(segments) if segment.isdigit()]
    if not numbers:
        return ""
    index = numbers[-1]
    url = f"https://player.vimeo.com/video/{segments[index]}?dnt=1&autoplay=1"
    # An unlisted video: vimeo.com/123456/abcdef12 carries its privacy hash.
    if index + 1 < len(segments) and re.match(r"^[0-9a-f]{6,}$", segments[index + 1]):
        url += f"&h={segments[index + 1]}"
    return url


def _dailymotion(parsed, host):
    segments = _segments(parsed)
    if host == "dai.ly":
        video_id = segments[0] if segments else ""
    elif len(segments) >= 2 and segments[0] == "video":
        video_id = segments[1].split("_")[0]
    elif len(segments) >= 3 and segments[:2] == ["embed", "video"]:
        video_id = segments[2]
    else:
        return ""
    if not VIDEO_ID.match(video_id):
        return ""
    return f"https://www.dailymotion.com/embed/video/{video_id}?autoplay=1"


def _tiktok(parsed, host):
    segments = _segments(parsed)
    for index, segment in enumerate(segments[:-1]):
        if segment == "video" and segments[index + 1].isdigit():
            return f"https://www.tiktok.com/player/v1/{segments[index + 1]}"
    return ""


def _instagram(parsed, host):
    segments = _segments(parsed)
    for index, segment in enumerate(segments[:-1]):
        if segment in {"p", "reel", "tv"} and VIDEO_ID.match(segments[index + 1]):
            kind = "reel" if segment == "reel" else "p"
            return f"https://www.instagram.com/{kind}/{segments[index + 1]}/embed/"
    return ""


PARSERS = {
    Platform.YOUTUBE: _youtube,
    Platform.VIMEO: _vimeo,
    Platform.DAILYMOTION: _dailymotion,
    Platform.TIKTOK: _tiktok,
    Platform.INSTAGRAM: _instagram,
}


def embed_url(platform_url):
    """The URL of the platform's player for this video, or "" when the link is not one we
    know how to embed (then the page offers the plain link only)."""
    if not platform_url:
        return ""
    parsed = urlparse(platform_url)
    if parsed.scheme not in {"http", "https"}:
        return ""
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    parser = PARSERS.get(platform_for_url(platform_url))
    return parser(parsed, host) if parser else ""
