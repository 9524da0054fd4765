"""Looking at a system's SQLite files from outside: integrity, and the votes
votes.db holds per game (what the counters in sessions.db must equal)."""
import contextlib
import sqlite3


def database_files(data_dir):
    names = ["sessions.db", "votes.db"] + sorted(p.name for p in data_dir.glob("monitor-*.db"))
    return [data_dir / name for name in names]


def integrity(data_dir):
    """{file name: PRAGMA integrity_check result} of every database; opened
    read-only so checking can never repair or change anything."""
    results = {}
    for path in database_files(data_dir):
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)) as db:
            results[path.name] = "; ".join(row[0] for row in db.execute("PRAGMA integrity_check"))
    return results


def query(path, sql, args=()):
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)) as db:
        return db.execute(sql, args).fetchall()


def stored_votes(data_dir):
    """{catalogue game id: [up, down]} over live votes and chat-imported
    votes, and the number of tallies not yet applied."""
    votes = {}
    path = data_dir / "votes.db"
    live = query(path, "SELECT game_id, vote_type, COUNT(*) FROM live_votes GROUP BY 1, 2")
    chat = query(path, "SELECT game_id, vote, COUNT(*) FROM chat_logs "
                       "WHERE game_id IS NOT NULL AND vote IS NOT NULL GROUP BY 1, 2")
    for game_id, vote, count in live + chat:
        votes.setdefault(game_id, [0, 0])[0 if vote == 1 else 1] += count
    pending = query(path, "SELECT COUNT(*) FROM tally_outbox")[0][0]
    return votes, pending


def counters(data_dir):
    """{game id: [upvotes, downvotes]} as sessions.db holds them."""
    rows = query(data_dir / "sessions.db", "SELECT id, upvotes, downvotes, popularity_score FROM games")
    for game_id, up, down, score in rows:
        assert score == up - down, (game_id, up, down, score)
    return {game_id: [up, down] for game_id, up, down, _ in rows}


def counter_deltas(data_dir, baseline):
    """What the counters gained since `baseline`, games with no change left out."""
    now = counters(data_dir)
    deltas = {}
    for game_id, (up, down) in now.items():
        before = baseline.get(game_id, [0, 0])
        if [up - before[0], down - before[1]] != [0, 0]:
            deltas[game_id] = [up - before[0], down - before[1]]
    return deltas
