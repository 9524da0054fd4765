import Glibc
import Testing
import IO

/// `Socket.listenUnix` changes the process-wide umask around bind(2), so
/// concurrent calls from several loop threads can interleave. Run in a child
/// process: the umask is process state and every other test shares it.
struct ListenerConcurrencyTests {
    @Test func listenUnix_FromSeveralThreadsAtOnce_Creates0600Sockets_AndRestoresTheUmask() async {
        // The child reports what went wrong on stderr and exits normally.
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            let problems = try Self.listenConcurrently(threads: 4, rounds: 1_000)
            let text = Array(problems.map { $0 + "\n" }.joined().utf8)
            _ = write(2, text, text.count)
        }
        let problems = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(problems.isEmpty, "\(problems)")
    }

    /// Problems seen: sockets with a mode other than 0600, failed calls, and
    /// a umask that is not the one the process started with.
    private static func listenConcurrently(threads: Int, rounds: Int) throws -> [String] {
        try TemporaryDirectory.with { directory in
            umask(0o022)
            let problems = Locked<[String]>([])
            let workers = (0..<threads).map { thread in
                BackgroundThread {
                    for round in 0..<rounds {
                        let path = directory.file("t\(thread)-\(round)")
                        do {
                            let fd = try Socket.listenUnix(path: path, backlog: 1)
                            var info = stat()
                            if lstat(path, &info) == 0, info.st_mode & 0o777 != 0o600 {
                                problems.append("socket created with mode \(String(info.st_mode & 0o777, radix: 8))")
                            }
                            close(fd)
                            unlink(path)
                        } catch {
                            problems.append("\(error)")
                        }
                    }
                }
            }
            if !workers.allSatisfy({ $0.join(timeoutMilliseconds: 20_000) }) {
                problems.append("workers did not finish")
            }
            let after = umask(0o022)
            if after != 0o022 { problems.append("umask left at 0\(String(after, radix: 8)) instead of 022") }
            return Array(Set(problems.value)).sorted()
        }
    }
}
