import Crypto
import HTTP
import JSON
import Testing
@testable import api_gateway

@Suite struct AuthenticatorTests {
    let authenticator = Authenticator(admins: [.init(name: "Alice", key: "alice-key"), .init(name: "Bob", key: "bob-key")],
                                      secret: Array("secret".utf8))

    private func head(authorization: String?) -> HTTPRequestHead {
        var headers = HTTPHeaders()
        if let authorization { headers.add(name: "Authorization", value: authorization) }
        return HTTPRequestHead(method: "POST", target: "/api/sessions", headers: headers)
    }

    @Test func keysMapToTheirAdmin() {
        #expect(authenticator.admin(forKey: "bob-key")?.name == "Bob")
        #expect(authenticator.admin(forKey: "bob-ke") == nil)
        #expect(authenticator.admin(forKey: "") == nil)
    }

    @Test func issuedTokensCarryNameAndA24HourExpiry() throws {
        let token = authenticator.issueToken(for: .init(name: "Alice", key: "alice-key"), now: 1_000)
        let claims = try authenticator.authenticate(head(authorization: "Bearer \(token)"), now: 1_001).get()
        #expect(claims["name"] == "Alice")
        #expect(claims["role"] == "admin")
        #expect(claims["iat"] == 1_000)
        #expect(claims["exp"] == .int(1_000 + 86_400))
        #expect(authenticator.authenticate(head(authorization: "Bearer \(token)"), now: 1_000 + 86_400)
                == .failure(.invalidToken))
    }

    @Test(arguments: [nil, "", "Bearer", "Bearer ", "Basic abc", "Token abc"] as [String?])
    func missingOrMalformedHeadersAre401(header: String?) {
        #expect(authenticator.authenticate(head(authorization: header), now: 0) == .failure(.missingToken))
    }

    @Test func foreignTokensAre403() {
        let other = JWTSigner(secret: Array("other".utf8)).sign(["name": "Mallory", "exp": 9_999_999_999])
        #expect(authenticator.authenticate(head(authorization: "Bearer \(other)"), now: 0) == .failure(.invalidToken))
        #expect(authenticator.authenticate(head(authorization: "Bearer a.b.c"), now: 0) == .failure(.invalidToken))
    }

    @Test func adminConfigurationRefusesDuplicates() throws {
        let admins = try AdminConfiguration.parse(Array(#"[{"name":"A","key":"k1-0123456789abcd"},{"name":"B","key":"k2-0123456789abcd"}]"#.utf8))
        #expect(admins.map(\.name) == ["A", "B"])
        for bad in [#"[{"name":"A","key":"k1-0123456789abcd"},{"name":"A","key":"k2-0123456789abcd"}]"#,
                    #"[{"name":"A","key":"k-0123456789abcde"},{"name":"B","key":"k-0123456789abcde"}]"#,
                    #"[]"#, #"{"name":"A"}"#, #"[{"name":"","key":"k-0123456789abcde"}]"#,
                    #"[{"name":"A","key":"k1"}]"#] {
            #expect((try? AdminConfiguration.parse(Array(bad.utf8))) == nil, "\(bad)")
        }
    }
}
