"""Text as AlemKB stores it."""


def normalise_line_endings(text):
    """LF line breaks: CRLF (as browsers send a textarea's) and lone CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
