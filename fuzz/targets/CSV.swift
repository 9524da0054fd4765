import CSV

/// Fuzzes the CSV push parser behind `POST /api/games/import/csv`
/// (RFC 4180 plus what spreadsheets write: BOM, bare CR or LF) and its
/// pairing with `CSVWriter`, which writes the exports.
///
/// Properties checked on every input:
/// - the same error (and on success the same records) whether the text arrives whole,
///   byte by byte, or in input-derived chunks;
/// - records are non-empty, within the limits, and their lines ascend;
/// - round trip: the records written back with `CSVWriter` parse to the
///   same fields, under the same limits.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = fuzzBytes(data, size)
    var random = FuzzRandom(seed: input)
    let limits = CSVParser.Limits(maxFieldBytes: random.pick([4, 64, 64 * 1024]),
                                  maxFieldsPerRecord: random.pick([1, 3, 256]))

    let reference = parse(input, .whole, limits)
    for feeding in [Feeding.byteByByte, .randomChunks] {
        let other = parse(input, feeding, limits)
        // A refused text imports nothing, and `append` throws away the
        // records of its own chunk, so records are compared only on success.
        if reference.error == nil {
            fuzzCheck(other.records == reference.records, "records differ: whole vs \(feeding)")
        }
        fuzzCheck(other.error == reference.error,
                  "error differs: whole \(String(describing: reference.error)) vs \(feeding) \(String(describing: other.error))")
    }
    // The one-call entry point is the whole feeding.
    let oneCall = Result { () throws(CSVParseError) -> [CSVRecord] in try CSVParser.parse(input, limits: limits) }
    switch oneCall {
    case .success(let records):
        fuzzCheck(reference.error == nil && records == reference.records, "CSVParser.parse ≠ append + finish")
    case .failure(let error):
        fuzzCheck(reference.error == error, "CSVParser.parse threw \(error)")
    }

    var previousLine = 0
    for record in reference.records {
        fuzzCheck(!record.fields.isEmpty && record.fields.count <= limits.maxFieldsPerRecord, "record field count")
        fuzzCheck(record.fields.allSatisfy { $0.utf8.count <= limits.maxFieldBytes }, "field over the limit")
        fuzzCheck(record.line > previousLine, "record lines do not ascend")
        previousLine = record.line
    }
    guard reference.error == nil else { return 0 }

    let written = reference.records.map { CSVWriter.record($0.fields) }.joined()
    let reread = Result { () throws(CSVParseError) -> [CSVRecord] in try CSVParser.parse(Array(written.utf8), limits: limits) }
    switch reread {
    case .success(let records):
        fuzzCheck(records.map(\.fields) == reference.records.map(\.fields),
                  "written CSV reads back differently: \(written.debugDescription)")
    case .failure(let error):
        fuzzCheck(false, "written CSV does not parse (\(error)): \(written.debugDescription)")
    }
    return 0
}

private func parse(_ input: [UInt8], _ feeding: Feeding, _ limits: CSVParser.Limits)
    -> (records: [CSVRecord], error: CSVParseError?) {
    var parser = CSVParser(limits: limits)
    var records: [CSVRecord] = []
    do throws(CSVParseError) {
        for chunk in feeding.chunks(input, seed: input) { records += try parser.append(chunk) }
        records += try parser.finish()
        return (records, nil)
    } catch {
        return (records, error)
    }
}
