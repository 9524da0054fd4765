import Glibc
import JSON
import Runtime

/// Who may log in: `ADMIN_CONFIG_PATH` (a JSON array of
/// `{"name","key"}`, names and keys unique) when set, else the single admin
/// "Admin" with `ADMIN_KEY` (or the generated key).
enum AdminConfiguration {
    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    static func load(configuration: Configuration, fallbackKey: String) throws -> [Authenticator.Admin] {
        guard let path = configuration.adminConfigPath else {
            return [Authenticator.Admin(name: "Admin", key: fallbackKey)]
        }
        guard let bytes = readFile(path) else { throw Invalid(description: "cannot read ADMIN_CONFIG_PATH \(path)") }
        return try parse(bytes)
    }

    static func parse(_ bytes: [UInt8]) throws -> [Authenticator.Admin] {
        guard let value = try? JSONValue.parse(bytes), let entries = value.arrayValue else {
            throw Invalid(description: "ADMIN_CONFIG_PATH must hold a JSON array of {\"name\",\"key\"}")
        }
        var admins: [Authenticator.Admin] = []
        for entry in entries {
            guard let name = entry["name"]?.stringValue, !name.isEmpty,
                  let key = entry["key"]?.stringValue, !key.isEmpty else {
                throw Invalid(description: "every admin needs a non-empty string name and key")
            }
            guard key.count >= GatewaySecrets.minimumAdminKeyLength else {
                throw Invalid(description: "admin \(name): key must be at least \(GatewaySecrets.minimumAdminKeyLength) characters")
            }
            if admins.contains(where: { $0.name == name }) { throw Invalid(description: "duplicate admin name \(name)") }
            if admins.contains(where: { $0.key == key }) { throw Invalid(description: "duplicate admin key (admin \(name))") }
            admins.append(.init(name: name, key: key))
        }
        guard !admins.isEmpty else { throw Invalid(description: "ADMIN_CONFIG_PATH lists no admins") }
        return admins
    }

    private static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while bytes.count <= 1 << 20 {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 { return nil }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }
}
