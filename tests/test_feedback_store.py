"""The feedback data layer on SQLite and on PostgreSQL (a real cluster)."""

from datetime import UTC, datetime, timedelta

from citizen_feedback.export import ratings_summary
from citizen_feedback.fields import Submission
from citizen_feedback.store import Store


def question(text="Xin hỏi về nhãn hiệu", contact="a@example.vn"):
    return Submission("question", {"ho_ten": "Nguyễn Văn A", "dia_phuong": "Việt Trì",
                                   "linh_vuc": "Sở hữu trí tuệ", "cau_hoi": text,
                                   "lien_he": contact}, consent=True)


def test_stored_text_and_contact_apart(database_url):
    store = Store(database_url)
    store.create_tables()
    hostile = "'; DROP TABLE submissions; -- <script>alert(1)</script> =1+1"
    code = store.add(question(hostile), "nonce-1")
    assert code.startswith("HD-") and len(code) == 11
    listed = store.list()
    assert [row["code"] for row in listed] == [code]
    assert listed[0]["text"] == hostile  # stored as written, inert
    assert "contact" not in listed[0]  # the list never reads contacts
    assert store.get(code)["name"] == "Nguyễn Văn A"
    assert "contact" not in store.get(code)
    assert store.get(code.lower(), with_contact=True)["contact"] == "a@example.vn"
    store.close()


def test_same_nonce_is_one_submission(database_url):
    store = Store(database_url)
    store.create_tables()
    first = store.add(question(), "same-token")
    again = store.add(question(), "same-token")
    assert first == again
    assert store.count() == 1
    store.close()


def test_purge_deletes_only_old_contacts(database_url):
    store = Store(database_url)
    store.create_tables()
    now = datetime.now(UTC)
    old = store.add(question(), "old", received=now - timedelta(days=400))
    recent = store.add(question(), "recent", received=now - timedelta(days=30))
    assert store.purge_contacts(365) == 1
    assert store.get(old, with_contact=True)["contact"] == ""
    assert store.get(old)["text"]  # the question itself stays
    assert store.get(recent, with_contact=True)["contact"] == "a@example.vn"
    store.close()


def test_ratings_counted_per_month_comments_only_when_marked(database_url):
    store = Store(database_url)
    store.create_tables()
    november = datetime(2026, 11, 10, 3, tzinfo=UTC)
    codes = [store.add(Submission("rating", {"diem": str(score),
                                             "nhan_xet": f"nhận xét {score}"}),
                       f"n{i}", received=november)
             for i, score in enumerate((5, 5, 4, 1))]
    store.add(Submission("rating", {"diem": "3", "nhan_xet": ""}), "dec",
              received=datetime(2026, 12, 1, 1, tzinfo=UTC))
    store.set_publish_comment(codes[0])
    summary = ratings_summary(store.ratings())
    assert summary["months"] == [
        {"month": "2026-11", "counts": {"1": 1, "2": 0, "3": 0, "4": 1, "5": 2}},
        {"month": "2026-12", "counts": {"1": 0, "2": 0, "3": 1, "4": 0, "5": 0}}]
    assert [c["text"] for c in summary["comments"]] == ["nhận xét 5"]
    store.close()
