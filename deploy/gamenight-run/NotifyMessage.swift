/// One readiness-protocol datagram, as sent with sd_notify(3): a newline-separated list of
/// `KEY=VALUE` assignments such as `READY=1`, `STATUS=…`, `STOPPING=1`, `WATCHDOG=1`.
///
/// Parsing follows what systemd's manager accepts: the value is everything after the first
/// `=` (so values may contain `=`), lines without `=` or with an empty key are skipped, a
/// trailing newline is optional, and a datagram with an embedded NUL byte is rejected
/// whole (systemd logs "embedded NUL bytes" and ignores it). Pure: bytes in, value out.
struct NotifyMessage: Sendable, Equatable {
    struct Assignment: Sendable, Equatable {
        var key: String
        var value: String
    }

    /// In datagram order; a key may repeat (the last one wins in `value(for:)`).
    var assignments: [Assignment]

    init(assignments: [Assignment]) {
        self.assignments = assignments
    }

    /// Returns `nil` for a datagram systemd would reject (embedded NUL).
    init?(parsing bytes: some Collection<UInt8>) {
        if bytes.contains(0) { return nil }
        var assignments: [Assignment] = []
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            guard let equals = line.firstIndex(of: UInt8(ascii: "=")), equals != line.startIndex else {
                continue
            }
            let key = String(decoding: line[line.startIndex..<equals], as: UTF8.self)
            let value = String(decoding: line[line.index(after: equals)...], as: UTF8.self)
            assignments.append(Assignment(key: key, value: value))
        }
        self.assignments = assignments
    }

    func value(for key: String) -> String? {
        assignments.last(where: { $0.key == key })?.value
    }

    /// `READY=1`: start-up finished (sd_notify(3); only the exact value `1` counts).
    var isReady: Bool { value(for: "READY") == "1" }

    /// `STOPPING=1`: the service began shutting down.
    var isStopping: Bool { value(for: "STOPPING") == "1" }

    /// `WATCHDOG=1`: keep-alive ping.
    var isWatchdogPing: Bool { value(for: "WATCHDOG") == "1" }

    /// `STATUS=…`: free text for humans.
    var status: String? { value(for: "STATUS") }

    /// `ERRNO=…`: the service reports a failure as an errno number.
    var errorNumber: Int32? { value(for: "ERRNO").flatMap { Int32($0) } }
}
