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

    /// Calls `body` with the IPv4 or IPv6 address of `host` (a literal; a
    /// `:` makes it IPv6) and `port`, as bind(2)/connect(2) take it.
    static func withIP<T>(host: String, port: UInt16,
                          _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) throws -> T {
        if host.contains(":") {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            guard inet_pton(AF_INET6, host, &address.sin6_addr) == 1 else {
                throw IOError("inet_pton(\(host))", errno: EINVAL)
            }
            return withGeneric(&address, body)
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw IOError("inet_pton(\(host))", errno: EINVAL)
        }
        return withGeneric(&address, body)
    }

    /// A concrete `sockaddr_in`/`sockaddr_in6` as the generic `sockaddr`
    /// pointer and length the socket calls take.
    private static func withGeneric<Address, T>(_ address: inout Address,
                                                 _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                body($0, socklen_t(MemoryLayout<Address>.size))
            }
        }
    }
}
