/// Small, pure time helpers shared by the log lines and the event loop.
extension Duration {
    /// Whole milliseconds, rounded up, so a timer never fires before its deadline.
    var millisecondsRoundedUp: Int64 {
        let (seconds, attoseconds) = components
        let perMillisecond: Int64 = 1_000_000_000_000_000
        return seconds * 1000 + (attoseconds + perMillisecond - 1) / perMillisecond
    }

    /// `0.25s`, `1.5s`, `10s`: for log lines, millisecond precision.
    var secondsText: String {
        let (seconds, attoseconds) = components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        let whole = milliseconds / 1000
        let fraction = milliseconds % 1000
        if fraction == 0 { return "\(whole)s" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)s"
    }
}

/// The timeout argument for poll(2): milliseconds until `deadline` (rounded up), `0` if it
/// has passed, `-1` (wait forever) if there is none.
func pollTimeout(until deadline: ContinuousClock.Instant?, now: ContinuousClock.Instant) -> Int32 {
    guard let deadline else { return -1 }
    let remaining = now.duration(to: deadline)
    if remaining <= .zero { return 0 }
    return Int32(clamping: remaining.millisecondsRoundedUp)
}
