import Glibc
import Testing
import IO

struct ListenerTests {
    private func fileType(_ path: String) -> mode_t? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    private func permissions(_ path: String) -> mode_t? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o777
    }

    @Test func listenUnix_CreatesASocketFileWithMode0600() throws {
        try TemporaryDirectory.with { directory in
            let path = directory.file("rpc.sock")
            let fd = try Socket.listenUnix(path: path)
            defer { close(fd) }
            #expect(fileType(path) == S_IFSOCK)
            #expect(permissions(path) == 0o600)
        }
    }

    /// systemd's /run/gamenight is 2770 root:gamenight: services running as
    /// different users reach each other's sockets through the group.
    @Test func listenUnix_InAFolderOpenToItsGroup_CreatesA0660Socket() throws {
        try TemporaryDirectory.with { directory in
            let folder = directory.file("shared")
            #expect(mkdir(folder, 0o700) == 0)
            #expect(chmod(folder, 0o2770) == 0)
            let path = folder + "/rpc.sock"
            let fd = try Socket.listenUnix(path: path)
            defer { close(fd) }
            #expect(permissions(path) == 0o660)
            #expect(Socket.socketMode(forFolderOf: path) == 0o660)
        }
    }

    @Test func listenUnix_ReplacesAStaleSocketFile() throws {
        try TemporaryDirectory.with { directory in
            let path = directory.file("rpc.sock")
            // A crashed predecessor: the socket file stays, nobody listens.
            close(try Socket.listenUnix(path: path))
            #expect(fileType(path) == S_IFSOCK)
            #expect(throws: IOError.self) { _ = try Socket.connectUnix(path: path) }

            let fd = try Socket.listenUnix(path: path)
            defer { close(fd) }
            let client = try Socket.connectUnix(path: path)
            defer { close(client.fd) }
            #expect(client.fd >= 0)
        }
    }

    @Test func listenUnix_RefusesAPathThatIsNotASocket_AndLeavesItAlone() throws {
        try TemporaryDirectory.with { directory in
            let path = directory.file("precious.txt")
            let file = open(path, O_WRONLY | O_CREAT, 0o644)
            #expect(write(file, "data", 4) == 4)
            close(file)

            let error = #expect(throws: IOError.self) { _ = try Socket.listenUnix(path: path) }
            #expect(error?.errnoCode == EEXIST)
            #expect(fileType(path) == S_IFREG)
            var info = stat()
            #expect(lstat(path, &info) == 0 && info.st_size == 4)
        }
    }

    @Test func listenUnix_RefusesAPathLongerThanSunPath() {
        let path = "/tmp/" + String(repeating: "x", count: 120)
        let error = #expect(throws: IOError.self) { _ = try Socket.listenUnix(path: path) }
        #expect(error?.errnoCode == ENAMETOOLONG)
    }

    @Test func listener_HandsEachAcceptedDescriptorToOnAccept_AndCloseUnlinksThePath() throws {
        try TemporaryDirectory.with { directory in
            try RunningLoop.with { running in
                let path = directory.file("l.sock")
                let loop = running.loop
                let accepted = Locked<[Int32]>([])
                let listener = try running.sync {
                    let listener = Listener(loop: loop, fd: try Socket.listenUnix(path: path), unixPath: path) { fd in
                        accepted.append(fd)
                    }
                    try listener.start()
                    return listener
                }
                let clients = try (0..<3).map { _ in try PeerSocket.connect(path: path) }
                #expect(eventually { accepted.value.count == 3 })
                for fd in accepted.value {
                    // Accepted descriptors are non-blocking and close-on-exec.
                    #expect(fcntl(fd, F_GETFL) & O_NONBLOCK != 0)
                    #expect(fcntl(fd, F_GETFD) & FD_CLOEXEC != 0)
                    close(fd)
                }
                try running.sync { listener.close() }
                #expect(fileType(path) == nil)
                withExtendedLifetime(clients) {}
            }
        }
    }
}
