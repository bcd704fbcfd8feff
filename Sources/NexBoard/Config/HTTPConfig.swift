import WebPage

/// Where the HTTP page listens (`http.listen`), the public address used in links (`http.public_url`)
/// and the token that shows `/healthz` details to callers from elsewhere (`http.health_token`):
/// the configuration is read straight into the page's own type.
public typealias HTTPConfig = WebPageConfiguration
