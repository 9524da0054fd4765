/// The processes behind the gateway, by the names `/health` reports.
public enum ServiceName {
    public static let session = "session-service"
    public static let vote = "vote-service"
    public static let monitor = "monitor-service"
    public static let gateway = "api-gateway"
}
