"""The glossary database: embedded SQLite, versioned schema, reviewers' decisions kept apart.

Evidence is added by `build`: per document, one row for each distinct way a name is written there
with its count and first line — evidence, not copies: an archive's glossary stays a few percent of its
text. Each way a name is written (key, Korean, Hanzi, English, type, origin) is a row of the names table,
once; evidence rows hold its id, clustered by it (what a refresh reads: no index by name repeats them;
what is read by document goes by the document's names, kept in the documents table) — and a bounded
number of sample occurrences per entry with their positions and sentences (what the term sheet and
`show` print). The full list of
occurrences with positions comes from `extract`, and a batch run writes it to a file (batch.pipeline).
What a person decided (status, chosen Korean form, note, a corrected type, forbidden variants) lives in
reviewed columns that extraction never writes. Counts and spellings are derived from the evidence when
read, not stored twice. Every change is written to `history` with where it came from (a run, a sheet).

Design: docs/glossary-and-review.md
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import operator
import sqlite3
import time
import uuid
import zlib
from array import array
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from itertools import accumulate, chain, count, pairwise, repeat
from pathlib import Path

import numpy as np

from glossary.base.errors import GlossaryError
from glossary.extraction.record import PUBLIC_FIELDS
from glossary.termbase.contexts import Packer, make_dictionary
from glossary.termbase.evidence import IS_NAME_SQL, KOREAN_NAME_TYPES, tally

SCHEMA_VERSION = 10
SAMPLES_PER_KEY = 3  # sample occurrences kept per entry, with positions and sentences (what the sheet shows)
SAMPLE_CONTEXT = 300  # characters of a sample's sentence kept, around the name
STATUSES = ("candidate", "approved", "rejected", "forbidden")
REVIEWED_FIELDS = ("status", "chosen_korean", "note", "type")
BUSY_TIMEOUT_S = 5.0
BULK_COMMIT_S = 1.0  # a bulk merge commits this often (see Store.bulk)
NAME_MEMORY = 500_000  # ids of names remembered by an open store (about 100 MB at most)

_F = {name: i for i, name in enumerate(PUBLIC_FIELDS)}
_EVIDENCE_OF = operator.itemgetter(_F["key"], _F["korean"], _F["hanzi"], _F["english"], _F["type"], _F["origin"],
                                   _F["type_confidence"])
_SAMPLE_OF = operator.itemgetter(_F["line"], _F["start"], _F["end"], _F["score"], _F["context"])

MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT, kind TEXT NOT NULL,
        args TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'running', summary TEXT);
    CREATE TABLE documents (
        source TEXT PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, encoding TEXT,
        run_id INTEGER REFERENCES runs(id), added TEXT NOT NULL);
    CREATE TABLE occurrences (
        source TEXT NOT NULL REFERENCES documents(source) ON DELETE CASCADE, doc TEXT NOT NULL,
        line INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, key TEXT NOT NULL,
        hanzi TEXT NOT NULL, korean TEXT, english TEXT, type TEXT, origin TEXT, score REAL, context TEXT,
        PRIMARY KEY (source, start));
    CREATE INDEX occurrences_key ON occurrences(key);
    CREATE TABLE entries (
        key TEXT PRIMARY KEY, type TEXT, origin TEXT, official TEXT, pinyin TEXT, sino_korean TEXT,
        rule TEXT, created TEXT NOT NULL, updated TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'candidate', chosen_korean TEXT, note TEXT,
        reviewed TEXT NOT NULL DEFAULT '[]');
    CREATE TABLE form_status (
        key TEXT NOT NULL REFERENCES entries(key), korean TEXT NOT NULL, status TEXT NOT NULL,
        PRIMARY KEY (key, korean));
    CREATE TABLE history (
        id INTEGER PRIMARY KEY, at TEXT NOT NULL, key TEXT, field TEXT NOT NULL, old TEXT, new TEXT,
        source TEXT NOT NULL);
    """,
    # 2: keys whose entry must be recomputed; filled with each document, emptied at the end of a build,
    #    so a build that was stopped half-way is finished by the next command that reads the glossary
    2: """
    CREATE TABLE dirty (key TEXT PRIMARY KEY);
    """,
    # 3: who decided (an import's reviewer) and how a conflict between a sheet and the glossary was settled
    3: """
    ALTER TABLE history ADD COLUMN reviewer TEXT;
    ALTER TABLE history ADD COLUMN detail TEXT;
    CREATE INDEX history_key ON history(key, field);
    """,
    # 4: customary forms beside the official spelling (성룡 (PRESS) beside 청룽); the official column of an
    #    older glossary may hold a customary form, so every entry is marked for recomputation (the next
    #    command refreshes its machine fields; the reviewers' columns are untouched)
    4: """
    ALTER TABLE entries ADD COLUMN customary TEXT;
    INSERT OR IGNORE INTO dirty SELECT key FROM entries;
    """,
    # 5: evidence, not copies: per document one row for each distinct way a name is written (with its count
    #    and first line) instead of a row per occurrence with its sentence; a few samples per entry keep the
    #    positions and sentences. Documents get a stable id. The decisions are untouched.
    5: """
    ALTER TABLE documents ADD COLUMN id INTEGER;
    UPDATE documents SET id = rowid;
    CREATE UNIQUE INDEX documents_id ON documents(id);
    CREATE TABLE evidence (
        doc INTEGER NOT NULL, key TEXT NOT NULL, korean TEXT, hanzi TEXT NOT NULL, english TEXT, type TEXT,
        origin TEXT, n INTEGER NOT NULL, line INTEGER NOT NULL);
    CREATE TABLE samples (
        key TEXT NOT NULL, doc INTEGER NOT NULL, line INTEGER NOT NULL, start INTEGER NOT NULL,
        "end" INTEGER NOT NULL, korean TEXT, hanzi TEXT NOT NULL, english TEXT, type TEXT, origin TEXT,
        score REAL, context TEXT);
    INSERT INTO evidence
        SELECT d.id, o.key, o.korean, o.hanzi, o.english, o.type, o.origin, count(*), min(o.line)
        FROM occurrences o JOIN documents d ON d.source = o.source
        GROUP BY d.id, o.key, o.korean, o.hanzi, o.english, o.type, o.origin ORDER BY min(o.rowid);
    INSERT INTO samples
        SELECT key, doc_id, line, start, "end", korean, hanzi, english, type, origin, score, context FROM (
            SELECT o.*, d.id AS doc_id, row_number() OVER (PARTITION BY o.key ORDER BY o.rowid) AS k
            FROM occurrences o JOIN documents d ON d.source = o.source
            WHERE o.origin IS NOT 'ko' OR o.type IN ('PERSON', 'PLACE'))
        WHERE k <= 3 ORDER BY doc_id, start;
    DROP TABLE occurrences;
    CREATE INDEX evidence_key ON evidence(key);
    CREATE INDEX evidence_doc ON evidence(doc);
    CREATE INDEX samples_key ON samples(key);
    CREATE INDEX samples_doc ON samples(doc);
    """,
    # 6: how sure extraction was of each type (classify.confidence), per document and per entry, so the
    #    sheet can show reviewers the uncertain ones first; older rows have none (NULL), and every entry is
    #    marked for recomputation
    6: """
    ALTER TABLE evidence ADD COLUMN type_confidence REAL;
    ALTER TABLE entries ADD COLUMN type_confidence REAL;
    INSERT OR IGNORE INTO dirty SELECT key FROM entries;
    """,
    # 7: a names table: each distinct way a name is written (key, Korean, Hanzi, English, type, origin) once,
    #    and evidence and samples rows that hold its id instead of those texts again (and an index on the key
    #    of every row). Rows keep their order (what breaks ties between equal counts); the decisions and
    #    the counts are untouched
    7: """
    CREATE TABLE names (
        id INTEGER PRIMARY KEY, key TEXT NOT NULL, korean TEXT, hanzi TEXT NOT NULL, english TEXT, type TEXT,
        origin TEXT);
    INSERT INTO names (key, korean, hanzi, english, type, origin)
        SELECT DISTINCT key, korean, hanzi, english, type, origin FROM (
            SELECT key, korean, hanzi, english, type, origin FROM evidence
            UNION ALL SELECT key, korean, hanzi, english, type, origin FROM samples);
    CREATE INDEX names_key ON names(key);
    CREATE TABLE evidence_7 (
        doc INTEGER NOT NULL, name INTEGER NOT NULL, n INTEGER NOT NULL, line INTEGER NOT NULL,
        type_confidence REAL);
    INSERT INTO evidence_7 (doc, name, n, line, type_confidence)
        SELECT e.doc, m.id, e.n, e.line, e.type_confidence FROM evidence e JOIN names m ON m.key = e.key
            AND m.hanzi = e.hanzi AND m.korean IS e.korean AND m.english IS e.english AND m.type IS e.type
            AND m.origin IS e.origin
        ORDER BY e.rowid;
    CREATE TABLE samples_7 (
        name INTEGER NOT NULL, doc INTEGER NOT NULL, line INTEGER NOT NULL, start INTEGER NOT NULL,
        "end" INTEGER NOT NULL, score REAL, context TEXT);
    INSERT INTO samples_7 (name, doc, line, start, "end", score, context)
        SELECT m.id, s.doc, s.line, s.start, s."end", s.score, s.context FROM samples s JOIN names m
            ON m.key = s.key AND m.hanzi = s.hanzi AND m.korean IS s.korean AND m.english IS s.english
            AND m.type IS s.type AND m.origin IS s.origin
        ORDER BY s.rowid;
    DROP TABLE evidence;
    DROP TABLE samples;
    ALTER TABLE evidence_7 RENAME TO evidence;
    ALTER TABLE samples_7 RENAME TO samples;
    CREATE INDEX evidence_name ON evidence(name);
    CREATE INDEX evidence_doc ON evidence(doc);
    CREATE INDEX samples_name ON samples(name);
    CREATE INDEX samples_doc ON samples(doc);
    """,
    # 8: evidence and samples rows clustered by document (WITHOUT ROWID, keyed by the document and the order
    #    the rows came in, ``seq``: the old rowid), so that the index on the document is the table itself;
    #    sample sentences deflated with the glossary's preset dictionary (contexts.py; done after this
    #    script, in Python); a type's confidence (three decimals, classify.confidence) in thousandths, an
    #    integer of 2 bytes instead of a real of 8 (one with more decimals stays a real: _milli).
    #    Decisions, counts and order untouched
    8: """
    CREATE TABLE evidence_8 (
        doc INTEGER NOT NULL, seq INTEGER NOT NULL, name INTEGER NOT NULL, n INTEGER NOT NULL,
        line INTEGER NOT NULL, type_confidence, PRIMARY KEY (doc, seq)) WITHOUT ROWID;
    INSERT INTO evidence_8 SELECT doc, rowid, name, n, line,
        CASE WHEN CAST(round(type_confidence * 1000) AS INTEGER) / 1000.0 = type_confidence
            THEN CAST(round(type_confidence * 1000) AS INTEGER) ELSE type_confidence END
        FROM evidence ORDER BY doc, rowid;
    CREATE TABLE samples_8 (
        doc INTEGER NOT NULL, seq INTEGER NOT NULL, name INTEGER NOT NULL, line INTEGER NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, score REAL, context, PRIMARY KEY (doc, seq)) WITHOUT ROWID;
    INSERT INTO samples_8 SELECT doc, rowid, name, line, start, "end", score, context FROM samples
        ORDER BY doc, rowid;
    DROP TABLE evidence;
    DROP TABLE samples;
    ALTER TABLE evidence_8 RENAME TO evidence;
    ALTER TABLE samples_8 RENAME TO samples;
    CREATE INDEX evidence_name ON evidence(name);
    CREATE INDEX samples_name ON samples(name);
    """,
    # 9: the index by name covers what a refresh reads of each row (its count and its type's confidence;
    #    the document and seq come with every index of a WITHOUT ROWID table): an entry's evidence is read
    #    from the index alone, not by a lookup in the table per row (half of reading it, at 1 GB). Rows,
    #    counts and decisions untouched
    9: """
    DROP INDEX IF EXISTS evidence_name;
    CREATE INDEX evidence_name ON evidence(name, n, type_confidence);
    """,
    # 10: evidence and samples rows clustered by the name they count (WITHOUT ROWID, keyed by the name and
    #    seq), the way a refresh reads them, so that no index by name repeats them (it was a fifth of a
    #    glossary); what is read by document (the rows a changed document replaces, the documents of each
    #    entry for the export) goes by the document's names, a few bytes each in the documents table
    #    (``names``: _pack_ids, filled after this script, in Python); entries keyed by their key alone
    #    (no rowid, no second index of the keys). A bulk load appends its rows by document to the two _load
    #    tables and puts them in name order once, at its end (Store.defer_indexes). Rows, order, counts,
    #    decisions and history untouched
    10: """
    CREATE TABLE evidence_10 (
        name INTEGER NOT NULL, seq INTEGER NOT NULL, doc INTEGER NOT NULL, n INTEGER NOT NULL,
        line INTEGER NOT NULL, type_confidence, PRIMARY KEY (name, seq)) WITHOUT ROWID;
    INSERT INTO evidence_10 SELECT name, seq, doc, n, line, type_confidence FROM evidence ORDER BY name, seq;
    CREATE TABLE samples_10 (
        name INTEGER NOT NULL, seq INTEGER NOT NULL, doc INTEGER NOT NULL, line INTEGER NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, score REAL, context, PRIMARY KEY (name, seq))
        WITHOUT ROWID;
    INSERT INTO samples_10 SELECT name, seq, doc, line, start, "end", score, context FROM samples
        ORDER BY name, seq;
    DROP TABLE evidence;
    DROP TABLE samples;
    ALTER TABLE evidence_10 RENAME TO evidence;
    ALTER TABLE samples_10 RENAME TO samples;
    ALTER TABLE documents ADD COLUMN names BLOB;
    CREATE TABLE entries_10 (
        key TEXT PRIMARY KEY, type TEXT, origin TEXT, official TEXT, pinyin TEXT, sino_korean TEXT,
        rule TEXT, created TEXT NOT NULL, updated TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'candidate', chosen_korean TEXT, note TEXT,
        reviewed TEXT NOT NULL DEFAULT '[]', customary TEXT, type_confidence REAL) WITHOUT ROWID;
    INSERT INTO entries_10 SELECT key, type, origin, official, pinyin, sino_korean, rule, created, updated, status,
        chosen_korean, note, reviewed, customary, type_confidence FROM entries ORDER BY key;
    DROP TABLE entries;
    ALTER TABLE entries_10 RENAME TO entries;
    CREATE TABLE evidence_load (
        doc INTEGER NOT NULL, seq INTEGER NOT NULL, name INTEGER NOT NULL, n INTEGER NOT NULL,
        line INTEGER NOT NULL, type_confidence, PRIMARY KEY (doc, seq)) WITHOUT ROWID;
    CREATE TABLE samples_load (
        doc INTEGER NOT NULL, seq INTEGER NOT NULL, name INTEGER NOT NULL, line INTEGER NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, score REAL, context, PRIMARY KEY (doc, seq))
        WITHOUT ROWID;
    """,
}
NAME_FIELDS = ("key", "korean", "hanzi", "english", "type", "origin")  # a row of the names table
_FULL = (None,) * SAMPLES_PER_KEY  # a key's candidate samples in a document, when it has all its samples
# what a bulk load appends by document and puts in name order at its end (defer_indexes, make_indexes):
# its columns as stored, and the order of the table it goes into
LOADED = {"evidence": ("name, seq, doc, n, line, type_confidence", "name, seq"),
          "samples": ('name, seq, doc, line, start, "end", score, context', "name, seq")}


