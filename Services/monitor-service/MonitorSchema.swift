/// The migrations of monitor-<n>.db, applied in order (see `Migrations`).
/// The monitor tables arrive with the room-monitor issue.
enum MonitorSchema {
    static let migrations: [String] = []
}
