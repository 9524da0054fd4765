import Contracts
import Testing

/// Runs `body` expecting an `APIError` and returns it; anything else is
/// recorded as a test issue.
public func expectAPIError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> APIError? {
    do {
        try body()
        Issue.record("expected an APIError", sourceLocation: sourceLocation)
        return nil
    } catch let error as APIError {
        return error
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
