import JSON
import RPC
import Testing

@Suite struct RPCErrorTests {
    @Test func reservedFactories_UseTheSpecificationsCodesAndMessages() {
        #expect(RPCError.parseError() == RPCError(code: -32700, message: "Parse error"))
        #expect(RPCError.invalidRequest() == RPCError(code: -32600, message: "Invalid Request"))
        #expect(RPCError.methodNotFound() == RPCError(code: -32601, message: "Method not found"))
        #expect(RPCError.invalidParams() == RPCError(code: -32602, message: "Invalid params"))
        #expect(RPCError.internalError() == RPCError(code: -32603, message: "Internal error"))
    }

    @Test func factories_TakeACustomMessageAndData() {
        let error = RPCError.invalidParams("choice is required", data: ["field": "choice"])
        #expect(error.code == RPCErrorCode.invalidParams)
        #expect(error.message == "choice is required")
        #expect(error.data == ["field": "choice"])
    }

    @Test func domainCodes_HaveTheProjectValues() {
        #expect(RPCErrorCode.notFound == 1001)
        #expect(RPCErrorCode.conflict == 1002)
        #expect(RPCErrorCode.invalid == 1003)
        #expect(RPCErrorCode.unavailable == 1004)
        #expect(RPCErrorCode.timeout == 1005)
        #expect(RPCError.notFound("x").code == 1001)
        #expect(RPCError.conflict("x").code == 1002)
        #expect(RPCError.invalid("x").code == 1003)
        #expect(RPCError.unavailable("x").code == 1004)
        #expect(RPCError.timeout("x").code == 1005)
    }

    @Test func domainCodes_LieOutsideTheReservedRange_AndReservedCodesInside() {
        for code in [RPCErrorCode.notFound, RPCErrorCode.conflict, RPCErrorCode.invalid, RPCErrorCode.unavailable,
                     RPCErrorCode.timeout] {
            #expect(!RPCErrorCode.isReserved(code))
        }
        for code in [RPCErrorCode.parseError, RPCErrorCode.invalidRequest, RPCErrorCode.methodNotFound,
                     RPCErrorCode.invalidParams, RPCErrorCode.internalError] {
            #expect(RPCErrorCode.isReserved(code))
        }
        #expect(RPCErrorCode.isReserved(-32768) && RPCErrorCode.isReserved(-32000))
        #expect(!RPCErrorCode.isReserved(-32769) && !RPCErrorCode.isReserved(-31999))
    }

    @Test func description_NamesCodeAndMessage() {
        #expect(RPCError.notFound("No such session").description == "RPC error 1001: No such session")
    }

    @Test func rpcID_ConvertsToAndFromJSON() {
        #expect(RPCID(.int(5)) == .int(5))
        #expect(RPCID(.string("a")) == .string("a"))
        #expect(RPCID(.double(5.0)) == nil)
        #expect(RPCID(.null) == nil)
        #expect(RPCID.int(5).jsonValue == .int(5))
        #expect(RPCID.string("a").jsonValue == .string("a"))
    }
}
