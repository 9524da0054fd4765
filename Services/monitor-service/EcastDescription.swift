import JSON

/// One line of a game's `textDescriptions` entity
/// (`{"latestDescriptions":[{"category","text"}]}`), and the rule that
/// turns it into a join.
///
/// Games word these lines freely, so the rule is deliberately loose:
/// - the text, trimmed, must end with `joined`, optionally followed by
///   ` the game`/` the room` and by `.`/`!` (case-insensitive);
/// - the name is what precedes ` joined` (or ` has joined`), trimmed;
/// - the category is not required (games differ), but a category that
///   clearly says something else (`leave`, `left`, `quit`, `kick`) vetoes it.
/// Anything else ("Alice left.", "Round 2", "joined.") is not a join.
struct EcastDescription: Sendable, Equatable {
    var category: String?
    var text: String

    init(category: String?, text: String) {
        self.category = category
        self.text = text
    }

    /// The `latestDescriptions` of a `textDescriptions` `val`; entries without
    /// a string `text` are skipped.
    static func descriptions(inVal val: JSONValue?) -> [EcastDescription] {
        guard let entries = val?["latestDescriptions"]?.arrayValue else { return [] }
        return entries.compactMap { entry in
            guard let text = entry["text"]?.stringValue else { return nil }
            return EcastDescription(category: entry["category"]?.stringValue, text: text)
        }
    }

    /// The name of the player this line announces, or nil (see the rule above).
    var joinedPlayerName: String? {
        if let category = category?.lowercased(),
           ["leave", "left", "quit", "kick", "exit"].contains(where: { category.contains($0) }) {
            return nil
        }
        var lowered = text.trimmingSpaces.asciiLowercased
        var original = text.trimmingSpaces
        while let last = lowered.last, last == "." || last == "!" {
            lowered.removeLast()
            original.removeLast()
        }
        for suffix in [" the game", " the room"] where lowered.hasSuffix(suffix) {
            lowered.removeLast(suffix.count)
            original.removeLast(suffix.count)
        }
        for marker in [" has joined", " joined"] where lowered.hasSuffix(marker) {
            original.removeLast(marker.count)
            let name = original.trimmingSpaces
            return name.isEmpty ? nil : name
        }
        return nil
    }
}

extension String {
    /// Lowercases A–Z only. Unlike `lowercased()` it never changes the number
    /// of characters, so a suffix matched on the result can be cut from the
    /// original at the same offset.
    var asciiLowercased: String {
        String(String.UnicodeScalarView(unicodeScalars.map { scalar in
            (65...90).contains(scalar.value) ? Unicode.Scalar(UInt8(scalar.value + 32)) : scalar
        }))
    }
}