def _sample(o: tuple) -> tuple:
    """A sample occurrence as stored: its sentence cut to SAMPLE_CONTEXT characters around the name."""
    sample = _SAMPLE_OF(o)
    context = sample[-1]
    if context and len(context) > SAMPLE_CONTEXT:
        at = max(0, context.find(o[_F["hanzi"]]))
        start = max(0, min(at - SAMPLE_CONTEXT // 2, len(context) - SAMPLE_CONTEXT))
        sample = (*sample[:-1], "…" + context[start:start + SAMPLE_CONTEXT] + "…")
    return sample


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
    return h.hexdigest()


class Store:
    """An open glossary database (created and migrated on first use)."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise GlossaryError(f"{self.path}: no glossary database here (run `glossary build` first)")
        if self.path.is_dir():
            raise GlossaryError(f"{self.path}: is a directory, not a database file")
        self._names: dict[tuple, int] = {}  # NAME_FIELDS → id in the names table (see _name_ids)
        self._seq: dict[str, int] = {}  # table → the last seq of its rows (see _seqs)
        self._sampled: dict[str, int] = {}  # key → how many samples it has (see _sample_counts)
        self._dirty: set[str] = set()  # keys known to be in the dirty table
        self._version: int | None = None  # PRAGMA data_version when the last transaction began
        # whether the names and sample counts remembered are all the glossary has (it had none when this
        # connection began to remember them): a name not remembered is then new, with no sample (see _known)
        self._complete: bool | None = None
        self._doc_names: dict[int, str] | None = None  # see _document_names
        self._written: _Written | None = None  # the evidence this connection wrote, counted (see _counting)
        self._doc_names_at = 0
        self._packer: Packer | None = None  # the sample sentences' (contexts.py), read when first needed
        self._bulk_since: float | None = None  # inside bulk(): when it last committed
        self._bulk_every = BULK_COMMIT_S
        self._loaded = False  # this connection at least doubled the glossary (defer_indexes): compact it
        self._loading = False  # ... and is appending its rows to the _load tables (defer_indexes)
        try:
            self.db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA journal_mode = WAL")
            # WAL with synchronous=NORMAL: a crash of the process never loses a committed document; only
            # a power cut may lose the last commits (never corrupts). One fsync per commit was most of a merge
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA cache_size = -65536")  # 64 MB: index inserts of a large build stay in memory
            # the WAL is copied back into the database (with an fsync) every 64 MB written instead of every 4 MB:
            # a third of a large merge went into these checkpoints
            self.db.execute("PRAGMA wal_autocheckpoint = 16384")
            self._migrate()
            self._index_again()
        except sqlite3.DatabaseError as exc:
            raise GlossaryError(f"{self.path}: {_explain(exc)}") from exc

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- schema -------------------------------------------------------------------------------
    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise GlossaryError(f"{self.path}: made by a newer kozh-glossary (schema {version})")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            if target == 10:  # entries are made anew: form_status's references are checked at the end
                self.db.execute("PRAGMA foreign_keys = OFF")  # (outside a transaction, or it does nothing)
            try:
                with self.transaction():
                    for statement in MIGRATIONS[target].split(";"):
                        if statement.strip():
                            self.db.execute(statement)
                    if target == 1:
                        self.db.execute("INSERT INTO meta VALUES ('glossary_id', ?), ('created', ?)",
                                        (str(uuid.uuid4()), now()))
                    if target == 8:
                        self._pack_contexts()
                    if target == 10:
                        self._index_documents()
                        if self.db.execute("PRAGMA foreign_key_check").fetchone() is not None:
                            raise GlossaryError(f"{self.path}: a form status of no entry; not migrated")
                    self.db.execute(f"PRAGMA user_version = {target}")
            finally:
                self.db.execute("PRAGMA foreign_keys = ON")
        if 0 < version < 10:  # its tables were written anew: the old pages are free, the file as large as both
            with suppress(sqlite3.OperationalError):  # (busy: the next run that at least doubles it compacts it)
                self.db.execute("VACUUM")

    def _index_again(self) -> None:
        """Put in place the rows a bulk load appended (defer_indexes) where a killed run left them, or a
        run that is still loading committed them (it goes on appending; its end moves the rest)."""
        if any(self.db.execute(f"SELECT 1 FROM {table}_load LIMIT 1").fetchone() for table in LOADED):
            try:
                with self.transaction():
                    self._put_loaded()
            except (GlossaryError, sqlite3.OperationalError):
                pass  # a read-only or busy glossary: the next writer does it

    def defer_indexes(self, documents: int) -> bool:
        """Inside a transaction, before merging ``documents`` new or changed documents: when the run at least
        doubles the glossary, append its evidence and samples rows by document (to the _load tables) instead
        of inserting them by name all over the tables, where each commit writes again every page it touched
        (a tenth of a first build at 1 GB); `make_indexes` puts them in name order once, at its end. A run
        that adds a little to a large glossary inserts them in place. True if they are appended."""
        have = self.db.execute("SELECT count(*) FROM documents").fetchone()[0]
        if documents < max(have, 1):
            return False
        self._loading = self._loaded = True
        return True

    def make_indexes(self) -> None:
        """Inside a transaction, at the end of a bulk load: its rows in name order (defer_indexes)."""
        if self._loading:
            self._put_loaded()
            self._loading = False

    def _put_loaded(self) -> None:
        for table, (columns, order) in LOADED.items():
            self.db.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table}_load ORDER BY {order}")
            self.db.execute(f"DELETE FROM {table}_load")

    def compact(self) -> bool:
        """Outside a transaction, after a run that at least doubled the glossary (defer_indexes) and
        refreshed its entries: rewrite the database into full pages (VACUUM). The pages the load appended
        to are free again, and entries inserted by key leave pages part empty (a tenth of a first build's
        glossary, measured at 1 GB); rewritten, in about a second for 80 MB. Skipped, not failed, where
        another process keeps it busy. True if done."""
        if not self._loaded:
            return False
        self._loaded = False
        try:
            self.db.execute("VACUUM")
        except sqlite3.OperationalError:
            return False
        return True

    @property
    def style(self) -> str | None:
        """The glossary's house style (official | customary), None when none was chosen."""
        row = self.db.execute("SELECT value FROM meta WHERE name = 'house_style'").fetchone()
        return row[0] if row else None

    def set_style(self, style: str | None, source: str) -> bool:
        """Choose the house style (None: none); logged in the history. False if nothing changed."""
        old = self.style
        if old == style:
            return False
        with self.transaction():
            if style is None:
                self.db.execute("DELETE FROM meta WHERE name = 'house_style'")
            else:
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('house_style', ?)", (style,))
            self.log(None, "house_style", old, style, source)
        return True

    @property
    def glossary_id(self) -> str:
        return self.db.execute("SELECT value FROM meta WHERE name = 'glossary_id'").fetchone()[0]

    @contextmanager
    def bulk(self, commit_every_s: float = BULK_COMMIT_S) -> Iterator[None]:
        """Many small transactions as large ones: inside, each `transaction` is a savepoint (a document that
        fails is rolled back alone) and the work is committed every ``commit_every_s`` seconds, when the caller
        is about to wait (`flush`) and at the end, instead of once a document. A killed process loses at most
        those seconds of work, which the next run does again (a document counts as merged once committed)."""
        if self._bulk_since is not None:
            yield
            return
        self._begin()
        self._bulk_since = time.monotonic()
        self._bulk_every = commit_every_s
        try:
            yield
        except BaseException:
            self._bulk_since = None
            self._rollback()
            raise
        self._bulk_since = None
        self._commit()

    def flush(self) -> None:
        """Inside `bulk`, between its transactions: commit the work done so far (a caller about to wait for
        something else commits at no cost, and a killed process then loses nothing it had finished)."""
        if self._bulk_since is not None:
            self._commit()
            self._begin()
            self._bulk_since = time.monotonic()

    def _begin(self) -> None:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise GlossaryError(f"{self.path}: {_explain(exc)}") from exc
        # what this connection remembers of the rows (name ids, samples, dirty keys, last seq) holds while
        # it is the only writer; another process that wrote in between (a command refreshing the entries a
        # build left dirty) makes it read them again
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version:
            self._forget()
            self._version = version

    def _rollback(self) -> None:
        self.db.execute("ROLLBACK")
        self._forget()

    def _forget(self) -> None:
        """After a rollback: what this connection remembered of the rows it wrote is gone with them."""
        self._names.clear()
        self._seq.clear()
        self._sampled.clear()
        self._dirty.clear()
        self._packer = None
        self._complete = None
        self._doc_names = None
        self._written = None

    def _commit(self) -> None:
        try:
            self.db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self._rollback()
            raise GlossaryError(f"{self.path}: {_explain(exc)}") from exc

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE: a second writer waits, then gets a clear error); inside
        `bulk`, a savepoint."""
        if self._bulk_since is not None:
            self.db.execute("SAVEPOINT part")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK TO part")
                self.db.execute("RELEASE part")
                self._forget()
                raise
            self.db.execute("RELEASE part")
            if time.monotonic() - self._bulk_since >= self._bulk_every:
                self._commit()
                self._begin()
                self._bulk_since = time.monotonic()
            return
        self._begin()
        try:
            yield self.db
        except BaseException:
            self._rollback()
            raise
        self._commit()

    # -- runs and history ---------------------------------------------------------------------------
    def start_run(self, kind: str, args: dict) -> int:
        with self.transaction():
            cur = self.db.execute("INSERT INTO runs (started, kind, args) VALUES (?, ?, ?)",
                                  (now(), kind, json.dumps(args, ensure_ascii=False)))
            return int(cur.lastrowid)

    def finish_run(self, run_id: int, status: str, summary: dict) -> None:
        with self.transaction():
            self.db.execute("UPDATE runs SET finished = ?, status = ?, summary = ? WHERE id = ?",
                            (now(), status, json.dumps(summary, ensure_ascii=False), run_id))

    def log(self, key: str | None, field: str, old, new, source: str, reviewer: str | None = None,
            detail: str | None = None) -> None:
        self.db.execute("INSERT INTO history (at, key, field, old, new, source, reviewer, detail) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (now(), key, field, _text(old), _text(new), source, reviewer, detail))

    def last_change(self, key: str, field: str) -> dict | None:
        """The newest history row of one field of one entry (where its current value came from)."""
        row = self.db.execute("SELECT * FROM history WHERE key = ? AND field = ? ORDER BY id DESC LIMIT 1",
                              (key, field)).fetchone()
        return dict(row) if row else None

    def secret(self) -> bytes:
        """A per-glossary random key that signs the export records of term sheets (made on first use), so
        that a hand edit of a sheet's hidden record is detected on import."""
        row = self.db.execute("SELECT value FROM meta WHERE name = 'sheet_secret'").fetchone()
        if row is None:
            value = uuid.uuid4().hex + uuid.uuid4().hex
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('sheet_secret', ?)", (value,))
            row = self.db.execute("SELECT value FROM meta WHERE name = 'sheet_secret'").fetchone()
        return bytes.fromhex(row[0])

    def keys_changed_since(self, since: str) -> set[str]:
        """Entries created or changed at or after ``since`` (an ISO date or time), by any history row, or seen
        in a document merged since then."""
        keys = {r[0] for r in self.db.execute("SELECT key FROM entries WHERE created >= ? OR updated >= ?",
                                              (since, since))}
        keys |= {r[0] for r in self.db.execute("SELECT DISTINCT key FROM history WHERE at >= ? AND key IS NOT NULL",
                                               (since,))}
        for (doc,) in self.db.execute("SELECT id FROM documents WHERE added >= ?", (since,)).fetchall():
            keys |= self._keys_of(doc)
        return keys

    def _keys_of(self, doc: int) -> set[str]:
        """The keys of a document's evidence."""
        return {r[0] for r in self._where_in("SELECT DISTINCT key FROM names WHERE id IN ({})", self._names_of(doc))}

    def keys_in_documents(self, paths: Iterable[str | Path]) -> tuple[set[str], list[str]]:
        """Entries seen in these documents (matched by resolved path, else by file name); and the paths that
        match no document of the glossary."""
        keys: set[str] = set()
        unknown: list[str] = []
        for p in paths:
            resolved = str(Path(p).resolve())
            docs = self.db.execute("SELECT id FROM documents WHERE source = ?", (resolved,)).fetchall()
            if not docs:
                docs = self.db.execute("SELECT id FROM documents WHERE name = ?", (Path(p).name,)).fetchall()
                if not docs:
                    unknown.append(str(p))
            for (doc,) in docs:
                keys |= self._keys_of(doc)
        return keys, unknown

    def _where_in(self, sql: str, values: list) -> Iterator:
        """Rows of ``sql`` (with one ``IN ({})``) for many values, 500 at a time: SQLite caps the number of
        parameters of one statement."""
        for i in range(0, len(values), 500):
            chunk = values[i:i + 500]
            yield from self.db.execute(sql.format(",".join("?" * len(chunk))), chunk)

    # -- documents and occurrences ------------------------------------------------------------------
    def document_hashes(self) -> dict[str, str]:
        """Every document in the glossary: source path → SHA-256 of the version merged."""
        return {r[0]: r[1] for r in self.db.execute("SELECT source, sha256 FROM documents")}

    def document_hash(self, source: str) -> str | None:
        row = self.db.execute("SELECT sha256 FROM documents WHERE source = ?", (source,)).fetchone()
        return row[0] if row else None

    def replace_document(self, source: str, name: str, sha256: str, encoding: str, run_id: int,
                         occurrences: Iterable[tuple]) -> tuple[int, set[str], int]:
        """Put a document's evidence (from occurrence tuples in extract.PUBLIC_FIELDS order) in place of any
        earlier version of it (inside a transaction): one row per distinct way a name is written, with its
        count, and samples for the entries that have fewer than SAMPLES_PER_KEY. Returns the number of names
        added (occurrences of origin ko, Korean words written in Hanzi, are kept but are no glossary
        entry's evidence), the keys touched (old and new), and the number of those Korean words."""
        row = self.db.execute("SELECT id FROM documents WHERE source = ?", (source,)).fetchone()
        self._doc_names = None
        if row is not None:
            doc = row[0]
            old_names = [(name, doc) for name in self._names_of(doc)]
            old_keys = {r[0] for r in self._where_in("SELECT DISTINCT key FROM names WHERE id IN ({})",
                                                     [name for name, _ in old_names])}
            self.db.executemany("DELETE FROM evidence WHERE name = ? AND doc = ?", old_names)
            self.db.executemany("DELETE FROM samples WHERE name = ? AND doc = ?", old_names)
            self.db.execute("DELETE FROM evidence_load WHERE doc = ?", (doc,))  # merged by a bulk load
            self.db.execute("DELETE FROM samples_load WHERE doc = ?", (doc,))
            for key in old_keys:
                self._sampled.pop(key, None)
            self._complete = False  # their other samples are read again
            self._written = None  # rows this connection did not write changed: read by queries
            self.db.execute("UPDATE documents SET name = ?, sha256 = ?, encoding = ?, run_id = ?, added = ? "
                            "WHERE id = ?", (name, sha256, encoding, run_id, now(), doc))
        else:
            old_keys = set()
            doc = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM documents").fetchone()[0]
            self.db.execute("INSERT INTO documents (source, name, sha256, encoding, run_id, added, id) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)", (source, name, sha256, encoding, run_id, now(), doc))
        counts: dict[tuple, list[int]] = {}  # first-seen order: the order evidence is tallied in
        firsts: dict[str, list[tuple]] = {}
        korean_words = 0
        line_at = _F["line"]
        sampled, full = self._sampled, _FULL  # keys known to have all their samples: none kept (see below)
        for o in occurrences:
            ev = _EVIDENCE_OF(o)
            c = counts.get(ev)
            if c is None:
                counts[ev] = [1, o[line_at]]
            else:
                c[0] += 1
            if ev[5] == "ko" and ev[4] not in KOREAN_NAME_TYPES:  # evidence.is_name, inline: every occurrence
                korean_words += 1
                continue
            kept = firsts.get(ev[0])
            if kept is None:
                firsts[ev[0]] = (full if sampled.get(ev[0], 0) >= SAMPLES_PER_KEY
                                 else [(ev[:6], _sample(o))])
            elif len(kept) < SAMPLES_PER_KEY:
                kept.append((ev[:6], _sample(o)))
        written = [ev[:6] for ev in counts]
        name_id = self._name_ids(written)
        ids = list(map(name_id.__getitem__, written))  # each row's name, looked up once
        confidences = [_milli(ev[6]) for ev in counts]
        seq, load = self._seqs("evidence", len(counts)), "_load" if self._loading else ""
        self.db.executemany(f"INSERT INTO evidence{load} (doc, seq, name, n, line, type_confidence) "
                            "VALUES (?, ?, ?, ?, ?, ?)",
                            zip(repeat(doc), count(seq), ids, *zip(*counts.values()), confidences))
        self.db.execute("UPDATE documents SET names = ? WHERE id = ?", (_pack_ids(ids), doc))
        counting = self._counting()
        if counting is not None:
            counting.add(name, counts, ids, confidences)
        if firsts:
            have = self._sample_counts(firsts)
            new = []
            for key, kept in firsts.items():
                room = SAMPLES_PER_KEY - have[key]
                if room > 0:
                    new += [(name_id[written], sample) for written, sample in kept[:room]]
                    have[key] += min(room, len(kept))
                    if counting is not None:
                        counting.first_context.setdefault(key, kept[0][1][-1] or "")
            seq, pack = self._seqs("samples", len(new)), self.packer.pack
            self.db.executemany(f"INSERT INTO samples{load} (doc, seq, name, line, start, \"end\", score, context) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                ((doc, seq + i, name, line, start, end, score, pack(context))
                                 for i, (name, (line, start, end, score, context)) in enumerate(new)))
            if self.packer.dictionary is None:
                self._pack_contexts()
        keys = old_keys | {ev[0] for ev in counts}
        dirty = self._dirty
        if len(dirty) > NAME_MEMORY:
            dirty.clear()
        self.db.executemany("INSERT OR IGNORE INTO dirty VALUES (?)", ((k,) for k in keys if k not in dirty))
        dirty |= keys
        return sum(c[0] for c in counts.values()) - korean_words, keys, korean_words

    def _names_of(self, doc: int) -> list[int]:
        """The ids of the names a document's evidence rows count (its samples' are among them), from the
        documents table (the evidence is clustered by name, not by document)."""
        row = self.db.execute("SELECT names FROM documents WHERE id = ?", (doc,)).fetchone()
        return _unpack_ids(row[0]) if row is not None else []

    def _index_documents(self) -> None:
        """Each document's names (_names_of) from its evidence rows (migration to schema 10)."""
        names: dict[int, list[int]] = {}
        for doc, name in self.db.execute("SELECT doc, name FROM evidence"):
            names.setdefault(doc, []).append(name)
        self.db.executemany("UPDATE documents SET names = ? WHERE id = ?",
                            [(_pack_ids(ids), doc) for doc, ids in names.items()])

    def _counting(self) -> _Written | None:
        """What this connection has written of the evidence, counted as it wrote it, while that is all the
        glossary's evidence (a first build: it began with no names, see _known): its refresh then takes each
        entry's evidence from here instead of reading it back (two thirds of a refresh). None otherwise,
        and for good once it is not (a replaced document, a rollback, too many names to remember)."""
        if self._complete is True:
            if self._written is None:  # nothing written uncounted since then: _complete would be False
                self._written = _Written()
            return self._written
        self._written = None
        return None

    def _document_names(self) -> dict[int, str]:
        """Document id → file name, read once for the many chunks of a refresh (documents change by
        replace_document, which forgets it, or by another process: PRAGMA data_version)."""
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        if self._doc_names is None or self._doc_names_at != version:
            self._doc_names = dict(self.db.execute("SELECT id, name FROM documents"))
            self._doc_names_at = version
        return self._doc_names

    def _sample_counts(self, keys: Iterable[str]) -> dict[str, int]:
        """How many samples each key has, remembered for the connection (a build meets the same keys in
        document after document and adds their samples itself); the others read at once."""
        sampled = self._sampled
        if len(sampled) > NAME_MEMORY:
            sampled.clear()
            self._complete = False
        unknown = [k for k in keys if k not in sampled]
        if unknown:
            sampled.update(dict.fromkeys(unknown, 0))
            if self._known():
                return sampled
            sampled.update(self._where_in(
                "SELECT m.key, count(*) FROM (SELECT name FROM samples UNION ALL SELECT name FROM samples_load) s "
                "JOIN names m ON m.id = s.name WHERE m.key IN ({}) GROUP BY m.key", unknown))
        return sampled

    def _known(self) -> bool:
        """Whether every name and sample of the glossary is one this connection wrote and remembers (a
        first build: the names table was empty when it began), so that nothing need be looked up."""
        if self._complete is None:
            self._complete = self.db.execute("SELECT 1 FROM names LIMIT 1").fetchone() is None
        return self._complete

    def _seqs(self, table: str, n: int) -> int:
        """The first of ``n`` new seq values of the evidence or samples table (the order rows came in, which
        breaks ties between equal counts); the last one is read once, then counted here (one writer)."""
        last = self._seq.get(table)
        if last is None:
            last = max(self.db.execute(f"SELECT coalesce(max(seq), 0) FROM {t}").fetchone()[0]
                       for t in (table, f"{table}_load"))
        self._seq[table] = last + n
        return last + 1

    @property
    def packer(self) -> Packer:
        """What packs and unpacks this glossary's sample sentences (contexts.py)."""
        if self._packer is None:
            row = self.db.execute("SELECT value FROM meta WHERE name = 'context_dictionary'").fetchone()
            self._packer = Packer(row[0] if row else None)
        return self._packer

    def _pack_contexts(self) -> None:
        """Make the glossary's dictionary of sample sentences once it has enough of them, and pack those
        stored as text until then (inside a transaction). Nothing while they are too few."""
        if self.packer.dictionary is not None:
            return
        tables = [t for t in ("samples", "samples_load") if self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (t,)).fetchone()]  # (schema 8: one)
        dictionary = make_dictionary(r[0] for r in self.db.execute(
            " UNION ALL ".join(f"SELECT context, seq FROM {t} WHERE typeof(context) = 'text'" for t in tables)
            + " ORDER BY seq"))
        if dictionary is None:
            return
        self.db.execute("INSERT INTO meta VALUES ('context_dictionary', ?)", (dictionary,))
        self._packer = packer = Packer(dictionary)
        for table in tables:
            self.db.executemany(f"UPDATE {table} SET context = ? WHERE name = ? AND seq = ?",
                                [(packer.pack(c), d, q) for d, q, c in self.db.execute(
                                    f"SELECT name, seq, context FROM {table} WHERE typeof(context) = 'text'")])

    def _name_ids(self, written: list[tuple]) -> dict[tuple, int]:
        """The id of each way a name is written (a NAME_FIELDS tuple), added to the names table where new.
        Known ids are remembered for the connection (a build meets the same names in document after
        document); the others are looked up by key, all of a document's at once (NULL never equals NULL in
        SQL), and the new ones inserted with ids given here (one writer: the transaction is ours)."""
        ids = self._names
        if len(ids) > NAME_MEMORY:
            ids.clear()
            self._complete = False
        missing = [w for w in written if w not in ids]
        if missing:
            if not self._known():
                for row in self._where_in("SELECT id, key, korean, hanzi, english, type, origin FROM names "
                                          "WHERE key IN ({})", list({w[0] for w in missing})):
                    ids[tuple(row)[1:]] = row[0]
            new = [w for w in dict.fromkeys(missing) if w not in ids]
            if new:
                start = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM names").fetchone()[0]
                ids.update((w, start + i) for i, w in enumerate(new))
                self.db.executemany("INSERT INTO names (id, key, korean, hanzi, english, type, origin) "
                                    "VALUES (?, ?, ?, ?, ?, ?, ?)", ((ids[w], *w) for w in new))
        return ids

    def dirty_keys(self, limit: int = 100_000) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT key FROM dirty LIMIT ?", (limit,))]

    def dirty_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM dirty").fetchone()[0]

    def clean(self, keys: list[str]) -> None:
        self.db.executemany("DELETE FROM dirty WHERE key = ?", ((k,) for k in keys))
        self._dirty.difference_update(keys)

    def occurrences(self, keys: Iterable[str] | None = None) -> list[dict]:
        """The evidence rows (one per document and distinct way a name is written there: ``n`` occurrences,
        the first on ``line``), with the document's ``source`` path and file name ``doc``."""
        sql = ("SELECT m.key, m.korean, m.hanzi, m.english, m.type, m.origin, e.type_confidence, e.n, e.line, "
               "d.source, d.name AS doc FROM evidence e JOIN names m ON m.id = e.name JOIN documents d "
               "ON e.doc = d.id {} ORDER BY e.seq")
        rows = (self.db.execute(sql.format("")) if keys is None
                else self._where_in(sql.format("WHERE m.key IN ({})"), list(keys)))
        out = [dict(r) for r in rows]
        for r in out:
            r["type_confidence"] = _unmilli(r["type_confidence"])
        return out

    def occurrence_count(self) -> int:
        """How many occurrences the evidence counts (Korean words in Hanzi included)."""
        return self.db.execute("SELECT coalesce(sum(n), 0) FROM evidence").fetchone()[0]

    def type_confidence(self, keys: list[str], types: dict[str, str]) -> dict[str, float | None]:
        """How sure extraction was of each entry's type ``types[key]`` (see type_confidence below)."""
        typed: dict[str, list[tuple]] = {}
        for key, name, type_, conf, n in self._where_in(
                "SELECT m.key, e.name, m.type, e.type_confidence, e.n FROM evidence e JOIN names m ON m.id = e.name "
                f"WHERE e.type_confidence IS NOT NULL AND {IS_NAME_SQL} AND m.key IN ({{}}) ORDER BY e.seq", keys):
            typed.setdefault(key, []).append((name, type_, _unmilli(conf), n))
        return type_confidence(typed, types)

    def evidence(self, keys: Iterable[str] | None = None, typed: dict[str, list[tuple]] | None = None) -> dict:
        """Evidence per key (evidence.tally), in one pass over the evidence rows in the order they came; the
        first context of each entry is its first sample's sentence. ``typed``, when given, gets in the same
        pass each key's (name id, type, confidence, n) of the rows with a confidence (for type_confidence)."""
        where = IS_NAME_SQL
        if keys is not None:
            keys = list(keys)
            if not keys:
                return {}
            written = self._written if self._complete is True else None
            if written is not None:  # a first build's, counted as it wrote them (_counting)
                counted = written.take(keys, typed)
                if counted is not None:
                    return counted
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (key TEXT PRIMARY KEY)")
            self.db.execute("DELETE FROM wanted")
            self.db.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((k,) for k in keys))
            where += " AND m.key IN (SELECT key FROM wanted)"
        self.db.row_factory = None  # plain tuples: several times faster than Row objects here
        try:
            names = self._document_names()
            if keys is None and typed is None:
                evidence = self._grouped_evidence(names)
            else:
                rows = self.db.execute("SELECT m.key, m.korean, m.english, m.hanzi, m.type, m.origin, e.doc, e.n, "
                                       "e.type_confidence, e.name FROM evidence e JOIN names m ON m.id = e.name "
                                       f"WHERE {where} ORDER BY e.seq")
                evidence, _ = tally(_noting(rows, names, typed if typed is not None else {}))
            context_of: dict[str, str] = {}
            sql = "SELECT m.key, s.context FROM samples s JOIN names m ON m.id = s.name {} ORDER BY s.seq"
            rows = (self._where_in(sql.format("WHERE m.key IN ({})"), list(evidence)) if keys is not None
                    else self.db.execute(sql.format("")))
            for key, context in rows:
                if key not in context_of:
                    context_of[key] = self.packer.unpack(context) or ""
        finally:
            self.db.row_factory = sqlite3.Row
        for key, ev in evidence.items():
            ev.first_context = context_of.get(key, "")
        return evidence

    def _grouped_evidence(self, names: dict[int, str]) -> dict:
        """The whole glossary's evidence, summed in SQLite: a row per name (its count and its first row)
        instead of one per evidence row (a million for a 1 GB archive, which the export read one by one).
        Taken in the order of their first rows, they fill tally's dicts in the order the evidence rows
        would: the same forms, counts, ties and documents (_documents)."""
        rows = self.db.execute(
            "SELECT m.key, m.korean, m.english, m.hanzi, m.type, m.origin, SUM(e.n), MIN(e.seq) AS first "
            f"FROM evidence e JOIN names m ON m.id = e.name WHERE {IS_NAME_SQL} GROUP BY e.name ORDER BY first")
        evidence, _ = tally((k, ko, en, h, t, o, None, None, n) for k, ko, en, h, t, o, n, _ in rows)
        for key, documents in self._documents(names, evidence).items():
            evidence[key].documents = documents
        return evidence

    def _documents(self, names: dict[int, str], keys: Iterable[str]) -> dict[str, list[str]]:
        """The names of the documents of each of ``keys`` (every key with evidence), in the order of the
        key's first row in each. A document's rows were written together (replace_document), so their seqs
        are a range of their own: the documents in the order of their ranges are in that order for every
        key, and one pass over the rows, document by document, finds each key's. Ranges that overlap (no
        glossary this code wrote) are sorted in SQLite instead."""
        ranges = sorted(self.db.execute("SELECT MIN(seq), MAX(seq), doc FROM evidence GROUP BY doc"))
        documents: dict[str, dict[str, None]] = {key: {} for key in keys}
        if any(a[1] >= b[0] for a, b in pairwise(ranges)):
            for key, doc, _ in self.db.execute(
                    "SELECT m.key, e.doc, MIN(e.seq) AS first FROM evidence e JOIN names m ON m.id = e.name "
                    f"WHERE {IS_NAME_SQL} GROUP BY m.key, e.doc ORDER BY first"):
                documents[key][names.get(doc, "")] = None
            return {key: list(docs) for key, docs in documents.items()}
        stored = dict(self.db.execute("SELECT id, names FROM documents"))  # _names_of, in one query
        return _documents_by_key(list(documents), [names.get(doc, "") for _, _, doc in ranges],
                                 [_unpack_ids(stored.get(doc)) for _, _, doc in ranges],
                                 self.db.execute(f"SELECT id, key FROM names WHERE {IS_NAME_SQL}"))

    def sample_occurrences(self, per_key: int | None = None, key: str | None = None) -> list[dict]:
        """Sample occurrences (at most SAMPLES_PER_KEY per entry, the first ones in the order the evidence
        came in), at most ``per_key`` of each, in document order, with positions and sentences."""
        where = "WHERE m.key = ?" if key else ""
        rows = [dict(r) for r in self.db.execute(
            "SELECT m.key, s.line, s.start, s.\"end\", m.korean, m.hanzi, m.english, m.type, m.origin, s.score, "
            "s.context, d.source, d.name AS doc FROM samples s JOIN names m ON m.id = s.name JOIN documents d "
            f"ON s.doc = d.id {where} ORDER BY s.seq", [key] if key else [])]
        unpack = self.packer.unpack
        for r in rows:
            r["context"] = unpack(r["context"])
        if per_key is not None:
            taken: dict[str, int] = {}
            kept = []
            for r in rows:
                n = taken.get(r["key"], 0)
                if n < per_key:
                    taken[r["key"]] = n + 1
                    kept.append(r)
            rows = kept
        rows.sort(key=lambda r: (r["source"], r["start"]))
        return rows

    def sample_columns(self, per_key: int | None = None) -> dict[str, list]:
        """The sample occurrences as sample_occurrences gives them (the first ``per_key`` of each entry, in
        document order), by column: doc, line, key, hanzi, korean, english, context. Chosen and ordered in
        SQLite (by the document's path and the position, ties in the order they came), without a dict per
        row: the export's Occurrences table."""
        ranked = "" if per_key is None else ", row_number() OVER (PARTITION BY m.key ORDER BY s.seq) AS k"
        cursor = self.db.cursor()
        cursor.row_factory = None  # plain tuples
        rows = cursor.execute(
            "SELECT doc, line, key, hanzi, korean, english, context FROM ("
            "SELECT d.name AS doc, s.line, m.key, m.hanzi, m.korean, m.english, s.context, d.source, s.start, "
            f"s.seq{ranked} FROM samples s JOIN names m ON m.id = s.name JOIN documents d ON s.doc = d.id) "
            f"{'' if per_key is None else 'WHERE k <= ?'} ORDER BY source, start, seq",
            () if per_key is None else (per_key,)).fetchall()
        fields = ("doc", "line", "key", "hanzi", "korean", "english", "context")
        columns = dict(zip(fields, map(list, zip(*rows)))) if rows else {f: [] for f in fields}
        columns["context"] = list(map(self.packer.unpack, columns["context"]))
        return columns

    def seen_at(self, key: str, limit: int = 20) -> list[str]:
        """``doc:line`` of the first occurrence in each document that has the entry, in the order they came."""
        return [f"{r[0]}:{r[1]}" for r in self.db.execute(
            "SELECT d.name, min(e.line) FROM evidence e JOIN names m ON m.id = e.name JOIN documents d "
            "ON e.doc = d.id WHERE m.key = ? GROUP BY e.doc ORDER BY min(e.seq) LIMIT ?", (key, limit))]

    # -- entries --------------------------------------------------------------------------------------
    def entry(self, key: str) -> dict | None:
        row = self.db.execute("SELECT * FROM entries WHERE key = ?", (key,)).fetchone()
        return dict(row) if row else None

    def upsert_machine_fields(self, items: Iterable[tuple[str, dict]], source: str) -> int:
        """Write what extraction computed for entries, ``(key, fields)`` each; a field a reviewer has set
        is left alone. Returns the number of entries created. New entries go in with one statement for
        all of them (a large build creates tens of thousands)."""
        items = list(items)
        existing: dict[str, dict] = {}
        existing.update((r["key"], dict(r)) for r in self._where_in("SELECT * FROM entries WHERE key IN ({})",
                                                                    [key for key, _ in items]))
        stamp = now()
        created = [(key, f.get("type"), f.get("origin"), f.get("official"), f.get("pinyin"), f.get("sino_korean"),
                    f.get("rule"), f.get("customary"), f.get("type_confidence"), stamp, stamp)
                   for key, f in items if key not in existing]
        self.db.executemany(
            "INSERT INTO entries (key, type, origin, official, pinyin, sino_korean, rule, customary, type_confidence, "
            "created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", created)
        self.db.executemany("INSERT INTO history (at, key, field, old, new, source) VALUES (?, ?, 'entry', NULL, "
                            "'created', ?)", ((stamp, row[0], source) for row in created))
        for key, fields in items:
            row = existing.get(key)
            if row is None:
                continue
            reviewed = set(json.loads(row["reviewed"]))
            changes = {f: v for f, v in fields.items() if f not in reviewed and row.get(f) != v}
            if changes:
                sets = ", ".join(f"{f} = ?" for f in changes)
                self.db.execute(f"UPDATE entries SET {sets}, updated = ? WHERE key = ?",
                                (*changes.values(), stamp, key))
                for f, v in changes.items():
                    self.log(key, f, row.get(f), v, source)
        return len(created)

    def set_reviewed(self, key: str, field: str, value, source: str, reviewer: str | None = None,
                     detail: str | None = None) -> bool:
        """A reviewer's decision: written, marked as reviewed, logged. False if nothing changed."""
        if field not in REVIEWED_FIELDS:
            raise GlossaryError(f"{field!r} is not a field reviewers set")
        row = self.entry(key)
        if row is None:
            raise GlossaryError(f"no entry {key!r} in {self.path}")
        if (row.get(field) or None) == (value or None):
            return False
        reviewed = sorted(set(json.loads(row["reviewed"])) | {field})
        self.db.execute(f"UPDATE entries SET {field} = ?, reviewed = ?, updated = ? WHERE key = ?",
                        (value, json.dumps(reviewed), now(), key))
        self.log(key, field, row.get(field), value, source, reviewer, detail)
        return True

    def set_form_status(self, key: str, korean: str, status: str | None, source: str, reviewer: str | None = None,
                        detail: str | None = None) -> bool:
        row = self.db.execute("SELECT status FROM form_status WHERE key = ? AND korean = ?", (key, korean)).fetchone()
        old = row[0] if row else None
        if old == status:
            return False
        if status is None:
            self.db.execute("DELETE FROM form_status WHERE key = ? AND korean = ?", (key, korean))
        else:
            self.db.execute("INSERT OR REPLACE INTO form_status VALUES (?, ?, ?)", (key, korean, status))
        self.log(key, f"form:{korean}", old, status, source, reviewer, detail)
        return True

    def form_statuses(self) -> dict[tuple[str, str], str]:
        return {(r[0], r[1]): r[2] for r in self.db.execute("SELECT key, korean, status FROM form_status")}

    def entry_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM entries").fetchone()[0]

    def entries(self, status: str | None = None) -> list[dict]:
        """Every entry, or those of one review ``status`` (approved: a few among an archive's thousands)."""
        if status is None:
            return [dict(r) for r in self.db.execute("SELECT * FROM entries ORDER BY key")]
        return [dict(r) for r in self.db.execute("SELECT * FROM entries WHERE status = ? ORDER BY key", (status,))]

    def history(self, key: str | None = None) -> list[dict]:
        if key is None:
            return [dict(r) for r in self.db.execute("SELECT * FROM history ORDER BY id")]
        return [dict(r) for r in self.db.execute("SELECT * FROM history WHERE key = ? ORDER BY id", (key,))]


