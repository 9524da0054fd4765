import Testing
@testable import monitor_service

@Suite struct EcastDescriptionTests {
    @Test(arguments: [
        ("Alice joined.", "Alice"), ("Alice joined", "Alice"), ("  Bob   joined!  ", "Bob"),
        ("Cy has joined the game.", "Cy"), ("Dana joined the room", "Dana"), ("MR. X JOINED.", "MR. X"),
        ("Émile joined.", "Émile"), ("joined joined.", "joined"),
    ])
    func joinLinesNameThePlayer(text: String, name: String) {
        #expect(EcastDescription(category: "playerJoined", text: text).joinedPlayerName == name)
        // The category is not required.
        #expect(EcastDescription(category: nil, text: text).joinedPlayerName == name)
    }

    @Test(arguments: ["Alice left.", "Round 2", "joined.", " joined", "", "Alice joined the party", "Alice rejoined"])
    func otherLinesAreNotJoins(text: String) {
        let name = EcastDescription(category: "x", text: text).joinedPlayerName
        // "Alice rejoined" ends in "joined" but not " joined".
        #expect(name == nil)
    }

    @Test func aLeavingCategoryVetoes() {
        #expect(EcastDescription(category: "PlayerLeft", text: "Alice joined.").joinedPlayerName == nil)
        #expect(EcastDescription(category: "kicked", text: "Alice joined.").joinedPlayerName == nil)
    }
}
