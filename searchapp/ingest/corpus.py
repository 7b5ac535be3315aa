"""Read a corpus: find its files, decode them, and yield one `Source` per article.

This module does I/O and validation only. Each problem (unreadable file, broken
JSON line, wrong-typed field, duplicate id) becomes a `Problem` with the file,
the line and a reason in French; the good articles around it are still yielded.

Corrections survive rebuilds without editing the articles: `article.txt` takes its
values from `article.meta.json` beside it (`{"title": …, "date": …, "speakers": […]}`),
the articles of `corpus.jsonl` (or `.jsonl.gz`) from `corpus.overrides.json`, by id
(`{"id": {"title": …}}`). A correction file that cannot be used is reported, and the
articles are read without it.
Reading (`read_raw`) and parsing (`Raw.parse`) are separate steps, so that the
indexer can parse in its worker processes.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import json
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

SUFFIXES = (".txt", ".jsonl", ".jsonl.gz")
MAX_TEXT_BYTES = 5 * 1024 * 1024
MAX_LINE_BYTES = 5 * 1024 * 1024

# JSONL fields and the Python type each must have when present.
STRING_FIELDS = ("id", "title", "text", "date", "source", "url", "author")
LIST_FIELDS = ("speakers", "countries", "topics")
QUOTES_EXPECTED = 'champ « quotes » : liste de citations {"speaker": texte ou null, "text": texte non vide} attendue'

# What a correction may give: every JSONL field but the text and the id.
CORRECTED_FIELDS = ("title", "date", "source", "url", "author", *LIST_FIELDS)
CORRECTION_SUFFIXES = (".meta.json", ".overrides.json")  # of a `.txt` file, of a JSONL file
_ISO_DATE = re.compile(r"^(?:19|20)\d\d-[01]\d(?:-[0-3]\d)?(?:T[\d:.+-]+Z?)?$")

_ID_UNSAFE = re.compile(r"[^\w.-]+")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")  # from JSON escapes like "\ud83d" alone: not encodable
_ESCAPED_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")  # the only way a line can hold one


@dataclass(frozen=True)
class Source:
    """One article as read: decoded text (raw `.txt`) or validated JSON fields."""

    id: str
    path: str
    text: str
    line: int | None = None
    fields: dict = field(default_factory=dict)
    digest: str = ""  # a hash of the bytes read (the `.txt` file, the JSONL line) and of the article's correction
    corrections: dict = field(default_factory=dict)  # the values its correction file gives (they win)


@dataclass(frozen=True)
class Problem:
    """Something that could not be read, and why (in French)."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{printable(self.path)}:{self.line}" if self.line else printable(self.path)
        return f"{where}: {self.reason}"


def printable(path: str) -> str:
    r"""A file path as it can be shown on one line of UTF-8: control characters escaped, and the bytes
    of a name that are not UTF-8 (held as surrogates by `os.fsdecode`) written `\xNN`.

    >>> print(printable("corpus/a\nb.txt"), printable("corpus/caf\udce9.txt"), printable("corpus/été.txt"))
    corpus/a\nb.txt corpus/caf\xe9.txt corpus/été.txt
    """
    if path.isprintable():
        return path
    text = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)


class _Where(TypedDict):
    """Where a JSONL problem is: the `Problem` keyword arguments besides `reason`."""

    path: str
    line: int


def find_files(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[Problem]]:
    """Expand files and folders into the sorted list of corpus files."""
    found: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if p.is_file() and _supported(p))
        elif path.is_file():
            if _supported(path):
                found.append(path)
            else:
                problems.append(Problem(str(path), "format non pris en charge (.txt, .jsonl, .jsonl.gz)"))
        else:
            problems.append(Problem(str(path), "introuvable"))
    return found, problems


@dataclass(frozen=True)
class Raw:
    """One article's bytes as read: a whole `.txt` file, or one line of a JSONL file."""

    path: str
    data: bytes
    line: int | None = None  # the JSONL line number; None for a `.txt` file
    corrections: dict = field(default_factory=dict)  # article id → the values its correction file gives

    def parse(self) -> Source | Problem:
        """Decode and validate: the article's `Source`, or why it is unusable."""
        if self.line is None:
            return _parse_text_file(self.path, self.data, self.corrections)
        return _parse_json_line(Path(self.path), self.line, self.data, self.corrections)


def corrections_path(path: Path) -> Path:
    """The correction file of a corpus file: `a.txt` → `a.meta.json`, `c.jsonl.gz` → `c.overrides.json`."""
    if path.suffix == ".txt":
        return path.with_name(path.name[: -len(".txt")] + CORRECTION_SUFFIXES[0])
    return path.with_name(path.name.removesuffix(".gz").removesuffix(".jsonl") + CORRECTION_SUFFIXES[1])


