import HTTP

/// `GET /api/openapi.json`: docs/openapi.json, embedded at build time
/// (Package.swift `.embedInCode`), so the served description is always the
/// one the binary was built with.
enum OpenAPIRoute {
    static let document = HTTPResponse.json(status: 200, body: PackageResources.openapi_json)

    static func serve(_ request: GatewayRequest) {
        request.respond(document)
    }
}