class _Written:
    """The evidence a connection wrote, counted as it wrote it (Store._counting): per name id its count,
    per key its names in the order they came, its documents, its (name id, type, confidence, n) rows with
    a confidence (type_confidence) and the sentence of its first sample; given by `take` as a query over
    the rows it wrote would read it, in the same order. Each row costs a few dict operations here (its
    forms are summed per name when taken: a name's fields are the same in all its rows). Each key is
    given once (then forgotten: a refresh reads an entry once; a second reading queries the rows)."""

    def __init__(self) -> None:
        self.n: dict[int, int] = {}  # name id → its occurrences
        self.fields: dict[int, tuple] = {}  # name id → (key, Korean, Hanzi, English, type, origin, …)
        self.names: dict[str, list[int]] = {}  # key → its name ids, in the order their first rows came
        self.first: dict[str, int] = {}  # key → the index of its first row (the order keys come in)
        self.documents: dict[str, dict[str, None]] = {}  # key → its documents' names, in order
        self.typed: dict[str, list] = {}  # flat: four items a row (a tuple each was a third of the memory)
        self.first_context: dict[str, str] = {}
        self.given: set[str] = set()
        self.rows = 0

    def add(self, doc: str, counts: dict[tuple, list[int]], ids: list[int], confidences: list) -> None:
        """A document's evidence rows (replace_document's counts: the written name with its confidence →
        [n, line]; each row's name id and confidence as stored), in the order they were written."""
        first = self.rows
        self.rows += len(counts)
        total, fields, names, firsts, typed = self.n, self.fields, self.names, self.first, self.typed
        here: dict[str, None] = {}
        for i, (ev, (n, _), name, conf) in enumerate(zip(counts, counts.values(), ids, confidences)):
            if ev[5] == "ko" and ev[4] not in KOREAN_NAME_TYPES:  # no evidence (is_name, inline)
                continue
            key = ev[0]
            had = total.get(name)
            if had is None:
                total[name] = n
                fields[name] = ev
                got = names.get(key)
                if got is None:
                    names[key] = [name]
                    firsts[key] = first + i
                else:
                    got.append(name)
            else:
                total[name] = had + n
            here[key] = None
            if conf is not None:
                rows = typed.get(key)
                if rows is None:
                    rows = typed[key] = []
                rows += (name, ev[4], _unmilli(conf), n)  # the confidence as read back
        documents = self.documents
        for key in here:
            docs = documents.get(key)
            if docs is None:
                documents[key] = {doc: None}
            else:
                docs[doc] = None

    def take(self, keys: list[str], typed: dict[str, list[tuple]] | None) -> dict | None:
        """The evidence of these keys as Store.evidence reads it (None if one was given already)."""
        if not self.given.isdisjoint(keys):
            return None
        self.given.update(keys)
        firsts, total, fields = self.first, self.n, self.fields
        found = sorted((k for k in dict.fromkeys(keys) if k in firsts), key=firsts.__getitem__)
        rows = []  # each name once, with all its occurrences: the forms' first-seen order is its rows'
        for key in found:
            for name in self.names.pop(key):
                k, korean, hanzi, english, type_, origin = fields.pop(name)[:6]
                rows.append((k, korean, english, hanzi, type_, origin, None, None, total.pop(name)))
        evidence, _ = tally(rows)
        for key in found:
            ev = evidence[key]
            ev.documents = list(self.documents.pop(key))
            ev.first_context = self.first_context.pop(key, "")
            del firsts[key]
            flat = self.typed.pop(key, None)
            if flat is not None and typed is not None:
                typed[key] = list(zip(flat[::4], flat[1::4], flat[2::4], flat[3::4]))
        return evidence


