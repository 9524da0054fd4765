/// The migrations of votes.db, applied in order (see `Migrations`).
/// The vote tables arrive with the votes issue; the file and its version
/// tracking exist from the start so later steps only append.
enum VoteSchema {
    static let migrations: [String] = []
}
