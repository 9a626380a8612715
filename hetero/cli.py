"""The `hetero` command: argument parsing and printing, nothing else.

Each subcommand is a small function that calls into the pipeline and turns
its result into output and an exit code: 0 success, 1 content errors, 2 usage.

A `hetero validate` on unchanged content prints the outcome kept from the
last run (hetero/cache.py) and should take little more than Python's own
start: this module imports only what that needs, and each command the rest.
"""

from __future__ import annotations

import argparse
import gc
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, get_args

from hetero.cliparser import Parser
from hetero.diagnostics import has_errors, report

if TYPE_CHECKING:
    from hetero.build import BuildFailed

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
# Not part of the contract: a bug in this tool, never a content mistake.
EXIT_INTERNAL = 70


def _output_folder(args: argparse.Namespace) -> Path:
    """`--out` as given, from the current folder like any path; else the default in the repository."""
    if args.out is not None:
        return args.out.resolve()
    return args.root / ("site" if args.command == "build" else "schemas")


def cmd_validate(args: argparse.Namespace) -> int:
    from hetero.cache import RunOutcome

    outcome = RunOutcome(args.root, args.now)
    diagnostics = outcome.diagnostics()
    if diagnostics is None:
        from hetero.validate import validate_and_keep

        # The process ends after one run that frees nothing: at thousands of files
        # the cyclic collector's passes over every object read cost a tenth of it.
        gc.disable()
        diagnostics = validate_and_keep(args.root, args.now, outcome)
    report(diagnostics, args.root)
    return EXIT_CONTENT if has_errors(diagnostics) else EXIT_OK


