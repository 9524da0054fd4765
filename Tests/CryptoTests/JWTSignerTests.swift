import Crypto
import JSON
import Testing

struct JWTSignerTests {
    /// RFC 7515 Appendix A.1: the HS256 example token and its JWK `k`.
    /// Its header and payload contain CRLF and spaces, so this also shows
    /// the signature is checked over the bytes as received.
    static let rfc7515Token =
        "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
        + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
        + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    static let rfc7515Key = Base64.decodeURL(
        "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow")!
    static let rfc7515Expiry: Int64 = 1_300_819_380

    @Test func verify_AcceptsRFC7515AppendixA1Token_BeforeItsExpiry() throws {
        let signer = JWTSigner(secret: Self.rfc7515Key)
        let claims = try signer.verify(Self.rfc7515Token, now: Self.rfc7515Expiry - 1).get()
        #expect(claims["iss"] == .string("joe"))
        #expect(claims["exp"] == .int(Self.rfc7515Expiry))
        #expect(claims["http://example.com/is_root"] == .bool(true))
        #expect(claims.keys == ["iss", "exp", "http://example.com/is_root"])
    }

    @Test func verify_RejectsRFC7515AppendixA1Token_AsExpired_AtAndAfterItsExpiry() {
        let signer = JWTSigner(secret: Self.rfc7515Key)
        #expect(signer.verify(Self.rfc7515Token, now: Self.rfc7515Expiry) == .failure(.expired))
        #expect(signer.verify(Self.rfc7515Token, now: Self.rfc7515Expiry + 3_600) == .failure(.expired))
    }

    @Test func sign_ProducesFixedHeader_CompactPayload_AndHS256Signature() {
        // Expected token computed independently with
        // `python3 -c 'import hmac, base64; …'` over the same header, payload and secret.
        let claims: JSONObject = ["sub": "player-1", "role": "host", "exp": 1_700_000_000]
        let token = JWTSigner(secret: testSecret).sign(claims)
        #expect(
            token
                == "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
                + ".eyJzdWIiOiJwbGF5ZXItMSIsInJvbGUiOiJob3N0IiwiZXhwIjoxNzAwMDAwMDAwfQ"
                + ".OYOcsMuQX4GIn2XwG5b9Lx3zxb9Jg8hXszQAlxFphhU")
        let header = Base64.decodeURL(parts(token)[0]).map { String(decoding: $0, as: UTF8.self) }
        #expect(header == #"{"alg":"HS256","typ":"JWT"}"#)
        let payload = Base64.decodeURL(parts(token)[1]).map { String(decoding: $0, as: UTF8.self) }
        #expect(payload == #"{"sub":"player-1","role":"host","exp":1700000000}"#)
    }

    @Test func sign_ThenVerify_ReturnsTheSameClaims() throws {
        let claims: JSONObject = [
            "sub": "player-42",
            "room": ["id": "r-1", "seats": [1, 2, 3]],
            "admin": false,
            "score": 12.5,
            "nick": "Zoë \u{1F3B2}",
            "iat": 1_700_000_000,
            "nbf": 1_700_000_000,
            "exp": 1_700_003_600,
        ]
        let signer = JWTSigner(secret: testSecret)
        let verified = try signer.verify(signer.sign(claims), now: 1_700_000_100).get()
        #expect(verified == claims)
    }

    @Test func sign_ThenVerify_WorksWithEmptyClaims_AndSecretsLongerThanABlock() throws {
        let signer = JWTSigner(secret: countingBytes(200))
        #expect(try signer.verify(signer.sign([:]), now: 0).get() == [:])
    }

    @Test func verify_AcceptsUntilTheSecondBeforeExp() {
        let signer = JWTSigner(secret: testSecret)
        let token = signer.sign(["exp": 1_000])
        #expect((try? signer.verify(token, now: 999).get()) != nil)
        #expect(signer.verify(token, now: 1_000) == .failure(.expired))
    }

    @Test func verify_ComparesFractionalExp_AsNumericDate() {
        let signer = JWTSigner(secret: testSecret)
        let token = signer.sign(["exp": 1_000.5])
        #expect((try? signer.verify(token, now: 1_000).get()) != nil)
        #expect(signer.verify(token, now: 1_001) == .failure(.expired))
    }

    @Test func verify_RejectsTokenBeforeNbf_AndAcceptsFromNbfOn() {
        let signer = JWTSigner(secret: testSecret)
        let token = signer.sign(["nbf": 2_000, "exp": 3_000])
        #expect(signer.verify(token, now: 1_999) == .failure(.notYetValid))
        #expect((try? signer.verify(token, now: 2_000).get()) != nil)
    }

    @Test(arguments: [
        #"{"exp":"1300819380"}"#,
        #"{"exp":null}"#,
        #"{"exp":true}"#,
        #"{"nbf":"0"}"#,
        #"{"nbf":[0]}"#,
    ])
    func verify_RejectsNonNumericTimeClaims_AsMalformed(payload: String) {
        let token = handMadeToken(header: #"{"alg":"HS256","typ":"JWT"}"#, payload: payload)
        #expect(JWTSigner(secret: testSecret).verify(token, now: 0) == .failure(.malformed))
    }

    @Test func verify_IgnoresTimeClaims_WhenAbsent() {
        let signer = JWTSigner(secret: testSecret)
        #expect((try? signer.verify(signer.sign(["sub": "x"]), now: .max).get()) != nil)
        #expect((try? signer.verify(signer.sign(["sub": "x"]), now: .min).get()) != nil)
    }
}
