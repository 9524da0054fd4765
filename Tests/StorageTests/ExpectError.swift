import Testing

/// `#expect(throws:)` as a plain function, returning the error for further checks.
///
/// Why not the macro: with Swift 6.3.1, closures written inside the
/// `#expect(throws:)`/`#require(throws:)` closure can get the same closure
/// discriminator (hence the same symbol) as another closure in the test, and
/// the wrong body runs — seen here as a savepoint body executing twice. A
/// plain function involves no macro expansion, so its closures are ordinary.
/// For the same reason tests compute values into a `let` before `#expect`
/// instead of writing closures (`map { … }`) inside the macro.
@discardableResult
func expectError<E: Error, T>(
    _ type: E.Type,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> T
) -> E? {
    do {
        _ = try body()
    } catch let error as E {
        return error
    } catch {
        Issue.record("expected \(E.self), but \(error) was thrown", sourceLocation: sourceLocation)
        return nil
    }
    Issue.record("expected \(E.self) to be thrown, but nothing was", sourceLocation: sourceLocation)
    return nil
}
