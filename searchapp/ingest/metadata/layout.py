"""Page layout: split a raw web-page text into headline, header, captions and clean body.

Each line is classified (navigation, menu, cookie-consent banner, masthead, breadcrumb,
sharing button, ad, related-link list, archive notice, byline, date line — alone or
with a byline and a reading time —, event banner, photo caption or credit, English text,
article text); the headline is the first title-like text line before the body starts
(rubric labels skipped), sure when its lede or its repeat follows it; repeated paragraphs
(a lead repeated at the end, even cut short with
"...") are dropped. Every dropped line keeps its reason, for `--explain`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import dates, gazetteers
from .gazetteers import ascii_lower

# Whole lines that are web-page furniture (compared folded, without final punctuation).
_FURNITURE = frozenset(
    "rechercher|recherche|menu|accueil|se connecter|connexion|s'identifier|mon compte|"
    "s'abonner|abonnez-vous|je m'abonne|newsletter|newsletters|partager|imprimer|envoyer|commenter|"
    "reagir|commentaire|commentaires|facebook|twitter|x|whatsapp|linkedin|messenger|email|e-mail|"
    "telegram|publicite|advertisement|annonce|close|fermer|tous droits reserves|lire la suite|voir plus|"
    "afficher plus|dernieres infos|dernieres actualites|dernieres nouvelles|en continu|"
    "a la une|suivez-nous|retour en haut|sommaire|ecouter cet article|ecouter|"
    "article reserve aux abonnes|reserve aux abonnes|reserve a nos abonnes|offrir cet article|ajouter a mes favoris|"
    "favoris|copier le lien|lien copie|copy to clipboard|video|photo|diaporama|"
    "la redaction|avec afp|avec l'afp|avec reuters|avec ap|avec agences".split("|")
)
_FURNITURE_START = re.compile(
    r"(partager (cet|l'|sur|par|via)|partagez|copier|lecture\s*:|temps de lecture|"
    r"il vous reste \d|publie (il y a|aujourd'hui|hier)|mis a jour (il y a|aujourd'hui|hier)|"
    r"\(c\) |nous utilisons des cookies|accepter les cookies|cet article est reserve|"
    r"vous consultez \d|abonnez-vous|deja abonne|article reserve aux abonnes)"
)
# Archive notices; each one contains "archive", "cet article" or "this article" (tested first: much cheaper).
_ARCHIVE = re.compile(
    r"(cet article fait partie des archives|cet article a ete publie il y a plus d|"
    r"this article is more than|archives? (du|de la|des) \w+ qui a ferme|article archive)"
)
# "Lire aussi", "À voir aussi : …", "Sur le même sujet", "READ MORE" (folded).
_RELATED = re.compile(
    r"(?:a\s+)?(?:lire|voir|decouvrir|ecouter|regarder)\s+(?:aussi|egalement|encore)\b|"
    r"(?:sur le meme sujet|dans la meme rubrique|articles? lies|nos articles|les plus lus|"
    r"pour aller plus loin|en lien avec|read more|related|see also|more on this|"
    r"a lire|a voir|a decouvrir)\b"
)
_AUTHOR = re.compile(r"^(?:par|propos recueillis par|by)\s+([A-ZÀ-Þ][^.!?]{2,90})$", re.IGNORECASE)
# A bare web address; it never contains a space (tested first: much cheaper).
_DOMAIN = re.compile(
    r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|fr|net|org|info|ca|be|ch|io|tv|news|eu)(?:/\S*)?$",
    re.IGNORECASE,
)
_BREADCRUMB_SPLIT = re.compile(r"\s+[>›|/]\s+|\s+»\s+")
_BREADCRUMB_SEPARATORS = (">", "›", "|", "/", "»")  # one of them is in every match of _BREADCRUMB_SPLIT
# Photo credits: "© Reuters", "Photo : X / AFP", "X/Getty Images/AFP", "(Photo by …)"; matched
# on folded text (© folds to "(c)"), after a cheap check for one of the markers.
_CREDIT_MARKERS = (
    "(c)",
    "photo",
    "credit",
    "getty",
    "afp",
    "reuters",
    "/",
    "via ",
    "shutterstock",
    "maxppp",
    "abaca",
    "hans lucas",
    "imago",
    "alamy",
    "epa",
)
_CREDIT = re.compile(
    r"\(c\)|credits?\s*(?:photo)?\s*:|photos?\s*:|\(photo\b|photo by\b|getty\s*images|afp photo\b|"
    r"reuters/|/\s*(?:afp|reuters|ap|epa|belga|sipa|maxppp|anp|dpa)\b|via (?:reuters|getty|afp|ap)\b|"
    r"shutterstock|maxppp|abaca|hans lucas|epa-efe|sipa press|imago\b|alamy"
)
# English words between spaces; the lookahead on their first letters rejects most spaces
# much faster than trying each word.
_ENGLISH_MARKER = re.compile(r" (?=[tofaiw])(?:the|of|and|in|to|is|with|at|for|what|we) ", re.ASCII | re.IGNORECASE)
_ENGLISH = frozenset(
    "the of and to in on at by with during is are was were his her from for an as "
    "after speaks said says photo via images what we know day war how why will has "
    "have be it this that you they their president minister".split()
)
_FRENCH = frozenset(
    "le la les de des du et à en un une est que qui dans pour sur au aux pas ne il "
    "elle se ce cette son sa ses lors par avec été ont sont".split()
)
_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# "MOSCOU, 15 janvier 2023 (AFP) - ", "PARIS (AFP) — " or "MANCHESTER (Royaume-Uni), 17 avril
# (AFP) - " at the start of a paragraph.
_DATELINE = re.compile(
    r"^(?P<place>[A-ZÀ-Þ][\w'’.-]*(?:[ -][A-Za-zÀ-ÿ'’.-]+){0,3})(?:\s*\((?!AFP|Reuters)[^()]{2,30}\))?,?\s*"
    r"(?:(?:le\s+)?(?P<date>[^()\-–—]{6,40}?)\s*)?(?P<agency>\((?:AFP|Reuters|AP|ATS|Belga|dpa|Xinhua)\)\s*)?"
    r"[-–—]\s*"
)
_DASH = re.compile(r"[-–—]")
_DATELINE_HINT = re.compile(r"\d\d|\(")  # a date (each one `dates.find_dates` finds has two digits) or a "("
_OUTLET_SUFFIX = re.compile(r"\s+[-–—|]\s+([^-–—|]{2,40})$")
_LEADING_DATE = re.compile(r"^(?:date\s*:?\s*)?(?P<date>(?:19|20)\d\d-[01]\d(?:-[0-3]\d)?)\s+")
_SENTENCE_END = re.compile(r"[.!?…»\"”)]$")
# Cookie-consent banners (folded): buttons made of these words only, one of them an action (hinted
# first), and texts naming cookies or consent while speaking to the reader; then the lines next
# to them about privacy, data or choices.
_CONSENT_HINT = re.compile(r"accept|refus|param|personnalis|gerer|autoris|continuer|valider|enregistr|consent|ok\b")
_CONSENT_ACTIONS = frozenset(
    "accepter accepte j'accepte refuser refuse continuer personnaliser parametrer gerer autoriser valider "
    "consentir enregistrer ok".split()
)
_CONSENT_WORDS = _CONSENT_ACTIONS | frozenset(
    "tout tous toutes je les mes mon ma vos votre et sans choix options preferences parametres reglages "
    "cookies cookie traceurs fermer en savoir plus pour moi d'accord non merci de des la le du "
    "consentement confidentialite politique s'abonner m'abonner abonner ou".split()
)
_CONSENT_TEXT = re.compile(r"cookie|traceur|consentement")
_CONSENT_TOPIC = re.compile(
    r"vie privee|donnees|confidentialite|parametres|preferences|vos choix|votre choix|publicites|mesure d'audience|"
    r"statistiques|partenaires"
)
_CONSENT_MAX = 1000
_BUTTONS_MAX = 120  # a line of consent buttons: `Accepter | Refuser | Paramétrer les cookies`
_MASTHEAD_LINES = 3
_TO_THE_READER = re.compile(r"\b(?:nous|nos|vous|votre|vos|ce site|notre site)\b")
_CONSENT_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# A site's name and its tagline: "Le Courrier – Toute l'info en continu" (folded).
_TAGLINE = re.compile(
    r"^(?:(?!\s[-|]\s).){2,50}\s[-|]\s(?:toute l'|toutes les |l'info|l'actu|l'information|les (?:dernieres )?nouvelles|"
    r"les dernieres (?:infos|informations|actualites)|votre |vos |"
    r"depuis |le (?:premier|1er|site|journal|quotidien|media|magazine|mensuel|hebdo)\b|"
    r"la (?:radio|tele|chaine|voix|reference)\b|[a-z' ]{0,30}(?:au quotidien|en continu)$)"
)
# Section names of a site's menu (folded).
_SECTIONS = frozenset(
    "accueil une actualites actualite actu infos info politique economie eco monde international france "
    "societe culture sport sports sciences science sante environnement planete climat tech technologie "
    "high-tech medias idees opinions opinion debats tribunes editorial editos chroniques region regions "
    "local locale faits divers justice education emploi immobilier auto automobile voyage voyages loisirs "
    "people style styles mode cuisine video videos podcasts podcast photos direct meteo jeux horoscope "
    "services abonnes newsletters archives europe afrique asie ameriques moyen-orient business finance "
    "bourse entreprises argent football rugby tennis cyclisme cinema musique livres series television tele "
    "sortir agenda elections vie pratique contact enquetes reportages portraits entretiens connexion compte "
    "mon s'abonner abonnement rechercher recherche menu newsletter edition editions boutique annonces".split()
)
_SPACES = re.compile(r"\s{2,}|[^\S\xa0\u202f]|(?<!«)[\xa0\u202f](?![»:;?!])")
_MENU_SPLIT = re.compile(r"[\s*|/]+")  # ascii_lower folds · and • to *
# Items of a menu ("Liban · Syrie · Golfe"), parts of a header line ("Par X · Publié le … · Lecture 4 min").
_ITEMS = re.compile(r"\s+[·•|]\s+")
_BYLINE_STARTS = frozenset({"Par ", "par ", "PAR ", "By ", "by "})
_BYLINE_TAIL = re.compile(r"[\s,–—-]*(?:\b(?:publié|mis en ligne))?\s*(?:\b(?:le|du))?\s*$", re.IGNORECASE)
_SCHEDULE = re.compile(
    r"(?i)(?:du |le |les |chaque |tous les )?(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)s?\b"
    r".{0,40}\b\d{1,2}\s?h\s?\d{0,2}\b"
)
_SPACED_ITEMS = re.compile(r"\s{2,}|\t")
_DASHED_ITEMS = re.compile(r"\s+[–—-]\s+")
_HEADER_EXTRA = re.compile(r"\d{1,2}\s?[h:]\s?\d\d|\d+\s+(?:commentaires?|réactions?)", re.IGNORECASE)  # | 22h14 |
_READING_TIME = re.compile(
    r"(?i)(?:temps de )?lecture\s*:?\s*\d+\s*min(?:utes?)?\.?|\d+\s*min(?:utes?)?\.?\s+de lecture"
)
# A live blog's time stamps, alone on their line: "Il y a 9 heures", "10h32" (folded).
_TIMESTAMP = re.compile(r"(?:il y a \d+ ?(?:s|sec|secondes?|min|minutes?|h|heures?|j|jours?)|\d{1,2}[h:]\d\d)")
_SIGNED = re.compile(r"^[A-ZÀ-Þ][\w'’-]+(?:\s+(?:de|du|d'|le|la|van|von)?\s*[A-ZÀ-Þ][\w'’-]+){1,3}$")
_RUBRIC_SPLIT = re.compile(r"\s+[-–—|·•/>]\s+")
_TITLE_MAX = 200
_HEADER_MAX = 200  # a header line in parts is never longer
_BREADCRUMB = "fil d'Ariane"
_EVENT = "bandeau d'événement"
_MENU = "menu du site"
_RUBRIC = "rubrique"
_CAPTION_MAX = 120  # a caption under a credit line is one short sentence
_REPEAT_MIN = 40  # characters two paragraphs must share at the start to be near repeats
_KICKER_MAX = 30


@dataclass(frozen=True)
class Layout:
    """The parts of a raw article."""

    title: str | None  # the headline; None when the page has none
    paragraphs: tuple[str, ...]  # clean article text
    header: tuple[str, ...]  # date lines and datelines, for the publication date
    events: tuple[str, ...]  # event banners ("COP21 – Paris, 30 novembre – 12 décembre 2015"): weak date evidence
    rubrics: tuple[str, ...]  # breadcrumbs and section labels ("Monde > Asie", "Corée du Nord")
    captions: tuple[str, ...]  # photo captions and credits (weak date evidence)
    author: str | None
    dropped: tuple[tuple[str, str], ...]  # (line, reason in French)
    title_sure: bool = False  # the headline is followed by its lede, or repeated


def lay_out(text: str, headline: bool = True) -> Layout:
    """Classify the lines of `text` and assemble its layout (look for a headline if `headline`)."""
    written = [(line, raw) for raw in text.split("\n") if (line := _collapse_spaces(raw))]
    lines = [line for line, _ in written]
    spaced = {n for n, (_, raw) in enumerate(written) if ("  " in raw or "\t" in raw) and _is_spaced_menu(raw)}
    folds = [ascii_lower(line).rstrip(" .:!|") for line in lines]
    consent = _consent_lines(lines, folds)
    header: list[str] = []
    events: list[str] = []
    captions: list[str] = []
    dropped: list[tuple[str, str]] = []
    texts: list[str] = []
    author = None
    in_related = False
    after_credit = False
    for number, (line, folded) in enumerate(zip(lines, folds)):
        if number in consent:
            dropped.append((line, "bandeau de consentement (cookies)"))
            continue
        parts = _header_parts(line)
        if parts:
            dates_, signed = parts
            header.extend(dates_)
            author = author or signed
            dropped.append((line, "ligne de date"))
            continue
        byline = _dated_byline(line) if line[:4] in _BYLINE_STARTS else None
        if byline:
            author = author or byline[0]
            header.append(byline[1])
            dropped.append((line, "signature"))
            continue
        if in_related and not _body_like(line):
            dropped.append((line, "lien d'une liste « à lire aussi »"))
            continue
        in_related = False
        kind = _MENU if number in spaced else _classify(line, folded)
        if kind == "caption" or (after_credit and len(line) <= _CAPTION_MAX and not re.search('[«»"“”]', line)):
            captions.append(line)
            dropped.append((line, "légende ou crédit photo"))
            after_credit = len(line) <= 80 and _is_credit(folded)
            continue
        after_credit = False
        if kind == "related":
            in_related = not _RELATED.sub("", folded, count=1).strip(" :|-–—>")
            dropped.append((line, "renvoi vers d'autres articles"))
        elif kind == "author":
            if not author:
                match = _AUTHOR.match(line)
                assert match is not None  # _classify says "author" only when _AUTHOR matches
                author = match.group(1).split(",")[0].strip()
            dropped.append((line, "signature"))
        elif kind == "date":
            header.append(line)
            dropped.append((line, "ligne de date"))
        elif kind == _EVENT:
            events.append(line)
            dropped.append((line, kind))
        elif kind == "text":
            texts.append(_strip_dateline(line, header))
        else:
            if kind in (_MENU, _BREADCRUMB) and _above_the_page(texts, header, author):
                dropped.extend((masthead, "nom du média") for masthead in texts)  # the site's name, its tagline
                texts.clear()
            dropped.append((line, kind))
    title, body, sure = _headline(texts, dropped) if headline else (None, texts, False)
    rubrics = tuple(line for line, reason in dropped if reason in (_BREADCRUMB, _RUBRIC))
    return Layout(
        title,
        tuple(_unique(body, title, dropped, labels=headline)),
        tuple(header),
        tuple(events),
        rubrics,
        tuple(captions),
        author,
        tuple(dropped),
        sure,
    )


def _above_the_page(texts: list[str], header: list[str], author: str | None) -> bool:
    """Whether the text lines read so far stand above a site's menu or breadcrumb: a few short
    lines (its name, its tagline), before any prose, date or byline."""
    return 0 < len(texts) <= _MASTHEAD_LINES and not header and not author and not any(map(_body_like, texts))


def _consent_lines(lines: list[str], folds: list[str]) -> set[int]:
    """The lines of cookie-consent banners: buttons (`Tout accepter`, `Continuer sans accepter`)
    and texts about cookies addressed to the reader, with the lines about privacy or choices
    next to them (`Nous respectons votre vie privée`, `Paramètres`)."""
    strong = {number for number, folded in enumerate(folds) if _consent_core(folded)}
    found = set(strong)
    for number in sorted(strong):
        for step in (-1, 1):
            near = number + step
            while 0 <= near < len(folds) and near not in found and _consent_aside(lines[near], folds[near]):
                found.add(near)
                near += step
    return found


def _consent_core(folded: str) -> bool:
    """A consent button line, or a text about cookies addressed to the reader (cheap tests first:
    most lines are neither)."""
    if len(folded) <= _BUTTONS_MAX and _CONSENT_HINT.search(folded):
        tokens = _CONSENT_WORD.findall(folded)
        if _CONSENT_WORDS.issuperset(tokens) and not _CONSENT_ACTIONS.isdisjoint(tokens):
            return True
    return (
        len(folded) <= _CONSENT_MAX
        and ("cookie" in folded or "traceur" in folded or "consent" in folded)
        and bool(_CONSENT_TEXT.search(folded) and _TO_THE_READER.search(folded))
    )


def _consent_aside(line: str, folded: str) -> bool:
    """A line that belongs to a consent banner next to its core: about privacy, data or choices,
    or made of the buttons' words (`En savoir plus`)."""
    if len(folded) > _CONSENT_MAX:
        return False
    if len(folded) <= _BUTTONS_MAX and _CONSENT_WORDS.issuperset(_CONSENT_WORD.findall(folded)):
        return True
    return "«" not in line and bool(_CONSENT_TOPIC.search(folded))


