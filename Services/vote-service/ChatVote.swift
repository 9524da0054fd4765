import Crypto

/// How a chat message counts (platform-api.md, "Decisions the seed leaves
/// open"): a message containing `thisgame++` is an up vote, `thisgame--` a
/// down vote, compared case-insensitively; anything else counts nothing.
enum ChatVote: String, Sendable, Equatable {
    case up
    case down

    /// +1 / -1, the `live_votes.vote_type` column.
    var sign: Int64 { self == .up ? 1 : -1 }

    /// The marker the message carried, as the export's `vote` field shows it.
    var marker: String { self == .up ? "thisgame++" : "thisgame--" }

    init?(sign: Int64) {
        switch sign {
        case 1: self = .up
        case -1: self = .down
        default: return nil
        }
    }

    /// The vote a chat message casts. When a message holds both markers the
    /// first one wins (a viewer typing "thisgame++ not thisgame--" meant up).
    static func parse(message: String) -> ChatVote? {
        let bytes = Array(message.utf8)
        let marker = Array("thisgame".utf8)
        guard bytes.count >= marker.count + 2 else { return nil }
        var index = 0
        while index + marker.count + 2 <= bytes.count {
            var matches = true
            for offset in 0..<marker.count where lowercased(bytes[index + offset]) != marker[offset] {
                matches = false
                break
            }
            if matches {
                let first = bytes[index + marker.count], second = bytes[index + marker.count + 1]
                if first == UInt8(ascii: "+") && second == UInt8(ascii: "+") { return .up }
                if first == UInt8(ascii: "-") && second == UInt8(ascii: "-") { return .down }
            }
            index += 1
        }
        return nil
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 65 && byte <= 90 ? byte + 32 : byte
    }

    /// The dedup key of a chat message: SHA-256 of
    /// `username:message:timestamp`, the timestamp exactly as sent. Stored as
    /// its 32 bytes (half the index of the hex text).
    static func dedupDigest(username: String, message: String, timestamp: String) -> [UInt8] {
        var digest = SHA256()
        digest.update(username.utf8)
        digest.update(CollectionOfOne(UInt8(ascii: ":")))
        digest.update(message.utf8)
        digest.update(CollectionOfOne(UInt8(ascii: ":")))
        digest.update(timestamp.utf8)
        return digest.finalize()
    }

    /// The dedup key as lowercase hex, as the API documents it.
    static func dedupHash(username: String, message: String, timestamp: String) -> String {
        Hex.encode(dedupDigest(username: username, message: message, timestamp: timestamp))
    }
}
