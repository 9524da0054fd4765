/// The migrations of sessions.db, applied in order (see `Migrations`).
/// Never edit a step that has shipped: add a new one.
enum SessionSchema {
    static let migrations: [String] = [
        """
        CREATE TABLE games (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            pack_name TEXT NOT NULL,
            title TEXT NOT NULL,
            min_players INTEGER NOT NULL,
            max_players INTEGER NOT NULL,
            length_minutes INTEGER,
            has_audience INTEGER NOT NULL DEFAULT 0,
            family_friendly INTEGER NOT NULL DEFAULT 0,
            game_type TEXT,
            secondary_type TEXT,
            play_count INTEGER NOT NULL DEFAULT 0,
            popularity_score INTEGER NOT NULL DEFAULT 0,
            upvotes INTEGER NOT NULL DEFAULT 0,
            downvotes INTEGER NOT NULL DEFAULT 0,
            enabled INTEGER NOT NULL DEFAULT 1,
            favor_bias INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            notes TEXT,
            is_active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            closed_at TEXT,
            -- kept equal to COUNT(session_games) by every insert and delete,
            -- in the same transaction: reading it is O(1), counting is O(n)
            games_played INTEGER NOT NULL DEFAULT 0
        );
        CREATE UNIQUE INDEX one_active_session ON sessions(is_active) WHERE is_active = 1;
        CREATE TABLE session_games (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            game_id INTEGER NOT NULL REFERENCES games(id),
            manually_added INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'playing',
            room_code TEXT,
            played_at TEXT NOT NULL,
            player_count INTEGER,
            player_count_check_status TEXT NOT NULL DEFAULT 'not_started'
        );
        CREATE INDEX session_games_by_session ON session_games(session_id, played_at);
        CREATE UNIQUE INDEX one_playing_game ON session_games(session_id) WHERE status = 'playing';
        CREATE INDEX session_games_by_game ON session_games(game_id);
        CREATE INDEX games_by_pack_title ON games(pack_name, title);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
        // 2: webhooks, their durable outbox and the log of every attempt
        // (see WebhookOutbox, WebhookDelivery).
        """
        CREATE TABLE webhooks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            url TEXT NOT NULL,
            -- needed in clear to sign each delivery; never returned by the API
            secret TEXT NOT NULL,
            -- JSON array of subscribed event types, e.g. ["game.added"]
            events TEXT NOT NULL,
            enabled INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
        );
        CREATE TABLE webhook_deliveries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            webhook_id INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
            -- X-Webhook-Delivery: the same on every attempt, so receivers can de-duplicate
            delivery_uuid TEXT NOT NULL UNIQUE,
            event_type TEXT NOT NULL,
            -- the exact bytes POSTed and signed
            body TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            -- Unix milliseconds (wall clock, so it survives a restart)
            next_attempt_at INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            created_at TEXT NOT NULL
        );
        CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at, id) WHERE status = 'pending';
        CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries(webhook_id);
        CREATE TABLE webhook_logs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            webhook_id INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
            event_type TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            response_status INTEGER,
            error_message TEXT,
            duration_ms INTEGER NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX webhook_logs_by_webhook ON webhook_logs(webhook_id, id);
        """,
        // 3: the outbox's per-webhook pending walk (WebhookOutbox.due) and
        // pruning of finished rows (WebhookOutbox.prune).
        """
        CREATE INDEX webhook_deliveries_pending ON webhook_deliveries(webhook_id, id) WHERE status = 'pending';
        CREATE INDEX webhook_deliveries_finished ON webhook_deliveries(next_attempt_at) WHERE status != 'pending';
        """,
        // 4: votes and monitors (docs/architecture.md): the keys of the vote
        // tallies already added to the games' counters; the calls to other
        // services that committed changes owe them (a session's votes to
        // purge, a room monitor to start or stop), sent until acknowledged;
        // and which monitor instance owns each session game's monitor.
        """
        CREATE TABLE applied_vote_tallies (
            key TEXT PRIMARY KEY,
            applied_at TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE peer_outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            -- a backend endpoint: 'vote-service' or 'monitor-service:<n>'
            target TEXT NOT NULL,
            method TEXT NOT NULL,
            -- the call's params, a JSON object
            params TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX peer_outbox_by_target ON peer_outbox(target, id);
        ALTER TABLE session_games ADD COLUMN monitor_instance INTEGER;
        """,
        // 5: the catalogue toolkit (picker, packs, stats, CSV): a game's
        // ticker (a short symbol, unique when set; the built-in games get
        // theirs at start-up, CatalogueTickers), each pack's favor (a pack
        // without a row has favor 0; packs themselves are the games'
        // pack_name values), and the indexes behind the stats' top-10 lists.
        """
        ALTER TABLE games ADD COLUMN ticker TEXT;
        CREATE UNIQUE INDEX games_by_ticker ON games(ticker) WHERE ticker IS NOT NULL;
        CREATE TABLE packs (
            name TEXT PRIMARY KEY,
            favor_bias INTEGER NOT NULL DEFAULT 0 CHECK (favor_bias IN (-1, 0, 1))
        ) WITHOUT ROWID;
        CREATE INDEX games_by_popularity ON games(popularity_score DESC, title);
        CREATE INDEX games_by_play_count ON games(play_count DESC, title);
        """,
        // 6: session history: a closed session can be archived (hidden from
        // the default list, SessionHistory), and the list pages by
        // created_at, newest first.
        """
        ALTER TABLE sessions ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX sessions_by_created_at ON sessions(created_at, id);
        """,
    ]
}
