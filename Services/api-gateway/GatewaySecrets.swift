import Crypto
import Glibc
import Runtime

/// The admin key and the JWT signing secret: from the environment when set,
/// else generated once and kept in `$DATA_DIR` with mode 0600. A generated
/// admin key is shown once on the controlling terminal, never in the log.
struct GatewaySecrets: Sendable {
    let adminKey: String
    let jwtSecret: [UInt8]

    /// Shortest accepted admin key and JWT secret (guessable ones are refused).
    static let minimumAdminKeyLength = 16
    static let minimumJWTSecretLength = 32

    struct TooShort: Error, CustomStringConvertible {
        let description: String
    }

    static func load(configuration: Configuration, logger: Logger) throws -> GatewaySecrets {
        let adminKey: String
        if let given = configuration.adminKey {
            adminKey = given
        } else {
            let path = configuration.dataDirectory + "/admin.key"
            let loaded = try SecretFile.loadOrCreate(path: path) { SecureRandom.hexToken(byteCount: 24) }
            if loaded.created {
                let shown = showOnTerminal("gamenight: generated admin key (shown once; stored in \(path)): \(loaded.value)\n")
                logger.notice("generated an admin key", ("path", path), ("shown_on_terminal", shown ? "yes" : "no"))
            }
            adminKey = loaded.value
        }
        try checkLength(adminKey, "ADMIN_KEY", minimum: minimumAdminKeyLength)
        let secret: String
        if let given = configuration.jwtSecret {
            secret = given
        } else {
            secret = try SecretFile.loadOrCreate(path: configuration.dataDirectory + "/jwt.secret") {
                SecureRandom.hexToken(byteCount: 32)
            }.value
        }
        try checkLength(secret, "JWT_SECRET", minimum: minimumJWTSecretLength)
        return GatewaySecrets(adminKey: adminKey, jwtSecret: Array(secret.utf8))
    }

    static func checkLength(_ value: String, _ name: String, minimum: Int) throws {
        guard value.count >= minimum else {
            throw TooShort(description: "\(name) must be at least \(minimum) characters (it has \(value.count))")
        }
    }

    /// Writes `text` to the controlling terminal, if there is one (`make
    /// run` in a shell); under systemd or a test harness there is none and
    /// the key stays only in its 0600 file.
    private static func showOnTerminal(_ text: String) -> Bool {
        let fd = open("/dev/tty", O_WRONLY | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count
    }
}
