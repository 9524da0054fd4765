import Glibc

/// Syslog priorities as journald reads them from a `<N>` line prefix (sd-daemon(3)).
enum LogPriority: Int32, Sendable {
    case critical = 2
    case error = 3
    case warning = 4
    case notice = 5
    case info = 6
    case debug = 7
}

struct LogLine: Sendable, Equatable {
    var priority: LogPriority
    var message: String
}

/// Where log lines go: stderr in the process, an array in tests.
protocol LogSink: AnyObject {
    func write(_ line: LogLine)
}

/// One line per event on stderr, `<6>gamenight-run: started session-service pid=123`.
///
/// Under systemd (`StandardError=journal`) journald strips the prefix and keeps it as the
/// entry's priority (sd-daemon(3) SD_INFO style prefixes); on a terminal the prefix stays readable. Written with
/// write(2) straight to fd 2: no stdio buffer to lose on exit, and no C `stderr` global,
/// which Swift 6 rejects as shared mutable state.
final class StandardErrorLogSink: LogSink {
    let program: String

    init(program: String) {
        self.program = program
    }

    func write(_ line: LogLine) {
        let oneLine = line.message.split(whereSeparator: \.isNewline).joined(separator: " ")
        FileOutput.write("<\(line.priority.rawValue)>\(program): \(oneLine)\n", to: 2)
    }
}

enum FileOutput {
    /// Writes all of `text`, retrying partial writes and EINTR; gives up silently on other
    /// errors (a closed stdout must not take the supervisor down — SIGPIPE is ignored).
    static func write(_ text: String, to descriptor: Int32) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}

/// A failed system call: what we tried and the errno it gave.
struct SystemError: Error, Equatable, CustomStringConvertible {
    var operation: String
    var code: Int32

    init(_ operation: String, code: Int32 = errno) {
        self.operation = operation
        self.code = code
    }

    var description: String { "\(operation): \(String(cString: strerror(code)))" }
}
