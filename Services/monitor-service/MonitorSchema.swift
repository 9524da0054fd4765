/// The migrations of monitor-<n>.db, applied in order (see `Migrations`).
/// Never edit a step that has shipped: add a new one.
enum MonitorSchema {
    static let migrations: [String] = [
        """
        -- The running monitors of this instance: the machine's durable state
        -- (RoomMonitorMachine.toJSON), saved after every step that changed it,
        -- so a restart resumes each one where it was. Deleted when it ends.
        CREATE TABLE monitors (
            session_game_id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL,
            room_code TEXT NOT NULL,
            -- which run of a monitor owns the row: a monitor replaced by a
            -- new one (new room code, stop then start) may still be saving
            -- its last step, and must not touch its successor's row
            token TEXT NOT NULL,
            state TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        -- Reports owed to session-service (sessionGames.monitorUpdate),
        -- written with the step that decided them and sent in order until
        -- acknowledged.
        CREATE TABLE session_updates (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            params TEXT NOT NULL
        );
        """,
    ]
}
