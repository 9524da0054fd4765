@testable import HTTP
import Testing

struct HTTPDateTests {
    @Test(arguments: [
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
        (951_868_799, "Tue, 29 Feb 2000 23:59:59 GMT"),
        (1_709_164_800, "Thu, 29 Feb 2024 00:00:00 GMT"),
        (4_107_542_399, "Sun, 28 Feb 2100 23:59:59 GMT"),
        (4_107_542_400, "Mon, 01 Mar 2100 00:00:00 GMT"),
        (1_000_000_000, "Sun, 09 Sep 2001 01:46:40 GMT"),
        (2_147_483_647, "Tue, 19 Jan 2038 03:14:07 GMT"),
        (253_402_300_799, "Fri, 31 Dec 9999 23:59:59 GMT"),
        (-1, "Wed, 31 Dec 1969 23:59:59 GMT"),
    ])
    func knownInstants_formatAsIMFFixdate(seconds: Int, expected: String) {
        #expect(HTTPDate.string(fromUnixSeconds: seconds) == expected)
    }

    @Test func leapYears_followTheGregorianRules() {
        // 2000 (divisible by 400) and 2024 have 29 February; 1900 and 2100 do not.
        #expect(HTTPDate.civil(fromDays: 11_016) == (2000, 2, 29))
        #expect(HTTPDate.civil(fromDays: 11_017) == (2000, 3, 1))
        #expect(HTTPDate.civil(fromDays: -25_508) == (1900, 3, 1))
        #expect(HTTPDate.civil(fromDays: -25_509) == (1900, 2, 28))
        #expect(HTTPDate.civil(fromDays: 47_540) == (2100, 2, 28))
        #expect(HTTPDate.civil(fromDays: 47_541) == (2100, 3, 1))
    }

    @Test func everyDayOfFourHundredYears_advancesTheCalendarByOne() {
        var previous = HTTPDate.civil(fromDays: -1)
        let daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        for day in 0..<146_097 {
            let current = HTTPDate.civil(fromDays: day)
            let leap = previous.year % 4 == 0 && (previous.year % 100 != 0 || previous.year % 400 == 0)
            let monthLength = previous.month == 2 && leap ? 29 : daysInMonth[previous.month - 1]
            if previous.day < monthLength {
                #expect(current == (previous.year, previous.month, previous.day + 1))
            } else if previous.month < 12 {
                #expect(current == (previous.year, previous.month + 1, 1))
            } else {
                #expect(current == (previous.year + 1, 1, 1))
            }
            previous = current
        }
    }

    @Test func appendWrites29Bytes() {
        var buffer: [UInt8] = [1]
        HTTPDate.append(unixSeconds: 784_111_777, to: &buffer)
        #expect(buffer.count == 30)
    }
}