def read_corrections(path: Path) -> tuple[dict, Problem | None]:
    """The corrections of corpus file `path`, by article id (none without a correction file),
    and why its correction file cannot be used, if it cannot (then no correction is given)."""
    sidecar = corrections_path(path)
    try:
        data = sidecar.read_bytes()
    except FileNotFoundError:
        return {}, None
    except OSError as error:
        return {}, Problem(str(path), f"correction ignorée : {sidecar.name} illisible ({error.strerror or error})")
    try:
        found = json.loads(decode(data))
    except (ValueError, RecursionError) as error:
        return {}, Problem(str(path), f"correction ignorée : {sidecar.name} n'est pas du JSON valide ({error})")
    by_id = {_file_id(path): found} if path.suffix == ".txt" else found
    reason = _invalid_corrections(by_id, by_name=path.suffix != ".txt")
    if reason:
        return {}, Problem(str(path), f"correction ignorée : {sidecar.name} : {reason}")
    return by_id, None


def _invalid_corrections(by_id, by_name: bool) -> str | None:
    """Why corrections by article id are unusable (in French), or None."""
    if not isinstance(by_id, dict):
        return "objet JSON attendu, par identifiant d'article"
    for article_id, values in by_id.items():
        where = f"article « {article_id} » : " if by_name else ""
        if not isinstance(values, dict):
            return f"{where}objet JSON attendu ({', '.join(CORRECTED_FIELDS)})"
        for name, value in values.items():
            if name not in CORRECTED_FIELDS:
                return f"{where}champ « {name} » inconnu (possibles : {', '.join(CORRECTED_FIELDS)})"
            if name in LIST_FIELDS and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                return f"{where}champ « {name} » : liste de textes attendue"
            if name not in LIST_FIELDS and not (isinstance(value, str) and value.strip()):
                return f"{where}champ « {name} » : texte non vide attendu"
            if name == "date" and not _ISO_DATE.match(value.strip()):
                return f"{where}champ « date » : date ISO attendue (AAAA-MM-JJ ou AAAA-MM), pas « {value} »"
    return None


def read_sources(files: Iterable[Path], on_bytes: Callable[[int], None] | None = None) -> Iterator[Source | Problem]:
    """Yield the sources (and problems) of `files`; `on_bytes(n)` reports progress."""
    for item in read_raw(files, on_bytes):
        yield item.parse() if isinstance(item, Raw) else item


def read_raw(files: Iterable[Path], on_bytes: Callable[[int], None] | None = None) -> Iterator[Raw | Problem]:
    """Yield the articles of `files` as raw bytes, and the problems met reading them; `on_bytes(n)`
    reports progress."""
    progress = on_bytes or (lambda n: None)
    for path in files:
        reader = _read_text_file if path.suffix == ".txt" else _read_jsonl_file
        yield from reader(path, progress)


def decode(data: bytes) -> str:
    """Decode article bytes: UTF-8 (with or without BOM); bytes that are not UTF-8 are read
    as cp1252 (latin-1 for the five bytes cp1252 leaves undefined), and a text that is mostly
    not UTF-8 is read as cp1252 as a whole.

    So cp1252 and latin-1 files decode as before — even where their bytes happen to form
    UTF-8 (`é` + no-break space + `»` is also the UTF-8 of `頻`) —, and a UTF-8 file with a
    stray cp1252 byte keeps its accents instead of turning into mojibake as a whole.
    Line endings are normalised to ``\\n``.
    """
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-8" if _mostly_utf8(data) else "cp1252", errors=_AS_CP1252)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _mostly_utf8(data: bytes) -> bool:
    """Whether more non-ASCII bytes of `data` form UTF-8 sequences than not."""
    in_sequences = sum(map(len, _UTF8_SEQUENCE.findall(data)))
    return in_sequences >= len(_NON_ASCII.findall(data)) - in_sequences


def _as_cp1252(error: UnicodeDecodeError) -> tuple[str, int]:
    """Codec error handler: read the bytes that are not UTF-8 as cp1252, and those cp1252 leaves
    undefined as latin-1."""
    chunk = error.object[error.start : error.end]
    return "".join(_cp1252_char(byte) for byte in chunk), error.end


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


_AS_CP1252 = "searchapp-cp1252"
# typeshed types handlers for any UnicodeError; this one is only used for decoding, so it gets UnicodeDecodeError.
codecs.register_error(_AS_CP1252, _as_cp1252)  # type: ignore[arg-type]


def _supported(path: Path) -> bool:
    return path.name.endswith(SUFFIXES) and not path.name.startswith(".")


def _file_id(path: Path) -> str:
    return _ID_UNSAFE.sub("-", path.stem).strip("-") or "article"


def _read_text_file(path: Path, progress: Callable[[int], None]) -> Iterator[Raw | Problem]:
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            yield Problem(
                str(path), f"fichier trop volumineux ({size // 1_000_000} Mo, limite {MAX_TEXT_BYTES // 1_000_000} Mo)"
            )
            return
        data = path.read_bytes()
    except OSError as error:
        yield Problem(str(path), f"illisible ({error.strerror or error})")
        return
    finally:
        progress(size_or_zero(path))
    corrections, problem = read_corrections(path)
    if problem:
        yield problem
    yield Raw(str(path), data, corrections=corrections)


