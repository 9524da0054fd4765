import Glibc

/// Builds a `sockaddr_un` the way sd_notify(3) addresses are interpreted: a value starting
/// with `@` names the Linux abstract namespace (leading NUL, exact length, no file);
/// anything else is a file-system path, NUL-terminated inside `sun_path` (unix(7)).
struct UnixSocketAddress {
    /// `sun_path` is 108 bytes and a path needs its terminating NUL.
    static let maximumPathLength = 107

    private(set) var storage = sockaddr_un()
    private(set) var length: socklen_t = 0

    init?(_ address: String) {
        var bytes = Array(address.utf8)
        let isAbstract = bytes.first == UInt8(ascii: "@")
        if isAbstract { bytes[0] = 0 }
        guard !bytes.isEmpty, bytes.count <= Self.maximumPathLength else { return nil }
        storage.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &storage.sun_path) { path in
            path.copyBytes(from: bytes)
        }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)!
        // Abstract addresses are matched byte for byte over exactly this length.
        length = socklen_t(pathOffset + bytes.count + (isAbstract ? 0 : 1))
    }

    func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        withUnsafeBytes(of: storage) { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), length)
        }
    }
}
