"""The `searchapp` command line: index, extract, search, serve, bench.

Exit status of `index rebuild` and `index update`: 0 when every article was
indexed, 3 when the index was built but some files or lines were skipped
(they are listed), 1 when nothing could be built (another rebuild holds the
lock, or no readable article: the live index is kept), 2 for a usage error.
"""

from __future__ import annotations

import functools
import json
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

import click

from . import generations, indexing, settings
from .bench import citations, engines, exports, extraction, loadtest, publishing, quotescore, scale, soak
from .display import number
from .facets import FACETS
from .ingest.articles import ArticleError, Explanation, analyse
from .ingest.corpus import Problem, find_files, printable, read_sources
from .search import engine, export, quotations
from .search.catalog import Catalog, NoIndex
from .search.request import InvalidRequest, SearchRequest

EXIT_SKIPPED = 3
MAX_LISTED_PROBLEMS = 50

index_dir_option = click.option(
    "--index-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Dossier de l'index (défaut : $SEARCHAPP_INDEX_DIR ou index/).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Moteur de recherche d'articles de presse en français."""


@main.group("index")
def index_group() -> None:
    """Construire et inspecter l'index."""


corpus_option = click.option(
    "--corpus",
    "corpus_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Fichier ou dossier à indexer, répétable (défaut : $SEARCHAPP_CORPUS ou corpus/).",
)


jobs_option = click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processus d'analyse (défaut : un par cœur ; un seul pour un petit corpus).",
)


@index_group.command("rebuild")
@corpus_option
@index_dir_option
@jobs_option
@click.option("--if-missing", is_flag=True, help="Ne rien faire si un index lisible existe déjà.")
def rebuild(corpus_paths, index_dir, jobs, if_missing) -> None:
    """Reconstruire l'index dans une nouvelle génération, puis basculer dessus."""
    index_dir = index_dir or settings.index_dir()
    live = generations.current(index_dir) if if_missing else None
    if live is not None:
        problem = _unreadable(live)
        if problem is None:
            click.echo(f"Index présent dans {index_dir} : rien à faire.")
            return
        click.echo(f"Index présent dans {index_dir} mais illisible ({problem}) : reconstruction.", err=True)
    report = _index(indexing.rebuild, corpus_paths, index_dir, jobs)
    assert report.generation is not None  # a rebuild publishes or raises
    rate = report.indexed / report.seconds if report.seconds else 0
    click.echo(
        f"{number(report.indexed)} article(s) indexé(s) en {report.seconds:.1f} s "
        f"({rate:.0f} articles/s) ; {number(len(report.problems))} élément(s) ignoré(s). "
        f"Génération : {report.generation.name}"
    )
    sys.exit(EXIT_SKIPPED if report.problems else 0)


@index_group.command("update")
@corpus_option
@index_dir_option
@jobs_option
@click.option("--verify", is_flag=True, help="Relire et comparer aussi les fichiers que rien ne dit modifiés.")
def update(corpus_paths, index_dir, jobs, verify) -> None:
    """Mettre l'index à jour : ajouter les articles nouveaux ou modifiés, retirer les disparus."""
    run = functools.partial(indexing.update, verify=verify)
    report = _index(run, corpus_paths, index_dir or settings.index_dir(), jobs)
    counts = (
        f"{number(report.added)} ajouté(s), {number(report.changed)} modifié(s), {number(report.removed)} retiré(s), "
        f"{number(report.unchanged)} inchangé(s) ; {number(len(report.problems))} élément(s) ignoré(s)"
    )
    if report.generation is None:
        click.echo(f"Index déjà à jour ({number(report.indexed)} articles) : {counts}.")
    else:
        click.echo(
            f"{number(report.indexed)} article(s) dans l'index en {report.seconds:.1f} s : {counts}. "
            f"Génération : {report.generation.name}"
        )
    sys.exit(EXIT_SKIPPED if report.problems else 0)


