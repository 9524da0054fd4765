import Glibc

/// The supervisor's end of one child's `NOTIFY_SOCKET`: an `AF_UNIX` `SOCK_DGRAM` socket
/// bound at a path in the runtime folder (0700 folder, 0600 socket), as systemd binds
/// `/run/systemd/notify` for its units.
///
/// One socket per child, so a datagram's socket says which child sent it. `SO_PASSCRED`
/// additionally attaches the sender's pid, which lets the supervisor accept messages only
/// from the process it started — the `NotifyAccess=main` rule of systemd.service(5) — so
/// a leftover `READY=1` cannot vouch for a new, not-yet-ready process.
final class NotifyListener {
    /// systemd's own limit for one notification (`NOTIFY_BUFFER_MAX`, 4096 bytes).
    static let maximumMessageSize = 4096

    enum Received {
        case datagram(bytes: [UInt8], senderPID: pid_t?)
        /// Larger than `maximumMessageSize`; dropped like systemd does.
        case oversized(senderPID: pid_t?)
    }

    let path: String
    let descriptor: Int32

    /// Binds `path`, replacing a stale socket file left by a crashed run. Refuses to
    /// replace one that still has a live reader: that is another gamenight-run using the
    /// same runtime folder, and stealing its sockets would make both misbehave.
    init(path: String) throws(SystemError) {
        guard let address = UnixSocketAddress(path) else {
            throw SystemError("notify socket path too long: \(path)", code: ENAMETOOLONG)
        }
        if Self.hasLiveReader(address) {
            throw SystemError("another process is listening on \(path) (is gamenight-run already running?)",
                              code: EADDRINUSE)
        }
        unlink(path)
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
                                    | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard descriptor >= 0 else { throw SystemError("socket") }
        var enable: Int32 = 1
        let bound = address.withSockaddr { bind(descriptor, $0, $1) }
        guard setsockopt(descriptor, SOL_SOCKET, SO_PASSCRED, &enable, socklen_t(MemoryLayout<Int32>.size)) == 0,
              bound == 0, chmod(path, 0o600) == 0
        else {
            let error = SystemError("bind \(path)")
            Glibc.close(descriptor)
            throw error
        }
        self.path = path
        self.descriptor = descriptor
    }

    /// Next queued datagram, or `nil` when none is waiting (or on an unexpected error,
    /// which a datagram socket we own does not produce).
    func receive() -> Received? {
        var payload = [UInt8](repeating: 0, count: Self.maximumMessageSize)
        // Room for SCM_CREDENTIALS plus a few descriptors should a child pass any.
        var control = [UInt8](repeating: 0, count: 256)
        while true {
            var flags: Int32 = 0
            var controlLength = 0
            let count = payload.withUnsafeMutableBytes { payloadBytes in
                control.withUnsafeMutableBytes { controlBytes in
                    var vector = iovec(iov_base: payloadBytes.baseAddress, iov_len: payloadBytes.count)
                    return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                        var header = msghdr()
                        header.msg_iov = vectorPointer
                        header.msg_iovlen = 1
                        header.msg_control = controlBytes.baseAddress
                        header.msg_controllen = controlBytes.count
                        let count = recvmsg(descriptor, &header, Int32(MSG_DONTWAIT) | Int32(MSG_CMSG_CLOEXEC))
                        flags = header.msg_flags
                        controlLength = header.msg_controllen
                        return count
                    }
                }
            }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            let senderPID = control.withUnsafeBytes { Self.senderPID(control: $0.prefix(controlLength)) }
            if flags & Int32(MSG_TRUNC) != 0 {
                return .oversized(senderPID: senderPID)
            }
            return .datagram(bytes: Array(payload[..<count]), senderPID: senderPID)
        }
    }

    /// Throws away whatever is queued. Called before (re)starting the child, so nothing a
    /// previous process sent is read as news from the new one.
    func discardPending() {
        while receive() != nil {}
    }

    /// Closes the socket and removes its file.
    func close() {
        Glibc.close(descriptor)
        unlink(path)
    }

    // MARK: - Ancillary data

    // Linux ABI (unix(7), cmsg(3)): SCM_CREDENTIALS = 2 carries `struct ucred { pid_t pid;
    // uid_t uid; gid_t gid; }`; SCM_RIGHTS = 1 carries descriptors. Glibc hides `ucred`
    // and SCM_CREDENTIALS behind _GNU_SOURCE, and the CMSG_* macros are not importable,
    // so the walk is done by hand with CMSG_ALIGN = round up to sizeof(size_t).
    private static let credentialsType: Int32 = 2
    private static let rightsType: Int32 = 1

    private static func align(_ length: Int) -> Int {
        let unit = MemoryLayout<Int>.size
        return (length + unit - 1) & ~(unit - 1)
    }

    /// The sender's pid from SCM_CREDENTIALS; closes any descriptors a child passed with
    /// SCM_RIGHTS (fd-store messages, which we do not support) so they cannot leak.
    private static func senderPID(control: UnsafeRawBufferPointer.SubSequence) -> pid_t? {
        let buffer = UnsafeRawBufferPointer(rebasing: control)
        let headerSize = MemoryLayout<cmsghdr>.size
        let dataOffset = align(headerSize)
        var offset = 0
        var pid: pid_t?
        while offset + headerSize <= buffer.count {
            let header = buffer.loadUnaligned(fromByteOffset: offset, as: cmsghdr.self)
            let length = Int(header.cmsg_len)
            guard length >= headerSize, offset + length <= buffer.count else { break }
            if header.cmsg_level == SOL_SOCKET {
                if header.cmsg_type == credentialsType, length >= dataOffset + 12 {
                    pid = buffer.loadUnaligned(fromByteOffset: offset + dataOffset, as: pid_t.self)
                } else if header.cmsg_type == rightsType {
                    var position = offset + dataOffset
                    while position + 4 <= offset + length {
                        Glibc.close(buffer.loadUnaligned(fromByteOffset: position, as: Int32.self))
                        position += 4
                    }
                }
            }
            offset += align(length)
        }
        return pid
    }

    /// Whether a datagram socket at `address` has a reader: connect(2) succeeds on a
    /// bound socket and fails with ECONNREFUSED on a stale file.
    private static func hasLiveReader(_ address: UnixSocketAddress) -> Bool {
        let probe = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard probe >= 0 else { return false }
        defer { Glibc.close(probe) }
        return address.withSockaddr { connect(probe, $0, $1) } == 0
    }
}
