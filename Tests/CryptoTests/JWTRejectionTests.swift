import Crypto
import JSON
import Testing

/// Every way a token must fail, and the error it must fail with.
struct JWTRejectionTests {
    let signer = JWTSigner(secret: testSecret)
    let now: Int64 = 1_700_000_000
    var validToken: String { signer.sign(["sub": "player-1", "admin": false, "exp": 1_700_003_600]) }

    @Test func tamperedPayload_IsBadSignature() {
        var tokenParts = parts(validToken)
        tokenParts[1] = Base64.encodeURL(#"{"sub":"player-1","admin":true,"exp":1700003600}"#.utf8)
        #expect(signer.verify(tokenParts.joined(separator: "."), now: now) == .failure(.badSignature))
    }

    @Test func payloadFromAnotherToken_IsBadSignature() {
        var tokenParts = parts(validToken)
        tokenParts[1] = parts(signer.sign(["sub": "player-2"]))[1]
        #expect(signer.verify(tokenParts.joined(separator: "."), now: now) == .failure(.badSignature))
    }

    @Test func tamperedHeader_IsBadSignature() {
        var tokenParts = parts(validToken)
        tokenParts[0] = Base64.encodeURL(#"{"alg":"HS256","typ":"JWT","kid":"other"}"#.utf8)
        #expect(signer.verify(tokenParts.joined(separator: "."), now: now) == .failure(.badSignature))
    }

    @Test func tamperedSignature_IsBadSignature() {
        var tokenParts = parts(validToken)
        let first = tokenParts[2].first!
        tokenParts[2] = (first == "A" ? "B" : "A") + tokenParts[2].dropFirst()
        #expect(signer.verify(tokenParts.joined(separator: "."), now: now) == .failure(.badSignature))
    }

    @Test func shortenedSignature_IsBadSignature() {
        // A MAC cut to 31 bytes, validly re-encoded: the length check in
        // ConstantTime.equals must reject it.
        var tokenParts = parts(validToken)
        tokenParts[2] = Base64.encodeURL(Base64.decodeURL(tokenParts[2])!.dropLast())
        #expect(signer.verify(tokenParts.joined(separator: "."), now: now) == .failure(.badSignature))
    }

    @Test func signatureWithNonZeroPadBits_IsMalformed() {
        // Cutting 4 characters leaves 39, whose last character now carries
        // pad bits that are not zero: a non-canonical encoding (RFC 4648 §3.5).
        #expect(signer.verify(String(validToken.dropLast(4)), now: now) == .failure(.malformed))
    }

    @Test func emptySignature_IsBadSignature() {
        let tokenParts = parts(validToken)
        #expect(signer.verify(tokenParts[0] + "." + tokenParts[1] + ".", now: now) == .failure(.badSignature))
    }

    @Test func wrongSecret_IsBadSignature() {
        let other = JWTSigner(secret: Array("another-secret-of-32-bytes-long!".utf8))
        #expect(other.verify(validToken, now: now) == .failure(.badSignature))
    }

    /// RFC 7519 §6.1 unsecured JWT: `alg` none with an empty signature.
    @Test func algNone_WithEmptySignature_IsUnsupportedAlgorithm() {
        let token =
            Base64.encodeURL(#"{"alg":"none","typ":"JWT"}"#.utf8) + "."
            + Base64.encodeURL(#"{"sub":"player-1","admin":true}"#.utf8) + "."
        #expect(signer.verify(token, now: now) == .failure(.unsupportedAlgorithm))
    }

    @Test(arguments: ["none", "None", "HS512", "HS384", "RS256", "ES256", "hs256", "HS256 ", ""])
    func otherAlgorithms_AreUnsupported_EvenWithAValidHMAC(algorithm: String) {
        let token = handMadeToken(header: #"{"alg":"\#(algorithm)","typ":"JWT"}"#, payload: #"{"sub":"x"}"#)
        #expect(signer.verify(token, now: now) == .failure(.unsupportedAlgorithm))
    }

    @Test func duplicateAlg_UsesTheLastValue() {
        // JSONValue.parse keeps the last value for a repeated name, which
        // RFC 7515 §5.2 allows; "none" after "HS256" must therefore lose.
        let token = handMadeToken(header: #"{"alg":"HS256","alg":"none"}"#, payload: #"{"sub":"x"}"#)
        #expect(signer.verify(token, now: now) == .failure(.unsupportedAlgorithm))
    }

    @Test(arguments: [
        #"{"typ":"JWT"}"#,  // alg missing (RFC 7515 §4.1.1: MUST be present)
        #"{"alg":256}"#,  // alg not a string
        #"{"alg":null}"#,
        #"{"alg":"HS256","crit":["exp"]}"#,  // unknown critical extension (§4.1.11)
        #"["HS256"]"#,  // not an object
        #""HS256""#,
        #"{"alg":"HS256""#,  // not JSON
        "",
    ])
    func unusableHeader_IsMalformed(header: String) {
        let token = handMadeToken(header: header, payload: #"{"sub":"x"}"#)
        #expect(signer.verify(token, now: now) == .failure(.malformed))
    }

    @Test(arguments: [#"["sub"]"#, "42", #""sub""#, "null", #"{"sub":"#, ""])
    func correctlySignedPayload_ThatIsNotAJSONObject_IsMalformed(payload: String) {
        let token = handMadeToken(header: #"{"alg":"HS256","typ":"JWT"}"#, payload: payload)
        #expect(signer.verify(token, now: now) == .failure(.malformed))
    }

    @Test func twoParts_IsMalformed() {
        let tokenParts = parts(validToken)
        #expect(signer.verify(tokenParts[0] + "." + tokenParts[1], now: now) == .failure(.malformed))
    }

    @Test func fourParts_IsMalformed() {
        #expect(signer.verify(validToken + ".", now: now) == .failure(.malformed))
        #expect(signer.verify(validToken + "." + parts(validToken)[2], now: now) == .failure(.malformed))
    }

    @Test(arguments: ["", ".", "..", "...", "not a token", "a.b"])
    func degenerateStrings_AreMalformed(token: String) {
        #expect(signer.verify(token, now: now) == .failure(.malformed))
    }

    @Test(arguments: [0, 1, 2])
    func garbageBase64InAnyPart_IsMalformed(partIndex: Int) {
        for garbage in ["!!!!", "ab*d", "a", "abcde", "ey J9", "é"] {
            var tokenParts = parts(validToken)
            tokenParts[partIndex] = garbage
            #expect(
                signer.verify(tokenParts.joined(separator: "."), now: now) == .failure(.malformed),
                "part \(partIndex) = \(garbage)")
        }
    }

    @Test(arguments: ["+", "/"])
    func standardAlphabetCharacter_IsMalformed(character: String) {
        var tokenParts = parts(validToken)
        tokenParts[2] = character + tokenParts[2].dropFirst()
        #expect(signer.verify(tokenParts.joined(separator: "."), now: now) == .failure(.malformed))
    }

    @Test func paddedBase64url_IsMalformed() {
        // RFC 7515 §2: base64url here means all trailing '=' omitted. A
        // 32-byte HMAC is 43 characters, so one '=' is the correct padding
        // that plain base64url decoding would accept.
        let token = validToken
        #expect(parts(token)[2].count == 43)
        #expect(Base64.decodeURL(parts(token)[2] + "=") != nil)
        #expect(signer.verify(token + "=", now: now) == .failure(.malformed))
    }
}
