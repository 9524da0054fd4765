import Contracts
import JSON
import Storage
import TestSupport
import Testing
@testable import session_service

@Suite struct PickerWeightingTests {
    @Test func factorsAreThreeOneAndAFifth() {
        #expect(PickerWeighting.factor(favor: 1) == 3)
        #expect(PickerWeighting.factor(favor: 0) == 1)
        #expect(PickerWeighting.factor(favor: -1) == 0.2)
        // Out-of-range favors (never written any more) count as their sign.
        #expect(PickerWeighting.factor(favor: 7) == 3)
        #expect(PickerWeighting.factor(favor: -4) == 0.2)
    }

    @Test func weightIsGameFactorTimesPackFactor() {
        let cases: [(Int64, Int64, Double)] = [(1, 1, 9), (1, 0, 3), (0, 1, 3), (0, 0, 1), (1, -1, 0.6), (-1, 1, 0.6),
                                               (0, -1, 0.2), (-1, 0, 0.2), (-1, -1, 0.04)]
        for (game, pack, expected) in cases {
            #expect(abs(PickerWeighting.weight(gameFavor: game, packFavor: pack) - expected) < 1e-12, "\(game) \(pack)")
            #expect(PickerWeighting.scaledWeight(gameFavor: game, packFavor: pack) == Int((expected * 25).rounded()))
        }
    }