def _noting(rows: Iterable[tuple], names: dict[int, str], typed: dict[str, list[tuple]]) -> Iterator[tuple]:
    """Evidence rows (key, Korean, English, Hanzi, type, origin, document id, n, confidence, name id) as
    tally reads them, noting in ``typed`` each key's (name id, type, confidence, n) where there is a
    confidence."""
    for k, ko, en, h, t, o, d, n, conf, name in rows:
        if conf is not None:
            if conf.__class__ is int:
                conf /= 1000  # stored in thousandths (_milli)
            got = typed.get(k)
            if got is None:
                typed[k] = [(name, t, conf, n)]
            else:
                got.append((name, t, conf, n))
        yield k, ko, en, h, t, o, names.get(d, ""), None, n


def _milli(confidence: float | None) -> float | int | None:
    """A type's confidence as stored: in thousandths where it has three decimals (2 bytes, not 8)."""
    stored = _MILLI.get(confidence, _MILLI)
    if stored is not _MILLI:
        return stored
    if confidence is None:
        return None
    milli = round(confidence * 1000)
    stored = milli if milli / 1000 == confidence else confidence
    if len(_MILLI) < 10_000:  # a few thousand values at most (three decimals): each computed once
        _MILLI[confidence] = stored
    return stored


_MILLI: dict = {None: None}


