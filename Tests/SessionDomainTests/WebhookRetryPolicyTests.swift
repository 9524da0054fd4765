import Testing
@testable import session_service

@Suite struct WebhookRetryPolicyTests {
    let policy = WebhookRetryPolicy(baseMilliseconds: 1000)

    @Test func anyTwoHundredIsDelivered() {
        for code in [200, 201, 202, 204, 299] {
            #expect(policy.decide(attempt: 1, result: .status(code)) == .delivered)
        }
    }

    @Test func serverErrorsAndNetworkErrorsRetryWithBackoffUpToThreeAttempts() {
        #expect(policy.decide(attempt: 1, result: .status(500)) == .retry(afterMilliseconds: 1000))
        #expect(policy.decide(attempt: 2, result: .status(503)) == .retry(afterMilliseconds: 4000))
        #expect(policy.decide(attempt: 3, result: .status(502)) == .failed)
        #expect(policy.decide(attempt: 1, result: .networkError("refused")) == .retry(afterMilliseconds: 1000))
        #expect(policy.decide(attempt: 2, result: .networkError("timeout")) == .retry(afterMilliseconds: 4000))
        #expect(policy.decide(attempt: 3, result: .networkError("timeout")) == .failed)
    }

    @Test func clientErrorsRedirectsAndOddStatusesAreFinal() {
        for code in [400, 401, 404, 410, 429, 301, 302, 100, 0] {
            #expect(policy.decide(attempt: 1, result: .status(code)) == .failed, "status \(code)")
        }
    }

    @Test func baseComesFromTheEnvironment() {
        #expect(WebhookRetryPolicy.fromEnvironment([:]) == WebhookRetryPolicy(baseMilliseconds: 1000))
        #expect(WebhookRetryPolicy.fromEnvironment(["WEBHOOK_RETRY_BASE_MS": "200"])?.baseMilliseconds == 200)
        #expect(WebhookRetryPolicy.fromEnvironment(["WEBHOOK_RETRY_BASE_MS": "200"])?.backoff(afterAttempt: 2) == 800)
        for bad in ["0", "-5", "abc", "600001"] {
            #expect(WebhookRetryPolicy.fromEnvironment(["WEBHOOK_RETRY_BASE_MS": bad]) == nil, "\(bad)")
        }
    }
}
