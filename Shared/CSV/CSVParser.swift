/// RFC 4180 CSV as a push parser: bytes go in however they are split,
/// complete records come out. Pure: no I/O, no Foundation.
///
/// Accepted beyond the RFC's letter, because spreadsheets write them: a
/// UTF-8 byte order mark at the very start (skipped), bare LF or CR line
/// ends as well as CRLF (§2.1), and blank lines (skipped; `""` on a line of
/// its own is a record with one empty field). Refused, with the line: an
/// unterminated quote, text after a closing quote (§2.7), a quote inside an
/// unquoted field (§2.5), invalid UTF-8, and fields or records over the
/// limits (so a hostile file cannot make one field or record unbounded).
public struct CSVParser: Sendable {
    public struct Limits: Sendable, Equatable {
        public var maxFieldBytes: Int
        public var maxFieldsPerRecord: Int

        public init(maxFieldBytes: Int = 64 * 1024, maxFieldsPerRecord: Int = 256) {
            self.maxFieldBytes = maxFieldBytes
            self.maxFieldsPerRecord = maxFieldsPerRecord
        }
    }

    private enum State: Sendable {
        /// Nothing of the current field read yet.
        case fieldStart
        case unquoted
        case quoted
        /// A quote inside a quoted field: the next byte says whether it was
        /// a doubled quote or the closing one.
        case quoteInQuoted
        /// A CR ended a record; an LF right after it belongs to it.
        case afterCR
    }

    public let limits: Limits
    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var fields: [String] = []
    /// The current record has content (a blank line has none).
    private var recordStarted = false
    private var line = 1
    /// The previous byte was a CR (a CRLF inside quotes is one line break).
    private var previousWasCR = false
    private var recordLine = 1
    /// Bytes of a possible BOM seen at the start of the input.
    private var bomProgress = 0
    private var atStart = true
    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Parses `bytes`; returns the records they completed.
    public mutating func append(_ bytes: some Sequence<UInt8>) throws(CSVParseError) -> [CSVRecord] {
        var records: [CSVRecord] = []
        for byte in bytes {
            if atStart {
                if byte == Self.bom[bomProgress] {
                    bomProgress += 1
                    if bomProgress == Self.bom.count { atStart = false }
                    continue
                }
                atStart = false
                // Not a BOM after all: what was held back is field content.
                for held in Self.bom.prefix(bomProgress) { try consume(held, into: &records) }
            }
            try consume(byte, into: &records)
        }
        return records
    }

    /// The end of the input: the last record (without a final line break)
    /// or the error of an unterminated quote.
    public mutating func finish() throws(CSVParseError) -> [CSVRecord] {
        var records: [CSVRecord] = []
        if atStart, bomProgress > 0 {
            atStart = false
            for held in Self.bom.prefix(bomProgress) { try consume(held, into: &records) }
        }
        switch state {
        case .quoted:
            throw CSVParseError(.unterminatedQuote, line: line)
        case .afterCR:
            break
        case .fieldStart, .unquoted, .quoteInQuoted:
            if recordStarted { try endRecord(into: &records) }
        }
        state = .fieldStart
        return records
    }

    /// The whole input at once.
    public static func parse(_ bytes: some Sequence<UInt8>, limits: Limits = Limits()) throws(CSVParseError)
        -> [CSVRecord] {
        var parser = CSVParser(limits: limits)
        return try parser.append(bytes) + parser.finish()
    }

    private mutating func consume(_ byte: UInt8, into records: inout [CSVRecord]) throws(CSVParseError) {
        defer { previousWasCR = byte == UInt8(ascii: "\r") }
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        switch state {
        case .afterCR:
            state = .fieldStart
            if byte == lf { return }
            try consume(byte, into: &records)
        case .fieldStart:
            if !recordStarted, byte != cr, byte != lf {
                recordStarted = true
                recordLine = line
            }
            switch byte {
            case quote: state = .quoted
            case comma: try endField()
            case cr, lf: try endLine(byte, into: &records)
            default:
                state = .unquoted
                try append(byte)
            }
        case .unquoted:
            switch byte {
            case comma: try endField()
            case cr, lf: try endLine(byte, into: &records)
            case quote: throw CSVParseError(.quoteInUnquotedField, line: line)
            default: try append(byte)
            }
        case .quoted:
            if byte == quote {
                state = .quoteInQuoted
            } else {
                if byte == cr || (byte == lf && !previousWasCR) { line += 1 }
                try append(byte)
            }
        case .quoteInQuoted:
            switch byte {
            case quote:
                state = .quoted
                try append(quote)
            case comma: try endField()
            case cr, lf: try endLine(byte, into: &records)
            default: throw CSVParseError(.characterAfterQuote, line: line)
            }
        }
    }

    private mutating func append(_ byte: UInt8) throws(CSVParseError) {
        guard field.count < limits.maxFieldBytes else {
            throw CSVParseError(.fieldTooLong(limit: limits.maxFieldBytes), line: line)
        }
        field.append(byte)
    }

    private mutating func endField() throws(CSVParseError) {
        guard fields.count < limits.maxFieldsPerRecord else {
            throw CSVParseError(.tooManyFields(limit: limits.maxFieldsPerRecord), line: recordLine)
        }
        guard let text = String(validating: field, as: UTF8.self) else {
            throw CSVParseError(.invalidUTF8, line: line)
        }
        fields.append(text)
        field.removeAll(keepingCapacity: true)
        state = .fieldStart
    }

    private mutating func endLine(_ byte: UInt8, into records: inout [CSVRecord]) throws(CSVParseError) {
        if recordStarted { try endRecord(into: &records) }
        line += 1
        state = byte == UInt8(ascii: "\r") ? .afterCR : .fieldStart
    }

    private mutating func endRecord(into records: inout [CSVRecord]) throws(CSVParseError) {
        try endField()
        records.append(CSVRecord(line: recordLine, fields: fields))
        fields.removeAll(keepingCapacity: true)
        recordStarted = false
    }
}
