"""The submissions, in SQLite or PostgreSQL, through SQLAlchemy Core.

Two tables: ``submissions`` (the text, the form's target, the reference code) and
``contacts`` (the optional contact for a reply), apart so that the contact can be
deleted after its retention period while the question stays, and so that nothing
that lists or exports submissions reads a contact by accident.

Durability: :meth:`Store.add` returns only after the transaction has committed;
SQLite runs in WAL mode with ``synchronous=FULL`` (the WAL is fsynced at every
commit), PostgreSQL with its default ``synchronous_commit=on``. So a 303 sent after
``add`` returns means the submission is on disk. Several processes may write at
once: SQLite serialises them (``busy_timeout``), PostgreSQL takes them side by side;
the unique ``code`` and ``nonce`` keep any submission from being stored twice.
"""

import logging
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from .fields import KIND_PREFIX, QUESTION, RATING

logger = logging.getLogger(__name__)

metadata = MetaData()
submissions = Table(
    "submissions", metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("nonce", String(64), nullable=False, unique=True),
    Column("kind", String(16), nullable=False, index=True),
    Column("received", DateTime(timezone=True), nullable=False, index=True),
    Column("target", String(200), nullable=False, default=""),  # field or draft slug
    Column("name", String(200), nullable=False, default=""),
    Column("locality", String(100), nullable=False, default=""),
    Column("text", Text, nullable=False, default=""),
    Column("rating", Integer),
    Column("consent", Boolean, nullable=False, default=False),
    Column("state", String(16), nullable=False, default="new"),  # new, answered
    # A rating's comment is published on the results page only when an editor says.
    Column("publish_comment", Boolean, nullable=False, default=False),
)
contacts = Table(
    "contacts", metadata,
    Column("submission_id", Integer, ForeignKey("submissions.id", ondelete="CASCADE"),
           primary_key=True),
    Column("contact", String(200), nullable=False),
    Column("received", DateTime(timezone=True), nullable=False, index=True),
)

# Crockford's base32 without I, L, O, U: read aloud and typed back without doubt.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_PATTERN = r"(HD|GY|DG)-[0-9A-HJKMNP-TV-Z]{8}"


def new_code(kind):
    return KIND_PREFIX[kind] + "-" + "".join(
        secrets.choice(CODE_ALPHABET) for _ in range(8))


def now_utc():
    return datetime.now(UTC)


def _sqlite_pragmas(connection, _record):
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url):
    """An engine for ``url`` (sqlite:///path or postgresql+psycopg://...)."""
    if url.startswith("sqlite"):
        path = url.partition(":///")[2]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # Python's sqlite3 opens its own transactions lazily; BEGIN IMMEDIATE takes
        # the write lock up front, so two writers wait instead of failing mid-way.
        engine = create_engine(url, connect_args={"timeout": 30,
                                                  "isolation_level": None})
        event.listen(engine, "connect", _sqlite_pragmas)

        @event.listens_for(engine, "begin")
        def _begin_immediate(connection):
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_size=5, max_overflow=10, pool_pre_ping=True)


def _aware(moment):
    """SQLite hands datetimes back naive; they were stored in UTC."""
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