def _parse_text_file(path: str, data: bytes, corrections: dict) -> Source | Problem:
    if _looks_binary(data):
        return Problem(path, "fichier binaire, pas du texte")
    if not data.strip():
        return Problem(path, "fichier vide")
    article_id = _file_id(Path(path))
    correction = corrections.get(article_id, {})
    return Source(id=article_id, path=path, text=decode(data), digest=_digest(data, correction), corrections=correction)


def _read_jsonl_file(path: Path, progress: Callable[[int], None]) -> Iterator[Raw | Problem]:
    try:
        raw = path.open("rb")
    except OSError as error:
        yield Problem(str(path), f"illisible ({error.strerror or error})")
        progress(size_or_zero(path))
        return
    corrections, problem = read_corrections(path)
    if problem:
        yield problem
    with raw:
        stream = gzip.GzipFile(fileobj=raw) if path.name.endswith(".gz") else raw
        done = 0
        number = 0
        empty = True
        try:
            if _looks_binary(stream.peek(4096)[:4096]):
                yield Problem(str(path), "fichier binaire, pas du texte")
                return
            for number, line in enumerate(_lines(stream), start=1):
                position = raw.tell()
                progress(position - done)
                done = position
                if line is None:
                    yield Problem(str(path), f"ligne trop longue (limite {MAX_LINE_BYTES // 1_000_000} Mo)", number)
                    empty = False
                elif line.strip():
                    yield Raw(str(path), line, number, corrections)
                    empty = False
            if empty:
                yield Problem(str(path), "fichier vide")
        except (OSError, EOFError, zlib.error) as error:
            yield Problem(str(path), f"fichier compressé tronqué ou corrompu ({error})", number + 1)
        finally:
            progress(size_or_zero(path) - done)


def _lines(stream) -> Iterator[bytes | None]:
    """The lines of a binary stream, each read into memory only up to MAX_LINE_BYTES; None for longer ones."""
    while line := stream.readline(MAX_LINE_BYTES + 1):
        if len(line) <= MAX_LINE_BYTES or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):  # skip the rest of the line, chunk by chunk
            line = stream.readline(64 * 1024)
        yield None


def _parse_json_line(path: Path, number: int, line: bytes, corrections: dict) -> Source | Problem:
    where: _Where = dict(path=str(path), line=number)
    try:
        obj = json.loads(decode(line))
    except json.JSONDecodeError as error:
        return Problem(reason=f"JSON invalide ({error.msg}, colonne {error.colno})", **where)
    except (ValueError, RecursionError):  # absurdly long numbers, absurdly deep nesting
        return Problem(reason="JSON invalide (nombre trop long ou imbrication trop profonde)", **where)
    if not isinstance(obj, dict):
        return Problem(reason="la ligne n'est pas un objet JSON", **where)
    for name in STRING_FIELDS:
        if obj.get(name) is not None and not isinstance(obj[name], str):
            if name == "id" and isinstance(obj[name], int) and not isinstance(obj[name], bool):
                obj[name] = str(obj[name])
            else:
                return Problem(reason=f"champ « {name} » : texte attendu", **where)
    for name in LIST_FIELDS:
        value = obj.get(name)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            return Problem(reason=f"champ « {name} » : liste de textes attendue", **where)
    if obj.get("quotes") is not None and not _valid_quotes(obj["quotes"]):
        return Problem(reason=QUOTES_EXPECTED, **where)
    for name in (*STRING_FIELDS, *LIST_FIELDS) if _ESCAPED_SURROGATE.search(line) else ():
        if _SURROGATE.search("".join(obj.get(name) or ())):
            return Problem(reason=f"champ « {name} » : caractère Unicode invalide (demi-codet isolé)", **where)
    text = (obj.get("text") or "").strip()
    if not text:
        return Problem(reason="champ « text » manquant ou vide", **where)
    article_id = _ID_UNSAFE.sub("-", (obj.get("id") or "").strip()).strip("-")
    if not article_id:
        article_id = f"{_file_id(path)}-{number}"
    correction = corrections.get(article_id, {})
    return Source(
        id=article_id,
        path=str(path),
        text=text,
        line=number,
        fields=obj,
        digest=_digest(line, correction),
        corrections=correction,
    )


def _valid_quotes(value) -> bool:
    """Whether a JSONL `quotes` value is a list of `{"text": non-empty text, "speaker": text or null}`."""
    return isinstance(value, list) and all(
        isinstance(item, dict)
        and isinstance(item.get("text"), str)
        and item["text"].strip()
        and (item.get("speaker") is None or isinstance(item["speaker"], str))
        for item in value
    )


def _digest(data: bytes, correction: dict) -> str:
    """A hash of an article's bytes and of its correction, if any."""
    digest = hashlib.sha256(data)
    if correction:
        digest.update(b"\0" + json.dumps(correction, sort_keys=True).encode("utf-8"))
    return digest.hexdigest()


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    return b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head) > len(head) // 20


def size_or_zero(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
