"""Helpers for tests of edit forms: read a page's form and post it back as a browser would."""

import lxml.html
from werkzeug.datastructures import MultiDict


def page_form(html: str, version_name: str = "version", action: str | None = None):
    """Return the page's form carrying an input named version_name (posting to …action)."""
    for form in lxml.html.fromstring(html).forms:
        if version_name in form.inputs and (
            action is None or (form.action or "").split("#")[0].endswith(action)
        ):
            return form
    raise AssertionError(f"no form with an input named {version_name!r} on the page")


def form_data(
    html: str, typed: dict | None = None, version_name: str = "version", action: str | None = None
) -> MultiDict:
    """Return what the page's edit form posts, with the fields in typed typed over."""
    form = page_form(html, version_name, action)
    textareas = {el.name for el in form.inputs if el.tag == "textarea"}
    data = MultiDict(
        # a browser drops the line break that follows <textarea> (WTForms writes one)
        (name, value.removeprefix("\r\n").removeprefix("\n") if name in textareas else value)
        for name, value in form.form_values()
    )
    for name, value in (typed or {}).items():
        data.setlist(name, [value])
    return data


def seen_version(client, url: str, version_name: str = "version", action=None) -> str:
    """Return the version an edit page hands its form (what the person saw)."""
    html = client.get(url).get_data(as_text=True)
    return page_form(html, version_name, action).inputs[version_name].value


def delete_row(client, url: str):
    """Press the delete button of a row's edit page at url: post its form, version seen."""
    version = seen_version(client, url, action=f"{url}/delete")
    return client.post(f"{url}/delete", data={"version": version})
