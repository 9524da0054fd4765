/// IMF-fixdate, the preferred HTTP date format (RFC 9110 §5.6.7):
///
/// ```
/// IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT
///             ; Sun, 06 Nov 1994 08:49:37 GMT
/// ```
///
/// Computed with integer arithmetic only (proleptic Gregorian calendar,
/// days-from-civil inverse after H. Hinnant), no Foundation. Formatting costs
/// well under a microsecond; servers still cache the string per second.
public enum HTTPDate {
    private static let dayNames: StaticString = "SunMonTueWedThuFriSat"
    private static let monthNames: StaticString = "JanFebMarAprMayJunJulAugSepOctNovDec"

    /// The IMF-fixdate for `unixSeconds` (seconds since 1970-01-01T00:00:00Z;
    /// negative values are before the epoch). Years must stay within
    /// 0...9999 for the four-digit year the grammar requires.
    public static func string(fromUnixSeconds unixSeconds: Int) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(29)
        append(unixSeconds: unixSeconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the 29-byte IMF-fixdate for `unixSeconds` to `buffer`.
    public static func append(unixSeconds: Int, to buffer: inout [UInt8]) {
        let days = floorDivide(unixSeconds, 86_400)
        let secondOfDay = unixSeconds - days * 86_400
        let weekday = (days % 7 + 7 + 4) % 7  // 1970-01-01 was a Thursday (4).
        let (year, month, day) = civil(fromDays: days)

        appendName(dayNames, index: weekday, to: &buffer)
        buffer.append(ASCII.comma)
        buffer.append(ASCII.space)
        appendTwoDigits(day, to: &buffer)
        buffer.append(ASCII.space)
        appendName(monthNames, index: month - 1, to: &buffer)
        buffer.append(ASCII.space)
        appendTwoDigits(year / 100, to: &buffer)
        appendTwoDigits(year % 100, to: &buffer)
        buffer.append(ASCII.space)
        appendTwoDigits(secondOfDay / 3600, to: &buffer)
        buffer.append(ASCII.colon)
        appendTwoDigits(secondOfDay / 60 % 60, to: &buffer)
        buffer.append(ASCII.colon)
        appendTwoDigits(secondOfDay % 60, to: &buffer)
        buffer.append(contentsOf: [ASCII.space, 0x47, 0x4D, 0x54])  // " GMT"
    }

    /// Year, month (1...12) and day (1...31) of the day `days` after
    /// 1970-01-01: eras of 400 years (146097 days) starting on 1 March, so
    /// the leap day is the last day of its year.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468  // days from 0000-03-01
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let marchMonth = (5 * dayOfYear + 2) / 153  // 0 = March
        let day = dayOfYear - (153 * marchMonth + 2) / 5 + 1
        let month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        value >= 0 ? value / divisor : (value - divisor + 1) / divisor
    }

    private static func appendTwoDigits(_ value: Int, to buffer: inout [UInt8]) {
        buffer.append(UInt8(truncatingIfNeeded: value / 10) &+ 0x30)
        buffer.append(UInt8(truncatingIfNeeded: value % 10) &+ 0x30)
    }

    private static func appendName(_ names: StaticString, index: Int, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: names.utf8Start + index * 3, count: 3))
    }
}
