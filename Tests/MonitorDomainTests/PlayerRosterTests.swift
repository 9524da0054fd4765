import Testing
@testable import monitor_service

@Suite struct PlayerRosterTests {
    @Test func identityByIDThenByName() {
        var roster = PlayerRoster()
        func admit(_ player: EcastPlayer) -> Bool { roster.admit(player) }
        #expect(admit(EcastPlayer(id: nil, name: "Cy")))
        #expect(!admit(EcastPlayer(id: nil, name: "Cy")))
        #expect(!admit(EcastPlayer(id: 4, name: "Cy")))       // adopts the id
        #expect(roster.players == [EcastPlayer(id: 4, name: "Cy")])
        #expect(!admit(EcastPlayer(id: 4, name: "Renamed")))  // same slot
        #expect(admit(EcastPlayer(id: 5, name: "Cy")))        // another slot, same name
        #expect(!admit(EcastPlayer(id: nil, name: "Cy")))
        #expect(admit(EcastPlayer(id: 6, name: "Dee")))
        #expect(roster.names == ["Cy", "Cy", "Dee"])
        #expect(roster.count == 3)
    }

    @Test func initialPlayersAreDeduplicated() {
        let roster = PlayerRoster([EcastPlayer(id: 1, name: "A"), EcastPlayer(id: 1, name: "A"),
                                   EcastPlayer(id: nil, name: "A"), EcastPlayer(id: nil, name: "B")])
        #expect(roster.players == [EcastPlayer(id: 1, name: "A"), EcastPlayer(id: nil, name: "B")])
    }
}
