import WebPage

/// Where the HTTP page listens (`http.listen`) and the public address used in links (`http.public_url`):
/// the configuration is read straight into the page's own type.
public typealias HTTPConfig = WebPageConfiguration
