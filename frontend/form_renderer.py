"""A form renderer that writes Django's stock form markup in Python.

Django renders every field group, label, error list, input, text area,
<option>, checkbox and radio button through its own template. The back
office's case page has about 140 such renders and the inbox filter about 110;
they were most of each page's time (performance/README.md). The stock templates below are
written here with exactly the same output (tests/frontend/test_form_renderer.py
compares them); any other template renders as usual.
"""

import html

from django.forms.renderers import DjangoTemplates

FIELD = "django/forms/field.html"
LABEL = "django/forms/label.html"
ERRORS = ("django/forms/errors/list/default.html", "django/forms/errors/list/ul.html")
SELECT = "django/forms/widgets/select.html"
MULTIPLE_INPUTS = (
    "django/forms/widgets/checkbox_select.html",
    "django/forms/widgets/radio.html",
)
SELECT_OPTION = "django/forms/widgets/select_option.html"
# Both only include input_option.html (and add their own final newline).
INPUT_OPTIONS = (
    "django/forms/widgets/checkbox_option.html",
    "django/forms/widgets/radio_option.html",
)
TEXTAREA = "django/forms/widgets/textarea.html"
# Each of these only includes input.html.
INPUTS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input", "checkbox", "color", "date", "datetime", "email", "file", "hidden",
        "number", "password", "search", "tel", "text", "time", "url",
    )
)  # fmt: skip


def escape(value) -> str:
    """django.utils.html.conditional_escape, without its lazy-string wrapper.

    A case page escapes ~500 values; the lazy wrapper was a noticeable share of that.
    """
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _attrs(attrs: dict | None) -> str:
    """django/forms/attrs.html and django/forms/widgets/attrs.html"""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in (attrs or {}).items()
        if value is not False
    )


def _options(widget: dict, *template_names: str) -> bool:
    return all(
        option["template_name"] in template_names
        for _group, options, _index in widget["optgroups"]
        for option in options
    )


def _select(widget: dict) -> str:
    parts = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f'\n  <optgroup label="{escape(group)}">')
        parts.extend(
            f'\n  <option value="{escape(option["value"])}"{_attrs(option["attrs"])}>'
            f"{escape(option['label'])}</option>\n"
            for option in options
        )
        if group:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _input(widget: dict) -> str:
    """django/forms/widgets/input.html (without its final newline).

    A "type" among the attributes (set after the widget was made) is the type: Django's
    template would write `type` twice, and browsers take the first.
    """
    value = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
    attrs = widget["attrs"]
    input_type = attrs.get("type", widget["type"])
    if "type" in attrs:
        attrs = {name: value for name, value in attrs.items() if name != "type"}
    return (
        f'<input type="{escape(input_type)}" name="{escape(widget["name"])}"{value}{_attrs(attrs)}>'
    )


def _textarea(widget: dict) -> str:
    """django/forms/widgets/textarea.html"""
    value = escape(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'
    )


def _input_option(option: dict) -> str:
    """django/forms/widgets/input_option.html with input.html inside.

    Included templates keep their final newline; only the outer one is stripped.
    """
    field = _input(option) + "\n"
    if not option["wrap_label"]:
        return field + "\n"
    option_id = option["attrs"].get("id")
    label_for = f' for="{escape(option_id)}"' if option_id else ""
    return f"<label{label_for}>{field} {escape(option['label'])}</label>\n"


def _multiple_inputs(widget: dict) -> str:
    """django/forms/widgets/multiple_input.html"""
    widget_id, css_class = widget["attrs"].get("id"), widget["attrs"].get("class")
    parts = [
        "<div",
        f' id="{escape(widget_id)}"' if widget_id else "",
        f' class="{escape(css_class)}"' if css_class else "",
        ">",
    ]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{escape(group)}</label>")
        parts.extend(f"<div>\n    {_input_option(option)}\n</div>" for option in options)
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


def _field_group(field) -> str:
    """django/forms/field.html (the outer template: its result is stripped)."""
    label = ""
    if field.label:
        label = field.legend_tag() if field.use_fieldset else field.label_tag()
    help_text = ""
    if field.help_text:
        help_id = f' id="{escape(field.auto_id)}_helptext"' if field.auto_id else ""
        help_text = f'<div class="helptext"{help_id}>{field.help_text}</div>'
    if field.use_fieldset:
        described = field.aria_describedby
        described = f' aria-describedby="{escape(described)}"' if described else ""
        opening, closing = f"\n  <fieldset{described}>\n  {label}\n", "</fieldset>"
    else:
        opening, closing = f"\n  {label}\n", ""
    return f"{opening}\n{help_text}\n{field.errors}\n{field}{closing}\n".strip()


def _label(context: dict) -> str:
    if not context["use_tag"]:
        return str(escape(context["label"]))
    tag = context["tag"]
    return f"<{tag}{_attrs(context['attrs'])}>{escape(context['label'])}</{tag}>"


def _errors(context: dict) -> str:
    errors = context["errors"]
    if not errors:
        return ""
    field_id = f' id="{escape(errors.field_id)}_error"' if errors.field_id else ""
    items = "".join(f"<li>{escape(error)}</li>" for error in errors)
    return f'<ul class="{escape(context["error_class"])}"{field_id}>{items}</ul>'


class StockMarkupRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == FIELD:
            return _field_group(context["field"])
        if template_name == LABEL:
            return _label(context)
        if template_name in ERRORS:
            return _errors(context)
        widget = context.get("widget")
        if template_name in INPUTS:
            return _input(widget)
        if template_name == TEXTAREA:
            return _textarea(widget)
        if template_name == SELECT and _options(widget, SELECT_OPTION):
            return _select(widget)
        if template_name in MULTIPLE_INPUTS and _options(widget, *INPUT_OPTIONS):
            return _multiple_inputs(widget)
        return super().render(template_name, context, request)