def _report_failed_build(failure: BuildFailed, root: Path) -> None:
    report(failure.diagnostics, root, stream=sys.stderr)
    if failure.detail:
        print(failure.detail, file=sys.stderr)
    print("Build gagal; situs sebelumnya tidak diubah.", file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    from hetero.build import BuildFailed, build
    from hetero.clock import resolve_now
    from hetero.outdir import OutputRefused

    if args.preview and args.engine != "mkdocs":
        print("hetero build: --preview hanya dengan --engine mkdocs", file=sys.stderr)
        return EXIT_USAGE
    now = resolve_now(args.now)
    out = _output_folder(args)
    try:
        diagnostics = build(args.root, out, now, args.engine, preview=args.preview)
    except OutputRefused as refusal:
        print(f"hetero build: {refusal}", file=sys.stderr)
        return EXIT_USAGE
    except BuildFailed as failure:
        _report_failed_build(failure, args.root)
        return EXIT_CONTENT
    report(diagnostics, args.root, stream=sys.stderr)
    print(f"Situs dibangun di {out}", file=sys.stderr)
    return EXIT_OK


def cmd_changes(args: argparse.Namespace) -> int:
    from hetero.build import site_url
    from hetero.changes import summary
    from hetero.diagnostics import _changed_files

    text = summary(
        sorted(_changed_files(args.root)), args.preview.resolve(), site_url(args.root), args.artifact_url
    )
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        with open(summary_path, "a", encoding="utf-8") as out:
            out.write(text)
    else:
        print(text)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from hetero.serve import serve

    return serve(args.root, args.now, args.dev_addr)


def cmd_schema(args: argparse.Namespace) -> int:
    from hetero.admin import CONFIG_FILE, write_config
    from hetero.modeldoc import DOC_PATH, write_field_tables
    from hetero.schema import write_schemas

    out = _output_folder(args)
    for path in write_schemas(out):
        print(path)
    # The field tables in the docs come from the same models; a content
    # folder outside the repository has no docs to refresh.
    doc = args.root / DOC_PATH
    if doc.is_file():
        write_field_tables(doc)
        print(doc)
    # So is the web editor's configuration, which lives in the package.
    if CONFIG_FILE.is_relative_to(args.root):
        write_config()
        print(CONFIG_FILE)
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from hetero.clock import resolve_now
    from hetero.scaffold import WRITERS, ScaffoldError

    now = resolve_now(args.now)
    try:
        path, diagnostics = WRITERS[args.kind](args.root, args, now)
    except ScaffoldError as error:
        print(f"hetero new: {error}", file=sys.stderr)
        return EXIT_USAGE
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        report(errors, args.root, stream=sys.stderr)
        # The lines above point into the file, which is not kept.
        print("Berkas tidak disimpan; perbaiki isiannya lalu jalankan perintah ini lagi.", file=sys.stderr)
        return EXIT_CONTENT
    print(path.relative_to(args.root).as_posix())
    return EXIT_OK


def cmd_deploy(args: argparse.Namespace) -> int:
    from hetero.build import BuildFailed
    from hetero.clock import resolve_now
    from hetero.deploy import DeployError, deploy
    from hetero.outdir import OutputRefused

    site = args.site if args.site.is_absolute() else args.root / args.site
    try:
        diagnostics = deploy(
            args.root,
            site,
            resolve_now(args.now),
            remote=args.remote,
            branch=args.branch,
            push=not args.no_push,
            cname=args.cname,
        )
    except OutputRefused as refusal:
        print(f"hetero deploy: {refusal}", file=sys.stderr)
        return EXIT_USAGE
    except BuildFailed as failure:
        _report_failed_build(failure, args.root)
        print("Tidak ada yang diterbitkan.", file=sys.stderr)
        return EXIT_CONTENT
    except DeployError as error:
        print(f"hetero deploy: {error}", file=sys.stderr)
        return EXIT_CONTENT
    report(diagnostics, args.root, stream=sys.stderr)
    print(f"Situs dari {site} diterbitkan ke cabang {args.branch}.", file=sys.stderr)
    return EXIT_OK


def cmd_proposal(args: argparse.Namespace) -> int:
    from hetero.clock import resolve_now
    from hetero.proposal import run_proposal

    return run_proposal(args.root, args.event_file, resolve_now(args.now), args.comment_out)


def _parser(with_new: bool = True) -> argparse.ArgumentParser:
    """The whole command line; `with_new` False leaves out the flags of `hetero new`."""
    parser = Parser(prog="hetero", description="Alat konten dan situs Hetero Space.")
    parser.add_argument(
        "--root", type=Path, default=Path.cwd(), help="folder repositori (bawaan: folder ini)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="PERINTAH")
    validate = _with_now(commands.add_parser("validate", help="periksa semua konten"))
    validate.set_defaults(run=cmd_validate)

    build = _with_now(commands.add_parser("build", help="periksa konten lalu bangun situs"))
    build.add_argument("--out", type=Path, help="folder hasil (bawaan: site/ di folder repositori)")
    build.add_argument(
        "--engine",
        choices=("mkdocs", "zensical"),
        default="mkdocs",
        help="pembangun situs (bawaan: mkdocs; zensical adalah penerus Material for MkDocs)",
    )
    build.add_argument(
        "--preview",
        action="store_true",
        help="situs pratinjau yang bisa dibuka langsung dari folder (klik dua kali index.html)",
    )
    build.set_defaults(run=cmd_build)

    changes = commands.add_parser(
        "changes", help="halaman yang diubah pull request ini, untuk ringkasan pemeriksaan di GitHub"
    )
    changes.add_argument("--preview", type=Path, required=True, help="folder situs pratinjau")
    changes.add_argument("--artifact-url", required=True, help="alamat unduhan pratinjau")
    changes.set_defaults(run=cmd_changes)

    serve = _with_now(commands.add_parser("serve", help="pratinjau langsung di peramban"))
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="alamat pratinjau")
    serve.set_defaults(run=cmd_serve)

    schema = commands.add_parser(
        "schema",
        help="tulis berkas JSON Schema untuk editor, tabel kolom di docs/content-model.md "
        "dan konfigurasi penyunting web (hetero/cms/config.yml)",
    )
    schema.add_argument("--out", type=Path, help="folder hasil (bawaan: schemas/ di folder repositori)")
    schema.set_defaults(run=cmd_schema)

    new = commands.add_parser("new", help="buat berkas acara atau program baru")
    if with_new:
        _add_new_kinds(new)

    deploy = _with_now(commands.add_parser("deploy", help="bangun situs lalu terbitkan ke cabang gh-pages"))
    deploy.add_argument("--site", type=Path, default=Path("site"), help="folder hasil build (bawaan: site/)")
    deploy.add_argument("--remote", default="origin")
    deploy.add_argument("--branch", default="gh-pages")
    deploy.add_argument("--no-push", action="store_true", help="hanya perbarui cabang lokal")
    deploy.add_argument("--cname", help="nama domain khusus, ditulis ke berkas CNAME")
    deploy.set_defaults(run=cmd_deploy)

    proposal = _with_now(commands.add_parser("proposal", help="jadikan issue Usulan acara berkas acara"))
    proposal.add_argument("--event-file", type=Path, required=True, help="JSON peristiwa GitHub (issue)")
    proposal.add_argument("--comment-out", type=Path, help="tulis komentar Markdown berisi masalah ke sini")
    proposal.add_argument("--root", type=Path, default=argparse.SUPPRESS, help="folder repositori")
    proposal.set_defaults(run=cmd_proposal)
    return parser


def _with_now(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
    sub.add_argument("--now", help="waktu 'sekarang', misalnya 2026-11-24T12:00+07:00")
    return sub


def _add_new_kinds(new: argparse.ArgumentParser) -> None:
    """The kinds `hetero new` writes, each with its flags."""
    # Their choices come from the models, whose import costs more than a warm `hetero validate`.
    from hetero.models import Category, EventFormat, Pillar, ProgramKind

    new_kinds = new.add_subparsers(dest="kind", required=True, metavar="JENIS")
    event = _with_now(new_kinds.add_parser("event", help="acara baru"))
    # The same checks and messages as in a file: hetero/scaffold.py validates each value.
    event.add_argument("--title", metavar="JUDUL", help="judul acara")
    event.add_argument("--date", metavar="TANGGAL", help="tanggal mulai, misalnya 2027-01-23")
    event.add_argument("--time", metavar="JAM", help="jam mulai WIB, misalnya 09:00")
    event.add_argument(
        "--end-date", metavar="TANGGAL", help="tanggal selesai untuk acara beberapa hari (bawaan: --date)"
    )
    event.add_argument("--end-time", metavar="JAM", help="jam selesai WIB, misalnya 12:00")
    event.add_argument(
        "--session",
        action="append",
        metavar="SESI",
        help="satu sesi acara beberapa hari, misalnya '2027-01-23 09:00-12:00 Hari 1'; boleh diulang",
    )
    event.add_argument("--format", choices=get_args(EventFormat))
    event.add_argument("--branch", metavar="ID", help="id cabang, misalnya semarang")
    event.add_argument("--room", metavar="ID", help="id ruang di cabang itu")
    event.add_argument("--program", metavar="ID", help="id program (boleh kosong)")
    event.add_argument("--platform", metavar="NAMA", help="platform daring, misalnya Zoom")
    event.add_argument("--online-url", metavar="URL", help="tautan daring (https://), bila sudah ada")
    event.add_argument(
        "--description", metavar="TEKS", help="deskripsi acara: untuk siapa, apa yang dipelajari"
    )
    event.add_argument("--registration-url", metavar="URL", help="tautan formulir pendaftaran (https://)")
    event.add_argument("--whatsapp", metavar="NOMOR", help="atau nomor WhatsApp pendaftaran, +62...")
    event.add_argument("--opens", metavar="WAKTU", help="pendaftaran dibuka, misalnya '2027-01-16 08:00'")
    event.add_argument("--closes", metavar="WAKTU", help="pendaftaran ditutup, misalnya '2027-01-22 20:00'")
    event.add_argument("--capacity", metavar="JUMLAH", help="kuota peserta, misalnya 30")
    event.add_argument("--fee", metavar="RUPIAH", help="biaya dalam rupiah tanpa titik, 0 = gratis")
    event.set_defaults(run=cmd_new)
    program = _with_now(new_kinds.add_parser("program", help="program baru"))
    program.add_argument("--id", dest="program_id", help="id program, misalnya kelas-baru")
    program.add_argument("--title", help="judul program")
    program.add_argument("--pillar", choices=get_args(Pillar))
    program.add_argument(
        "--kind",
        dest="program_kind",
        choices=get_args(ProgramKind),
    )
    program.add_argument("--summary", help="ringkasan, paling banyak 200 karakter")
    program.set_defaults(run=cmd_new)
    story = _with_now(new_kinds.add_parser("story", help="cerita alumni baru"))
    showcase = _with_now(new_kinds.add_parser("showcase", help="usaha anggota baru di etalase"))
    for sub in (story, showcase):
        sub.add_argument("--name", help="nama anggota atau usaha")
        sub.add_argument("--city", help="kabupaten/kota, misalnya 'Kota Semarang'")
        sub.add_argument("--consent-date", help="tanggal pemilik memberi persetujuan, TTTT-BB-HH")
        sub.set_defaults(run=cmd_new)
    story.add_argument("--business-kind", help="jenis usaha")
    story.add_argument("--branch", help="id cabang")
    story.add_argument("--programs", help="id program yang diikuti, pisahkan dengan koma")
    story.add_argument("--quote", help="kutipan singkat")
    showcase.add_argument("--category", help=", ".join(get_args(Category)))
    showcase.add_argument("--description", help="deskripsi singkat")
    showcase.add_argument("--products", help="produk, pisahkan dengan koma")
    showcase.add_argument("--instagram")
    showcase.add_argument("--whatsapp")
    showcase.add_argument("--marketplace")


def _stop_on_terminate(signum: int, frame: object) -> None:
    # SIGTERM (a cancelled CI job, `kill`) unwinds like Ctrl-C, so every
    # `finally` runs and no half-built folder is left behind.
    raise KeyboardInterrupt


def _is_clock_error(error: Exception) -> bool:
    # Only a run that imported hetero.clock (and with it the models) can raise one.
    clock = sys.modules.get("hetero.clock")
    return clock is not None and isinstance(error, clock.ClockError)


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    # Only a command line with the word `new` can reach its flags.
    parser = _parser(with_new="new" in words)
    args = parser.parse_args(words)
    args.root = args.root.resolve()
    if not args.root.is_dir():
        print(f"hetero: folder repositori `{args.root}` tidak ada", file=sys.stderr)
        return EXIT_USAGE
    signal.signal(signal.SIGTERM, _stop_on_terminate)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if _is_clock_error(error):
            print(f"hetero: {error}", file=sys.stderr)
            return EXIT_USAGE
        # A bug of ours, not a content mistake: staff get a plain sentence,
        # maintainers the traceback with HETERO_DEBUG=1.
        if os.environ.get("HETERO_DEBUG"):
            raise
        print(
            "hetero: terjadi kesalahan di dalam alat ini, bukan di konten Anda. "
            "Laporkan ke pengelola situs beserta perintah yang dijalankan "
            "(jalankan ulang dengan HETERO_DEBUG=1 untuk rinciannya).",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


# What Python does for a stream it could not flush at exit.
_EXIT_UNFLUSHED = 120


def run() -> NoReturn:
    """The installed command (`hetero`, `python -m hetero`): `main()`, then an exit that frees nothing.

    A build holds hundreds of megabytes of objects when it ends; the
    interpreter's own exit frees them one by one, 0.6–0.7 s at 5,000 events
    (docs/benchmarks.md, session 9), for memory the operating system takes
    back at once anyway. Every command has closed its files, processes and
    temporary folders before `main` returns, so only the printed output is
    left to flush. mypy ends the same way (`util.hard_exit`).
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # a reader that went away, a full disk: the output is lost, and says so
            code = code or _EXIT_UNFLUSHED
    os._exit(code)