def _header_parts(line: str) -> tuple[list[str], str | None] | None:
    """A header line in parts (`Par X · Publié le … · Lecture 4 min`): its dates and its
    author, when every part is a date, a reading time, a byline or a signature; else None."""
    if len(line) > _HEADER_MAX:
        return None
    if "·" in line or "•" in line or " | " in line:
        parts = _ITEMS.split(line)
    elif " - " in line or " – " in line:
        parts = _DASHED_ITEMS.split(line)  # `Par X - 14 octobre 2021 à 17h02`
    else:
        return None
    if len(parts) < 2:
        return None
    found: list[str] = []
    author = None
    for part in parts:
        match = _AUTHOR.match(part)
        if dates.find_dates(part) and _is_date_line(part):
            found.append(part)
        elif match or _SIGNED.match(part):
            author = author or (match.group(1) if match else part).split(",")[0].strip()
        elif not _READING_TIME.fullmatch(part.strip(" .")) and not _HEADER_EXTRA.fullmatch(part.strip(" .")):
            return None
    return (found, author) if found else None


def _dated_byline(line: str) -> tuple[str, str] | None:
    """A byline (a line starting with one of `_BYLINE_STARTS`) with its date (`Par X le
    22.09.2020 à 17h05, mis à jour le …`): the author and the date part; else None."""
    found = dates.find_dates(line)
    if not found:
        return None
    start = found[0][0]
    match = _AUTHOR.match(_BYLINE_TAIL.sub("", line[:start]))
    if match is None or not match.group(1)[0].isupper() or not _is_date_line(line[start:]):
        return None
    return match.group(1).split(",")[0].strip(), line[start:]


