import Contracts

/// The `APIError` that `body` throws; nil when it throws nothing or
/// another error, so the caller's expectation on it fails. (No `Testing`
/// here: TestSupport is an ordinary target that release builds compile.)
public func expectAPIError(_ body: () throws -> Void) -> APIError? {
    do {
        try body()
        return nil
    } catch let error as APIError {
        return error
    } catch {
        return nil
    }
}
