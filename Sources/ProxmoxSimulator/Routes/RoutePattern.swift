/// Matches a method and API path against patterns such as `GET /nodes/{}/tasks/{}/status`,
/// returning the values of the `{}` segments.
struct RoutePattern {
    let method: String
    let segments: [String]

    func match(_ pattern: StaticString) -> [String]? {
        let text = "\(pattern)"
        guard let space = text.firstIndex(of: " "), text[..<space] == method else { return nil }
        let parts = text[text.index(after: space)...].split(separator: "/")
        guard parts.count == segments.count else { return nil }
        var captures: [String] = []
        for (part, segment) in zip(parts, segments) {
            if part == "{}" {
                captures.append(segment)
            } else if part != segment {
                return nil
            }
        }
        return captures
    }
}