def _collapse_spaces(line: str) -> str:
    """`line` stripped, each run of white space made one space, but for the no-break spaces of
    French typography (after `«`, before `»`, `:`, `;`, `?`, `!`), kept as written."""
    if line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " ":
        return line  # already so (the only white space a printable line can hold is " ")
    if "\xa0" not in line and "\u202f" not in line:
        return " ".join(line.split())
    return _SPACES.sub(" ", line).strip()


def _classify(line: str, folded: str) -> str:
    if folded in _FURNITURE or _FURNITURE_START.match(folded) or (" " not in line and _DOMAIN.match(line)):
        return "navigation ou bouton"
    if len(folded) <= 24 and _TIMESTAMP.fullmatch(folded):
        return "heure d'une entrée de direct"
    if folded in gazetteers.outlets() or (
        len(line) <= 100 and (" - " in folded or " | " in folded) and _TAGLINE.match(folded)
    ):
        return "nom du média"
    if _is_menu(line, folded):
        return _MENU
    if ("archive" in folded or "cet article" in folded or "this article" in folded) and _ARCHIVE.search(folded):
        return "avis d'archive"
    if len(line) < 200 and _RELATED.match(folded):
        return "related"
    if _AUTHOR.match(line) and not _SENTENCE_END.search(line):
        return "author"
    if len(line) <= 160 and dates.has_range(line) and not _body_like(line):
        return _EVENT
    if _is_date_line(line):
        return "date"
    if len(line) <= 400 and (_is_credit(folded) or _is_english(line)):
        return "caption"
    if _is_breadcrumb(line):
        return _BREADCRUMB
    return "text"


