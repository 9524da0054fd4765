/// When an attempt counts as delivered, and when and how soon to try again
/// (platform-api.md: up to 3 attempts, backoff on network errors and 5xx).
///
/// - 2xx: delivered.
/// - 5xx or no HTTP answer at all (refused, reset, DNS, TLS, the 10 s
///   timeout): the receiver may recover, so retry after `base`, then
///   `4 × base` (1 s, 4 s by default) — unless that was the last attempt.
/// - anything else (4xx, or a 1xx/3xx: redirects are not followed): the
///   receiver answered and rejected the request; sending the same bytes
///   again cannot change that, so the delivery fails at once.
struct WebhookRetryPolicy: Sendable, Equatable {
    static let maxAttempts = 3
    static let defaultBaseMilliseconds: Int64 = 1000

    /// The first backoff; `WEBHOOK_RETRY_BASE_MS` shortens it for tests.
    var baseMilliseconds: Int64 = WebhookRetryPolicy.defaultBaseMilliseconds

    enum AttemptResult: Sendable, Equatable {
        case status(Int)
        case networkError(String)
        /// The receiver's address is not allowed (`AddressPolicy`): not
        /// retried, the next attempt would be refused the same way.
        case refused(String)
    }

    /// What the log says for any network failure (no libcurl detail).
    static let networkErrorMessage = "network error"

    enum Decision: Sendable, Equatable {
        case delivered
        case retry(afterMilliseconds: Int64)
        case failed
    }

    /// The decision after attempt number `attempt` (1-based) ended with `result`.
    func decide(attempt: Int, result: AttemptResult) -> Decision {
        let retryable: Bool
        switch result {
        case .status(let code) where (200...299).contains(code): return .delivered
        case .status(let code): retryable = (500...599).contains(code)
        case .networkError: retryable = true
        case .refused: retryable = false
        }
        guard retryable, attempt < Self.maxAttempts else { return .failed }
        return .retry(afterMilliseconds: backoff(afterAttempt: attempt))
    }

    /// `base × 4^(attempt − 1)`: base, 4·base, 16·base…
    func backoff(afterAttempt attempt: Int) -> Int64 {
        var delay = baseMilliseconds
        for _ in 1..<max(attempt, 1) { delay *= 4 }
        return delay
    }

    /// Reads `WEBHOOK_RETRY_BASE_MS` (1…600000); nil when it is set but invalid.
    static func fromEnvironment(_ environment: [String: String]) -> WebhookRetryPolicy? {
        guard let raw = environment["WEBHOOK_RETRY_BASE_MS"], !raw.isEmpty else { return WebhookRetryPolicy() }
        guard let value = Int64(raw), (1...600_000).contains(value) else { return nil }
        return WebhookRetryPolicy(baseMilliseconds: value)
    }
}
