/// Writes RFC 4180 CSV: CRLF line ends (§2.1), and a field quoted — with
/// its quotes doubled — exactly when it holds a comma, a quote, a line
/// break, or space at either end (which some readers would trim), or starts
/// with U+FEFF (unquoted at the start of a file it would read as a byte
/// order mark and be dropped). What `CSVParser` reads back is what was
/// written.
public enum CSVWriter {
    public static func record(_ fields: [String]) -> String {
        // A lone empty field is written `""`: an empty line would read as
        // a blank line, that is no record at all.
        if fields == [""] { return "\"\"\r\n" }
        return fields.map(field).joined(separator: ",") + "\r\n"
    }

    public static func field(_ value: String) -> String {
        let needsQuotes = value.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            || value.first == " " || value.last == " " || value.unicodeScalars.first == "\u{FEFF}"
        guard needsQuotes else { return value }
        var quoted = "\""
        for character in value {
            if character == "\"" { quoted += "\"\"" } else { quoted.append(character) }
        }
        return quoted + "\""
    }
}
