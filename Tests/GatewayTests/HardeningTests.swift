import Crypto
import Dispatch
import HTTP
import JSON
import Testing
@testable import api_gateway

/// Security review findings with pure logic: token claims, query handling,
/// login throttling.
@Suite struct HardeningTests {
    let signer = JWTSigner(secret: Array("secret".utf8))
    let authenticator = Authenticator(admins: [.init(name: "Alice", key: "alice-key-0123456")],
                                      secret: Array("secret".utf8))

    @Test func aTokenWithoutExpIsRefused() {
        let token = signer.sign(["role": "admin", "name": "Alice", "iat": 1_000])
        #expect(authenticator.verify(token: token, now: 2_000) == .failure(.invalidToken))
    }

    @Test func aTokenWithoutTheAdminRoleIsRefused() {
        let viewer = signer.sign(["role": "viewer", "name": "Alice", "iat": 1_000, "exp": 9_999_999_999])
        let none = signer.sign(["name": "Alice", "iat": 1_000, "exp": 9_999_999_999])
        #expect(authenticator.verify(token: viewer, now: 2_000) == .failure(.invalidToken))
        #expect(authenticator.verify(token: none, now: 2_000) == .failure(.invalidToken))
    }

    @Test func issuedTokensStillVerify() {
        let token = authenticator.issueToken(for: authenticator.admins[0], now: 1_000)
        #expect(authenticator.verify(token: token, now: 2_000).map { $0["name"] } == .success("Alice"))
    }

    @Test func manyQueryParametersAreHandledInLinearTime() {
        let count = 40_000
        let query = (0..<count).map { "p\($0)=v" }.joined(separator: "&") + "&p0=second"
        let started = DispatchTime.now().uptimeNanoseconds
        let params = ForwardedParams.params(path: RouteParameters([]), query: query)
        let elapsed = DispatchTime.now().uptimeNanoseconds - started
        let object = params["query"]?.objectValue
        #expect(object?.count == count)
        #expect(object?.members.first?.value == "v")
        // Quadratic took tens of seconds for this many in a debug build.
        #expect(elapsed < 3_000_000_000, "took \(elapsed / 1_000_000) ms")
    }

    @Test func theThrottleOpensAfterTheWindow() {
        let throttle = LoginThrottle(maxFailures: 3, windowMilliseconds: 1_000)
        for _ in 0..<3 {
            #expect(throttle.retryAfterSeconds("1.2.3.4", now: 10) == nil)
            throttle.recordFailure("1.2.3.4", now: 10)
        }
        #expect(throttle.retryAfterSeconds("1.2.3.4", now: 20) == 1)
        #expect(throttle.retryAfterSeconds("5.6.7.8", now: 20) == nil)
        #expect(throttle.retryAfterSeconds("1.2.3.4", now: 10 + 1_000_000_000) == nil)
    }
}
