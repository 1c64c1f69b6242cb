"""What a browser sends when a rendered HTML form is submitted unchanged.

Follows the HTML form-submission rules that matter for round trips: a textarea drops the one
line break after its start tag and sends its line breaks as CRLF; a text input's value loses
its line breaks (value sanitisation); unchecked checkboxes and disabled fields send nothing; a
select sends its selected options (a single select with none selected sends its first); the
hidden empty inline forms (`__prefix__`) are sent too, as a browser does; the button pressed
sends its name and value.
"""

from html.parser import HTMLParser

TEXT_INPUTS = {"text", "number", "email", "url", "search", "tel", "password", "date", "time"}


class FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.fields = []  # [(name, value)]
        self.submits = {}  # name -> value
        self.textarea = None  # [name, text] while inside one
        self.select = None  # {"name", "multiple", "options": [(value, selected)], "option"}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id") == self.form_id
            return
        if not self.in_form or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            value = attrs.get("value", "")
            if kind in ("submit", "button", "image", "reset"):
                self.submits[name] = value
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value", "on")))
            elif kind == "file":
                pass
            elif kind in TEXT_INPUTS:
                self.fields.append((name, value.replace("\r", "").replace("\n", "")))
            else:  # hidden keeps its value as it is
                self.fields.append((name, value))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self.select is not None:
            self.select["option"] = [attrs.get("value"), "selected" in attrs, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data
        elif self.select is not None and self.select.get("option") is not None:
            self.select["option"][2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            if text.startswith("\n"):  # the parser drops the line break after the start tag
                text = text[1:]
            self.fields.append((name, text.replace("\r\n", "\n").replace("\n", "\r\n")))
            self.textarea = None
        elif tag == "option" and self.select is not None and self.select.get("option"):
            value, selected, text = self.select.pop("option")
            self.select["options"].append((text if value is None else value, selected))
        elif tag == "select" and self.select is not None:
            options = self.select["options"]
            chosen = [value for value, selected in options if selected]
            if not chosen and options and not self.select["multiple"]:
                chosen = [options[0][0]]
            self.fields += [(self.select["name"], value) for value in chosen]
            self.select = None


def submitted_form(html, form_id, button="_save"):
    """{name: [values]} as a browser submits the form `form_id`, pressing `button`."""
    parser = FormParser(form_id)
    parser.feed(html)
    data = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    if button in parser.submits:
        data[button] = [parser.submits[button]]
    return data
