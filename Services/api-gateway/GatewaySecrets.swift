import Crypto
import Runtime

/// The admin key and the JWT signing secret: from the environment when set,
/// else generated once and kept in `$DATA_DIR` with mode 0600. A generated
/// admin key is printed once, on the run that created it.
struct GatewaySecrets: Sendable {
    let adminKey: String
    let jwtSecret: [UInt8]

    static func load(configuration: Configuration, logger: Logger) throws -> GatewaySecrets {
        let adminKey: String
        if let given = configuration.adminKey {
            adminKey = given
        } else {
            let path = configuration.dataDirectory + "/admin.key"
            let loaded = try SecretFile.loadOrCreate(path: path) { SecureRandom.hexToken(byteCount: 24) }
            if loaded.created {
                logger.notice("generated an admin key (shown once; also in \(path))", ("admin_key", loaded.value))
            }
            adminKey = loaded.value
        }
        let secret: String
        if let given = configuration.jwtSecret {
            secret = given
        } else {
            secret = try SecretFile.loadOrCreate(path: configuration.dataDirectory + "/jwt.secret") {
                SecureRandom.hexToken(byteCount: 32)
            }.value
        }
        return GatewaySecrets(adminKey: adminKey, jwtSecret: Array(secret.utf8))
    }
}
