/// JSON-RPC method names, `resource.verb`, shared by callers and services so
/// a typo is a compile error rather than a -32601 at run time.
public enum Method {
    /// Every service: `{}` → `{"status":"ok","service":<name>}`.
    public static let health = "system.health"
    /// Gateway event socket (notification): `{"type":<event>,"data":{…}}`.
    public static let publishEvent = "events.publish"
}