def _unreadable(generation: Path) -> str | None:
    """Why a generation cannot be opened for searching (built by an older version, damaged), or None."""
    try:
        Catalog(generation).close()
    except Exception as error:
        return f"{type(error).__name__} : {error}"
    return None


def _index(run, corpus_paths, index_dir: Path, jobs: int | None) -> indexing.Report:
    """Run `indexing.rebuild` or `indexing.update` with a progress bar; list what was skipped."""
    with _progress_bar() as on_progress:
        try:
            report = run(list(corpus_paths) or settings.corpus_paths(), index_dir, on_progress=on_progress, jobs=jobs)
        except (generations.IndexBusy, indexing.NothingIndexed, indexing.WriteFailed) as error:
            raise click.ClickException(str(error)) from None
    if report.recovered_lock:
        click.echo(
            f"verrou abandonné par le processus {report.recovered_lock.get('pid')} "
            f"(depuis {report.recovered_lock.get('started')}) : repris",
            err=True,
        )
    _print_problems(report.problems)
    return report


@index_group.command("watch")
@corpus_option
@index_dir_option
@click.option(
    "--quiet",
    default=1.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Secondes sans changement avant de publier.",
)
@click.option("--poll", is_flag=True, help="Scruter les dossiers au lieu d'inotify (systèmes de fichiers réseau).")
def watch(corpus_paths, index_dir, quiet, poll) -> None:
    """Surveiller le corpus : publier une mise à jour quand des articles arrivent, changent ou disparaissent."""
    paths = list(corpus_paths) or settings.corpus_paths()
    index_dir = index_dir or settings.index_dir()
    stop = threading.Event()

    def stop_watching(signum, frame) -> None:
        if stop.is_set():  # a second Ctrl-C: stop now, even inside an update
            raise KeyboardInterrupt
        click.echo("arrêt de la surveillance…", err=True)
        stop.set()

    signal.signal(signal.SIGTERM, stop_watching)
    signal.signal(signal.SIGINT, stop_watching)
    watcher = indexing.Watcher(
        paths,
        index_dir,
        quiet=quiet,
        poll=poll,
        on_update=_echo_update,
        on_problem=lambda message: click.echo(f"surveillance : {message}", err=True),
    )
    click.echo(f"Surveillance de {', '.join(map(str, paths))} ({watcher.kind}) pour {index_dir} ; Ctrl-C pour arrêter.")
    watcher.publish_now()
    watcher.run(stop)
    click.echo("Surveillance arrêtée.")


def _echo_update(report: indexing.Report) -> None:
    _print_problems(report.problems)
    counts = (
        f"{number(report.added)} ajouté(s), {number(report.changed)} modifié(s), {number(report.removed)} retiré(s)"
    )
    if report.generation is not None:
        click.echo(
            f"{time.strftime('%H:%M:%S')} {counts} en {report.seconds:.1f} s. Génération : {report.generation.name}"
        )


@index_group.command("check")
@index_dir_option
def check(index_dir) -> None:
    """Vérifier la génération en service : fichiers complets et intacts, index lisible."""
    index_dir = index_dir or settings.index_dir()
    live = generations.current(index_dir)
    if live is None:
        raise click.ClickException(f"aucun index dans {index_dir} : lancez « searchapp index rebuild »")
    click.echo(f"Génération : {live.name}")
    problems = generations.damage(live)
    if not problems:
        files = generations.read_manifest(live)["files"]
        click.echo(f"Fichiers : {number(len(files))} intacts ({sum(size for size, _ in files.values()) / 1e6:.1f} Mo)")
        problem = _unreadable(live)
        problems = [f"illisible : {problem}"] if problem else []
    for problem in problems:
        click.echo(f"altéré : {problem}", err=True)
    if problems:
        raise click.ClickException(
            f"la génération {live.name} est endommagée : reconstruisez l'index (« searchapp index rebuild »)"
        )
    click.echo("État : intacte")


