import CCurlShim

/// A failed outbound request or connection: what kind of failure (for
/// callers that react differently, e.g. retry on timeouts), and libcurl's
/// or our own detailed message for logs ("Failed to connect to 127.0.0.1
/// port 9 after 0 ms: Couldn't connect to server").
public struct OutboundError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The host name did not resolve.
        case resolve
        /// No TCP connection (refused, unreachable).
        case connect
        /// The deadline passed (connect, whole request, or WebSocket
        /// handshake/idle).
        case timeout
        /// TLS handshake or certificate verification failed.
        case tls
        /// The response body is over the configured cap.
        case tooLarge
        /// The URL or an option was refused before anything was sent.
        case setup
        /// The peer broke HTTP or WebSocket rules.
        case protocolViolation
        /// Sending or receiving failed after the connection was up.
        case network
        /// Every address of the host is one `AddressPolicy` refuses;
        /// nothing was connected.
        case refused
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// The kind for a libcurl result code.
    static func kind(for code: CURLcode) -> Kind {
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: .resolve
        case CURLE_COULDNT_CONNECT: .connect
        case CURLE_OPERATION_TIMEDOUT: .timeout
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_INVALIDCERTSTATUS:
            .tls
        case CURLE_FILESIZE_EXCEEDED: .tooLarge
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_BAD_FUNCTION_ARGUMENT, CURLE_OUT_OF_MEMORY:
            .setup
        case CURLE_WEIRD_SERVER_REPLY: .protocolViolation
        default: .network
        }
    }
}
