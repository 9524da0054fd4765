import JSON

/// The API's error shape: `{"error":"<text>"}` plus documented extras.
public enum ErrorBody {
    public static func bytes(_ message: String, extra: JSONObject = JSONObject()) -> [UInt8] {
        var object = JSONObject()
        object.append("error", .string(message))
        for member in extra.members { object.append(member.key, member.value) }
        return JSONValue.object(object).serialized
    }
}
