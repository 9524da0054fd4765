/// How a `https://` or `wss://` peer is verified.
///
/// The default verifies the certificate chain against the system CA store
/// and the host name against the certificate (libcurl's defaults,
/// `CURLOPT_SSL_VERIFYPEER`/`VERIFYHOST`). Turning verification off exists
/// for tests against a self-signed local server and must be asked for by
/// name (`.insecure`); prefer `caFile` with the test's own certificate.
public struct TLSOptions: Sendable, Equatable {
    /// Verify the peer's certificate and host name.
    public var verifyPeer: Bool
    /// A PEM bundle to trust instead of the system store (`CURLOPT_CAINFO`).
    public var caFile: String?

    public init(verifyPeer: Bool = true, caFile: String? = nil) {
        self.verifyPeer = verifyPeer
        self.caFile = caFile
    }

    /// Production: verify against the system store.
    public static let verified = TLSOptions()
    /// Tests only: accept any certificate and host name.
    public static let insecure = TLSOptions(verifyPeer: false)
}