def _unmilli(stored: float | int | None) -> float | None:
    return stored / 1000 if stored.__class__ is int else stored


def type_confidence(typed: dict[str, list[tuple]], types: dict[str, str]) -> dict[str, float | None]:
    """How sure extraction was of each entry's type ``types[key]``, from its rows' (name id, type,
    confidence, n) in the order they came: the occurrences that were given that type, each weighed by its
    document's confidence, over all the entry's occurrences with a confidence (documents that typed it
    otherwise count as 0). None where no row has one (an older glossary). Summed by written form, then in
    the order rows came (as the query by key read them: a sum of ties like 0.7995 rounds by it)."""
    sure: dict[str, float | None] = {}
    for key, rows in typed.items():
        want, right, total = types.get(key), 0.0, 0
        for _, type_, conf, n in sorted(rows, key=_FIRST) if len(rows) > 1 else rows:
            total += n
            if type_ == want:
                right += conf * n
        sure[key] = round(right / total, 3) if total else None
    return sure


_FIRST = operator.itemgetter(0)


def _pack_ids(ids: Iterable[int]) -> bytes:
    """A set of ids as stored (a document's names): ascending, each as its distance from the one before,
    deflated (about a byte an id, where 4 bytes an id would be a fifth of the evidence's size again)."""
    deltas = array("I", sorted(set(ids)))
    if len(deltas) > 1:
        deltas[1:] = array("I", [b - a for a, b in pairwise(deltas)])
    return zlib.compress(deltas.tobytes(), 9)


