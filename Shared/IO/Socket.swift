import CSystemLinux
import Glibc

/// Socket system calls used by listeners and connections. Every descriptor
/// is created non-blocking and close-on-exec (the supervisor spawns
/// children; they must not inherit our sockets).
public enum Socket {
    /// A listening TCP socket on `port`, IPv6 dual-stack when available,
    /// else IPv4. `reusePort` lets several loops each own a listener on the
    /// same port; the kernel spreads connections across them (socket(7)
    /// SO_REUSEPORT).
    public static func listenTCP(host: String = "0.0.0.0", port: UInt16, backlog: Int32 = 1024,
                                 reusePort: Bool) throws -> Int32 {
        let isIPv6 = host.contains(":")
        let family = isIPv6 ? AF_INET6 : AF_INET
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw IOError(isIPv6 ? "socket(AF_INET6)" : "socket(AF_INET)") }
        do {
            try setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
            if reusePort { try setOption(fd, SOL_SOCKET, SO_REUSEPORT, 1) }
            let bound = try SocketAddress.withIP(host: host, port: port) { address, length in
                bind(fd, address, length)
            }
            guard bound == 0 else { throw IOError("bind(\(host):\(port))") }
            guard listen(fd, backlog) == 0 else { throw IOError("listen") }
            return fd
        } catch {
            close(fd)
            throw error
        }
    }

    /// A listening Unix stream socket at `path`, mode 0600, or 0660 when its
    /// folder is open to its group (systemd: `/run/gamenight`, 2770
    /// root:gamenight, where services running as different users reach each
    /// other through the shared group). A stale socket file left by a crashed
    /// predecessor is removed first; a path that exists but is not a socket
    /// is refused rather than deleted.
    public static func listenUnix(path: String, backlog: Int32 = 512) throws -> Int32 {
        var info = stat()
        if lstat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFSOCK else {
                throw IOError("\(path) exists and is not a socket", errno: EEXIST)
            }
            unlink(path)
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw IOError("socket(AF_UNIX)") }
        do {
            var (address, length) = try SocketAddress.unix(path)
            // The socket file takes the socket's own mode at bind(2) (unix(7)):
            // set 0600 first, so there is no window where another user could
            // connect. (Not umask: it is process-wide and racy across threads.)
            let mode = socketMode(forFolderOf: path)
            guard fchmod(fd, 0o600) == 0 else { throw IOError("fchmod(\(path))") }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
            }
            guard bound == 0 else { throw IOError("bind(\(path))") }
            // bind(2) also applies the umask (0077 in our services); widen to
            // the group afterwards, from the safe side.
            if mode != 0o600 { guard chmod(path, mode) == 0 else { throw IOError("chmod(\(path))") } }
            guard listen(fd, backlog) == 0 else { throw IOError("listen(\(path))") }
            return fd
        } catch {
            close(fd)
            throw error
        }
    }

    /// 0660 when the socket's folder grants its group access (mode & 0070),
    /// else 0600.
    public static func socketMode(forFolderOf path: String) -> mode_t {
        let folder = path.lastIndex(of: "/").map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        var info = stat()
        guard stat(folder, &info) == 0, info.st_mode & 0o070 != 0 else { return 0o600 }
        return 0o660
    }

    /// Starts a non-blocking connect to a Unix stream socket. Returns the
    /// descriptor and whether the connection is already established (on
    /// AF_UNIX it usually is; EAGAIN means the listener's backlog is full and
    /// writability will tell).
    public static func connectUnix(path: String) throws -> (fd: Int32, connected: Bool) {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw IOError("socket(AF_UNIX)") }
        do {
            var (address, length) = try SocketAddress.unix(path)
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) }
            }
            if result == 0 { return (fd, true) }
            if errno == EAGAIN || errno == EINPROGRESS { return (fd, false) }
            throw IOError("connect(\(path))")
        } catch {
            close(fd)
            throw error
        }
    }

    /// Starts a non-blocking TCP connect to an IPv4 address (clients in
    /// benchmarks and tests). Returns whether it is already established;
    /// otherwise writability tells (connect(2), EINPROGRESS).
    public static func connectTCP(host: String = "127.0.0.1", port: UInt16) throws -> (fd: Int32, connected: Bool) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw IOError("socket(AF_INET)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(fd)
            throw IOError("inet_pton(\(host))", errno: EINVAL)
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if result == 0 { return (fd, true) }
        if errno == EINPROGRESS { return (fd, false) }
        let error = IOError("connect(\(host):\(port))")
        close(fd)
        throw error
    }

    /// Accepts one pending connection, non-blocking and close-on-exec.
    public static func accept(_ listener: Int32) throws -> IOResult<Int32> {
        let fd = retryingOnInterrupt {
            csl_accept4(listener, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
        }
        if fd >= 0 { return .processed(fd) }
        switch errno {
        case EAGAIN, EWOULDBLOCK: return .wouldBlock
        // accept(2): errors of the already-dead pending connection; try the next.
        case ECONNABORTED, EPROTO, ENETDOWN, ENOPROTOOPT, EHOSTDOWN, ENONET, EHOSTUNREACH, EOPNOTSUPP, ENETUNREACH:
            return .processed(-1)
        default: throw IOError("accept4")
        }
    }

    public static func setOption(_ fd: Int32, _ level: Int32, _ option: Int32, _ value: Int32) throws {
        var value = value
        guard setsockopt(fd, level, option, &value, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw IOError("setsockopt(\(option))")
        }
    }

    /// The port a TCP listener ended up on (for port 0 in tests).
    public static func localPort(_ fd: Int32) -> UInt16? {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return result == 0 ? UInt16(bigEndian: address.sin_port) : nil
    }
}