def _is_date_line(line: str) -> bool:
    if len(line) > 100 or not dates.find_dates(line):
        return False
    rest = dates.strip_dates(line)
    rest = re.sub(
        r"(?i)\b(publi[ée]e?|mis à jour|mise à jour|modifi[ée]e?|actualis[ée]e?|updated|"
        r"published|posted|date|le|à|at|on|the|\d{1,2}[h:]\d\d|\d{1,2}h|(?:utc|gmt|hne|hae)(?:\s?[+-]\d{1,2})?|"
        r"il y a \d+ (?:min|minutes?|h|heures?|jours?|semaines?|mois|ans?))(?!\w)",
        " ",
        _READING_TIME.sub(" ", rest),
    )
    return len(_WORDS.findall(rest)) <= 3


def _is_menu(line: str, folded: str) -> bool:
    """A site's menu: three section names or more (`Accueil Politique Économie Monde Sport`), or
    four short items or more between `·`, `|` or `•` (`Liban · Syrie · Golfe · Opinions`; in
    capitals, a rubric), or four capitalised words or more of which two are section names and
    the others names (`Toulouse Occitanie Faits divers Sports Loisirs`)."""
    if len(folded) > 150 or _SENTENCE_END.search(folded):
        return False
    if "·" not in line and "|" not in line and "•" not in line:
        words = folded.split()
        if len(words) < 3 or (words[0] not in _SECTIONS and words[1] not in _SECTIONS and words[2] not in _SECTIONS):
            return False  # cheap: a menu of section names starts with one
    items = _ITEMS.split(line)
    if len(items) >= 4 and not line.isupper() and all(0 < len(item.split()) <= 3 for item in items):
        return True
    words = [word for word in _MENU_SPLIT.split(folded) if word and word not in ("et", "&", "-")]
    sections = sum(word in _SECTIONS for word in words)
    if len(words) >= 3 and sections >= 0.8 * len(words):
        return True
    written = [word for word in _MENU_SPLIT.split(line) if word and word not in ("et", "&", "-")]
    return (
        len(written) >= 4
        and sections >= 2
        and all(word[0].isupper() or ascii_lower(word) in _SECTIONS for word in written)
    )