@index_group.command("stats")
@index_dir_option
@click.option("--top", default=10, show_default=True, help="Valeurs affichées par facette.")
@click.option("--guessed", is_flag=True, help="Lister les articles dont le titre ou la date est deviné.")
def stats(index_dir, top, guessed) -> None:
    """Nombre d'articles, taille de l'index, valeurs les plus fréquentes des facettes, articles au
    titre ou à la date devinés (à relire)."""
    index_dir = index_dir or settings.index_dir()
    path = generations.current(index_dir)
    if path is None:
        raise click.ClickException(f"aucun index dans {index_dir} : lancez « searchapp index rebuild »")
    catalog = Catalog(path)
    size = sum(f.stat().st_size for f in path.iterdir() if f.is_file())
    click.echo(f"Génération : {path.name}")
    click.echo(f"Articles : {number(catalog.doc_count)}")
    deleted = sum(len(segment.deleted) for segment in catalog.segments)
    click.echo(f"Segments : {len(catalog.segments)} ({number(deleted)} article(s) supprimé(s) en attente de fusion)")
    click.echo(f"Taille : {size / 1_000_000:.1f} Mo")
    if catalog.manifest.get("built_at"):
        click.echo(f"Construit le : {catalog.manifest['built_at']}")
    for facet in FACETS:
        table = catalog.facets[facet.key]
        counts = table.counts(catalog.live)
        ranked = sorted(((int(c), v) for v, c in zip(table.values, counts) if c), key=lambda x: (-x[0], x[1]))
        click.echo(f"\n{facet.label} ({number(len(ranked))} valeurs)")
        for count, value in ranked[:top]:
            click.echo(f"  {count:>7}  {facet.label_of(value)}")
    _echo_guessed(catalog, listed=guessed)
    catalog.close()


def _echo_guessed(catalog: Catalog, listed: bool) -> None:
    """How many live articles have a guessed title or date; with `listed`, which (path, id, what, title)."""
    reader = catalog.searcher.reader()
    found: dict[int, list[str]] = {}
    for name, label in (("title", "titre"), ("date", "date")):
        if ("guessed", name) in reader:
            for docnum in reader.postings("guessed", name).all_ids():
                if catalog.live[docnum]:
                    found.setdefault(docnum, []).append(label)
    titles, dates = (sum(label in what for what in found.values()) for label in ("titre", "date"))
    click.echo(
        f"\nÀ relire : {number(len(found))} article(s) au titre ou à la date devinés "
        f"({number(titles)} titre(s), {number(dates)} date(s))"
    )
    if not listed:
        if found:
            click.echo("  (liste : searchapp index stats --guessed)")
        return
    for docnum in sorted(found):
        stored = catalog.searcher.stored_fields(docnum)
        click.echo(f"  {printable(stored['path'])} [{stored['id']}]  {' et '.join(found[docnum])} : {stored['title']}")


@main.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Un objet JSON par article.")
@click.option("--explain", is_flag=True, help="Dire pourquoi chaque valeur a été retenue.")
def extract(paths, as_json, explain) -> None:
    """Afficher les métadonnées extraites, telles que l'index les stockerait."""
    files, problems = find_files(paths)
    for item in read_sources(files):
        if isinstance(item, Problem):
            problems.append(item)
            continue
        try:
            article, why = analyse(item)
        except ArticleError as error:
            problems.append(Problem(item.path, str(error), item.line))
            continue
        record = article.to_record()
        if as_json:
            if explain:
                record["explication"] = _explanation(why)
            click.echo(json.dumps(record, ensure_ascii=False))
            continue
        click.echo(f"{record['path']}\n  titre : {record['title']}")
        if explain:
            _echo_reasons(why.title)
        click.echo(f"  date : {record['date'] or 'inconnue'}")
        if explain:
            _echo_reasons(why.date)
            click.echo(f"  confiance : {_confidence(article.guessed, article.date)}")
        for facet in FACETS:
            if facet.key != "year":
                click.echo(f"  {facet.label.lower()} : {', '.join(record[facet.attribute])}")
                if explain:
                    _echo_reasons(getattr(why, facet.attribute))
        if explain and why.dropped:
            click.echo(f"  texte écarté ({len(why.dropped)} ligne(s)) :")
            _echo_reasons(f"[{reason}] {line[:90]}" for line, reason in why.dropped)
    _print_problems(problems)


