import Glibc

/// Severity, numbered as syslog(3) priorities so the number is exactly the
/// journald prefix (sd-daemon(3): a line starting `<N>` is logged at
/// priority N).
public enum LogLevel: Int32, Sendable, Comparable {
    case critical = 2, error = 3, warning = 4, notice = 5, info = 6, debug = 7

    public init?(name: String) {
        switch name.lowercased() {
        case "critical": self = .critical
        case "error": self = .error
        case "warning", "warn": self = .warning
        case "notice": self = .notice
        case "info": self = .info
        case "debug", "trace": self = .debug
        default: return nil
        }
    }

    // A lower number is more severe; "a < b" reads as "a is less important".
    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue > rhs.rawValue }
}

/// One line per event on stderr: `<6>label: message key=value ...`.
///
/// A value type passed to whatever logs (no global logger); `with(_:_:)`
/// derives a logger that carries extra metadata such as the request id, so
/// every line of one request can be found with one grep.
public struct Logger: Sendable {
    public let label: String
    public let minimumLevel: LogLevel
    private var metadata: [(String, String)]

    public init(label: String, minimumLevel: LogLevel = .info) {
        self.label = label
        self.minimumLevel = minimumLevel
        metadata = []
    }

    public func with(_ key: String, _ value: String) -> Logger {
        var copy = self
        copy.metadata.append((key, value))
        return copy
    }

    public func debug(_ message: @autoclosure () -> String, _ fields: (String, String)...) {
        emit(.debug, message, fields)
    }
    public func info(_ message: @autoclosure () -> String, _ fields: (String, String)...) {
        emit(.info, message, fields)
    }
    public func notice(_ message: @autoclosure () -> String, _ fields: (String, String)...) {
        emit(.notice, message, fields)
    }
    public func warning(_ message: @autoclosure () -> String, _ fields: (String, String)...) {
        emit(.warning, message, fields)
    }
    public func error(_ message: @autoclosure () -> String, _ fields: (String, String)...) {
        emit(.error, message, fields)
    }

    private func emit(_ level: LogLevel, _ message: () -> String, _ fields: [(String, String)]) {
        guard level >= minimumLevel else { return }
        var line = "<\(level.rawValue)>\(label): \(message())"
        for (key, value) in metadata + fields {
            line += " \(key)=\(Self.quoteIfNeeded(value))"
        }
        line += "\n"
        // One write(2) per line: lines from several threads never interleave
        // mid-line (pipes guarantee atomicity up to PIPE_BUF bytes).
        var bytes = Array(line.utf8)
        if bytes.count > 4096 {
            bytes = Array(bytes[..<4095]) + [UInt8(ascii: "\n")]
        }
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    static func quoteIfNeeded(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.utf8.contains { $0 <= 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "=") }
        guard needsQuotes else { return value }
        var quoted = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }
}