def _is_spaced_menu(raw: str) -> bool:
    """A site's menu as a page's copy lays it out: three short capitalised items or more apart by
    runs of spaces or tabs (`Accueil   Bretagne   Finistère   Quimper   S'abonner`)."""
    items = _SPACED_ITEMS.split(raw.strip())
    return (
        len(items) >= 3
        and len(raw) <= 200
        and all(len(item.split()) <= 3 and item[0].isupper() and not _SENTENCE_END.search(item) for item in items)
    )


def _is_credit(folded: str) -> bool:
    return _contains_any(folded, _CREDIT_MARKERS) and bool(_CREDIT.search(folded))


def _is_english(line: str) -> bool:
    if not _ENGLISH_MARKER.search(f" {line} "):
        return False
    tokens = [w.lower() for w in _WORDS.findall(line)]
    english = sum(t in _ENGLISH for t in tokens)
    return english >= 3 and english > 2 * sum(t in _FRENCH for t in tokens)


def _contains_any(text: str, parts: tuple[str, ...]) -> bool:
    """Whether `text` contains one of `parts` (a plain loop: cheaper than `any`)."""
    for part in parts:  # noqa: SIM110
        if part in text:
            return True
    return False


def _is_breadcrumb(line: str) -> bool:
    if ("«" in line and "»" in line) or len(line) > 150 or not _contains_any(line, _BREADCRUMB_SEPARATORS):
        return False
    parts = _BREADCRUMB_SPLIT.split(line)
    return len(parts) >= 2 and all(0 < len(p) <= 40 for p in parts) and not _SENTENCE_END.search(line)


