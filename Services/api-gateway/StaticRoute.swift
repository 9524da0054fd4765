import HTTP

/// `GET`/`HEAD` of the dashboard's files (`/`, `/overlay`, `/js/app.js`…):
/// each path of the table is a route of its own, so unknown files get the
/// usual 404 and `/api` is untouched.
enum StaticRoute {
    static func handler(_ assets: StaticAssets) -> (GatewayRequest) -> Void {
        { request in
            let response = assets.response(path: request.head.path,
                                           ifNoneMatch: request.head.headers["if-none-match"])
            request.respond(response ?? HTTPMapping.notFound)
        }
    }
}
