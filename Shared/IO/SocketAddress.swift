import Glibc

/// Builders for the two address families the project uses: TCP on IPv4/IPv6
/// for the gateway, AF_UNIX paths for everything between processes.
enum SocketAddress {
    /// Fills a `sockaddr_un` for `path`. unix(7): `sun_path` holds at most
    /// 107 bytes plus the terminating NUL.
    static func unix(_ path: String) throws -> (sockaddr_un, socklen_t) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { throw IOError("unix socket path too long: \(path)", errno: ENAMETOOLONG) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + 1)
        return (address, length)
    }
}