def _strip_dateline(line: str, header: list[str]) -> str:
    """Remove a dateline or a leading date from a paragraph, keeping it as header evidence."""
    match = _LEADING_DATE.match(line)
    if match and len(line) - match.end() > 40:
        header.append(match.group("date"))
        return line[match.end() :]
    match = _DATELINE.match(line) if _may_start_with_dateline(line) else None
    if match and len(line) - match.end() > 40 and (match.group("date") or "(" in match.group()):
        if match.group("date") is None or match.group("agency") or dates.find_dates(match.group("date")):
            header.append(match.group().strip(" -–—"))
            return line[match.end() :]
    return line


def _may_start_with_dateline(line: str) -> bool:
    """Cheap tests before the costly `_DATELINE`: a dash near the start, and a dash after two
    digits or a parenthesis (a dateline is only stripped with a date, or a place or agency in
    parentheses, before its dash)."""
    if not _DASH.search(line, 0, 80):
        return False
    hint = _DATELINE_HINT.search(line)
    return bool(hint and _DASH.search(line, hint.end()))


def _body_like(line: str) -> bool:
    """Article prose, as opposed to a title, a link or a label."""
    return (len(line) >= 80 and bool(_SENTENCE_END.search(line))) or len(line) > 250


def _headline(texts: list[str], dropped: list) -> tuple[str | None, list[str], bool]:
    """The first title-like line before the prose starts, skipping section labels; never
    the only text of the page. Sure when its lede (prose) or its repeat comes next, or after one
    more line (a standfirst, a label)."""
    for index, line in enumerate(texts):
        if (_body_like(line) and not _short_title(line) and not _quoted_title(line, texts[index + 1 :])) or (
            index + 1 == len(texts)
        ):
            return None, texts[index:], False
        if _is_label(line) or (index + 2 < len(texts) and _is_kicker(line, texts[index + 1], texts[index + 2 :])):
            dropped.append((line, _RUBRIC))
            continue
        sure = any(_body_like(text) or _key(text) == _key(line) for text in texts[index + 1 : index + 3])
        return _without_outlet(line), texts[index + 1 :], sure
    return None, [], False


