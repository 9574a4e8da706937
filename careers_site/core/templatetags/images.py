"""`{% picture %}`: an uploaded image as a responsive <picture> (WebP first, JPEG or PNG
fallback) with srcset, sizes, width and height. See careers_site/core/images.py."""

from django import template

from careers_site.core.images import picture_context

register = template.Library()


def _alt_of(image):
    """The alt text the editor gave beside the image field (`<field>_alt`), or "" when the
    image is marked decorative (`<field>_decorative`)."""
    instance, name = getattr(image, "instance", None), getattr(image, "field", None)
    if instance is None or name is None:
        return ""
    if getattr(instance, f"{name.name}_decorative", False):
        return ""
    return getattr(instance, f"{name.name}_alt", "") or ""


@register.inclusion_tag("includes/picture.html")
def picture(image, alt=None, sizes="100vw", loading="lazy", css_class="", widths=""):
    """{% picture profession.hero_image sizes="(min-width: 60em) 480px, 100vw" loading="eager" %}

    - alt: by default the field's own alt text (empty when marked decorative);
    - sizes: the width the image takes on screen, as in HTML;
    - loading: "lazy" below the fold, "eager" for the first image a visitor sees;
    - css_class: class of the <img>;
    - widths: "96,192" keeps only small renditions (thumbnails, logos).
    Nothing is shown when the field is empty."""
    if not image:
        return {"image": None}
    wanted = [int(w) for w in str(widths).split(",") if w.strip().isdigit()] if widths else None
    context = picture_context(
        image,
        alt=_alt_of(image) if alt is None else alt,
        sizes=sizes,
        loading=loading,
        css_class=css_class,
        widths=wanted,
    )
    context["image"] = image
    return context
