import Contracts
import JSON

/// Fuzzes the chat-log import of vote-service (`POST
/// /api/sessions/{id}/chat-import`): the body as the gateway forwards it is
/// parsed, `ChatImportPlan.entries` picks out `chatData`, and
/// `ChatImportPlan` validates each entry, parses its timestamp, scans the
/// message for `thisgame++` / `thisgame--` and matches the vote to a game.
/// The plan's files (ChatVote.swift, ChatImportPlan.swift, VoteTimeline.swift)
/// are compiled into this binary: vote-service is an executable target.
///
/// The timeline is the body's optional `games` array (rows as in
/// `sessions.snapshot`), else two fixed games.
///
/// Properties checked on every input:
/// - a refused import names the first entry that is not an object with
///   string username, message and timestamp; an accepted one keeps every
///   entry, in order;
/// - the vote equals a plain reference scan (ASCII case-insensitive, the
///   first marker wins);
/// - a timestamp that parses is stored normalized, and the stored text
///   parses back to the same instant;
/// - a vote goes to the last game started at or before its instant, and to
///   none when no game had started (or the timestamp did not parse).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChatImport(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = fuzzBytes(data, size)
    guard case .object(let body)? = try? JSONValue.parse(input) else { return 0 }
    let entries: [JSONValue]
    do throws(APIError) {
        entries = try ChatImportPlan.entries(in: body)
    } catch {
        fuzzCheck(body["chatData"]?.arrayValue == nil, "chatData array refused")
        return 0
    }
    let timeline = body["games"]?.arrayValue.map { VoteTimeline(snapshotGames: $0) } ?? defaultTimeline
    for (first, second) in zip(timeline.games, timeline.games.dropFirst()) {
        fuzzCheck(first.playedAtMilliseconds <= second.playedAtMilliseconds, "timeline not sorted")
    }

    let firstBad = entries.firstIndex { entry in
        entry["username"]?.stringValue == nil || entry["message"]?.stringValue == nil
            || entry["timestamp"]?.stringValue == nil
    }
    let plan: ChatImportPlan
    do throws(APIError) {
        plan = try ChatImportPlan(entries: entries, timeline: timeline)
    } catch {
        guard let firstBad else {
            fuzzCheck(false, "import refused although every entry is well-formed: \(error)")
            return 0
        }
        fuzzCheck(error.message.hasPrefix("chatData[\(firstBad)] "), "refusal names the wrong entry: \(error.message)")
        return 0
    }
    fuzzCheck(firstBad == nil, "import accepted a malformed entry at \(firstBad ?? -1)")
    fuzzCheck(plan.messages.count == entries.count, "plan lost entries")

    for (message, entry) in zip(plan.messages, entries) {
        fuzzCheck(message.username == entry["username"]?.stringValue && message.message == entry["message"]?.stringValue
                  && message.timestamp == entry["timestamp"]?.stringValue, "plan changed an entry")
        fuzzCheck(message.vote == referenceVote(message.message), "vote \(String(describing: message.vote)) for \(message.message.debugDescription)")
        fuzzCheck(message.hash.count == 32, "dedup hash is not 32 bytes")

        fuzzCheck(message.milliseconds == Timestamp.parse(message.timestamp), "milliseconds ≠ Timestamp.parse")
        if let milliseconds = message.milliseconds {
            fuzzCheck(Timestamp.parse(message.storedTimestamp) == milliseconds,
                      "stored timestamp \(message.storedTimestamp) does not parse back to \(milliseconds) (sent \(message.timestamp.debugDescription))")
            fuzzCheck(message.storedTimestamp.utf8.count == 24 && message.storedTimestamp.hasSuffix("Z"),
                      "stored timestamp not normalized: \(message.storedTimestamp)")
        } else {
            fuzzCheck(message.storedTimestamp == message.timestamp, "unparsable timestamp not stored as sent")
        }

        let expectedGame: VoteTimeline.Game? = message.vote == nil ? nil : message.milliseconds.flatMap { moment in
            timeline.games.last { $0.playedAtMilliseconds <= moment }
        }
        fuzzCheck(message.game == expectedGame, "vote at \(String(describing: message.milliseconds)) went to \(String(describing: message.game?.sessionGameID)), expected \(String(describing: expectedGame?.sessionGameID))")
    }
    return 0
}

private let defaultTimeline = VoteTimeline(games: [
    .init(sessionGameID: 1, gameID: 10, title: "Quiplash 3", packName: "Party Pack 7",
          playedAt: "2026-03-15T20:00:00.000Z", playedAtMilliseconds: Timestamp.parse("2026-03-15T20:00:00.000Z")!),
    .init(sessionGameID: 2, gameID: 20, title: "Fibbage 4", packName: "Party Pack 9",
          playedAt: "2026-03-15T20:30:00.000Z", playedAtMilliseconds: Timestamp.parse("2026-03-15T20:30:00.000Z")!),
])

/// The rule of platform-api.md, written plainly: the first `thisgame++` or
/// `thisgame--`, ASCII letters compared case-insensitively.
private func referenceVote(_ message: String) -> ChatVote? {
    let lowered = message.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
    let up = Array("thisgame++".utf8), down = Array("thisgame--".utf8)
    guard lowered.count >= up.count else { return nil }
    for start in 0...(lowered.count - up.count) {
        let window = lowered[start..<start + up.count]
        if window.elementsEqual(up) { return .up }
        if window.elementsEqual(down) { return .down }
    }
    return nil
}