    @Test func chooseFollowsTheCumulativeWeights() {
        var generator = SplitMix64Generator(seed: 1)
        #expect(PickerWeighting.choose([], using: &generator) == nil)
        #expect(PickerWeighting.choose([0, 0], using: &generator) == nil)
        for _ in 0..<100 { #expect(PickerWeighting.choose([0, 3, 0], using: &generator) == 1) }
    }

    @Test func splitMixMatchesTheReferenceSequence() {
        var ours = SplitMix64Generator(seed: 42)
        var reference = SplitMix64(seed: 42)
        for _ in 0..<100 { #expect(ours.next() == reference.next()) }
    }

    @Test func chooseShareMatchesWeightsOverManyDraws() {
        let weights = [225, 75, 25, 5, 1]
        var counts = [Int](repeating: 0, count: weights.count)
        var generator = SplitMix64Generator(seed: 2026)
        let draws = 100_000
        for _ in 0..<draws { counts[PickerWeighting.choose(weights, using: &generator)!] += 1 }
        let total = Double(weights.reduce(0, +))
        for (index, weight) in weights.enumerated() {
            #expect(abs(Double(counts[index]) / Double(draws) - Double(weight) / total) < 0.005)
        }
    }
}

/// A catalogue with every favor combination for the picker tests.
private struct PickerFixture {
    let fixture: DomainFixture
    var ids: [String: Int64] = [:]

    init() throws {
        fixture = try DomainFixture()
    }

    @discardableResult
    mutating func add(_ title: String, pack: String = "P", min: Int64 = 2, max: Int64 = 8, favor: Int64 = 0,
                      fields: JSONObject = [:]) throws -> Int64 {
        var body: JSONObject = ["pack_name": .string(pack), "title": .string(title), "min_players": .int(min),
                                "max_players": .int(max), "favor_bias": .int(favor)]
        for member in fields.members { body[member.key] = member.value }
        let id = try fixture.write { db, now in try GamesCatalogue.create(db, body: body, now: now) }
            .body["id"]!.intValue!
        ids[title] = id
        return id
    }

    func packFavor(_ pack: String, _ favor: Int64) throws {
        try fixture.write { db, _ in try PacksDomain.setFavor(db, name: pack, body: ["favor_bias": .int(favor)]) }
    }

    func pick(_ body: JSONObject) throws -> JSONValue {
        try fixture.db.transaction { try GamePicker.pick(fixture.db, body: body) }
    }

    func pickedTitle(_ body: JSONObject) throws -> String {
        try pick(body)["game"]!["title"]!.stringValue!
    }

    /// Every title the picker can return for `body` (the pool), via the
    /// candidates query.
    func pool(_ body: JSONObject) throws -> Set<Int64> {
        Set(try GamePicker.candidates(fixture.db, PickRequest(body: body)).map(\.id))
    }
}

@Suite struct GamePickerTests {
    @Test func tenThousandSeededPicksFollowTheWeights() throws {
        var catalogue = try PickerFixture()
        try catalogue.add("Favored", pack: "Plain", favor: 1)       // 3 × 1   = 3    (75/335)
        try catalogue.add("Neutral", pack: "Plain", favor: 0)       // 1 × 1   = 1    (25/335)
        try catalogue.add("Disfavored", pack: "Plain", favor: -1)   // 0.2 × 1 = 0.2  (5/335)
        try catalogue.add("In cold pack", pack: "Cold", favor: 0)   // 1 × 0.2 = 0.2  (5/335)
        try catalogue.add("Double", pack: "Hot", favor: 1)          // 3 × 3   = 9    (225/335)
        try catalogue.packFavor("Cold", -1)
        try catalogue.packFavor("Hot", 1)
        let expected: [String: Double] = ["Favored": 3, "Neutral": 1, "Disfavored": 0.2, "In cold pack": 0.2,
                                          "Double": 9]
        let total = expected.values.reduce(0, +)
        var counts: [String: Int] = [:]
        var generator = SplitMix64Generator(seed: 7)
        let picks = 10_000
        for _ in 0..<picks {
            let answer = try catalogue.fixture.db.transaction {
                try GamePicker.pick(catalogue.fixture.db, PickRequest(), using: &generator)
            }
            counts[answer["game"]!["title"]!.stringValue!, default: 0] += 1
            #expect(answer["poolSize"] == 5)
        }
        for (title, weight) in expected {
            let observed = Double(counts[title, default: 0]) / Double(picks)
            #expect(abs(observed - weight / total) < 0.015, "\(title): \(observed) vs \(weight / total)")
        }
    }

    @Test func aSeedReproducesThePick() throws {
        var catalogue = try PickerFixture()
        for index in 1...20 { try catalogue.add("Game \(index)") }
        for seed: Int64 in [0, 1, -5, 123_456_789, .max] {
            let first = try catalogue.pickedTitle(["seed": .int(seed)])
            for _ in 0..<5 { #expect(try catalogue.pickedTitle(["seed": .int(seed)]) == first) }
        }
        let titles = try Set((1...50).map { try catalogue.pickedTitle(["seed": .int(Int64($0))]) })
        #expect(titles.count > 5)
    }

    @Test func answerCarriesTheGameRowPoolAndTotal() throws {
        var catalogue = try PickerFixture()
        try catalogue.add("Only", min: 3, max: 4)
        try catalogue.add("Disabled", fields: ["enabled": false])
        let answer = try catalogue.pick(["playerCount": 3])
        #expect(answer["game"] == .object(try GamesCatalogue.get(catalogue.fixture.db, id: catalogue.ids["Only"]!)))
        #expect(answer["poolSize"] == 1)
        #expect(answer["totalEnabled"] == 1)
        #expect(answer.objectValue?.members.map(\.key) == ["game", "poolSize", "totalEnabled"])
    }

    @Test func filtersSelectThePool() throws {
        var catalogue = try PickerFixture()
        let draw = try catalogue.add("Draw", min: 3, max: 8, fields: ["game_type": "Drawing", "length_minutes": 15,
                                                                      "family_friendly": true])
        let medium = try catalogue.add("Medium", min: 1, max: 4, fields: ["game_type": "Trivia", "length_minutes": 20])
        let long = try catalogue.add("Long", min: 2, max: 10, fields: ["length_minutes": 30])
        let unknown = try catalogue.add("Unknown length", min: 5, max: 5, fields: ["game_type": "Writing"])
        let off = try catalogue.add("Off", fields: ["enabled": false])
        #expect(try catalogue.pool([:]) == [draw, medium, long, unknown])
        #expect(try catalogue.pool(["playerCount": 3]) == [draw, medium, long])
        #expect(try catalogue.pool(["playerCount": 5]) == [draw, long, unknown])
        #expect(try catalogue.pool(["playerCount": 11]) == [])
        #expect(try catalogue.pool(["drawing": "only"]) == [draw])
        #expect(try catalogue.pool(["drawing": "exclude"]) == [medium, long, unknown])
        #expect(try catalogue.pool(["length": "short"]) == [draw, unknown])
        #expect(try catalogue.pool(["length": "medium"]) == [medium])
        #expect(try catalogue.pool(["length": "long"]) == [long])
        #expect(try catalogue.pool(["familyFriendly": true]) == [draw])
        #expect(try catalogue.pool(["familyFriendly": false]) == [medium, long, unknown])
        #expect(try catalogue.pool(["playerCount": 4, "drawing": "exclude", "length": "medium"]) == [medium])
        #expect(!(try catalogue.pool([:]).contains(off)))
        let none = expectAPIError { _ = try catalogue.pick(["drawing": "only", "length": "long"]) }
        #expect(none?.status == 404)
        #expect(none?.body == ["error": "No games match the current filters"])
    }

    @Test func invalidFieldsAre400() throws {
        var catalogue = try PickerFixture()
        try catalogue.add("Any")
        let cases: [(JSONObject, String)] = [
            (["playerCount": "4"], "playerCount"), (["playerCount": 0], "playerCount"),
            (["playerCount": 2.5], "playerCount"), (["drawing": "sometimes"], "drawing"), (["drawing": true], "drawing"),
            (["length": "epic"], "length"), (["familyFriendly": "yes"], "familyFriendly"),
            (["familyFriendly": 1], "familyFriendly"), (["sessionId": "1"], "sessionId"), (["sessionId": -1], "sessionId"),
            (["excludePlayed": "true"], "excludePlayed"), (["seed": "42"], "seed"), (["seed": 1.5], "seed"),
        ]
        for (body, field) in cases {
            let error = expectAPIError { _ = try catalogue.pick(body) }
            #expect(error?.status == 400)
            #expect(error?.body == ["error": .string("Invalid \(field)")], "\(body)")
        }
        // null is the same as absent.
        #expect(try catalogue.pickedTitle(["playerCount": nil, "drawing": nil, "seed": nil]) == "Any")
    }

    @Test func aSessionAvoidsItsLastTwoGamesOrAllWithExcludePlayed() throws {
        var catalogue = try PickerFixture()
        let games = try (1...5).map { try catalogue.add("Game \($0)") }
        let session = try catalogue.fixture.createSession()
        for game in games.prefix(3) {
            let played = try catalogue.fixture.addToSession(session, game: game)
            try catalogue.fixture.write { db, now in
                try SessionGamesDomain.setStatus(db, sessionID: session, sessionGameID: played,
                                                 body: ["status": "played"], now: now, monitors: .single)
            }
        }
        let sessionID = JSONValue.int(session)
        #expect(try catalogue.pool(["sessionId": sessionID]) == [games[0], games[3], games[4]])
        #expect(try catalogue.pool(["sessionId": sessionID, "excludePlayed": false]) == [games[0], games[3], games[4]])
        #expect(try catalogue.pool(["sessionId": sessionID, "excludePlayed": true]) == [games[3], games[4]])
        #expect(try catalogue.pick(["sessionId": sessionID, "excludePlayed": true])["poolSize"] == 2)
        // Another session's history does not matter.
        #expect(try catalogue.pool([:]).count == 5)
        let unknown = expectAPIError { _ = try catalogue.pick(["sessionId": 999]) }
        #expect(unknown?.status == 404)
        #expect(unknown?.body == ["error": "Session not found"])
    }
}