def _confidence(guessed: tuple[str, ...], date: str | None) -> str:
    """`titre sûr, date devinée`: which of the title and the date a strong signal gave."""
    title = "titre deviné" if "title" in guessed else "titre sûr"
    when = "pas de date" if date is None else "date devinée" if "date" in guessed else "date sûre"
    return f"{title}, {when}"


def _explanation(why: Explanation) -> dict:
    fields = ("title", "date", "speakers", "countries", "topics")
    explained = {name: list(getattr(why, name)) for name in fields}
    explained["dropped"] = [{"line": line, "reason": reason} for line, reason in why.dropped]
    return explained


def _echo_reasons(reasons) -> None:
    for reason in reasons:
        click.echo(f"      · {reason}")


@main.group("bench", invoke_without_command=True)
@click.option(
    "--corpus",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Corpus JSONL (.gz accepté) : id, title, text, date, speakers, countries, topics.",
)
@click.option("--limit", type=click.IntRange(min=1), help="Seulement les N premiers documents.")
@click.option(
    "--repeat",
    default=5,
    show_default=True,
    type=click.IntRange(min=1),
    help="Passages sur les requêtes après le premier.",
)
@click.option("--http", is_flag=True, help="Aussi sous charge HTTP : gunicorn (2 workers) et wrk.")
@click.option(
    "--replicate",
    type=click.IntRange(min=1),
    help="Archive vivante : le corpus répliqué K fois, reconstruit, mis à jour et interrogé, à côté de Tantivy.",
)
@click.pass_context
def bench_group(ctx, corpus, limit, repeat, http, replicate) -> None:
    """Mesurer les performances : indexation et pages de résultats sur un corpus, à côté de Tantivy
    et de Whoosh seul (--corpus) ; une archive qui vit, K fois le corpus (--replicate K) ; ou la
    vitesse d'extraction (bench extract)."""
    if ctx.invoked_subcommand is not None:
        return
    if corpus is None:
        raise click.UsageError("indiquez --corpus, ou une sous-commande (extract)")
    progress = lambda message: click.echo(message, err=True)
    if replicate:
        if limit or http:
            raise click.UsageError("--replicate ne se combine ni avec --limit ni avec --http")
        with tempfile.TemporaryDirectory(prefix="searchapp-scale-") as workdir:
            click.echo(scale.table(scale.run(corpus, Path(workdir), replicate, repeat, echo=progress)))
        return
    with tempfile.TemporaryDirectory(prefix="searchapp-bench-") as workdir:
        report = engines.run(corpus, Path(workdir), limit, repeat, echo=progress)
        load = None
        if http:
            progress("Charge HTTP…")
            try:
                load = loadtest.run(
                    Path(workdir) / "index", [case.url for case in engines.load_query_mix()], Path(workdir)
                )
            except loadtest.LoadTestUnavailable as error:
                report.skipped.append(str(error))
    click.echo(engines.table(report, load))


def bench_index_options(command):
    """`--corpus` (indexed for the occasion) or `--index-dir` (an index already built)."""
    command = click.option(
        "--index-dir", type=click.Path(file_okay=False, path_type=Path), help="Un index déjà construit."
    )(command)
    return click.option(
        "--corpus",
        "corpus_paths",
        multiple=True,
        type=click.Path(exists=True, path_type=Path),
        help="Corpus indexé pour l'occasion (défaut : $SEARCHAPP_CORPUS ou corpus/), sauf avec --index-dir.",
    )(command)


def _bench_index(corpus_paths, index_dir: Path | None, workdir: Path) -> tuple[Path, str]:
    """The index a bench runs on, and how to name it: `index_dir`, or the corpus indexed in `workdir`."""
    if index_dir is not None:
        return index_dir, str(index_dir)
    paths = list(corpus_paths) or settings.corpus_paths()
    indexing.rebuild(paths, workdir / "index")
    return workdir / "index", ", ".join(map(str, paths))