class Store:
    """Every read and write of submissions goes through here."""

    def __init__(self, url):
        self.url = url
        self.engine = make_engine(url)

    def create_tables(self):
        metadata.create_all(self.engine)

    def close(self):
        self.engine.dispose()

    # --- the service's side -------------------------------------------------------
    def add(self, submission, nonce, received=None):
        """Store ``submission``; return its code (the stored one if ``nonce`` was
        already used: the same form sent twice is one submission)."""
        values = submission.values
        row = {
            "nonce": nonce, "kind": submission.kind,
            "received": received or now_utc(),
            "target": values.get("linh_vuc") or values.get("du_thao") or "",
            "name": values.get("ho_ten", ""), "locality": values.get("dia_phuong", ""),
            "text": values.get("cau_hoi") or values.get("y_kien")
                    or values.get("nhan_xet") or "",
            "rating": int(values["diem"]) if submission.kind == RATING else None,
            "consent": submission.consent, "state": "new", "publish_comment": False,
        }
        contact = values.get("lien_he", "")
        for _attempt in range(5):
            code = new_code(submission.kind)
            try:
                with self.engine.begin() as connection:
                    new_id = connection.execute(
                        insert(submissions).values(code=code, **row)
                        .returning(submissions.c.id)).scalar_one()
                    if contact:
                        connection.execute(insert(contacts).values(
                            submission_id=new_id, contact=contact,
                            received=row["received"]))
                return code
            except IntegrityError:
                existing = self.code_for_nonce(nonce)
                if existing:
                    return existing
                # else the random code collided: draw another
        raise RuntimeError("no free reference code after 5 draws")

    def code_for_nonce(self, nonce):
        with self.engine.connect() as connection:
            return connection.execute(select(submissions.c.code)
                                      .where(submissions.c.nonce == nonce)).scalar()

    # --- the editors' side --------------------------------------------------------
    def list(self, state=None, kind=None, limit=None):
        query = select(submissions).order_by(submissions.c.received.desc(),
                                             submissions.c.id.desc())
        if state:
            query = query.where(submissions.c.state == state)
        if kind:
            query = query.where(submissions.c.kind == kind)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as connection:
            return [self._row(r) for r in connection.execute(query).mappings()]

    def get(self, code, with_contact=False):
        """One submission by code (dict), with its contact if asked; None if none."""
        query = select(submissions).where(submissions.c.code == code.strip().upper())
        with self.engine.connect() as connection:
            row = connection.execute(query).mappings().first()
            if row is None:
                return None
            item = self._row(row)
            if with_contact:
                item["contact"] = connection.execute(
                    select(contacts.c.contact)
                    .where(contacts.c.submission_id == row["id"])).scalar() or ""
        return item

    @staticmethod
    def _row(row):
        item = dict(row)
        item["received"] = _aware(item["received"])
        return item

    def comments_on(self, draft_slug):
        query = (select(submissions).where(submissions.c.kind == "comment",
                                           submissions.c.target == draft_slug)
                 .order_by(submissions.c.received, submissions.c.id))
        with self.engine.connect() as connection:
            return [self._row(r) for r in connection.execute(query).mappings()]

    def set_state(self, code, state):
        with self.engine.begin() as connection:
            return connection.execute(update(submissions)
                                      .where(submissions.c.code == code)
                                      .values(state=state)).rowcount

    def set_publish_comment(self, code, publish=True):
        with self.engine.begin() as connection:
            return connection.execute(
                update(submissions)
                .where(submissions.c.code == code, submissions.c.kind == RATING)
                .values(publish_comment=publish)).rowcount

    def purge_contacts(self, retention_days, now=None):
        """Delete contacts older than ``retention_days``; return how many."""
        cutoff = (now or now_utc()) - timedelta(days=retention_days)
        with self.engine.begin() as connection:
            return connection.execute(
                contacts.delete().where(contacts.c.received < cutoff)).rowcount

    def count(self, kind=None):
        query = select(func.count()).select_from(submissions)
        if kind:
            query = query.where(submissions.c.kind == kind)
        with self.engine.connect() as connection:
            return connection.execute(query).scalar_one()

    def all_codes(self):
        with self.engine.connect() as connection:
            return [r[0] for r in connection.execute(select(submissions.c.code))]

    def ratings(self):
        """(received, rating, comment if an editor marked it else None) for each."""
        query = select(submissions.c.received, submissions.c.rating,
                       submissions.c.text, submissions.c.publish_comment
                       ).where(submissions.c.kind == RATING)
        with self.engine.connect() as connection:
            return [(_aware(r.received), r.rating,
                     r.text if r.publish_comment and r.text else None)
                    for r in connection.execute(query)]

    def questions(self):
        return self.list(kind=QUESTION)