def _documents_by_key(keys: list[str], doc_names: list[str], doc_ids: list[list[int]],
                      name_keys: Iterable[tuple[int, str]]) -> dict[str, list[str]]:
    """Each key's documents (``doc_names``, in their order; ``doc_ids``: each one's name ids) from the names'
    keys (``name_keys``: name id, key): every (key, document) pair of the glossary at once, in numpy — a
    million at 1 GB, which a step of Python each took 1.3 s to collect — sorted by key, then document."""
    number = {key: i for i, key in enumerate(keys)}
    sizes = np.fromiter(map(len, doc_ids), np.int64, len(doc_ids))
    ids = np.fromiter(chain.from_iterable(doc_ids), np.int64, int(sizes.sum()))
    key_of = np.full(int(ids.max()) + 1 if len(ids) else 1, -1, np.int64)  # name id → key number, -1 for none
    for name_id, key in name_keys:
        if name_id < len(key_of):
            key_of[name_id] = number.get(key, -1)
    at = np.repeat(np.arange(len(doc_ids), dtype=np.int64), sizes)  # each id's document
    of = key_of[ids]
    pairs = np.sort(of[of >= 0] * max(len(doc_ids), 1) + at[of >= 0])  # by key, then document
    pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))] if len(pairs) else pairs  # each pair once
    by_key, docs = np.divmod(pairs, max(len(doc_ids), 1))
    names = [doc_names[d] for d in docs.tolist()]
    bounds = np.searchsorted(by_key, np.arange(len(keys) + 1)).tolist()
    out = {key: names[bounds[i]:bounds[i + 1]] for i, key in enumerate(keys)}
    if len(set(doc_names)) < len(doc_names):  # two documents of one file name: the name once
        out = {key: list(dict.fromkeys(docs)) for key, docs in out.items()}
    return out


def _unpack_ids(stored: bytes | None) -> list[int]:
    if not stored:
        return []
    deltas = array("I")
    deltas.frombytes(zlib.decompress(stored))
    return list(accumulate(deltas))


def _text(value) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _explain(exc: sqlite3.Error) -> str:
    message = str(exc)
    if "locked" in message or "busy" in message:
        return "the database is busy: another glossary run is writing to it; try again when it has finished"
    if "readonly" in message or "unable to open" in message:
        return "cannot write the database here (read-only file or folder, or no such folder)"
    if "not a database" in message or "malformed" in message:
        return "not a glossary database (or a damaged one)"
    return message
