import JSON
import Testing
import TestSupport
@testable import monitor_service

@Suite struct EcastMessageTests {
    @Test func welcomeCarriesSlotPlayersAndRoomEntity() throws {
        let frame = """
            {"pc":1,"opcode":"client/welcome","result":{"id":7,"secret":"abc","reconnect":false,"deviceId":"d",
             "here":{"1":{"id":1,"roles":{"host":{}}},"3":{"id":3,"roles":{"player":{"name":"Bob"}}},
                     "2":{"id":2,"roles":{"player":{"name":"Alice"}}},"7":{"id":7,"roles":{"shard":{}}}},
             "entities":{"bc:room":["object",{"key":"bc:room","val":{"state":"Lobby","lobbyState":"CanStart",
               "gameCanStart":true,"gameIsStarting":false},"version":5,"from":1},{"locked":false}]},"profile":{}}}
            """
        guard case .welcome(let welcome) = EcastMessage.parse(frame) else {
            Issue.record("not a welcome")
            return
        }
        #expect(welcome.id == 7)
        #expect(welcome.secret == "abc")
        #expect(welcome.reconnect == false)
        #expect(welcome.players == [EcastPlayer(id: 2, name: "Alice"), EcastPlayer(id: 3, name: "Bob")])
        let room = try #require(welcome.room)
        #expect(room.key == "bc:room")
        #expect(room.version == 5)
        #expect(RoomState(val: room.val) == RoomState(state: "Lobby", lobbyState: "CanStart", gameCanStart: true,
                                                      gameIsStarting: false))
    }

    @Test(arguments: ["bc:room", "room", "roomBlob"])
    func theRoomEntityIsFoundUnderEachKey(key: String) {
        guard case .welcome(let welcome) = EcastMessage.parse(Frame.welcome(roomKey: key)) else {
            Issue.record("not a welcome")
            return
        }
        #expect(welcome.room?.key == key)
        #expect(welcome.room?.version == 5)
    }

    @Test func aMinimalWelcomeHasNothingButIsStillAWelcome() {
        #expect(EcastMessage.parse(#"{"opcode":"client/welcome"}"#) == .welcome(EcastWelcome()))
        #expect(EcastMessage.parse(#"{"opcode":"client/welcome","result":{"id":"7","secret":9,"here":[],"entities":5}}"#)
            == .welcome(EcastWelcome()))
    }

    @Test func welcomeSkipsPlayersWithoutAName() {
        let frame = #"{"opcode":"client/welcome","result":{"here":{"2":{"id":2,"roles":{"player":{}}},"# +
            #""3":{"roles":{"player":{"name":"  Cy  "}}},"4":{"id":4,"roles":{"player":{"name":"   "}}},"5":7}}}"#
        guard case .welcome(let welcome) = EcastMessage.parse(frame) else {
            Issue.record("not a welcome")
            return
        }
        // Slot 3 has no "id" member: the map key stands in.
        #expect(welcome.players == [EcastPlayer(id: 3, name: "Cy")])
    }

    @Test func clientConnectedIsAPlayerOnlyWithRolePlayerAndAName() {
        #expect(EcastMessage.parse(Frame.connected(4, "Dana"))
            == .clientConnected(player: EcastPlayer(id: 4, name: "Dana"), role: "player"))
        #expect(EcastMessage.parse(Frame.connected(9, "watcher", role: "audience"))
            == .clientConnected(player: nil, role: "audience"))
        #expect(EcastMessage.parse(#"{"opcode":"client/connected","result":{"id":4,"role":"player"}}"#)
            == .clientConnected(player: nil, role: "player"))
        #expect(EcastMessage.parse(#"{"opcode":"client/connected","result":{"name":"Eve","role":"player"}}"#)
            == .clientConnected(player: EcastPlayer(id: nil, name: "Eve"), role: "player"))
        #expect(EcastMessage.parse(#"{"opcode":"client/connected"}"#) == .clientConnected(player: nil, role: nil))
    }

    @Test func clientDisconnected() {
        #expect(EcastMessage.parse(Frame.disconnected(2)) == .clientDisconnected(id: 2, role: "player"))
        #expect(EcastMessage.parse(#"{"opcode":"client/disconnected","result":null}"#)
            == .clientDisconnected(id: nil, role: nil))
    }

    @Test func objectIsAnEntityUpdate() {
        #expect(EcastMessage.parse(Frame.room(lobby("CanStart", canStart: true), version: 6))
            == .entity(EcastEntity(key: "bc:room", val: lobby("CanStart", canStart: true), version: 6)))
        #expect(EcastMessage.parse(#"{"opcode":"object","result":{"key":"roomBlob","val":{"state":"Lobby"}}}"#)
            == .entity(EcastEntity(key: "roomBlob", val: ["state": "Lobby"], version: nil)))
        // No key: nothing to apply it to.
        #expect(EcastMessage.parse(#"{"opcode":"object","result":{"val":{}}}"#) == .unknown(opcode: "object"))
    }

    @Test func textDescriptionsAreTheirOwnCase() {
        #expect(EcastMessage.parse(Frame.descriptions([("join", "Alice joined.")], version: 2))
            == .textDescriptions([EcastDescription(category: "join", text: "Alice joined.")], version: 2))
        let odd = #"{"opcode":"object","result":{"key":"textDescriptions","val":{"latestDescriptions":[{"text":5},"# +
            #"{"category":3,"text":"Bo joined"},7]}}}"#
        #expect(EcastMessage.parse(odd) == .textDescriptions([EcastDescription(category: nil, text: "Bo joined")],
                                                             version: nil))
        #expect(EcastMessage.parse(#"{"opcode":"object","result":{"key":"textDescriptions","val":"x"}}"#)
            == .textDescriptions([], version: nil))
    }

    @Test func roomExitAndErrors() {
        #expect(EcastMessage.parse(Frame.exit(cause: 3)) == .roomExit(cause: 3))
        #expect(EcastMessage.parse(#"{"opcode":"room/exit"}"#) == .roomExit(cause: nil))
        #expect(EcastMessage.parse(Frame.error(2014, "no such role")) == .error(code: 2014, message: "no such role"))
        #expect(EcastMessage.parse(#"{"opcode":"error","result":{"code":"2017"}}"#) == .error(code: nil, message: nil))
    }

    @Test func repliesAndUnknownOpcodes() {
        #expect(EcastMessage.parse(#"{"pc":9,"re":4,"opcode":"ok","result":{}}"#) == .reply(re: 4, opcode: "ok"))
        // A reply with a modelled opcode is parsed as that opcode.
        #expect(EcastMessage.parse(#"{"re":4,"opcode":"object","result":{"key":"bc:room","val":{},"version":1}}"#)
            == .entity(EcastEntity(key: "bc:room", val: [:], version: 1)))
        #expect(EcastMessage.parse(#"{"pc":9,"opcode":"text","result":{"key":"x","val":"y"}}"#)
            == .unknown(opcode: "text"))
        #expect(EcastMessage.parse(#"{"pc":9}"#) == .unknown(opcode: nil))
    }

    @Test(arguments: ["", "not json", "[1,2]", "\"welcome\"", "{", "{\"opcode\":5}", "null", "{\"opcode\":\"client/welcome\"",
                      "{\"opcode\":\"object\",\"result\":[]}", "{\"opcode\":\"room/exit\",\"result\":\"bye\"}"])
    func malformedFramesNeverTrap(frame: String) {
        let message = EcastMessage.parse(frame)
        switch message {
        case .unknown, .roomExit(cause: nil): break
        default: Issue.record("unexpected \(message)")
        }
    }

    @Test func randomBytesNeverTrap() {
        var generator = SplitMix64(seed: 99)
        let alphabet = Array(#"{}[]":,0123456789abcdeflnrstu/ -opcodewlm"#.utf8)
        for _ in 0..<2000 {
            let length = Int(generator.next() % 80)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            _ = EcastMessage.parse(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func roomStateReadsAStringBlobAndToleratesJunk() {
        #expect(RoomState(val: #"{"state":"Gameplay","gameFinished":true}"#)
            == RoomState(state: "Gameplay", gameFinished: true))
        #expect(RoomState(val: 5) == RoomState())
        #expect(RoomState(val: nil) == RoomState())
        #expect(RoomState(val: ["state": 1, "lobbyState": true]) == RoomState())
    }
}
