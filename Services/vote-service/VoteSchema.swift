/// The migrations of votes.db, applied in order (see `Migrations`).
/// Never edit a step that has shipped: add a new one.
enum VoteSchema {
    static let migrations: [String] = [
        """
        -- Every non-duplicate chat message ever imported (sessions-api.txt
        -- "chat-import"); message_hash makes importing a log twice a no-op.
        CREATE TABLE chat_logs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id INTEGER NOT NULL,
            username TEXT NOT NULL,
            message TEXT NOT NULL,
            -- normalized ISO-8601 when it parsed, else as sent
            timestamp TEXT NOT NULL,
            timestamp_ms INTEGER,
            -- 1 up, -1 down, NULL for a message that casts no vote
            vote INTEGER,
            -- games.id the vote counted for; NULL when it counted nothing
            game_id INTEGER,
            -- SHA-256 of username:message:timestamp (as sent), 32 bytes
            message_hash BLOB NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        );
        CREATE INDEX chat_logs_by_session ON chat_logs(session_id, timestamp_ms, id);

        -- Votes posted one by one by chat bots (POST /api/votes/live).
        -- Title and pack are the game's as it was voted on, so listing votes
        -- needs no other service.
        CREATE TABLE live_votes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id INTEGER NOT NULL,
            session_game_id INTEGER NOT NULL,
            game_id INTEGER NOT NULL,
            game_title TEXT NOT NULL,
            pack_name TEXT NOT NULL,
            username TEXT NOT NULL,
            vote_type INTEGER NOT NULL CHECK (vote_type IN (1, -1)),
            timestamp TEXT NOT NULL,
            timestamp_ms INTEGER NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX live_votes_by_user_time ON live_votes(username, timestamp_ms);
        CREATE INDEX live_votes_by_session ON live_votes(session_id, game_id);
        CREATE INDEX live_votes_by_game ON live_votes(game_id);

        -- Tallies committed here but not yet acknowledged by session-service
        -- (docs/architecture.md, "Exactly once"): written in the same
        -- transaction as the votes they count, deleted once applied. The key
        -- is the idempotency key session-service records with the counters.
        CREATE TABLE tally_outbox (
            key TEXT PRIMARY KEY,
            session_id INTEGER NOT NULL,
            game_id INTEGER NOT NULL,
            up INTEGER NOT NULL,
            down INTEGER NOT NULL,
            -- the live vote ({"username","type","timestamp"}) for vote.received; NULL for imports
            vote TEXT,
            created_at_ms INTEGER NOT NULL
        );

        -- Sessions deleted in sessions.db whose rows here are gone; an import
        -- racing the delete finds the session here and stores nothing.
        CREATE TABLE deleted_sessions (
            session_id INTEGER PRIMARY KEY,
            deleted_at TEXT NOT NULL
        );
        """,
    ]
}