@bench_group.command("soak")
@bench_index_options
@click.option("--queries", "count", default=200_000, show_default=True, type=click.IntRange(min=1))
@click.option("--every", default=10_000, show_default=True, type=click.IntRange(min=1), help="Mesure tous les N.")
@click.option(
    "--warm",
    default=20_000,
    show_default=True,
    type=click.IntRange(min=0),
    help="Croissance mesurée après ces N premières requêtes.",
)
@click.option("--seed", default=0, show_default=True)
def bench_soak(corpus_paths, index_dir, count, every, warm, seed) -> None:
    """Mémoire d'un worker sous des requêtes distinctes aléatoires (un robot, un fuzzer)."""
    progress = lambda message: click.echo(message, err=True)
    with tempfile.TemporaryDirectory(prefix="searchapp-soak-") as workdir:
        index_dir, label = _bench_index(corpus_paths, index_dir, Path(workdir))
        report = soak.run(index_dir, count, every, seed, echo=progress)
    click.echo(soak.table(report, warm, label))


@bench_group.command("export")
@bench_index_options
@click.option("--query", "queries", multiple=True, help="Recherche exportée en CSV et en JSONL (répétable).")
def bench_export(corpus_paths, index_dir, queries) -> None:
    """Exports servis par gunicorn : lignes/s et mémoire du worker, grand export contre petit."""
    progress = lambda message: click.echo(message, err=True)
    cases = [(q, form) for q in queries for form in sorted(export.FORMATS)] or exports.CASES
    with tempfile.TemporaryDirectory(prefix="searchapp-export-") as workdir:
        index_dir, label = _bench_index(corpus_paths, index_dir, Path(workdir))
        runs, peak = exports.run(index_dir, Path(workdir), cases, echo=progress)
    click.echo(exports.table(runs, peak, label))


@bench_group.command("publish")
@click.option(
    "--corpus",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Corpus JSONL (.gz accepté) dont les premiers articles sont servis.",
)
@click.option("--limit", default=10_000, show_default=True, type=click.IntRange(min=1))
@click.option("--seconds", default=120, show_default=True, type=click.IntRange(min=5), help="Durée de la charge.")
@click.option(
    "--every",
    default=5.0,
    show_default=True,
    type=click.FloatRange(min=0.5),
    help="Une mise à jour publiée toutes les N secondes.",
)
@click.option(
    "--nice",
    default=0,
    show_default=True,
    type=click.IntRange(0, 19),
    help="Priorité CPU des mises à jour (index watch : 10).",
)
def bench_publish(corpus, limit, seconds, every, nice) -> None:
    """Servir sous charge (gunicorn, wrk) pendant que des mises à jour sont publiées."""
    progress = lambda message: click.echo(message, err=True)
    with tempfile.TemporaryDirectory(prefix="searchapp-publish-") as workdir:
        try:
            report = publishing.run(corpus, Path(workdir), limit, seconds, every, echo=progress, nice=nice)
        except loadtest.LoadTestUnavailable as error:
            raise click.ClickException(str(error)) from None
    click.echo(publishing.table(report, every))


@bench_group.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--repeat", default=1, show_default=True, type=click.IntRange(min=1), help="Nombre de passes sur les articles."
)
@click.option(
    "--jobs",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="Nombre de processus (une passe chacun à la fois).",
)
def bench_extract(paths, repeat, jobs) -> None:
    """Vitesse d'ingestion des articles bruts (.txt) : décodage et extraction."""
    report = extraction.extract_speed(list(paths), repeat, jobs)
    if not report.articles:
        raise click.ClickException("aucun article .txt trouvé")
    click.echo(
        f"{number(report.articles)} article(s) en {report.seconds:.2f} s : "
        f"{number(round(report.articles_per_second))} articles/s, {report.megabytes_per_second:.2f} Mo/s"
    )
    if report.failed:
        click.echo(f"{number(report.failed)} article(s) sans texte exploitable")
    total = sum(report.stages.values()) or 1.0
    click.echo(f"Temps par étape ({jobs} processus, temps cumulé) :" if jobs > 1 else "Temps par étape :")
    for name, seconds in sorted(report.stages.items(), key=lambda item: -item[1]):
        click.echo(
            f"  {name:<14} {seconds:7.3f} s  {100 * seconds / total:5.1f} %  "
            f"{1000 * seconds / report.articles:6.2f} ms/article"
        )