def _without_outlet(title: str) -> str:
    """`Le titre - Le Monde` → `Le titre` (also with `|` or `–`)."""
    match = _OUTLET_SUFFIX.search(title)
    if match and ascii_lower(match.group(1)).rstrip(" .") in gazetteers.outlets():
        return title[: match.start()]
    return title


def _short_title(line: str) -> bool:
    return len(line) <= 120 and line.endswith(".") and line.count(". ") == 0 and not line.startswith(("«", '"'))


def _quoted_title(line: str, following: list[str]) -> bool:
    """A headline ending with a quotation (`… dénonce un « séparatiste »`) over its lede: one
    sentence, and prose right after it."""
    return (
        len(line) <= LEAD_TITLE_MAX
        and line.endswith(("»", '"', "”"))
        and not _SENTENCE.search(line)
        and bool(following)
        and _body_like(following[0])
    )


def _is_label(line: str) -> bool:
    """A section label ("Monde", "ÉCONOMIE", "EN DIRECT", "FAITS DIVERS - POLITIQUE LOCALE",
    "ÉVÉNEMENT · Dernier jour") is never a headline."""
    words = len(line.split())
    parts = _RUBRIC_SPLIT.split(line)
    if words <= 2 or (line.isupper() and all(len(part.split()) <= 4 for part in parts)):
        return True
    if len(line) <= 60 and _SCHEDULE.match(line):
        return True  # a programme's slot: "Du lundi au vendredi de 7h40 à 7h45"
    if len(parts) >= 3 and ":" not in line and not _SENTENCE_END.search(line):
        return all(len(part.split()) <= 4 and part[:1].isupper() for part in parts)  # "Rugby - Tournoi - Bleus"
    return (  # a rubric in capitals, then a few words: "ÉVÉNEMENT · Dernier jour de négociations"
        len(parts) == 2 and parts[0].isupper() and len(parts[1].split()) <= 4 and not _SENTENCE_END.search(line)
    )


def _is_kicker(line: str, following: str, rest: list[str]) -> bool:
    """A short rubric ("Corée du Nord", "Le grand entretien") right above a headline (one ending
    with a quotation too: `X : « … »`, then its lede)."""
    headline = not _body_like(following) or _quoted_title(following, rest)
    return len(line) < _KICKER_MAX and ":" not in line and headline and len(following) <= _TITLE_MAX


def _unique(body: list[str], title: str | None, dropped: list, labels: bool) -> list[str]:
    """Drop repeated paragraphs (also a repeat cut short with "..."), the headline and, on
    web pages (`labels`), isolated one- or two-word labels."""
    kept: list[str] = []
    seen: set[bytes] = set()
    by_start: dict[bytes, list[bytes]] = {}  # first characters → earlier keys, for near repeats

    def remember(key: bytes) -> None:
        seen.add(key)
        if len(key) >= _REPEAT_MIN:
            by_start.setdefault(key[:_REPEAT_MIN], []).append(key)

    if title:
        remember(_key(title))
    for line in body:
        key = _key(line)
        if labels and len(line.split(maxsplit=2)) <= 2 and not _SENTENCE_END.search(line):
            dropped.append((line, "libellé isolé"))
        elif (
            not key
            or key in seen
            or (
                key[:_REPEAT_MIN] in by_start
                and any(_repeats(key, other, line) for other in by_start[key[:_REPEAT_MIN]])
            )
        ):
            dropped.append((line, "paragraphe répété"))
        else:
            kept.append(line)
            remember(key)
    return kept


def _key(text: str) -> bytes:
    """`text` folded, without its non-word characters (`\\W`): what two repeats share."""
    return ascii_lower(text).encode("ascii").translate(None, _NON_WORD)


_NON_WORD = bytes(code for code in range(128) if not re.match(r"\w", chr(code)))


def _repeats(key: bytes, seen: bytes, line: str) -> bool:
    """Whether a paragraph repeats an earlier one sharing its first characters: it starts
    with the whole earlier paragraph, or it is cut short ("...") and they start alike."""
    if len(seen) >= 60 and key.startswith(seen):
        return True
    truncated = line.endswith(("...", "…"))
    return truncated and (seen.startswith(key[:60]) or key.startswith(seen[:60]))


_SENTENCE = re.compile(r"(?<![A-Z]\.)(?<!\bM\.)(?<=[.!?…])\s+(?=[A-ZÀ-Þ«\"“])")
_CLAUSE = re.compile(r", | : | ; | – | — ")
_DANGLING = frozenset(
    "de des du la le les l' à au aux et en un une d' lors pour par sur dans avec que qu' ou "
    "son sa ses leur leurs ce cette".split()
)
LEAD_TITLE_MAX = 160
_CLAUSE_MIN = 60


def lead_title(paragraph: str) -> str:
    """A title for an article without headline: its first sentence, shortened.

    Longer than `LEAD_TITLE_MAX` characters, it is cut at the last clause
    boundary (comma, colon…) that keeps at least 60 characters, else at the last
    word that fits, without a dangling `de`/`la`…, and marked with "…".
    """
    sentence = _SENTENCE.split(paragraph, maxsplit=1)[0]
    if len(sentence) <= LEAD_TITLE_MAX:
        return sentence
    head = sentence[: LEAD_TITLE_MAX + 1]
    cuts = [m.start() for m in _CLAUSE.finditer(head) if m.start() >= _CLAUSE_MIN]
    words = (head[: cuts[-1]] if cuts else head.rsplit(" ", 1)[0]).split()
    while len(words) > 1 and ascii_lower(words[-1]) in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(",;:") + "…"