@bench_group.command("citations")
@click.option(
    "--articles",
    default=citations.ARTICLES,
    show_default=True,
    type=click.IntRange(min=100),
    help="Articles du corpus de presse généré (environ 9 citations chacun).",
)
@click.option("--repeat", default=5, show_default=True, type=click.IntRange(min=1), help="Passages après le premier.")
def bench_citations(articles, repeat) -> None:
    """La page des citations à côté de celle des articles, sur un corpus de presse généré."""
    with tempfile.TemporaryDirectory(prefix="searchapp-bench-") as workdir:
        result = citations.run(Path(workdir), articles, repeat, echo=lambda message: click.echo(message, err=True))
    click.echo(citations.table(result))


@bench_group.command("quotes")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("articles", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--brief", is_flag=True, help="Les chiffres seulement, sans les erreurs.")
def bench_quotes(gold, articles, brief) -> None:
    """Citations extraites des articles de ARTICLES comparées à celles, annotées, de GOLD (JSON)."""
    for line in quotescore.report(quotescore.score_folder(gold, articles), details=not brief):
        click.echo(line)


@main.command("search")
@click.argument("q", default="")
@click.option("--speaker", multiple=True, help="Orateur (répétable).")
@click.option("--country", multiple=True, help="Pays (répétable).")
@click.option("--year", multiple=True, help="Année (répétable).")
@click.option("--year-from", default="", help="Depuis l'année (incluse).")
@click.option("--year-to", default="", help="Jusqu'à l'année (incluse).")
@click.option("--topic", multiple=True, help="Thème (répétable).")
@click.option("--sort", default="", help="relevance, newest ou oldest.")
@click.option("--page", default="1")
@click.option("--per-page", default="10")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON (comme /api/search, ou /api/citations).")
@click.option("--citations", "in_quotes", is_flag=True, help="Chercher dans les citations (qui a dit quoi).")
@click.option("--all", "whole", is_flag=True, help="Tous les résultats (sans page), avec --format.")
@click.option(
    "--format",
    "form",
    type=click.Choice(sorted(export.FORMATS)),
    help="Format de --all (comme /export.*, ou /citations/export.* avec --citations).",
)
@index_dir_option
def search_command(
    q,
    speaker,
    country,
    year,
    year_from,
    year_to,
    topic,
    sort,
    page,
    per_page,
    as_json,
    in_quotes,
    whole,
    form,
    index_dir,
) -> None:
    """Chercher dans l'index (les articles, ou les citations avec --citations) depuis la ligne de commande."""
    if whole != bool(form) or (whole and as_json):
        raise click.UsageError("--all va avec --format csv ou jsonl (et sans --json)")
    params = dict(
        q=[q],
        speaker=speaker,
        country=country,
        year=year,
        year_from=[year_from],
        year_to=[year_to],
        topic=topic,
        sort=[sort],
        page=[page],
        per_page=[per_page],
    )
    path = generations.current(index_dir or settings.index_dir())
    try:
        request = SearchRequest.from_params(params)
        if path is None:
            raise NoIndex("aucun index : lancez « searchapp index rebuild »")
    except (InvalidRequest, NoIndex) as error:
        raise click.ClickException(str(error)) from None
    catalog = Catalog(path)
    if whole:
        _export(catalog, request, export.FORMATS[form], in_quotes)
        return
    try:
        page_ = quotations.search(catalog, request) if in_quotes else engine.run(catalog, request)
    except quotations.NoQuotations as error:
        raise click.ClickException(str(error)) from None
    finally:
        catalog.close()
    if as_json:
        click.echo(json.dumps(page_.to_dict(_article_path), ensure_ascii=False, indent=2))
        return
    click.echo(f"{number(page_.total)} {'citation' if in_quotes else 'résultat'}(s)")
    if page_.suggestion:
        click.echo(f"Vouliez-vous dire : {page_.suggestion.q} ?")
    for hit in page_.hits:
        if in_quotes:
            click.echo(f"\n« {hit.text.striptags()} »\n  — {hit.speaker or 'source non nommée'}")
            click.echo(f"  {hit.title}  [{hit.article}#{hit.anchor}] · {hit.date or 'date inconnue'}")
            continue
        click.echo(
            f"\n{hit.title}  [{hit.id}]\n  {hit.date or 'date inconnue'}"
            f"{' · ' + ', '.join(hit.speakers) if hit.speakers else ''}"
        )
        click.echo("  " + hit.snippet.striptags())


def _article_path(article_id: str) -> str:
    """An article page's address from the site's root (the command line knows no host)."""
    return f"/article/{article_id}"


def _export(catalog: Catalog, request: SearchRequest, form: export.Format, in_quotes: bool) -> None:
    """The whole result set on standard output, as `/export.<format>` gives it (`in_quotes`: as
    `/citations/export.<format>`, the links from the site's root)."""
    try:
        if in_quotes:
            table = export.quote_table(catalog, request, settings.EXPORT_LIMIT, _article_path)
        else:
            table = export.article_table(catalog, request, settings.EXPORT_LIMIT)
        for chunk in form.chunks(table):
            sys.stdout.buffer.write(chunk)
        sys.stdout.buffer.flush()
        if table.truncated:
            click.echo(table.notice, err=True)
    except quotations.NoQuotations as error:
        raise click.ClickException(str(error)) from None
    finally:
        catalog.close()


@main.command("eval")
@click.option(
    "--docs",
    "docs_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Documents JSONL (.gz accepté) : id, title, text…",
)
@click.option(
    "--queries",
    "queries_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Requêtes TSV : query_id, query, relevant_doc_id.",
)
@click.option("--ours-only", is_flag=True, help="Sans les moteurs de référence.")
@click.option(
    "--ranks",
    "ranks_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Écrire le rang de chaque requête pour chaque moteur et variante (TSV).",
)
def eval_command(docs_path, queries_path, ours_only, ranks_path) -> None:
    """Évaluer la pertinence (MRR@10, Recall@10) à côté de moteurs de référence."""
    from .bench import evaluation

    click.echo(evaluation.run(docs_path, queries_path, ours_only, ranks_path, echo=click.echo))


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@index_dir_option
def serve(host, port, index_dir) -> None:
    """Serveur de développement (en production : gunicorn wsgi:app)."""
    from .web.app import create_app

    app = create_app({"INDEX_DIR": str(index_dir or settings.index_dir())})
    app.run(host=host, port=port, threaded=False, debug=False)  # never the debugger, whatever FLASK_DEBUG says


class _progress_bar:
    """A progress bar on stderr when it is a terminal; a silent callback otherwise."""

    def __enter__(self):
        self.bar = None
        if not sys.stderr.isatty():
            return None

        def on_progress(done: int, total: int) -> None:
            if self.bar is None:
                self.bar = click.progressbar(
                    length=max(total, 1), label="Indexation", file=sys.stderr, show_percent=True, show_eta=True
                ).__enter__()
            self.bar.update(done - self.bar.pos)

        return on_progress

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems[:MAX_LISTED_PROBLEMS]:
        click.echo(f"ignoré : {problem}", err=True)
    if len(problems) > MAX_LISTED_PROBLEMS:
        click.echo(f"… et {len(problems) - MAX_LISTED_PROBLEMS} autre(s)", err=True)
